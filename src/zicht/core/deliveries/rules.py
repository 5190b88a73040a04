"""Shared column rules for both kinds of delivery, vectorised with Polars.

Each rule takes the frame (with a ``_row`` column holding the spreadsheet row number) and
returns the problems it finds; the frame is never changed here.
"""

from __future__ import annotations

import polars as pl
from openpyxl.utils import get_column_letter

from zicht.core.breakdowns import TOTAL_LABEL
from zicht.core.catalog.columns import column_names
from zicht.core.catalog.model import Catalog, Partner, Text
from zicht.core.deliveries.errors import MAX_REPORTED, DeliveryError

ROW = "_row"
TOTAL = TOTAL_LABEL


def with_row_numbers(frame: pl.DataFrame) -> pl.DataFrame:
    # Row 1 is the header, so the first data row is row 2, as the partner sees it in Excel.
    return frame.with_row_index(ROW, offset=2)


def without_empty_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows with something in them. A spreadsheet exported with blank lines or rows of
    separators alone (";;;;") holds no case and no figure there: refusing each such row five
    times over as "onbekend" would hide the real mistakes. Row numbers stay the spreadsheet's."""
    cells = [c for c in frame.columns if c != ROW]
    if not cells or frame.height == 0:
        return frame
    filled = pl.any_horizontal(
        [pl.col(c).cast(pl.String).str.strip_chars().fill_null("") != "" for c in cells]
    )
    return frame.filter(filled)


def errors_where(
    frame: pl.DataFrame, condition: pl.Expr, column: str, code: str, message: Text
) -> list[DeliveryError]:
    """One error per failing row for the first rows, and one line counting the rest."""
    failing = frame.filter(condition).get_column(ROW)
    errors = [DeliveryError(row, column, code, message) for row in failing.head(MAX_REPORTED)]
    return errors + more_rows(len(failing) - MAX_REPORTED, column, code)


def more_rows(count: int, column: str | None, code: str) -> list[DeliveryError]:
    """The line that stands for ``count`` further rows with the same problem (if any)."""
    if count <= 0:
        return []
    message = Text(
        f"… en nog {count} rij(en) met dezelfde fout",
        f"… and {count} more row(s) with the same problem",
    )
    return [DeliveryError(None, column, code, message, repeats=count)]


def area_mapping(catalog: Catalog) -> dict[str, str | None]:
    """Every code a partner may use (current or merged-away) → the code Zicht stores."""
    codes = set(catalog.municipalities) | set(catalog.regions)
    codes |= {p.code for merger in catalog.mergers for p in merger.predecessors}
    return {code: catalog.current_area_code(code) for code in codes}


#: The code of the area whose name a cell holds where its code belongs ("Schiedam").
NAMED = "_named"


def area_names(catalog: Catalog) -> dict[str, str]:
    """Every municipality's and region's name, lower case → its code."""
    names = {area.name.lower(): code for code, area in catalog.municipalities.items()}
    for code, region in catalog.regions.items():
        names |= {region.name.nl.lower(): code, region.name.en.lower(): code}
    return names


def map_areas(frame: pl.DataFrame, column: str, catalog: Catalog, *also: pl.Expr) -> pl.DataFrame:
    """Add ``_area``: the stored code for each delivered code (None when unknown); and
    ``_named``: for a cell that holds an area's name instead of its code, that code."""
    mapping = area_mapping(catalog)
    area = pl.col(column).str.to_uppercase().replace_strict(mapping, default=None)
    typed = pl.col(column).str.strip_chars().str.to_lowercase()
    named = pl.when(area.is_null()).then(typed.replace_strict(area_names(catalog), default=None))
    return frame.with_columns(area.alias("_area"), named.alias(NAMED), *also)


def area_name_errors(frame: pl.DataFrame, column: str, catalog: Catalog) -> list[DeliveryError]:
    """Cells that name an area instead of giving its code, with the code to use. The name is
    repeated only because it is the catalogue's own, public name: any other text in the
    cell stays unrepeated (it falls under ``unknown_area``)."""
    codes = frame.get_column(NAMED).drop_nulls().unique().sort().to_list()
    errors = []
    for code in codes:  # at most one per area in the catalogue
        if code in catalog.municipalities:
            name = catalog.municipalities[code].name
            text = Text(
                f"'{name}' is de naam van een gemeente; vul de CBS-code in: {code}",
                f"'{name}' is the name of a municipality; fill in its CBS code: {code}",
            )
        else:
            region = catalog.regions[code]
            text = Text(
                f"'{region.name.nl}' is de naam van de regio; vul de regiocode in: {code}",
                f"'{region.name.en}' is the name of the region; fill in its region code: {code}",
            )
        errors += errors_where(frame, pl.col(NAMED) == code, column, "area_name_not_code", text)
    return errors


def spreadsheet_letter(position: int) -> str:
    """The column's letter as the partner sees it in a spreadsheet: 0 → A, 26 → AA."""
    return get_column_letter(position + 1)


def hide_unknown_names(frame: pl.DataFrame, known: set[str]) -> pl.DataFrame:
    """Columns Zicht does not know keep their place but not their name.

    A header is typed by the partner and may itself be personal data ("Jan Jansen
    12-03-1990"), so it is never repeated in an error, a page or the database: such a column is
    called by its spreadsheet letter (C) from here on, in every problem found in it. Known
    names are lower case, letters upper case, so the two never meet.
    """
    file_columns = [c for c in frame.columns if c != ROW]
    renames = {
        name: spreadsheet_letter(position)
        for position, name in enumerate(file_columns)
        if name not in known
    }
    return frame.rename(renames) if renames else frame


