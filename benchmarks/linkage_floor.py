"""How many capture-history errors do the generated lists force on any linker?

    .venv/bin/python benchmarks/linkage_floor.py

Issue 5 asks for every capture-history cell within 1% of the truth. This script asks whether
the data allow that at all, on plain text and with the truth used generously: an ideal linker
that sees each true person's records together (so it knows the person's birth date if any
record has one, its sex, country and birth-year bounds) can still not tell two cases apart:

* a person without a birth date in any record whose normalised name (swaps, prefixes and
  diacritics undone) equals, exactly, that of a compatible other person in a list where the
  person itself is absent: linking them is a false link;
* a person without a birth date in any record, seen in several lists under exactly that name:
  not linking them is a missed link.

Both look the same to any rule that decides on what the records hold, so such a rule makes
either all the false links or all the missed links (or a mix). The script applies each to the
truth and reports the cells that end up more than 1% off. Truth is used only here, to
measure; the linker never sees it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

import numpy as np
from linkage import TRUTH_CASES

from zicht.core.privacy.linkage.consistency import birth_year_bounds
from zicht.core.privacy.linkage.normalise import fold_code, name_tokens
from zicht.core.privacy.linkage.synthetic import generate_lists


def _histories(person: np.ndarray, source: np.ndarray, sources: int) -> Counter:
    seen = np.zeros((int(person.max()) + 1, sources), dtype=np.int8)
    seen[person, source] = 1
    return Counter(map(tuple, seen[seen.any(axis=1)].tolist()))


def _cells_off(found: Counter, truth: Counter) -> dict[str, str]:
    return {
        "".join(map(str, cell)): f"{found.get(cell, 0) - true:+d}/{true}"
        for cell, true in truth.items()
        if abs(found.get(cell, 0) - true) > 0.01 * true
    }


def _root(parent: dict[int, int], node: int) -> int:
    while parent[node] != node:
        node = parent[node]
    return node


def floor_case(settings) -> dict:
    lists = generate_lists(settings)
    names = list(lists.records)
    rows = [(index, row) for index, part in enumerate(lists.records.values()) for row in part]
    truth = np.array([lists.person_of_record[(names[i], row["record_ref"])] for i, row in rows])
    sources = np.array([index for index, _ in rows])
    attributes = {key: [row[key] for _, row in rows] for key in ("year", "age_group")}
    bounds = birth_year_bounds(attributes, len(rows))
    name_key = [
        frozenset(name_tokens(row["given_name"]) + name_tokens(row["family_name"]))
        for _, row in rows
    ]
    records_of: dict[int, list[int]] = defaultdict(list)
    for record, person in enumerate(truth.tolist()):
        records_of[person].append(record)

    def known(person: int) -> dict:
        own = records_of[person]
        return {
            "sex": {fold_code(rows[i][1]["sex"]) for i in own} - {""},
            "country": {fold_code(rows[i][1]["country_of_birth"]) for i in own} - {""},
            "dated": any(rows[i][1]["date_of_birth"] for i in own),
            "low": max(int(bounds[i, 0]) for i in own),
            "high": min(int(bounds[i, 1]) for i in own),
            "sources": {int(sources[i]) for i in own},
        }

    facts = {person: known(person) for person in records_of}
    by_name_and_source: dict[tuple, list[int]] = defaultdict(list)
    for record in range(len(rows)):
        by_name_and_source[(name_key[record], int(sources[record]))].append(record)

    def compatible(a: dict, b: dict) -> bool:
        return (
            not (a["sex"] and b["sex"] and a["sex"] != b["sex"])
            and not (a["country"] and b["country"] and a["country"] != b["country"])
            and max(a["low"], b["low"]) <= min(a["high"], b["high"])
            and not a["sources"] & b["sources"]
        )

    false_links, split_persons = [], []
    for person, fact in facts.items():
        if fact["dated"]:
            continue
        keys = {name_key[i] for i in records_of[person]}
        if len(records_of[person]) > 1 and len(keys) == 1:
            split_persons.append(person)
        for source in range(len(names)):
            for key in keys:
                for record in by_name_and_source.get((key, source), []):
                    other = int(truth[record])
                    if other != person and compatible(fact, facts[other]):
                        false_links.append((person, other))
    true_cells = _histories(truth, sources, len(names))
    parent = {person: person for person in records_of}
    for person, other in false_links:
        a, b = _root(parent, person), _root(parent, other)
        if a != b:
            parent[b] = a
    merged = np.array([_root(parent, person) for person in truth.tolist()])
    split = truth.copy()
    fresh = int(truth.max()) + 1
    for person in split_persons:
        for record in records_of[person][1:]:
            split[record] = fresh
            fresh += 1
    return {
        "true_persons": len(records_of),
        "forced_false_links_if_linked": len(false_links),
        "forced_missed_persons_if_not_linked": len(split_persons),
        "cells_off_by_more_than_1pct_linking_all": _cells_off(
            _histories(merged, sources, len(names)), true_cells
        ),
        "cells_off_by_more_than_1pct_linking_none": _cells_off(
            _histories(split, sources, len(names)), true_cells
        ),
    }


def main() -> None:
    print(json.dumps({name: floor_case(s) for name, s in TRUTH_CASES.items()}, indent=2))


if __name__ == "__main__":
    main()
