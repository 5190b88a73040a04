"""Delivery templates: the file a partner fills in for a period.

Aggregate partners get one row per indicator × area with an empty value; record-level
partners get the header of the allowed, non-identifying attributes. The column names are in
the template's language (``gemeente`` or ``municipality``); a file is read with either.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from zicht.core.breakdowns import TOTAL_LABEL
from zicht.core.catalog.columns import aggregate_breakdowns, column_header
from zicht.core.catalog.model import AreaLevel, Catalog, DeliveryFormat, Partner, Text
from zicht.core.csvfiles import safe_row
from zicht.core.deliveries.aggregate import REQUIRED as AGGREGATE_REQUIRED
from zicht.core.deliveries.records import REQUIRED as RECORD_REQUIRED
from zicht.core.periods import default_period


def template_columns(catalog: Catalog, partner: str, year: int) -> list[str]:
    """The template's columns by their names inside Zicht, in the template's order."""
    spec = catalog.partners[partner]
    if spec.format is DeliveryFormat.RECORD:
        assert spec.record is not None
        return list(spec.record.attributes)
    return ["indicator", "area", "period", *aggregate_breakdowns(catalog, partner, year), "value"]


def template_rows(
    catalog: Catalog, partner: str, year: int, language: str = "nl"
) -> list[list[str]]:
    """Header plus rows of the template; the first row is the header, in ``language``.

    An aggregate indicator with breakdowns gets its total row ("totaal" in each of its
    breakdown columns) and a row per category of each breakdown, one breakdown at a time:
    the one-way margins Zicht reads (:mod:`zicht.core.breakdowns`).
    """
    columns = template_columns(catalog, partner, year)
    rows = [[column_header(c, catalog, language) for c in columns]]
    if catalog.partners[partner].format is DeliveryFormat.RECORD:
        return rows
    dimensions = aggregate_breakdowns(catalog, partner, year)
    for indicator in sorted(catalog.indicators_of(partner, year), key=lambda i: i.code):
        areas = (
            [catalog.region]
            if indicator.area_level is AreaLevel.REGION
            else list(catalog.partner_areas(partner))
        )
        period = default_period(indicator.period_type, year)
        total = [TOTAL_LABEL if d in indicator.breakdowns else "" for d in dimensions]
        margins = [total] + [
            total[:n] + [category.code] + total[n + 1 :]
            for n, dimension in enumerate(dimensions)
            if dimension in indicator.breakdowns
            for category in catalog.dimensions[dimension].categories
        ]
        rows += [[indicator.code, area, period, *cells, ""] for area in areas for cells in margins]
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
    allowed = {"indicator": indicators, "area": areas + ([catalog.region] if region_level else [])}
    for dimension in aggregate_breakdowns(catalog, partner, year):
        allowed[dimension] = [TOTAL_LABEL, *sorted(catalog.dimensions[dimension].category_codes)]
    return allowed


#: What each fixed template column holds; dimension columns take the dimension's own name.
COLUMN_MEANINGS = {
    "municipality": Text("de gemeente, als CBS-code", "the municipality, as its CBS code"),
    "period": Text(
        "de periode: het jaar, of JJJJ-MM of JJJJ-MM-DD binnen het jaar",
        "the period: the year, or YYYY-MM or YYYY-MM-DD within the year",
    ),
    "indicator": Text("het cijfer, als code", "the figure, as its code"),
    "area": Text("het gebied, als CBS-code", "the area, as its CBS code"),
    "value": Text("het aantal: een heel getal, ook 0", "the number: a whole number, 0 too"),
}


@dataclass(frozen=True)
class TemplateGuide:
    """The instructions sheet's fixed texts, in both languages."""

    title: Text
    how: Text
    steps: tuple[Text, ...]
    record: tuple[Text, ...]
    aggregate: tuple[Text, ...]
    breakdowns: Text
    columns: Text
    required: Text
    record_dimension: Text
    aggregate_dimension: Text
    other_language: Text
    codes: Text
    list_title: Text
    list_prompt: Text
    list_error_title: Text
    list_error: Text


