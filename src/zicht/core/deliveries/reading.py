"""Read a partner file (CSV with ``;`` or ``,``, UTF-8 or Windows-1252, with or without BOM;
or XLSX) into a table of strings. Nothing is interpreted here; validation comes next."""

from __future__ import annotations

import datetime
import io
from pathlib import PurePath

import polars as pl

from zicht.core.csvfiles import column_separator
from zicht.core.deliveries.errors import DeliveryError, DeliveryRejected

BOM = b"\xef\xbb\xbf"


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode(content: bytes) -> bytes:
    """Return UTF-8 bytes without BOM; files from Excel on Windows come as Windows-1252."""
    if content.startswith(BOM):
        content = content[len(BOM) :]
    # Pure ASCII (the usual case for coded deliveries) needs no decoding pass at all.
    if content.isascii() or _is_utf8(content):
        return content
    return content.decode("cp1252", errors="replace").encode("utf-8")


def _separator(content: bytes) -> str:
    return column_separator(content.split(b"\n", 1)[0].decode("utf-8", errors="replace"))


def _normalise_headers(frame: pl.DataFrame) -> pl.DataFrame:
    names = [str(name).strip().lower() for name in frame.columns]
    if len(set(names)) != len(names):
        raise DeliveryRejected(
            [
                DeliveryError(
                    1, None, "duplicate_column", "een kolomnaam komt meer dan één keer voor"
                )
            ]
        )
    if any(not name for name in names):
        raise DeliveryRejected(
            [DeliveryError(1, None, "empty_column_name", "een kolom heeft geen naam")]
        )
    frame.columns = names
    return frame.with_columns(pl.all().fill_null("").str.strip_chars())


def _read_csv(content: bytes) -> pl.DataFrame:
    content = _decode(content)
    try:
        return pl.read_csv(
            content,
            separator=_separator(content),
            infer_schema=False,
            truncate_ragged_lines=False,
        )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as error:
        reason = (
            "het bestand is leeg"
            if isinstance(error, pl.exceptions.NoDataError)
            else (
                "het bestand is geen geldige CSV "
                "(ongelijk aantal kolommen of onjuiste aanhalingstekens)"
            )
        )
        raise DeliveryRejected([DeliveryError(None, None, "unreadable_csv", reason)]) from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        # A date typed into Excel is a date cell, not text: read it as the day it shows.
        day = value.date() if isinstance(value, datetime.datetime) else value
        return day.isoformat()
    return str(value)


def _read_xlsx(content: bytes) -> pl.DataFrame:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds; all mean "not a readable workbook"
        raise DeliveryRejected(
            [
                DeliveryError(
                    None, None, "unreadable_xlsx", "het bestand is geen leesbaar XLSX-bestand"
                )
            ]
        ) from None
    rows = [
        [_cell_text(v) for v in row] for row in workbook.worksheets[0].iter_rows(values_only=True)
    ]
    workbook.close()
    rows = [row for row in rows if any(cell != "" for cell in row)]
    if not rows:
        raise DeliveryRejected([DeliveryError(None, None, "empty_file", "het bestand is leeg")])
    header, body = rows[0], rows[1:]
    width = len(header)
    body = [(row + [""] * width)[:width] for row in body]
    return pl.DataFrame(body, schema=[(name or "") for name in header], orient="row")


def read_table(content: bytes, filename: str) -> pl.DataFrame:
    """Parse a delivery file into a DataFrame of stripped strings with lower-case headers."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx":
        frame = _read_xlsx(content)
    elif suffix in (".csv", ".txt"):
        frame = _read_csv(content)
    else:
        raise DeliveryRejected(
            [
                DeliveryError(
                    None,
                    None,
                    "unsupported_format",
                    "alleen CSV- en XLSX-bestanden worden aanvaard",
                )
            ]
        )
    return _normalise_headers(frame)
