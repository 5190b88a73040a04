"""Frequency attacks on bit patterns of common Dutch first names.

The attacker holds a partner's encodings and the public frequencies of first names, not
the secret. Two attacks are tried; each is first shown to work on a weak encoding (so the
test can fail), then run against the hardened record-level encoding.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from zicht.core.privacy.linkage import RecordEncoder
from zicht.core.privacy.linkage.synthetic import generate_population

from .conftest import TEST_SECRET


@pytest.fixture(scope="module")
def dutch_persons():
    persons = [p for p in generate_population(9000, seed=21) if p.country == "Nederland"]
    rows = [
        {
            "given_name": person.given_name,
            "family_name": f"{person.prefix} {person.family_core}".strip(),
            "date_of_birth": "{:04d}-{:02d}-{:02d}".format(*person.birth),
            "sex": person.sex,
            "country_of_birth": person.country,
        }
        for person in persons
    ]
    return rows, [person.given_name for person in persons], [person.sex for person in persons]


def _pattern_frequency_attack(bits: np.ndarray, ranked: list[tuple[str, int]]) -> dict[int, str]:
    """Group identical bit patterns, rank groups by size, give them names by frequency rank."""
    _, inverse, sizes = np.unique(bits, axis=0, return_inverse=True, return_counts=True)
    guesses = {}
    for (name, _), group in zip(ranked, np.argsort(-sizes, kind="stable"), strict=False):
        for record in np.flatnonzero(inverse.ravel() == group):
            guesses[int(record)] = name
    return guesses


def _correlation_mining_attack(bits, ranked, names_to_try=10, cluster_size=40):
    """Mine groups of strongly co-occurring bit positions; their records get the next name."""
    values = bits.astype(np.float32)
    standardised = (values - values.mean(0)) / np.maximum(values.std(0), 1e-6)
    correlation = standardised.T @ standardised / len(values)
    np.fill_diagonal(correlation, 0)
    usable = (values.mean(0) > 0.02) & (values.mean(0) < 0.98)
    unassigned = np.ones(len(values), dtype=bool)
    guesses = {}
    for name, count in ranked[:names_to_try]:
        masked = np.where(np.outer(usable, usable), correlation, -1)
        seed = int(np.argmax(np.sort(masked, axis=1)[:, -cluster_size:].sum(1)))
        cluster = np.r_[np.argsort(masked[seed])[-cluster_size:], seed]
        score = values[:, cluster].sum(1)
        score[~unassigned] = -1
        group = np.argsort(-score, kind="stable")[:count]
        guesses.update({int(record): name for record in group})
        usable[cluster] = False
        unassigned[group] = False
    return guesses


def _precision(guesses: dict[int, str], names: list[str]) -> float:
    return sum(names[record] == name for record, name in guesses.items()) / max(len(guesses), 1)


def _sex_aware_chance(names, sexes) -> float:
    """Precision of guessing, for every record, the commonest name of its sex."""
    best = {}
    for sex in set(sexes):
        best[sex] = Counter(n for n, s in zip(names, sexes, strict=True) if s == sex).most_common(
            1
        )[0][0]
    return sum(best[s] == n for n, s in zip(names, sexes, strict=True)) / len(names)


def test_pattern_frequency_attack_works_on_name_filters_but_not_on_hardened_records(
    dutch_persons,
):
    rows, names, _ = dutch_persons
    ranked = Counter(names).most_common()
    chance = ranked[0][1] / len(names)
    encoder = RecordEncoder(TEST_SECRET)
    # Weak: a filter of the first name alone, as a field-level Bloom filter would be.
    name_only = np.unpackbits(encoder.encode([{"given_name": n} for n in names]), axis=1)
    assert _precision(_pattern_frequency_attack(name_only, ranked), names) > 10 * chance
    hardened = np.unpackbits(encoder.encode(rows), axis=1)
    guesses = _pattern_frequency_attack(hardened, ranked)
    assert _precision(guesses, names) <= chance + 3 * np.sqrt(chance / max(len(guesses), 1))


def test_correlation_mining_attack_learns_no_more_than_the_sex_of_a_name(dutch_persons):
    rows, names, sexes = dutch_persons
    ranked = Counter(names).most_common()
    hardened = np.unpackbits(RecordEncoder(TEST_SECRET).encode(rows), axis=1)
    guesses = _correlation_mining_attack(hardened, ranked)
    chance = _sex_aware_chance(names, sexes)
    margin = 3 * np.sqrt(chance * (1 - chance) / len(guesses))
    assert _precision(guesses, names) <= chance + margin
