"""Capture-history tables: one 0/1 column per list and a ``count`` column.

A table is stored on the full grid of the 2**t - 1 observable capture histories (every
combination of lists except "on no list"), so that histories nobody showed up with are
explicit zeros. The grid order is the one SparseMSE uses: by number of lists, then
lexicographically, which keeps results comparable row by row with the R reference.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zicht.core.csvfiles import column_separator
from zicht.core.errors import ZichtError

COUNT_COLUMN = "count"
# The grid holds 2**t - 1 histories, so every list doubles the work: a header of thirty names
# would ask for a billion rows. Estimates in the field use three to six lists.
MAX_LISTS = 10
# No history holds a billion persons; the bound keeps every sum inside 64-bit integers (a
# larger count would overflow the array or wrap around in the total without a word).
MAX_COUNT = 999_999_999


class CaptureTableError(ZichtError, ValueError):
    """The table cannot be read as capture histories; the message says why (in Dutch)."""

    code = "capture_table_invalid"


def capture_pattern_grid(list_count: int) -> np.ndarray:
    """All observable capture histories for ``list_count`` lists, shape (2**t - 1, t)."""
    patterns = [p for p in itertools.product((0, 1), repeat=list_count) if any(p)]
    patterns.sort(key=lambda p: (sum(p), tuple(-v for v in p)))
    return np.array(patterns, dtype=np.int8).reshape(-1, list_count)


def list_pairs(list_count: int) -> list[tuple[int, int]]:
    """Pairs of lists (i < j) in the order SparseMSE's stepwise search tries them."""
    return [(i, j) for i in range(list_count - 1) for j in range(i + 1, list_count)]


@dataclass(frozen=True)
class CaptureTable:
    """Counts of persons per capture history on the full grid (zeros included)."""

    list_names: tuple[str, ...]
    patterns: np.ndarray
    counts: np.ndarray

    @property
    def list_count(self) -> int:
        return len(self.list_names)

    @property
    def observed_total(self) -> int:
        return int(self.counts.sum())

    def list_totals(self) -> np.ndarray:
        return self.patterns.T.astype(np.int64) @ self.counts

    def overlap(self, first: int, second: int) -> int:
        """Number of persons seen on both lists, whatever other lists they are on."""
        both = self.patterns[:, first] * self.patterns[:, second]
        return int(both @ self.counts)

    def with_counts(self, counts: np.ndarray) -> CaptureTable:
        return CaptureTable(self.list_names, self.patterns, np.asarray(counts, dtype=np.int64))

    def pattern_strings(self) -> list[str]:
        return ["".join(str(int(v)) for v in row) for row in self.patterns]


def capture_table_from_patterns(
    list_names: Sequence[str], pattern_counts: Iterable[tuple[Sequence[int], int]]
) -> CaptureTable:
    """Build a table from (capture history, count) pairs; repeated histories are added up."""
    names = tuple(str(name) for name in list_names)
    _check_list_names(names)
    patterns = capture_pattern_grid(len(names))
    row_of = {tuple(int(v) for v in row): index for index, row in enumerate(patterns)}
    counts = np.zeros(len(patterns), dtype=np.int64)
    for pattern, count in pattern_counts:
        key = tuple(int(v) for v in pattern)
        if len(key) != len(names) or any(v not in (0, 1) for v in key):
            raise CaptureTableError(
                f"Vangstgeschiedenis {key} is ongeldig: verwacht {len(names)} waarden 0 of 1 "
                f"(invalid capture history)."
            )
        if int(count) < 0 or int(count) != count:
            raise CaptureTableError(
                f"Aantal {count} is geen niet-negatief geheel getal (count must be >= 0)."
            )
        if count > MAX_COUNT:
            raise CaptureTableError(
                f"Een aantal is groter dan {MAX_COUNT:,} (count too large).".replace(",", ".")
            )
        if not any(key):
            if count:
                raise CaptureTableError(
                    "De tabel bevat een rij met personen op geen enkele lijst; dat aantal is "
                    "juist wat geschat wordt en hoort niet in de tabel (all-zero row present)."
                )
            continue
        counts[row_of[key]] += int(count)
    return CaptureTable(names, patterns, counts)