def unknown_columns(columns: list[str], allowed: set[str], catalog: Catalog) -> list[DeliveryError]:
    """Columns that are not in the partner's template are refused.

    A name Zicht does not know might carry personal data, so by now such a column is called by
    its letter (``parse_delivery`` hid the typed header, ``hide_unknown_names``). A column Zicht
    knows but this partner does not deliver ("geslacht" where no figure is split by sex) is
    called by its name and said to be not in the template.
    """
    allowed_names = allowed_column_names(allowed, catalog)
    known = column_names(catalog)
    refused = []
    for column in columns:
        if column in allowed or column == ROW:
            continue
        if column in known:
            code, why = (
                "column_not_in_template",
                Text(
                    "deze kolom staat niet in het sjabloon van deze partner",
                    "this column is not in this partner's template",
                ),
            )
        else:
            code, why = (
                "unknown_column",
                Text(
                    "onbekende kolomnaam (die tonen we niet: ze kan persoonsgegevens bevatten)",
                    "unknown column name (not shown here: it may hold personal data)",
                ),
            )
        message = Text(
            f"{why.nl}; toegestaan zijn alleen: {allowed_names.nl}",
            f"{why.en}; only these are allowed: {allowed_names.en}",
        )
        refused.append(DeliveryError(1, column, code, message))
    return refused


def allowed_column_names(allowed: set[str], catalog: Catalog) -> Text:
    """The allowed columns by their names in each language, and by their names in the other
    language where those differ."""
    names = [name for code, name in column_names(catalog).items() if code in allowed]
    dutch = ", ".join(name.nl for name in names)
    english = ", ".join(name.en for name in names)
    if dutch == english:
        return Text(dutch, english)
    return Text(f"{dutch} (of in het Engels: {english})", f"{english} (or in Dutch: {dutch})")


def missing_columns(columns: list[str], required: list[str]) -> list[DeliveryError]:
    return [
        DeliveryError(
            1,
            column,
            "missing_column",
            Text("verplichte kolom ontbreekt", "required column missing"),
        )
        for column in required
        if column not in columns
    ]


def category_labels(catalog: Catalog, dimension: str) -> dict[str, tuple[str, str]]:
    """A category's label in either language, lower case → (its code, the label as the
    catalogue writes it), where the label is not the code itself ("seksuele uitbuiting")."""
    labels: dict[str, tuple[str, str]] = {}
    for category in catalog.dimensions[dimension].categories:
        for label in (category.label.nl, category.label.en):
            if label.lower() != category.code:
                labels.setdefault(label.lower(), (category.code, label))
    return labels


def category_errors(
    frame: pl.DataFrame, catalog: Catalog, dimensions: list[str], allow_total: bool
) -> list[DeliveryError]:
    """Cells of a breakdown column that hold no code of its dimension. An empty cell is the
    total where totals are allowed (an aggregate file), and refused otherwise. A category
    written as its label ("Seksuele uitbuiting") is told its code: the label is the
    catalogue's own text, so saying it back leaks nothing."""
    errors = []
    for dimension in dimensions:
        allowed = sorted(catalog.dimensions[dimension].category_codes)
        typed = pl.col(dimension).str.strip_chars().str.to_lowercase()
        valid = pl.col(dimension).str.to_lowercase().is_in(allowed)
        if allow_total:
            valid = valid | pl.col(dimension).str.to_lowercase().is_in(["", TOTAL])
        invalid = ~valid.fill_null(allow_total)
        labels = category_labels(catalog, dimension)
        errors += errors_where(
            frame,
            invalid & ~typed.is_in(list(labels)).fill_null(False),
            dimension,
            "unknown_category",
            Text(
                f"onbekende categorie; kies uit: {', '.join(allowed)}"
                + (f" (of '{TOTAL}')" if allow_total else ""),
                f"unknown category; choose from: {', '.join(allowed)}"
                + (f" (or '{TOTAL}')" if allow_total else ""),
            ),
        )
        found = frame.filter(invalid & typed.is_in(list(labels))).select(typed.unique().sort())
        for written in found.to_series().to_list():  # at most the dimension's labels
            code, label = labels[written]
            errors += errors_where(
                frame,
                invalid & (typed == written),
                dimension,
                "category_label_not_code",
                Text(
                    f"'{label}' is de omschrijving van een categorie; vul de code in: {code}",
                    f"'{label}' is the description of a category; fill in its code: {code}",
                ),
            )
    return errors


def coverage_errors(
    frame: pl.DataFrame, catalog: Catalog, partner: Partner, column: str
) -> list[DeliveryError]:
    """Rows for a municipality the partner does not deliver for."""
    covered = list(catalog.partner_areas(partner.code)) + list(catalog.regions)
    area = pl.col("_area")
    return errors_where(
        frame,
        area.is_not_null() & ~area.is_in(covered),
        column,
        "area_not_covered_by_partner",
        Text(
            f"{partner.name.nl} levert niet voor deze gemeente",
            f"{partner.name.en or partner.name.nl} does not deliver for this municipality",
        ),
    )
