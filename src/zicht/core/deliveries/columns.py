"""A file's column names as the partner wrote them, in Dutch or in English.

The checks call a column by its name inside Zicht (``municipality``); every problem is then
told with the name the file itself uses (``gemeente``), and a column the file lacks with its
name in the file's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import polars as pl

from zicht.core.catalog.columns import column_names
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
            replace(e, column=self.shown(e.column), message=_QUOTED.sub(self._quoted, e.message))
            for e in errors
        ]

    def _quoted(self, match: re.Match[str]) -> str:
        name = match.group(1)
        return f"'{self.shown(name)}'" if name in self.names else match.group(0)


# A column named in a message stands between single quotes.
_QUOTED = re.compile(r"'([a-z][a-z0-9_]*)'")


def read_column_names(frame: pl.DataFrame, catalog: Catalog) -> tuple[pl.DataFrame, FileColumns]:
    """Rename a file's Dutch or English column names to the names inside Zicht.

    Names Zicht does not know are left as they are (``hide_unknown_names`` hides them next);
    two columns that are one column under two names ("gemeente" and "municipality") are refused.
    """
    names = column_names(catalog)
    inside = {written: code for code, name in names.items() for written in (name.nl, name.en)}
    renames: dict[str, str] = {}
    for written in frame.columns:
        code = inside.get(written)
        if code is None:
            continue
        twice = [w for w, c in renames.items() if c == code]
        if twice:
            refuse(
                "duplicate_column",
                f"de kolommen '{twice[0]}' en '{written}' zijn dezelfde kolom; laat er één staan",
                row=1,
            )
        renames[written] = code
    english = any(names[c].en != names[c].nl and w == names[c].en for w, c in renames.items())
    dutch = any(names[c].en != names[c].nl and w == names[c].nl for w, c in renames.items())
    columns = FileColumns(
        names=names,
        written={code: written for written, code in renames.items()},
        language="en" if english and not dutch else "nl",
    )
    return frame.rename({w: c for w, c in renames.items() if w != c}), columns
