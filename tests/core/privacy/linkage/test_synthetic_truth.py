"""Counting persons across three and four generated lists with known truth."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from zicht.core.privacy.linkage import link_encodings


def _histories(person: np.ndarray, source: np.ndarray, sources: int) -> Counter:
    seen: dict[int, list[int]] = {}
    for who, where in zip(person.tolist(), source.tolist(), strict=True):
        seen.setdefault(who, [0] * sources)[where] = 1
    return Counter(tuple(history) for history in seen.values())


_RESULTS: dict[int, tuple[int, int, dict[tuple[int, ...], tuple[int, int]]]] = {}


def _cell_errors(encoded) -> tuple[int, int, dict[tuple[int, ...], tuple[int, int]]]:
    """Persons found, true persons, and per capture history ``(found, true)``."""
    if id(encoded) not in _RESULTS:
        _RESULTS[id(encoded)] = _link_and_compare(encoded)
    return _RESULTS[id(encoded)]


def _link_and_compare(encoded):
    records = encoded.records
    result = link_encodings(records)
    true_persons = len(set(encoded.true_person.tolist()))
    sources = len(records.source_names)
    truth = _histories(encoded.true_person, records.source_index, sources)
    assert truth == encoded.lists.capture_histories()  # the generator's own truth agrees
    overlap = result.overlap()
    found = {
        tuple(int(row[name]) for name in records.source_names): int(row["count"])
        for row in overlap.iter_rows(named=True)
    }
    assert (0,) * sources not in found
    assert set(found) <= set(truth)
    cells = {history: (found.get(history, 0), count) for history, count in truth.items()}
    return result.person_count, true_persons, cells


@pytest.mark.parametrize("fixture_name", ["three_lists", "four_lists"])
def test_person_count_within_one_percent(fixture_name, request):
    found, true, _ = _cell_errors(request.getfixturevalue(fixture_name))
    assert abs(found - true) <= 0.01 * true


@pytest.mark.parametrize("fixture_name", ["three_lists", "four_lists"])
def test_capture_histories_within_three_percent_or_three_persons_per_cell(fixture_name, request):
    _, _, cells = _cell_errors(request.getfixturevalue(fixture_name))
    for history, (found, true) in cells.items():
        assert abs(found - true) <= max(0.03 * true, 3), (history, found, true)


@pytest.mark.parametrize("fixture_name", ["three_lists", "four_lists"])
def test_capture_history_errors_add_up_to_under_three_quarters_of_a_percent(fixture_name, request):
    # With Dice scores and no attribute check this was 0.63% (three lists) and 1.17% (four).
    found, _, cells = _cell_errors(request.getfixturevalue(fixture_name))
    assert sum(abs(got - true) for got, true in cells.values()) <= 0.0075 * found


# The per-cell 1% target (issue 5) was withdrawn by issue 16 item 5: some cell errors are
# not decidable from what the encodings hold (benchmarks/linkage_floor.py). Linkage is now
# judged by the estimate it feeds: test_linkage_estimate.py.


def test_threshold_is_chosen_from_the_data_and_reported(three_lists_result):
    result = three_lists_result
    fit = result.threshold
    assert fit.method.startswith("local-false-link-rate")
    assert fit.non_match_mode < fit.threshold < fit.match_mode
    assert sum(fit.histogram_counts) == fit.scores_used == len(result.candidates)


def test_quality_estimates_are_counts_close_to_the_real_errors(three_lists, three_lists_result):
    result = three_lists_result
    truth = three_lists.true_person
    pairs = result.candidates
    accepted = result.clustering.accepted
    real_false = int((truth[pairs.left[accepted]] != truth[pairs.right[accepted]]).sum())
    quality = result.quality
    assert quality.links_accepted == int(accepted.sum())
    # An estimate, not truth: it must be of the right size, within a factor of three.
    assert real_false / 3 - 5 <= quality.likely_false_links.expected <= 3 * real_false + 5
    assert quality.likely_false_links.low <= quality.likely_false_links.expected
    assert quality.likely_false_links.expected <= quality.likely_false_links.high
    # Missed links: true persons split over several found persons. The estimate is on the
    # high side (quality.py's docstring: 2.5-12 times the real number on generated lists);
    # when every rejected pair below the threshold counted it was 17-40 times too high.
    pieces: dict[int, set[int]] = {}
    for who, found in zip(truth.tolist(), result.person_index.tolist(), strict=True):
        pieces.setdefault(who, set()).add(found)
    real_missed = sum(len(found) - 1 for found in pieces.values())
    assert real_missed <= quality.likely_missed_links.expected <= 15 * real_missed + 10
    assert sum(quality.accepted_by_match_probability) == quality.links_accepted
