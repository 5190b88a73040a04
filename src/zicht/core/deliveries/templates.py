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


def _allowed_codes(catalog: Catalog, partner: str, year: int) -> dict[str, list[str]]:
    """Per template column the codes a cell may hold (the drop-down lists of the XLSX)."""
    spec = catalog.partners[partner]
    areas = list(catalog.partner_areas(partner))
    if spec.format is DeliveryFormat.RECORD:
        assert spec.record is not None
        allowed = {"municipality": areas}
        for column in spec.record.attributes:
            if column in catalog.dimensions:
                allowed[column] = sorted(catalog.dimensions[column].category_codes)
        return allowed
    indicators = sorted(i.code for i in catalog.indicators_of(partner, year))
    region_level = any(
        i.area_level is AreaLevel.REGION for i in catalog.indicators_of(partner, year)
    )
    return {"indicator": indicators, "area": areas + ([catalog.region] if region_level else [])}


def _instructions(catalog: Catalog, partner: str, year: int) -> list[str]:
    spec = catalog.partners[partner]
    lines = [
        f"Leveringssjabloon {spec.name.nl}, jaar {year}",
        "",
        "Zo vult u dit sjabloon in:",
        "1. Vul het eerste werkblad in. Verander de kolomnamen in rij 1 niet.",
        "2. Kies codes uit de keuzelijst in de cel; andere codes worden geweigerd.",
        "3. Vul geen namen, geboortedata, adressen, telefoonnummers of andere "
        "persoonsgegevens in: het bestand wordt dan geweigerd.",
        "4. Sla het bestand op als XLSX (of CSV) en lever het aan in het portaal.",
        "5. Na het uploaden ziet u per rij en kolom wat er niet klopt; "
        "verbeter het bestand en upload het opnieuw.",
        "",
    ]
    if spec.format is DeliveryFormat.RECORD:
        lines += [
            "Eén rij per casus. Zicht telt de rijen en bewaart ze niet.",
            f"De periode is het jaar ({year}), of JJJJ-MM of JJJJ-MM-DD binnen {year}.",
        ]
    else:
        lines += [
            "Vul in de kolom 'value' het aantal in (een heel getal, zonder punt of spatie).",
            "Laat indicator, gebied en periode staan zoals ze in het sjabloon staan.",
        ]
    lines += ["", "Toegestane codes:"]
    for column, codes in _allowed_codes(catalog, partner, year).items():
        lines.append(f"{column}: {', '.join(codes)}")
    return lines


def template_xlsx(catalog: Catalog, partner: str, year: int) -> bytes:
    """The XLSX template: the sheet to fill in with drop-down lists of the allowed codes (on a
    hidden sheet of codes), and a sheet of instructions in Dutch."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    rows = template_rows(catalog, partner, year)
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = f"{partner} {year}"[:31]
    for row in rows:
        sheet.append(safe_row(row))
    codes = workbook.create_sheet("codes")
    codes.sheet_state = "hidden"
    last_row = max(len(rows), 1) + 1000
    for index, (column, allowed) in enumerate(_allowed_codes(catalog, partner, year).items(), 1):
        letter = get_column_letter(index)
        codes.cell(row=1, column=index, value=column)
        for offset, code in enumerate(allowed, 2):
            codes.cell(row=offset, column=index, value=code)
        target = get_column_letter(rows[0].index(column) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"codes!${letter}$2:${letter}${len(allowed) + 1}",
            allow_blank=False,
            showErrorMessage=True,
            errorTitle="Onbekende code",
            error="Kies een code uit de lijst.",
        )
        validation.add(f"{target}2:{target}{last_row}")
        sheet.add_data_validation(validation)
    guide = workbook.create_sheet("Toelichting")
    for line in _instructions(catalog, partner, year):
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(catalog: Catalog, partner: str, year: int) -> bytes:
    """The CSV template: ``;``-separated, UTF-8 with a byte order mark so Excel reads it."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(
        map(safe_row, template_rows(catalog, partner, year))
    )
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def write_template(catalog: Catalog, partner: str, year: int, path: str | Path) -> Path:
    """Write the template as CSV (``;``-separated, UTF-8 with BOM for Excel) or XLSX."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        path.write_bytes(template_xlsx(catalog, partner, year))
    else:
        path.write_bytes(template_csv(catalog, partner, year))
    return path
