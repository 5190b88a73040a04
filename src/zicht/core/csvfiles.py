"""What every CSV reader and writer in Zicht shares: which character separates the columns,
and cells written so that no spreadsheet runs them as formulas.

Partners export from Dutch spreadsheets (``;``), from other tools (``,``) or as tab-separated
text; Zicht reads the header line and takes the separator that splits it most, rather than
reading a ``;`` file as one column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl

SEPARATORS = (",", ";", "\t")


def column_separator(header_line: str) -> str:
    """The separator that splits ``header_line`` most; ``,`` when none occurs."""
    return max(SEPARATORS, key=header_line.count)


# --- writing: safe from formula injection ----------------------------------------------------
# A spreadsheet opening a CSV or XLSX runs a cell that starts with one of these as a formula
# (``=HYPERLINK(...)``, ``@SUM(...)``, ``+cmd|...``); a tab or carriage return in front hides
# it. Every text cell Zicht writes goes through ``safe_cell``: such a cell gets a leading
# apostrophe, which spreadsheets show as text (OWASP's advice). Numbers stay as they are,
# also written as text ("-5", "1.5"): a plain number is no formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?(?:[eE][+-]?[0-9]+)?", re.ASCII)
_PLAIN_NUMBER_POLARS = r"^[+-]?[0-9]+([.,][0-9]+)?([eE][+-]?[0-9]+)?$"


def safe_cell(value: object) -> object:
    """``value`` unchanged, unless it is text a spreadsheet would run as a formula."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_row(row: Iterable[object]) -> list[object]:
    return [safe_cell(value) for value in row]


def safe_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of ``frame`` through the same rule (vectorised); numbers untouched."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text:
        return frame
    starts = r"^[=+\-@\t\r]"  # FORMULA_STARTS, in Polars' regular expression syntax
    return frame.with_columns(
        pl.when(
            pl.col(name).str.contains(starts) & ~pl.col(name).str.contains(_PLAIN_NUMBER_POLARS)
        )
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text
    )
