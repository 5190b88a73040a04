"""Read a partner file (CSV with ``;`` or ``,``, UTF-8 or Windows-1252, with or without BOM;
or XLSX) into a table of strings. Nothing is interpreted here; validation comes next."""

from __future__ import annotations

import csv
import io
import re
from pathlib import PurePath
from typing import BinaryIO

import polars as pl

from zicht.core.catalog.model import Text
from zicht.core.csvfiles import column_separator
from zicht.core.deliveries.errors import DeliveryError, DeliveryRejected
from zicht.core.deliveries.limits import (
    DeliveryLimits,
    check_column_count,
    check_text_shape,
    read_limited,
    refuse,
)
from zicht.core.deliveries.rules import spreadsheet_letter
from zicht.core.deliveries.xlsx import read_xlsx_rows

BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Control characters have no place in a CSV file: NUL marks UTF-16 or a binary file, ESC
# starts terminal escape sequences. Tab, line feed and carriage return are allowed.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EMPTY = Text("het bestand is leeg", "the file is empty")


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# Files that are not text at all, by their first bytes: said in words, not as "control
# characters at row 18" (which means nothing for a PDF).
_OTHER_KINDS = (
    (b"%PDF", Text("dit is een PDF-bestand", "this is a PDF file")),
    (
        b"PK\x03\x04",
        Text(
            "dit is een Excel- (XLSX) of zip-bestand met een verkeerde extensie",
            "this is an Excel (XLSX) or zip file with the wrong extension",
        ),
    ),
    (
        b"\xd0\xcf\x11\xe0",
        Text("dit is een oud Excel-bestand (XLS)", "this is an old Excel file (XLS)"),
    ),
    (b"\x89PNG", Text("dit is een afbeelding", "this is an image")),
    (b"\xff\xd8\xff", Text("dit is een afbeelding", "this is an image")),
)


def _refuse_other_kinds_of_file(content: bytes) -> None:
    for signature, kind in _OTHER_KINDS:
        if content.startswith(signature):
            refuse(
                "not_a_table",
                Text(
                    f"{kind.nl}, geen CSV-bestand; sla het ingevulde sjabloon op als CSV (UTF-8) "
                    "of als Excel-werkmap (XLSX) en lever dat",
                    f"{kind.en}, not a CSV file; save the filled-in template as CSV (UTF-8) or "
                    "as an Excel workbook (XLSX) and deliver that",
                ),
            )


def _refuse_unreadable_text(content: bytes) -> None:
    _refuse_other_kinds_of_file(content)
    if content.startswith(UTF16_BOMS) or content[:200].count(b"\x00") > 20:
        refuse(
            "utf16_file",
            Text(
                "het bestand is opgeslagen als UTF-16 of UTF-32 (Unicode-tekst); sla het op als "
                "'CSV UTF-8 (door komma's gescheiden)' of als XLSX",
                "the file was saved as UTF-16 or UTF-32 (Unicode text); save it as "
                "'CSV UTF-8 (comma delimited)' or as XLSX",
            ),
        )
    control = _CONTROL.search(content)
    if control is not None:
        row = content.count(b"\n", 0, control.start()) + 1
        refuse(
            "control_characters",
            Text(
                "het bestand bevat stuurtekens (zoals NUL of ESC) en is geen gewoon "
                "tekstbestand; lever een CSV- of XLSX-bestand",
                "the file holds control characters (such as NUL or ESC) and is not a plain text "
                "file; deliver a CSV or XLSX file",
            ),
            row=row,
        )


def _decode(content: bytes) -> bytes:
    """Return UTF-8 bytes without BOM; files from Excel on Windows come as Windows-1252."""
    if content.startswith(BOM):
        content = content[len(BOM) :]
    _refuse_unreadable_text(content)
    # Pure ASCII (the usual case for coded deliveries) needs no decoding pass at all.
    if content.isascii() or _is_utf8(content):
        return content
    try:
        return content.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError:
        refuse(
            "unknown_encoding",
            Text(
                "de tekens in het bestand zijn niet te lezen (geen UTF-8 en geen Windows-1252); "
                "sla het op als 'CSV UTF-8 (door komma's gescheiden)'",
                "the characters in the file cannot be read (neither UTF-8 nor Windows-1252); "
                "save it as 'CSV UTF-8 (comma delimited)'",
            ),
        )
        raise  # unreachable: refuse raises


def _separator(content: bytes) -> str:
    return column_separator(content.split(b"\n", 1)[0].decode("utf-8", errors="replace"))


def _refuse_bad_names(names: list[str]) -> list[str]:
    """Lower-cased, stripped column names; duplicates and empty names are refused."""
    names = [str(name).strip().lower() for name in names]
    if len(set(names)) != len(names):
        refuse(
            "duplicate_column",
            Text(
                "een kolomnaam komt meer dan één keer voor", "a column name occurs more than once"
            ),
            row=1,
        )
    if any(not name for name in names):
        refuse(
            "empty_column_name", Text("een kolom heeft geen naam", "a column has no name"), row=1
        )
    return names


def _normalise_headers(frame: pl.DataFrame) -> pl.DataFrame:
    frame.columns = _refuse_bad_names(frame.columns)
    return frame.with_columns(pl.all().fill_null("").str.strip_chars())


