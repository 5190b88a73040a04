"""Regenerate ``person_names.txt`` from Faker's person providers (MIT licence, see NOTICE).

Run from the repository root with Faker installed::

    .venv/bin/python src/zicht/core/privacy/data/generate_person_names.py

Only Latin- and Cyrillic-script locales relevant to the persons Dutch partners register are
used. Three locales (hu_HU, cs_CZ, lt_LT) are deliberately left out so that the guard's recall
can be measured on names it has never seen.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from zicht.core.privacy import particles

LOCALES = (
    "nl_NL",
    "en_US",
    "en_GB",
    "de_DE",
    "fr_FR",
    "pl_PL",
    "ro_RO",
    "tr_TR",
    "bg_BG",
    "uk_UA",
    "ru_RU",
    "es_ES",
    "pt_BR",
    "it_IT",
    "sk_SK",
    "tw_GH",
    "yo_NG",
    "ig_NG",
    "ha_NG",
    "en_NG",
    "id_ID",
    "lv_LV",
)
HELD_OUT_LOCALES = ("hu_HU", "cs_CZ", "lt_LT")
# Words that Faker lists as names but that are ordinary Dutch words in deliveries.
NOT_NAMES = frozenset({"man", "vrouw", "overig", "onbekend", "totaal", "anders", "mei", "juni"})
# Surname particles and function words: the guard treats these separately, never as a surname.
NOT_SURNAMES = (
    particles.DUTCH
    | particles.DUTCH_PREPOSITIONS
    | particles.FOREIGN
    | particles.FOREIGN_PLURAL
    | {"en", "of", "y", "e"}
)


def _names_of(attribute_names: tuple[str, ...]) -> set[str]:
    names: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in attribute_names:
            for name in getattr(provider, attribute, ()):
                # Compound first names ("Ana Lívia") are matched word by word.
                names.update(part.casefold() for part in name.replace("-", " ").split())
    return {name for name in names if len(name) > 1 and name not in NOT_NAMES}


def main() -> None:
    first = _names_of(("first_names", "first_names_male", "first_names_female"))
    last = _names_of(("last_names",)) - NOT_SURNAMES - {"'s"}
    lines = [f"F\t{name}" for name in sorted(first)] + [f"L\t{name}" for name in sorted(last)]
    Path(__file__).with_name("person_names.txt").write_text("\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    main()
