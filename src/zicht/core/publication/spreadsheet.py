"""Tables as files a reader opens by double-clicking: CSV the way the reader's Excel reads it.

Excel splits a CSV on its locale's list separator and reads numbers in its locale's format:
Dutch Excel on ``;`` with ``1,5`` as one and a half, English Excel on ``,`` with ``1.5``. Either
reads the bytes as UTF-8 only when the file starts with a byte-order mark. The Dutch page gives
the Dutch file, the English page the English one. The machine-readable long format (``,``,
decimal point, no BOM) stays beside them for software.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from zicht.core.csvfiles import safe_cell, safe_row

BOM = "\ufeff"

Cell = str | int | float | None


def spreadsheet_number(value: float | int | None, decimals: int | None = None) -> str:
    """A number as software and English Excel read it: decimal point, no thousands separator."""
    if value is None:
        return ""
    if decimals is None:
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return f"{value:.{decimals}f}"


def dutch_number(value: float | int | None, decimals: int | None = None) -> str:
    """A number as Dutch Excel reads it: decimal comma, no thousands separator."""
    return spreadsheet_number(value, decimals).replace(".", ",")


def _cell(value: Cell, english: bool) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return spreadsheet_number(value) if english else dutch_number(value)
    return str(safe_cell("" if value is None else str(value)))


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]], language: str = "nl") -> bytes:
    """UTF-8 with a byte-order mark, as the language's Excel splits and reads it: Dutch ``;``
    and decimal commas, English ``,`` and decimal points."""
    english = language.startswith("en")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="," if english else ";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value, english) for value in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def plain_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The machine-readable long format: ``,``, decimal point, UTF-8 without a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(safe_row("" if value is None else value for value in row))
    return buffer.getvalue().encode("utf-8")
