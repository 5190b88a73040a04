"""Deterministic generator of synthetic, Dutch-looking partner lists with known truth.

Only invented data: names are drawn from public lists of common names and from syllables,
dates are random. Each partner's copy of a person is corrupted independently the way real
lists are (typos, prefixes written differently, swapped names, swapped day and month, lost
diacritics, missing dates), so linkage is tested against the messiness it must survive.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from zicht.core.privacy.linkage import synthetic_names as names


@dataclass(frozen=True)
class MessSettings:
    """Probability of each corruption in one partner's copy of a person."""

    name_typo: float = 0.06
    prefix_rewritten: float = 0.5
    prefix_dropped: float = 0.1
    names_swapped: float = 0.05
    diacritics_lost: float = 0.5
    date_missing: float = 0.03
    day_month_swapped: float = 0.05
    date_digit_typo: float = 0.02
    sex_missing: float = 0.05
    country_missing: float = 0.1


@dataclass(frozen=True)
class SyntheticListSettings:
    """Population size, per-partner capture probabilities and the seed."""

    population: int = 3000
    capture_probabilities: tuple[float, ...] = (0.35, 0.3, 0.25)
    source_names: tuple[str, ...] = ("politie", "zorg", "humanitas")
    seed: int = 20260101
    mess: MessSettings = field(default_factory=MessSettings)


@dataclass(frozen=True)
class SyntheticLists:
    """Records per source plus the person behind each ``(source, record_ref)``."""

    records: dict[str, list[dict[str, str]]]
    person_of_record: dict[tuple[str, str], int]

    def capture_histories(self) -> Counter[tuple[int, ...]]:
        """True number of persons per capture history (one 0/1 per source, in order)."""
        sources = list(self.records)
        seen: dict[int, list[int]] = {}
        for (source, _), person in self.person_of_record.items():
            seen.setdefault(person, [0] * len(sources))[sources.index(source)] = 1
        return Counter(tuple(history) for history in seen.values())


@dataclass(frozen=True)
class SyntheticPerson:
    given_name: str
    prefix: str
    family_core: str
    birth: tuple[int, int, int]
    sex: str
    country: str


def _draw_person(rng: np.random.Generator) -> SyntheticPerson:
    sex = "M" if rng.random() < 0.45 else "V"
    country = names.draw_country(rng)
    given = names.draw_given_name(rng, sex, country)
    prefix, core = names.draw_family_name(rng, country)
    year = int(rng.integers(1960, 2008))
    birth = (year, int(rng.integers(1, 13)), int(rng.integers(1, 29)))
    return SyntheticPerson(given, prefix, core, birth, sex, country)


def generate_population(size: int, seed: int) -> list[SyntheticPerson]:
    rng = np.random.default_rng(seed)
    return [_draw_person(rng) for _ in range(size)]


def _typo(word: str, rng: np.random.Generator) -> str:
    if len(word) < 3:
        return word
    position = int(rng.integers(1, len(word) - 1))
    kind = int(rng.integers(4))
    letter = "abcdeghijklmnoprstuvwz"[int(rng.integers(22))]
    if kind == 0:
        return word[:position] + letter + word[position + 1 :]
    if kind == 1:
        return word[:position] + word[position + 1 :]
    if kind == 2:
        return word[:position] + letter + word[position:]
    return word[: position - 1] + word[position] + word[position - 1] + word[position + 1 :]


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _written_names(person: SyntheticPerson, mess: MessSettings, rng) -> tuple[str, str]:
    given, core = person.given_name, person.family_core
    if rng.random() < mess.name_typo:
        given = _typo(given, rng)
    if rng.random() < mess.name_typo:
        core = _typo(core, rng)
    family = core
    if person.prefix and rng.random() >= mess.prefix_dropped:
        rewritten = rng.random() < mess.prefix_rewritten
        family = f"{core}, {person.prefix}" if rewritten else f"{person.prefix} {core}"
    if rng.random() < mess.diacritics_lost:
        given, family = _strip_diacritics(given), _strip_diacritics(family)
    if rng.random() < mess.names_swapped:
        given, family = family, given
    return given, family


def _written_date(birth: tuple[int, int, int], mess: MessSettings, rng) -> str:
    if rng.random() < mess.date_missing:
        return ""
    year, month, day = birth
    if day <= 12 and rng.random() < mess.day_month_swapped:
        month, day = day, month
    text = f"{year:04d}-{month:02d}-{day:02d}"
    if rng.random() < mess.date_digit_typo:
        position = int(rng.choice([2, 3, 6, 9]))
        text = text[:position] + str(int(rng.integers(10))) + text[position + 1 :]
    return text


def _age_group(birth_year: int, year: int) -> str:
    age = year - birth_year
    return "<18" if age < 18 else "18-22" if age <= 22 else "23-29" if age <= 29 else "30+"


def _written_record(person, reference, mess, rng) -> dict[str, str]:
    given, family = _written_names(person, mess, rng)
    year = int(rng.choice([2024, 2025]))
    return {
        "record_ref": reference,
        "given_name": given,
        "family_name": family,
        "date_of_birth": _written_date(person.birth, mess, rng),
        "sex": "" if rng.random() < mess.sex_missing else person.sex,
        "country_of_birth": "" if rng.random() < mess.country_missing else person.country,
        "year": str(year),
        "municipality": names.MUNICIPALITIES[int(rng.integers(len(names.MUNICIPALITIES)))],
        "exploitation_form": names.EXPLOITATION_FORMS[int(rng.integers(3))],
        "age_group": _age_group(person.birth[0], year),
    }


def generate_lists(settings: SyntheticListSettings) -> SyntheticLists:
    """Partner lists of one synthetic population; each list is shuffled on its own."""
    rng = np.random.default_rng(settings.seed)
    population = generate_population(settings.population, settings.seed + 1)
    records: dict[str, list[dict[str, str]]] = {}
    person_of_record: dict[tuple[str, str], int] = {}
    for index, source in enumerate(settings.source_names):
        probability = settings.capture_probabilities[index]
        captured = np.flatnonzero(rng.random(settings.population) < probability)
        captured = rng.permutation(captured)
        rows = []
        for position, person_index in enumerate(captured.tolist()):
            reference = f"{source[:3].upper()}-{position:07d}"
            rows.append(_written_record(population[person_index], reference, settings.mess, rng))
            person_of_record[(source, reference)] = person_index
        records[source] = rows
    return SyntheticLists(records, person_of_record)


def write_list_csv(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["record_ref"])
        writer.writeheader()
        writer.writerows(rows)
