"""Shared fixtures: synthetic partner lists with known truth, encoded once per session."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from zicht.core.privacy.linkage import EncodedRecords, LinkageResult, RecordEncoder, link_encodings
from zicht.core.privacy.linkage.similarity import pack_words
from zicht.core.privacy.linkage.synthetic import (
    SyntheticLists,
    SyntheticListSettings,
    generate_lists,
)

TEST_SECRET = b"test-secret-not-for-production-0123456789"


@dataclass(frozen=True)
class EncodedLists:
    lists: SyntheticLists
    records: EncodedRecords
    true_person: np.ndarray


def encode_lists(lists: SyntheticLists, secrets: dict[str, bytes] | None = None) -> EncodedLists:
    names = list(lists.records)
    encodings, sources, references, persons = [], [], [], []
    attributes: dict[str, list[str]] = {"municipality": [], "year": [], "age_group": []}
    for index, source in enumerate(names):
        rows = lists.records[source]
        secret = (secrets or {}).get(source, TEST_SECRET)
        encodings.append(RecordEncoder(secret).encode(rows))
        sources += [index] * len(rows)
        references += [row["record_ref"] for row in rows]
        persons += [lists.person_of_record[(source, row["record_ref"])] for row in rows]
        for key in attributes:
            attributes[key] += [row[key] for row in rows]
    records = EncodedRecords(
        source_names=names,
        source_index=np.array(sources, dtype=np.int64),
        record_refs=references,
        words=pack_words(np.concatenate(encodings)),
        attributes=attributes,
    )
    return EncodedLists(lists, records, np.array(persons))


@pytest.fixture(scope="session")
def three_lists() -> EncodedLists:
    return encode_lists(generate_lists(SyntheticListSettings(population=8000)))


@pytest.fixture(scope="session")
def four_lists() -> EncodedLists:
    settings = SyntheticListSettings(
        population=6000,
        capture_probabilities=(0.3, 0.25, 0.2, 0.3),
        source_names=("politie", "zorg", "humanitas", "inspectie"),
        seed=77,
    )
    return encode_lists(generate_lists(settings))


@pytest.fixture(scope="session")
def three_lists_result(three_lists) -> LinkageResult:
    """One default linkage of the three lists, shared by the tests that only read it."""
    return link_encodings(three_lists.records)
