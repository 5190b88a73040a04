"""The columns of a delivery file, by their names in Dutch and in English.

A template from the Dutch portal has Dutch column names (``gemeente;periode;geslacht``), one
from the English portal English names (``municipality;period;sex``); a file is read with
either, or a mix. Inside Zicht a column is called by its English name, which for a breakdown
is the dimension's code.
"""

from __future__ import annotations

import re

from zicht.core.catalog.model import Catalog, Text

#: The columns every delivery file has, whatever the catalogue says, in the order messages
#: list them (an aggregate file's columns, then a record-level file's).
FIXED_COLUMNS = {
    "indicator": Text("indicator", "indicator"),
    "area": Text("gebied", "area"),
    "municipality": Text("gemeente", "municipality"),
    "period": Text("periode", "period"),
    "value": Text("aantal", "value"),
}

#: A column name a spreadsheet user can type and a CSV carries without quoting.
COLUMN_NAME_PATTERN = r"[a-z][a-z0-9_]*"
COLUMN_NAME = re.compile(f"^{COLUMN_NAME_PATTERN}$")


def column_names(catalog: Catalog) -> dict[str, Text]:
    """Every column a delivery file may have: its name inside Zicht → its name per language."""
    return FIXED_COLUMNS | {code: d.column for code, d in catalog.dimensions.items()}


def column_header(column: str, catalog: Catalog, language: str) -> str:
    """The name a template in ``language`` gives the column."""
    name = column_names(catalog).get(column)
    return name.get(language) if name is not None else column


def aggregate_breakdowns(catalog: Catalog, partner: str, year: int) -> list[str]:
    """The breakdowns of an aggregate partner's indicators that year, in the catalogue's order:
    the breakdown columns of its template and of the files it delivers."""
    used = {d for i in catalog.indicators_of(partner, year) for d in i.breakdowns}
    return [d for d in catalog.dimensions if d in used]