_GUIDE = TemplateGuide(
    title=Text(
        "Leveringssjabloon {partner}, jaar {year}", "Delivery template {partner}, year {year}"
    ),
    how=Text("Zo vult u dit sjabloon in:", "How to fill in this template:"),
    steps=(
        Text(
            "1. Vul het eerste werkblad in. Verander de kolomnamen in rij 1 niet.",
            "1. Fill in the first sheet. Do not change the column names in row 1.",
        ),
        Text(
            "2. Kies codes uit de keuzelijst in de cel; andere codes worden geweigerd.",
            "2. Choose codes from the drop-down list in the cell; other codes are refused.",
        ),
        Text(
            "3. Vul geen namen, geboortedata, adressen, telefoonnummers of andere "
            "persoonsgegevens in: het bestand wordt dan geweigerd.",
            "3. Do not enter names, dates of birth, addresses, phone numbers or other personal "
            "data: the file is then refused.",
        ),
        Text(
            "4. Sla het bestand op als XLSX (of CSV) en lever het aan in het portaal.",
            "4. Save the file as XLSX (or CSV) and deliver it in the portal.",
        ),
        Text(
            "5. Na het uploaden ziet u per rij en kolom wat er niet klopt; "
            "verbeter het bestand en upload het opnieuw.",
            "5. After uploading you see per row and column what is wrong; correct "
            "the file and upload it again.",
        ),
    ),
    record=(
        Text(
            "Eén rij per casus. Zicht telt de rijen en bewaart ze niet.",
            "One row per case. Zicht counts the rows and does not keep them.",
        ),
        Text(
            "Geen casussen dit jaar? Lever het sjabloon met alleen de kopregel: Zicht telt "
            "dan 0 voor elke gemeente in de lijst hieronder.",
            "No cases this year? Deliver the template with the header row alone: Zicht then "
            "counts 0 for every municipality in the list below.",
        ),
    ),
    aggregate=(
        Text(
            "Vul in de kolom 'aantal' per rij het aantal in, ook 0.",
            "Enter the number in the column 'value' on every row, 0 too.",
        ),
        Text(
            "Laat indicator, gebied en periode staan zoals ze in het sjabloon staan.",
            "Leave indicator, area and period as they are in the template.",
        ),
    ),
    breakdowns=Text(
        "Een rij met 'totaal' in de uitsplitskolommen is het totaal; de rijen per categorie "
        "(zoals 'vrouw') tellen samen op tot dat totaal. Een rij splitst naar één kenmerk.",
        "A row with 'totaal' in the breakdown columns is the total; the rows per category (such "
        "as 'vrouw') add up to that total. A row splits by one characteristic.",
    ),
    columns=Text("Kolommen:", "Columns:"),
    required=Text(" (verplicht)", " (required)"),
    record_dimension=Text(
        "{name}, per casus; kies een code uit de lijst 'Toegestane codes' hieronder",
        "{name}, per case; choose a code from the list 'Allowed codes' below",
    ),
    aggregate_dimension=Text(
        "{name}; 'totaal' op de rij van het totaal, anders een code uit de lijst 'Toegestane "
        "codes' hieronder",
        "{name}; 'totaal' on the row of the total, otherwise a code from the list 'Allowed "
        "codes' below",
    ),
    other_language=Text(
        "De Engelse kolomnamen (uit het Engelse portaal) worden ook aanvaard.",
        "The Dutch column names (from the Dutch portal) are accepted too.",
    ),
    codes=Text("Toegestane codes:", "Allowed codes:"),
    # Shown by Excel in the cell (a title of at most 32 characters, a text of at most 255):
    # the drop-down list holds codes only, so the cell says what they mean or where to look.
    list_title=Text("Kies een code", "Choose a code"),
    list_prompt=Text(
        "Wat elke code betekent, staat op het blad 'Toelichting'.",
        "What each code means is on the sheet 'Instructions'.",
    ),
    list_error_title=Text("Onbekende code", "Unknown code"),
    list_error=Text(
        "Kies een code uit de lijst. Wat elke code betekent, staat op het blad 'Toelichting'.",
        "Choose a code from the list. What each code means is on the sheet 'Instructions'.",
    ),
)

#: Excel's limit on a data validation's input message.
PROMPT_LIMIT = 255


def list_prompt(codes: list[str], names: dict[str, str], language: str) -> str:
    """The cell's input message: a short list's codes with their meaning, for a partner who
    sees only "anders_onbekend" in the drop-down; a long list (municipalities) points to the
    instructions sheet, which names every code."""
    pairs = "; ".join(
        f"{code} = {names[code]}" if names.get(code, code) != code else code for code in codes
    )
    return pairs if len(pairs) <= PROMPT_LIMIT else _GUIDE.list_prompt.get(language)


