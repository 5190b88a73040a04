"""Strata: thin lists are pooled, thin strata get a warning and no number."""

from __future__ import annotations

import numpy as np
import pytest

from zicht.core.estimation import (
    StratificationSettings,
    capture_table_from_mapping,
    estimate_by_stratum,
    pool_sparse_lists,
)
from zicht.core.estimation.table import capture_pattern_grid

LISTS = ("police", "ngo", "care", "labour")


def simulated_records(year: int, size: int, probabilities, seed: int) -> list[dict]:
    """Independent lists: each person on each list with the given probability."""
    generator = np.random.default_rng(seed)
    on_list = generator.random((size, len(LISTS))) < np.asarray(probabilities)
    grid = capture_pattern_grid(len(LISTS))
    records = []
    for pattern in grid:
        count = int(np.sum(np.all(on_list == pattern.astype(bool), axis=1)))
        if count:
            record = {"year": year, "count": count}
            record.update(dict(zip(LISTS, pattern.tolist(), strict=True)))
            records.append(record)
    return records


def test_each_stratum_recovers_its_size_and_thin_strata_are_withheld():
    records = (
        simulated_records(2023, 6000, [0.2, 0.15, 0.1, 0.12], seed=1)
        + simulated_records(2024, 9000, [0.2, 0.15, 0.1, 0.0008], seed=2)
        + simulated_records(2025, 150, [0.05, 0.05, 0.05, 0.05], seed=3)
    )
    estimates = estimate_by_stratum(records, LISTS, ["year"])
    by_year = {estimate.stratum["year"]: estimate for estimate in estimates}
    assert set(by_year) == {2023, 2024, 2025}
    for year, size in ((2023, 6000), (2024, 9000)):
        result = by_year[year].result
        assert result is not None
        assert result.ci_low <= size <= result.ci_high
    # In 2024 the labour inspectorate saw hardly anyone: its list is pooled, and says so.
    assert any("+labour" in name for name in by_year[2024].pooled_lists)
    assert any("samengevoegd" in warning for warning in by_year[2024].warnings)
    # 2025 has too few registrations: no number, a clear reason.
    assert by_year[2025].result is None
    assert any("Te weinig gegevens" in warning for warning in by_year[2025].warnings)


def test_pooling_merges_into_the_list_with_most_overlap():
    table = capture_table_from_mapping(
        ["A", "B", "C"], {"100": 50, "010": 40, "001": 2, "101": 3, "110": 10}
    )
    pooled, notes = pool_sparse_lists(table, min_list_count=10)
    assert pooled.list_names == ("A+C", "B")
    assert pooled.observed_total == table.observed_total
    assert len(notes) == 1


@pytest.mark.parametrize("minimum", [0, 1])
def test_no_pooling_when_all_lists_are_large_enough(minimum):
    table = capture_table_from_mapping(["A", "B", "C"], {"100": 5, "010": 4, "001": 3, "111": 1})
    pooled, notes = pool_sparse_lists(table, min_list_count=minimum)
    assert pooled.list_names == table.list_names
    assert notes == []


def test_stratum_where_estimate_does_not_exist_is_explained():
    records = [
        {"sex": "f", "A": 1, "B": 0, "C": 0, "count": 40},
        {"sex": "f", "A": 0, "B": 1, "C": 0, "count": 40},
        {"sex": "f", "A": 0, "B": 0, "C": 1, "count": 40},
    ]
    settings = StratificationSettings(min_list_count=1, min_stratum_total=10)
    (only,) = estimate_by_stratum(records, ["A", "B", "C"], ["sex"], stratification=settings)
    assert only.result is None
    assert any("bestaat niet" in warning for warning in only.warnings)
