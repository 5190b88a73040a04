"""Read the first sheet of an XLSX delivery safely.

An XLSX file is a zip of XML files, which gives a hostile file three ways in, each closed here:
- a zip bomb: the entries' declared sizes are checked against limits before anything is
  unpacked (and the reader stops at the declared size, so a lying header gains nothing);
- XML entities: openpyxl parses with defusedxml (a dependency), which refuses entity
  declarations, so neither external entities nor "billion laughs" expand;
- the ``<dimension ref="A1:XFD1048576">`` trap: openpyxl's read-only sheet pads every row to
  the declared width (16,384 columns). The cells are read here as the sheet parser yields them,
  without padding, so a sheet costs what its real cells cost.
Formula cells are refused: a delivery holds numbers and codes, and a formula's cached value is
whatever the sending spreadsheet last computed (or nothing).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

from zicht.core.catalog.model import Text
from zicht.core.deliveries.errors import DeliveryRejected
from zicht.core.deliveries.limits import DeliveryLimits, check_column_count, refuse

_UNREADABLE = Text(
    "het bestand is geen leesbaar XLSX-bestand", "the file is not a readable XLSX file"
)


def _check_archive(content: bytes, limits: DeliveryLimits) -> None:
    try:
        entries = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError):
        # NotImplementedError: an entry asks for a zip version or method Python cannot read
        refuse("unreadable_xlsx", _UNREADABLE)
    unpacked = sum(entry.file_size for entry in entries)
    ratio = max((entry.file_size / max(entry.compress_size, 1) for entry in entries), default=0)
    if unpacked > limits.max_unpacked_bytes or ratio > limits.max_compression_ratio:
        refuse(
            "xlsx_too_large_unpacked",
            Text(
                "het XLSX-bestand is uitgepakt te groot (meer dan "
                f"{limits.max_unpacked_bytes // (1024 * 1024)} MB) of ongewoon sterk ingepakt "
                "(mogelijk een zip-bom); lever grote bestanden als CSV",
                "the XLSX file is too large unpacked (more than "
                f"{limits.max_unpacked_bytes // (1024 * 1024)} MB) or unusually highly "
                "compressed (possibly a zip bomb); deliver large files as CSV",
            ),
        )


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


class _SheetRows:
    """(row number, cells) straight from the sheet parser (no padding to the declared size),
    and the row it was reading when a cell could not be read."""

    def __init__(self, workbook) -> None:
        self.workbook = workbook
        self.parser: Any = None  # openpyxl's WorkSheetParser, once reading

    def __iter__(self):
        from openpyxl.worksheet._reader import WorkSheetParser  # the parser read-only sheets use

        sheet = self.workbook.worksheets[0]
        with sheet._get_source() as source:
            parser = WorkSheetParser(
                source,
                sheet._shared_strings,
                data_only=False,
                epoch=self.workbook.epoch,
                date_formats=self.workbook._date_formats,
                timedelta_formats=self.workbook._timedelta_formats,
            )
            self.parser = parser
            yield from parser.parse()

    @property
    def row_being_read(self) -> int | None:
        """The parser counts a row before it reads its cells, so a damaged cell is in this
        row; None before the first row (a damaged sheet rather than a damaged cell)."""
        return (self.parser.row_counter or None) if self.parser is not None else None


def _row_values(row_number: int, cells: list[dict], limits: DeliveryLimits) -> list[str]:
    from openpyxl.utils import get_column_letter

    values: dict[int, str] = {}
    for cell in cells:
        column = cell["column"]
        check_column_count(column, limits)
        if cell["data_type"] == "f":
            refuse(
                "formula_cell",
                Text(
                    "de cel bevat een formule; lever alleen waarden (kopieer en plak als waarden)",
                    "the cell holds a formula; deliver values only (copy and paste as values)",
                ),
                row=row_number,
                column=get_column_letter(column),
            )
        values[column] = _cell_text(cell["value"])
    width = max(values, default=0)
    return [values.get(column, "") for column in range(1, width + 1)]


def read_xlsx_rows(content: bytes, limits: DeliveryLimits) -> list[list[str]]:
    """The first sheet's rows as text, refused when it breaks a limit or holds a formula."""
    from openpyxl import load_workbook

    _check_archive(content, limits)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds; all mean "not a readable workbook"
        refuse("unreadable_xlsx", _UNREADABLE)
    rows: list[list[str]] = []
    sheet_rows = _SheetRows(workbook)
    try:
        for row_number, cells in sheet_rows:
            if row_number > limits.max_rows + 1:
                refuse(
                    "too_many_rows",
                    Text(
                        f"het bestand heeft te veel rijen; de grens is {limits.max_rows} rijen",
                        f"the file has too many rows; the limit is {limits.max_rows} rows",
                    ),
                )
            rows.append(_row_values(row_number, cells, limits))
    except DeliveryRejected:
        raise
    except Exception:  # noqa: BLE001 - broken XML (defusedxml refuses entities), damaged
        # archive (zlib, CRC): openpyxl and zipfile raise many kinds, all meaning "unreadable"
        row = sheet_rows.row_being_read
        if row is None:
            refuse("unreadable_xlsx", _UNREADABLE)
        refuse(
            "unreadable_cell",
            Text(
                "een cel in deze rij kan niet worden gelezen: het bestand is beschadigd of niet "
                "door een spreadsheetprogramma gemaakt; sla het opnieuw op of lever het als CSV",
                "a cell in this row cannot be read: the file is damaged or was not made by a "
                "spreadsheet program; save it again or deliver it as CSV",
            ),
            row=row,
        )
    finally:
        workbook.close()
    return rows