def capture_table_from_mapping(
    list_names: Sequence[str], counts_by_pattern: Mapping[str, int]
) -> CaptureTable:
    """Build a table from strings such as ``{"101": 4}`` (one character per list)."""
    rows = [([int(c) for c in pattern], count) for pattern, count in counts_by_pattern.items()]
    return capture_table_from_patterns(list_names, rows)


def _row_problems(line_number: int, record: dict[str, str], list_names: list[str]) -> list[str]:
    problems = []
    for name in list_names:
        if record.get(name) not in ("0", "1"):
            problems.append(
                f"regel {line_number}, kolom '{name}': verwacht 0 of 1 (expected 0 or 1)"
            )
    count = record.get(COUNT_COLUMN, "")
    if not (count.isascii() and count.isdigit()):  # "²" is a digit to str.isdigit, not to int
        problems.append(
            f"regel {line_number}, kolom '{COUNT_COLUMN}': verwacht een geheel getal van 0 of meer "
            f"(expected a non-negative integer)"
        )
    elif len(count.lstrip("0")) > len(str(MAX_COUNT)):  # before int(): no 5,000-digit parse
        problems.append(
            f"regel {line_number}, kolom '{COUNT_COLUMN}': het aantal is te groot (ten hoogste "
            f"{len(str(MAX_COUNT))} cijfers; count too large)"
        )
    return problems


def read_capture_table_csv(path: Path | str) -> CaptureTable:
    """Read a CSV with one 0/1 column per list and a ``count`` column (``,``, ``;`` or tab).

    Every bad cell is reported, by line and column, before anything is estimated.
    """
    try:
        return _read_capture_table_csv(path)
    except (UnicodeDecodeError, csv.Error):
        raise CaptureTableError(
            "Het bestand is geen leesbare CSV-tekst in UTF-8 (not readable UTF-8 CSV text)."
        ) from None


def _read_capture_table_csv(path: Path | str) -> CaptureTable:
    with Path(path).open(newline="", encoding="utf-8-sig") as handle:
        first = handle.readline()
        handle.seek(0)
        delimiter = column_separator(first)
        reader = csv.DictReader(handle, delimiter=delimiter)
        header = [name.strip() for name in (reader.fieldnames or [])]
        if COUNT_COLUMN not in header:
            raise CaptureTableError(
                f"Kolom '{COUNT_COLUMN}' ontbreekt; verwacht één 0/1-kolom per lijst en een "
                f"kolom '{COUNT_COLUMN}' (missing count column)."
            )
        list_names = [name for name in header if name != COUNT_COLUMN]
        rows, problems = [], []
        for line_number, record in enumerate(reader, start=2):
            if None in record:  # more cells than the header has columns
                problems.append(f"regel {line_number}: meer cellen dan kolommen (too many cells)")
                continue
            record = {(key or "").strip(): (value or "").strip() for key, value in record.items()}
            found = _row_problems(line_number, record, list_names)
            problems += found
            if not found:
                rows.append(([int(record[name]) for name in list_names], int(record[COUNT_COLUMN])))
    if problems:
        shown = "; ".join(problems[:10]) + (
            f"; … ({len(problems)} in totaal)" if len(problems) > 10 else ""
        )
        raise CaptureTableError(f"De tabel heeft {len(problems)} fout(en): {shown}.")
    return capture_table_from_patterns(list_names, rows)


def _check_list_names(names: tuple[str, ...]) -> None:
    if len(names) < 2:
        raise CaptureTableError(
            "Er zijn minstens twee lijsten nodig om te schatten (at least two lists needed)."
        )
    if len(names) > MAX_LISTS:
        raise CaptureTableError(
            f"Er zijn {len(names)} lijsten; ten hoogste {MAX_LISTS} kunnen samen geschat worden "
            f"(at most {MAX_LISTS} lists)."
        )
    if len(set(names)) != len(names):
        raise CaptureTableError("Lijstnamen moeten uniek zijn (list names must be unique).")
    if any(":" in name for name in names):
        raise CaptureTableError("Lijstnamen mogen geen ':' bevatten (no ':' in list names).")
