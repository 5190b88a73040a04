"""Tables as files a reader opens by double-clicking: CSV the way Dutch Excel reads it.

Dutch Excel splits a CSV on the list separator of the Dutch locale (``;``), reads the bytes as
UTF-8 only when the file starts with a byte-order mark, and reads ``1,5`` as one and a half.
The machine-readable long format (``,``, decimal point, no BOM) stays beside it for software.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from zicht.core.csvfiles import safe_cell, safe_row

BOM = "\ufeff"

Cell = str | int | float | None


def dutch_number(value: float | int | None, decimals: int | None = None) -> str:
    """A number as Dutch Excel reads it: decimal comma, no thousands separator."""
    if value is None:
        return ""
    if decimals is None:
        text = str(int(value)) if float(value).is_integer() else repr(float(value))
    else:
        text = f"{value:.{decimals}f}"
    return text.replace(".", ",")


def _cell(value: Cell) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return dutch_number(value)
    return str(safe_cell("" if value is None else str(value)))


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """``;``-separated UTF-8 with a byte-order mark; numbers with a decimal comma."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def plain_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The machine-readable long format: ``,``, decimal point, UTF-8 without a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(safe_row("" if value is None else value for value in row))
    return buffer.getvalue().encode("utf-8")
