"""A file's column names as the partner wrote them, in Dutch or in English.

The checks call a column by its name inside Zicht (``municipality``); every problem is then
told with the name the file itself uses (``gemeente``), and a column the file lacks with its
name in the file's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import polars as pl

from zicht.core.catalog.columns import COLUMN_NAME_PATTERN, column_names
from zicht.core.catalog.model import Catalog, Text
from zicht.core.deliveries.errors import DeliveryError
from zicht.core.deliveries.limits import refuse


@dataclass(frozen=True)
class FileColumns:
    """How one file names its columns."""

    names: dict[str, Text]  # every column a file may have: name inside Zicht → its names
    written: dict[str, str]  # name inside Zicht → the name in this file
    language: str  # "en" when the file uses English names only, else "nl"

    def shown(self, column: str | None) -> str | None:
        """The name a problem in ``column`` is told with."""
        if column is None:
            return None
        if column in self.written:
            return self.written[column]
        name = self.names.get(column)
        return name.get(self.language) if name is not None else column

    def tell(self, errors: list[DeliveryError]) -> list[DeliveryError]:
        """The problems with every column called as the partner knows it: the column a problem
        is in, and the columns its message names between quotes ("vul alleen 'sex' in")."""
        return [
            replace(
                e,
                column=self.shown(e.column),
                text=Text(
                    _QUOTED.sub(self._quoted, e.text.nl), _QUOTED.sub(self._quoted, e.text.en)
                ),
            )
            for e in errors
        ]

    def _quoted(self, match: re.Match[str]) -> str:
        name = match.group(1)
        return f"'{self.shown(name)}'" if name in self.names else match.group(0)


# A column named in a message stands between single quotes.
_QUOTED = re.compile(f"'({COLUMN_NAME_PATTERN})'")


def read_column_names(frame: pl.DataFrame, catalog: Catalog) -> tuple[pl.DataFrame, FileColumns]:
    """Rename a file's Dutch or English column names to the names inside Zicht.

    Names Zicht does not know are left as they are (``hide_unknown_names`` hides them next);
    two columns that are one column under two names ("gemeente" and "municipality") are refused.
    """
    names = column_names(catalog)
    inside = {written: code for code, name in names.items() for written in (name.nl, name.en)}
    written_as: dict[str, str] = {}  # name inside Zicht → the name in this file
    for written in frame.columns:
        code = inside.get(written)
        if code is None:
            continue
        if code in written_as:
            refuse(
                "duplicate_column",
                Text(
                    f"de kolommen '{written_as[code]}' en '{written}' zijn dezelfde kolom; "
                    "laat er één staan",
                    f"the columns '{written_as[code]}' and '{written}' are the same column; "
                    "keep one of them",
                ),
                row=1,
            )
        written_as[code] = written
    # Only names that differ between the languages tell which one the file is written in.
    languages = {
        "en" if written == names[code].en else "nl"
        for code, written in written_as.items()
        if names[code].nl != names[code].en
    }
    columns = FileColumns(names, written_as, "en" if languages == {"en"} else "nl")
    renames = {written: code for code, written in written_as.items() if written != code}
    return frame.rename(renames), columns