def _code_names(catalog: Catalog, column: str, language: str) -> dict[str, str]:
    """What a code means, for the codes a column takes: CBS codes name their municipality."""
    if column in ("municipality", "area"):
        names = {code: area.name for code, area in catalog.municipalities.items()}
        return names | {code: r.name.get(language) for code, r in catalog.regions.items()}
    if column == "indicator":
        return {code: i.name.get(language) for code, i in catalog.indicators.items()}
    if column in catalog.dimensions:
        return {c.code: c.label.get(language) for c in catalog.dimensions[column].categories}
    return {}


def _required_columns(catalog: Catalog, spec: Partner) -> set[str]:
    """The columns a file is refused without (the checks' own lists, so the sheet cannot
    promise what the checks do not hold)."""
    if spec.format is DeliveryFormat.RECORD:
        assert spec.record is not None
        dimensions = {a for a in spec.record.attributes if a in catalog.dimensions}
        return set(RECORD_REQUIRED) | dimensions
    return set(AGGREGATE_REQUIRED)


def _instructions(catalog: Catalog, partner: str, year: int, language: str = "nl") -> list[str]:
    spec = catalog.partners[partner]
    title = _GUIDE.title.get(language).format(partner=spec.name.get(language), year=year)
    lines = [title, "", _GUIDE.how.get(language)]
    lines += [step.get(language) for step in _GUIDE.steps]
    lines.append("")
    kind = _GUIDE.record if spec.format is DeliveryFormat.RECORD else _GUIDE.aggregate
    lines += [text.get(language) for text in kind]
    if spec.format is not DeliveryFormat.RECORD and aggregate_breakdowns(catalog, partner, year):
        lines.append(_GUIDE.breakdowns.get(language))
    lines += ["", _GUIDE.columns.get(language)]
    required = _required_columns(catalog, spec)
    for column in template_columns(catalog, partner, year):
        header = column_header(column, catalog, language)
        if column in required:
            header += _GUIDE.required.get(language)
        meaning = COLUMN_MEANINGS.get(column)
        text = meaning.get(language) if meaning else ""
        if meaning is None and column in catalog.dimensions:
            explained = (
                _GUIDE.record_dimension
                if spec.format is DeliveryFormat.RECORD
                else _GUIDE.aggregate_dimension
            )
            name = catalog.dimensions[column].name.get(language)
            text = explained.get(language).format(name=name)
        lines.append(f"{header}: {text}" if text else header)
    lines.append(_GUIDE.other_language.get(language))
    lines += ["", _GUIDE.codes.get(language)]
    for column, codes in _allowed_codes(catalog, partner, year).items():
        names = _code_names(catalog, column, language)
        lines.append(f"{column_header(column, catalog, language)}:")
        lines += [f"  {code} = {names[code]}" if code in names else f"  {code}" for code in codes]
    return lines


def template_xlsx(catalog: Catalog, partner: str, year: int, language: str = "nl") -> bytes:
    """The XLSX template: the sheet to fill in with drop-down lists of the allowed codes (on a
    hidden sheet of codes), and a sheet of instructions in the portal's language that says what
    each column and code means."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    rows = template_rows(catalog, partner, year, language)
    columns = template_columns(catalog, partner, year)
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
        codes.cell(row=1, column=index, value=column_header(column, catalog, language))
        for offset, code in enumerate(allowed, 2):
            codes.cell(row=offset, column=index, value=code)
        target = get_column_letter(columns.index(column) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"codes!${letter}$2:${letter}${len(allowed) + 1}",
            allow_blank=False,
            showErrorMessage=True,
            errorTitle=_GUIDE.list_error_title.get(language),
            error=_GUIDE.list_error.get(language),
            showInputMessage=True,
            promptTitle=_GUIDE.list_title.get(language),
            prompt=list_prompt(allowed, _code_names(catalog, column, language), language),
        )
        validation.add(f"{target}2:{target}{last_row}")
        sheet.add_data_validation(validation)
    guide = workbook.create_sheet(Text("Toelichting", "Instructions").get(language))
    for line in _instructions(catalog, partner, year, language):
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(catalog: Catalog, partner: str, year: int, language: str = "nl") -> bytes:
    """The CSV template: ``;``-separated, UTF-8 with a byte order mark so Excel reads it."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(
        map(safe_row, template_rows(catalog, partner, year, language))
    )
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def write_template(
    catalog: Catalog, partner: str, year: int, path: str | Path, language: str = "nl"
) -> Path:
    """Write the template as CSV (``;``-separated, UTF-8 with BOM for Excel) or XLSX."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        path.write_bytes(template_xlsx(catalog, partner, year, language))
    else:
        path.write_bytes(template_csv(catalog, partner, year, language))
    return path
