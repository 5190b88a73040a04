"""Limits on an uploaded delivery, checked before the file is parsed.

A hostile or broken file must be refused fast and in bounded memory: a 2 GB file is refused
after reading one byte more than the limit, a file of millions of empty lines or of one endless
line after a scan with bytes.count/find (C speed), and a header with a million columns before
Polars allocates a column for each. The limits are generous for real deliveries (a year of
counts per municipality is a few thousand rows, of police cases up to a million) and
configurable through the upload settings (``ZICHT_UPLOAD_MAX_MEGABYTES`` and the others in
``docs/operations.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, NoReturn

from zicht.core.catalog.model import Text
from zicht.core.deliveries.errors import DeliveryError, DeliveryRejected

MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class DeliveryLimits:
    # A police force's year of cases is up to a million rows (54 MB, docs/benchmarks.md).
    max_bytes: int = 100 * MEGABYTE  # the file as uploaded
    max_rows: int = 1_500_000
    max_columns: int = 100
    max_cell_characters: int = 1_000
    # XLSX is a zip file: what it unpacks to, and by how much one entry may be compressed.
    # Reading a sheet costs about 55 µs of CPU a cell in openpyxl's parser (20 MB of sheet
    # XML, 100,000 rows of four cells: 5.5 s), so large deliveries come as CSV.
    max_unpacked_bytes: int = 20 * MEGABYTE
    max_compression_ratio: int = 100

    @property
    def max_line_bytes(self) -> int:
        """The longest line a file within the column and cell limits can have (UTF-8 worst
        case: four bytes a character, quotes and a separator around every cell)."""
        return self.max_columns * (4 * self.max_cell_characters + 3) + 2


def refuse(code: str, message: Text, row: int | None = None, column: str | None = None) -> NoReturn:
    """Raise a refusal of the whole file for one reason."""
    raise DeliveryRejected([DeliveryError(row, column, code, message)])


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.0f} MB"


def read_limited(source: bytes | BinaryIO, limits: DeliveryLimits) -> bytes:
    """The whole upload as bytes, or a refusal as soon as it exceeds ``max_bytes``: at most
    one byte more than the limit is ever read."""
    if isinstance(source, bytes | bytearray | memoryview):
        content = bytes(source)
    else:
        content = source.read(limits.max_bytes + 1)
    if len(content) > limits.max_bytes:
        refuse(
            "file_too_large",
            Text(
                f"het bestand is te groot; de grens is {_megabytes(limits.max_bytes)} per levering",
                f"the file is too large; the limit is {_megabytes(limits.max_bytes)} a delivery",
            ),
        )
    return content


def check_text_shape(content: bytes, limits: DeliveryLimits) -> None:
    """Refuse a text file with too many lines, too long a line or too many columns in its
    header, without splitting it into lines (millions of empty lines cost no objects)."""
    lines = content.count(b"\n") + (0 if content.endswith(b"\n") else 1)
    if lines > limits.max_rows + 1:
        refuse(
            "too_many_rows",
            Text(
                f"het bestand heeft te veel regels; de grens is {limits.max_rows:,} rijen per "
                "levering".replace(",", "."),
                f"the file has too many lines; the limit is {limits.max_rows:,} rows a delivery",
            ),
        )
    start, number = 0, 1
    while start < len(content):
        end = content.find(b"\n", start)
        end = len(content) if end == -1 else end
        if end - start > limits.max_line_bytes:
            refuse(
                "line_too_long",
                Text(
                    "deze regel is te lang; controleer het scheidingsteken en de inhoud van de "
                    f"cellen (ten hoogste {limits.max_cell_characters} tekens per cel)",
                    "this line is too long; check the separator and the contents of the cells "
                    f"(at most {limits.max_cell_characters} characters a cell)",
                ),
                row=number,
            )
        start, number = end + 1, number + 1


def check_column_count(count: int, limits: DeliveryLimits) -> None:
    if count > limits.max_columns:
        refuse(
            "too_many_columns",
            Text(
                f"het bestand heeft te veel kolommen; de grens is {limits.max_columns}",
                f"the file has too many columns; the limit is {limits.max_columns}",
            ),
            row=1,
        )
