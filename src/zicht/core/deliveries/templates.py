"""Delivery templates: the file a partner fills in for a period.

Aggregate partners get one row per indicator × area with an empty value; record-level
partners get the header of the allowed, non-identifying attributes.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from zicht.core.catalog.model import AreaLevel, Catalog, DeliveryFormat
from zicht.core.csvfiles import safe_row
from zicht.core.periods import default_period

AGGREGATE_HEADER = ["indicator", "area", "period", "value"]


def template_rows(catalog: Catalog, partner: str, year: int) -> list[list[str]]:
    """Header plus rows of the template; the first row is the header."""
    spec = catalog.partners[partner]
    if spec.format is DeliveryFormat.RECORD:
        assert spec.record is not None
        return [list(spec.record.attributes)]
    rows = [AGGREGATE_HEADER]
    for indicator in sorted(catalog.indicators_of(partner, year), key=lambda i: i.code):
        areas = (
            [catalog.region]
            if indicator.area_level is AreaLevel.REGION
            else list(catalog.partner_areas(partner))
        )
        period = default_period(indicator.period_type, year)
        rows += [[indicator.code, area, period, ""] for area in areas]
    return rows


def write_template(catalog: Catalog, partner: str, year: int, path: str | Path) -> Path:
    """Write the template as CSV (``;``-separated, UTF-8 with BOM for Excel) or XLSX."""
    path = Path(path)
    rows = template_rows(catalog, partner, year)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.worksheets[0]
        sheet.title = f"{partner} {year}"[:31]
        for row in rows:
            sheet.append(safe_row(row))
        workbook.save(path)
        return path
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(map(safe_row, rows))
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    return path
