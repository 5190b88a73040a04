"""The vectorised path: the same findings as ``scan_table`` for a polars DataFrame.

Why it is fast: deliveries repeat their values (codes, periods, categories, small counts), so
each column's distinct values are classified once; polars applies the shared candidate
pattern to them in Rust, and only the survivors reach the Python detectors.
"""

from __future__ import annotations

import polars as pl

from zicht.core.privacy.guard import names, values
from zicht.core.privacy.guard.kinds import GuardSettings, PersonalDataFinding, PersonalDataKind
from zicht.core.privacy.guard.table import (
    DEFAULT_SETTINGS,
    classify_cell,
    column_context,
    column_rule_kind,
)

_ROW = "__zicht_row_index__"


def _name_gate(column: pl.Expr, first_names: list[str]) -> pl.Expr:
    # Every value the name rules accept has two or more words; the cell rule also needs a
    # first word that is initials or a known first name (after "Surname, First" reordering).
    stripped = column.str.strip_chars()
    first_word = stripped.str.extract(r"^(\S+)\s", 1).str.to_lowercase()
    after_comma = stripped.str.extract(r",\s*(\S+)", 1).str.to_lowercase()
    return stripped.str.contains(r"\S\s+\S") & (
        first_word.is_in(first_names)
        | after_comma.is_in(first_names)
        | stripped.str.contains(r"^(?:[A-Z]\.){1,4}")
    )


def _distinct_kinds(
    series: pl.Series, column: str, context_args: tuple, settings: GuardSettings
) -> dict[str, PersonalDataKind]:
    context = column_context(column, *context_args)
    distinct = series.drop_nulls().unique().to_frame("value")
    gate = pl.col("value").str.contains(values.CANDIDATE_PATTERN)
    if context.is_free_text:
        gate = gate | pl.col("value").str.contains(r"[A-Z]\S*\s+\S")
    else:
        first_names = sorted(names.name_lists()[0])
        gate = gate | _name_gate(pl.col("value"), first_names)
    candidates = distinct.filter(gate)["value"].to_list()
    kinds = {}
    for value in candidates:
        kind = classify_cell(value, context, settings)
        if kind is not None:
            kinds[value] = kind
    return kinds


def scan_frame(
    frame: pl.DataFrame,
    *,
    first_row_number: int = 2,
    date_columns: frozenset[str] = frozenset(),
    free_text_columns: frozenset[str] = frozenset(),
    settings: GuardSettings = DEFAULT_SETTINGS,
) -> list[PersonalDataFinding]:
    """Same result as ``scan_table(frame.columns, frame.rows(), ...)``; columns must be strings."""
    per_column: list[tuple[int, str, pl.Series, PersonalDataKind | None, dict]] = []
    for index, column in enumerate(frame.columns):
        series = frame.get_column(column).cast(pl.String)
        non_empty = series.is_not_null() & (series.str.strip_chars() != "")
        rule_kind = column_rule_kind(column)
        if rule_kind is not None:
            rows = non_empty.arg_true()
            per_column.append((index, column, rows, rule_kind, {}))
            continue
        kinds = _distinct_kinds(series, column, (date_columns, free_text_columns), settings)
        if kinds:
            mask = non_empty & series.is_in(list(kinds))
            per_column.append((index, column, mask.arg_true(), None, kinds))
    return _ordered_findings(frame, per_column, first_row_number)


def _ordered_findings(
    frame: pl.DataFrame, per_column: list, first_row_number: int
) -> list[PersonalDataFinding]:
    keyed: list = []
    for index, column, rows, rule_kind, kinds in per_column:
        if rule_kind is not None:
            keyed.extend((row, index, column, rule_kind) for row in rows.to_list())
            continue
        cells = frame.get_column(column).cast(pl.String).gather(rows).to_list()
        keyed.extend(
            (row, index, column, kinds[value])
            for row, value in zip(rows.to_list(), cells, strict=True)
        )
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [
        PersonalDataFinding(row + first_row_number, column, kind) for row, _, column, kind in keyed
    ]
