"""Estimates per stratum (year, sex, age group, form of exploitation) with pooling of thin lists.

Splitting a table by stratum makes every list smaller. A list with only a handful of persons
carries almost no information about overlaps but adds parameters, and it quickly produces
empty overlaps; the advice in the MSE literature (Silverman 2014 merging police and NCA for the
UK; van der Heijden and colleagues for the Netherlands) is to merge such lists with another
source before estimating. We merge a thin list into the list it overlaps most with (the largest
list when it overlaps none), repeat until every list is large enough, and refuse to estimate a
stratum that is still too thin, saying why, rather than publish a number without meaning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from zicht.core.estimation.estimate import estimate_population
from zicht.core.estimation.result import EstimateDoesNotExistError, EstimationResult
from zicht.core.estimation.settings import EstimationSettings
from zicht.core.estimation.table import (
    COUNT_COLUMN,
    CaptureTable,
    capture_table_from_patterns,
)


@dataclass(frozen=True)
class StratificationSettings:
    min_list_count: int = 10  # persons; a list with fewer in a stratum is merged
    min_stratum_total: int = 50  # observed persons below which a stratum gets no estimate
    min_lists: int = 2  # lists left after pooling needed to estimate at all


@dataclass(frozen=True)
class StratumEstimate:
    stratum: dict[str, Any]
    observed_total: int
    result: EstimationResult | None
    pooled_lists: tuple[str, ...]
    warnings: tuple[str, ...]


def merge_lists(table: CaptureTable, keep: int, absorb: int) -> CaptureTable:
    """Table in which list ``absorb`` is merged into ``keep`` (on either means on the merger)."""
    names = list(table.list_names)
    names[keep] = f"{names[keep]}+{names[absorb]}"
    del names[absorb]
    merged = table.patterns.copy()
    merged[:, keep] = np.maximum(merged[:, keep], merged[:, absorb])
    merged = np.delete(merged, absorb, axis=1)
    rows = zip(merged.tolist(), table.counts.tolist(), strict=True)
    return capture_table_from_patterns(names, rows)


def pool_sparse_lists(table: CaptureTable, min_list_count: int) -> tuple[CaptureTable, list[str]]:
    """Merge lists with fewer than ``min_list_count`` persons; returns the table and notes."""
    notes = []
    while table.list_count > 2:
        totals = table.list_totals()
        thin = int(np.argmin(totals))
        if totals[thin] >= min_list_count:
            break
        overlaps = np.array(
            [table.overlap(thin, other) if other != thin else -1 for other in range(len(totals))]
        )
        partner = int(np.argmax(overlaps)) if overlaps.max() > 0 else _largest_other(totals, thin)
        notes.append(
            f"Lijst {table.list_names[thin]} ({totals[thin]} personen) is samengevoegd met "
            f"{table.list_names[partner]} (thin list pooled)."
        )
        table = merge_lists(table, partner, thin)
    return table, notes


def _largest_other(totals: np.ndarray, excluded: int) -> int:
    masked = totals.astype(float)
    masked[excluded] = -np.inf
    return int(np.argmax(masked))


def estimate_by_stratum(
    records: Iterable[Mapping[str, Any]],
    list_names: Sequence[str],
    stratum_columns: Sequence[str],
    settings: EstimationSettings | None = None,
    stratification: StratificationSettings | None = None,
) -> tuple[StratumEstimate, ...]:
    """One estimate per combination of ``stratum_columns`` values, thin lists pooled first."""
    stratification = stratification or StratificationSettings()
    groups: dict[tuple[Any, ...], list[tuple[list[int], int]]] = {}
    for record in records:
        key = tuple(record[column] for column in stratum_columns)
        pattern = [int(record[name]) for name in list_names]
        groups.setdefault(key, []).append((pattern, int(record[COUNT_COLUMN])))
    estimates = []
    for key in sorted(groups, key=lambda k: tuple(str(v) for v in k)):
        table = capture_table_from_patterns(list_names, groups[key])
        stratum = dict(zip(stratum_columns, key, strict=True))
        estimates.append(_estimate_stratum(stratum, table, settings, stratification))
    return tuple(estimates)


def _estimate_stratum(
    stratum: dict[str, Any],
    table: CaptureTable,
    settings: EstimationSettings | None,
    stratification: StratificationSettings,
) -> StratumEstimate:
    label = ", ".join(f"{key}={value}" for key, value in stratum.items())
    if table.observed_total < stratification.min_stratum_total:
        return StratumEstimate(
            stratum,
            table.observed_total,
            None,
            (),
            (
                f"Te weinig gegevens voor {label}: {table.observed_total} personen, minimaal "
                f"{stratification.min_stratum_total} nodig; geen schatting (stratum too thin).",
            ),
        )
    pooled, notes = pool_sparse_lists(table, stratification.min_list_count)
    if pooled.list_count < stratification.min_lists:
        reason = f"Te weinig lijsten over na samenvoegen voor {label}; geen schatting."
        return StratumEstimate(stratum, table.observed_total, None, pooled.list_names, (reason,))
    try:
        result = estimate_population(pooled, settings)
    except EstimateDoesNotExistError as error:
        reason = f"Geen schatting voor {label}: {error}"
        return StratumEstimate(
            stratum, table.observed_total, None, pooled.list_names, (*notes, reason)
        )
    return StratumEstimate(
        stratum, table.observed_total, result, pooled.list_names, (*notes, *result.warnings)
    )