def _read_csv(content: bytes, limits: DeliveryLimits) -> pl.DataFrame:
    content = _decode(content)
    check_text_shape(content, limits)
    separator = _separator(content)
    header = content.split(b"\n", 1)[0]
    check_column_count(header.count(separator.encode()) + 1, limits)
    # Polars renames a repeated column ("a_duplicated_0"): look at the header as written.
    try:
        names = next(csv.reader([header.decode().rstrip("\r")], delimiter=separator))
    except csv.Error:  # a line break inside the header: old Mac line endings (CR) or a stray CR
        refuse(
            "unreadable_csv",
            Text(
                "de kopregel bevat een losse regelovergang (CR) of onjuiste aanhalingstekens; "
                "sla het op als 'CSV UTF-8 (door komma's gescheiden)'",
                "the header holds a stray line break (CR) or wrong quotes; "
                "save it as 'CSV UTF-8 (comma delimited)'",
            ),
            row=1,
        )
    _refuse_bad_names(names)
    try:
        return pl.read_csv(
            content,
            separator=separator,
            infer_schema=False,
            truncate_ragged_lines=False,
        )
    except pl.exceptions.NoDataError:
        refuse("unreadable_csv", EMPTY)
    except pl.exceptions.ComputeError:
        row = _first_ragged_row(content, separator, width=len(names))
        if row is None:
            refuse(
                "unreadable_csv",
                Text(
                    "het bestand is geen geldige CSV (onjuiste aanhalingstekens)",
                    "the file is not valid CSV (wrong quotes)",
                ),
            )
        refuse(
            "unreadable_csv",
            Text(
                f"deze regel heeft meer kolommen dan de kopregel ({len(names)}); "
                "staat er een scheidingsteken te veel in een cel?",
                f"this line has more columns than the header ({len(names)}); "
                "is there one separator too many in a cell?",
            ),
            row=row,
        )


def _first_ragged_row(content: bytes, separator: str, width: int) -> int | None:
    """The spreadsheet row of the first record with more cells than the header, so that the
    partner is told where to look; None when the file breaks in another way. Reads record by
    record and stops at the first: linear in the file, which is already within its limits."""
    text = io.StringIO(content.decode("utf-8", errors="replace"), newline="")
    try:
        for row, cells in enumerate(csv.reader(text, delimiter=separator), start=1):
            if len(cells) > width:
                return row
    except csv.Error:
        return None
    return None


def _rows_to_frame(rows: list[list[str]]) -> pl.DataFrame:
    rows = [row for row in rows if any(cell != "" for cell in row)]
    if not rows:
        refuse("empty_file", EMPTY)
    header, body = rows[0], rows[1:]
    _refuse_bad_names(header)
    width = len(header)
    body = [(row + [""] * width)[:width] for row in body]
    schema = {(name or ""): pl.String for name in header}
    return pl.DataFrame(body, schema=schema, orient="row")


def _refuse_long_cells(frame: pl.DataFrame, limits: DeliveryLimits) -> None:
    """A cell longer than the limit is refused with its place (never its content)."""
    for name in frame.columns:
        if "\n" in name or "\r" in name:
            # An opening quote without its closing one makes the rest of the file one name.
            refuse(
                "unclosed_quote",
                Text(
                    'de kopregel heeft een aanhalingsteken (") zonder sluitend aanhalingsteken; '
                    "een kolomnaam loopt daardoor door over de volgende regels",
                    'the header has a quote (") without a closing quote; a column name '
                    "therefore runs on over the next lines",
                ),
                row=1,
            )
        if len(name) > limits.max_cell_characters:
            refuse(
                "cell_too_long",
                Text("een kolomnaam is te lang", "a column name is too long"),
                row=1,
            )
    lengths = frame.select(pl.all().str.len_chars().max())
    for position, name in enumerate(frame.columns):
        longest = lengths.get_column(name).item()
        if longest is not None and longest > limits.max_cell_characters:
            index = frame.get_column(name).str.len_chars().arg_max()
            refuse(
                "cell_too_long",
                Text(
                    f"de cel is te lang (ten hoogste {limits.max_cell_characters} tekens)",
                    f"the cell is too long (at most {limits.max_cell_characters} characters)",
                ),
                row=(index or 0) + 2,
                column=spreadsheet_letter(position),  # the header may be personal data
            )


def read_table(
    source: bytes | BinaryIO, filename: str, limits: DeliveryLimits | None = None
) -> pl.DataFrame:
    """Parse a delivery file into a DataFrame of stripped strings with lower-case headers.

    ``source`` may be an open binary file: no more than ``limits.max_bytes`` + 1 bytes of it
    are read, so a file of any size is refused in bounded memory.
    """
    limits = limits or DeliveryLimits()
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx":
        frame = _rows_to_frame(read_xlsx_rows(read_limited(source, limits), limits))
    elif suffix in (".csv", ".txt"):
        frame = _read_csv(read_limited(source, limits), limits)
    else:
        raise DeliveryRejected(
            [
                DeliveryError(
                    None,
                    None,
                    "unsupported_format",
                    Text(
                        "alleen CSV- en XLSX-bestanden worden aanvaard",
                        "only CSV and XLSX files are accepted",
                    ),
                )
            ]
        )
    _refuse_long_cells(frame, limits)
    return _normalise_headers(frame)
