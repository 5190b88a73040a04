"""Open data of an edition: long-format CSV and JSON, like CBS open data.

One row per published figure — indicator × area × period × breakdown (``dimension`` and
``category``, both empty for the total) — with ``value`` (empty when withheld), ``lower`` and
``upper`` (the 95% interval of an estimate), ``symbol`` (``<5``, ``x``), ``status``
(``noisy`` for a count with differential-privacy noise), ``noise_margin`` (that noise's 95%
margin, empty otherwise) and ``notes`` (ids into the notes table, space-separated). Beside
it: the code lists of indicators (definitions and units), areas and categories, and the notes.
The CSVW metadata that describes these files is in :mod:`zicht.core.publication.metadata`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from zicht.core.csvfiles import safe_row
from zicht.core.publication.published import PublishedEdition, PublishedFigure

FIGURE_COLUMNS = (
    "indicator",
    "area",
    "period",
    "dimension",
    "category",
    "value",
    "lower",
    "upper",
    "symbol",
    "status",
    "noise_margin",
    "notes",
)


def number_text(value: float | None, *, whole: bool = False) -> str:
    """A number as open data writes it: a point for decimals, no thousands separator."""
    if value is None:
        return ""
    if whole or float(value).is_integer():  # an estimate of persons is given in whole persons
        return str(round(value))
    return repr(float(value))


def figure_row(figure: PublishedFigure) -> list[str]:
    estimate = figure.lower is not None
    return [
        figure.indicator,
        figure.area,
        figure.period,
        figure.dimension,
        figure.category,
        number_text(figure.value, whole=estimate),
        number_text(figure.lower, whole=True),
        number_text(figure.upper, whole=True),
        figure.symbol,
        figure.status.value,
        number_text(figure.noise_margin, whole=True),
        " ".join(figure.notes),
    ]


def _csv(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, as CSVW expects
    writer.writerow(safe_row(header))
    writer.writerows(map(safe_row, rows))  # no cell a spreadsheet would run as a formula
    return buffer.getvalue()


def figures_csv(edition: PublishedEdition) -> str:
    return _csv(FIGURE_COLUMNS, (figure_row(f) for f in edition.figures))


def indicators_csv(edition: PublishedEdition) -> str:
    header: tuple[str, ...] = ("code", "theme", "source", "name_nl", "name_en", "definition_nl")
    header += ("definition_en", "unit_nl", "unit_en", "kind", "area_level", "data_status")
    rows = (
        (
            i.code,
            i.theme,
            i.partner,
            i.name.nl,
            i.name.en,
            i.definition.nl,
            i.definition.en,
            i.unit.nl,
            i.unit.en,
            i.kind,
            i.area_level,
            i.data_status,
        )
        for i in sorted(edition.indicators.values(), key=lambda i: i.code)
    )
    return _csv(header, rows)


def areas_csv(edition: PublishedEdition) -> str:
    rows = (
        (a.code, a.name.nl, a.name.en, a.level, a.region, number_text(a.population))
        for a in sorted(edition.areas.values(), key=lambda a: a.code)
    )
    return _csv(("code", "name_nl", "name_en", "level", "region", "population"), rows)


def categories_csv(edition: PublishedEdition) -> str:
    header = ("dimension", "code", "dimension_nl", "dimension_en", "label_nl", "label_en")
    rows = (
        (c.dimension, c.code, c.dimension_name.nl, c.dimension_name.en, c.label.nl, c.label.en)
        for c in edition.categories
    )
    return _csv(header, rows)


def notes_csv(edition: PublishedEdition) -> str:
    rows = ((n.id, n.kind, n.indicator, n.theme, n.text.nl, n.text.en) for n in edition.notes)
    return _csv(("id", "kind", "indicator", "theme", "text_nl", "text_en"), rows)


#: The files of an edition's open data, by name, as written by ``zicht export`` and served.
CSV_FILES = {
    "figures.csv": figures_csv,
    "indicators.csv": indicators_csv,
    "areas.csv": areas_csv,
    "categories.csv": categories_csv,
    "notes.csv": notes_csv,
}


def figure_json(figure: PublishedFigure) -> dict:
    return {
        "indicator": figure.indicator,
        "area": figure.area,
        "period": figure.period,
        "dimension": figure.dimension or None,
        "category": figure.category or None,
        "value": json_number(figure.value, whole=figure.lower is not None),
        "lower": json_number(figure.lower, whole=True),
        "upper": json_number(figure.upper, whole=True),
        "symbol": figure.symbol or None,
        "status": figure.status.value,
        "noise_margin": figure.noise_margin,
        "notes": list(figure.notes),
    }


def json_number(value: float | None, *, whole: bool = False) -> float | int | None:
    """A figure's number as every product writes it (open data, API, downloads): a count as a
    whole number (``212``, never ``212.0``, which the database's float would give), an estimate
    in whole persons, only a true fraction with its decimals (CSVW: ``decimal`` holds both)."""
    if value is None:
        return None
    if whole or float(value).is_integer():
        return round(value)
    return float(value)


def _text(text) -> dict[str, str]:
    return {"nl": text.nl, "en": text.en}


def edition_json(edition: PublishedEdition) -> dict:
    """The whole open data of an edition as one JSON document (same content as the CSVs)."""
    return {
        "edition": {
            "year": edition.year,
            "title": _text(edition.title),
            "published_at": edition.published_at.isoformat(),
            "region": edition.region,
        },
        "figures": [figure_json(f) for f in edition.figures],
        "indicators": [
            {
                "code": i.code,
                "theme": i.theme,
                "source": i.partner,
                "name": _text(i.name),
                "definition": _text(i.definition),
                "unit": _text(i.unit),
                "kind": i.kind,
                "area_level": i.area_level,
                "data_status": i.data_status,
            }
            for i in sorted(edition.indicators.values(), key=lambda i: i.code)
        ],
        "areas": [
            {
                "code": a.code,
                "name": _text(a.name),
                "level": a.level,
                "region": a.region or None,
                "population": a.population,
            }
            for a in sorted(edition.areas.values(), key=lambda a: a.code)
        ],
        "categories": [
            {
                "dimension": c.dimension,
                "code": c.code,
                "dimension_name": _text(c.dimension_name),
                "label": _text(c.label),
            }
            for c in edition.categories
        ],
        "notes": [
            {
                "id": n.id,
                "kind": n.kind,
                "indicator": n.indicator or None,
                "theme": n.theme or None,
                "text": _text(n.text),
            }
            for n in edition.notes
        ],
    }


def edition_json_text(edition: PublishedEdition) -> str:
    return json.dumps(edition_json(edition), ensure_ascii=False, indent=1, sort_keys=False)


def read_figures_csv(text: str) -> list[PublishedFigure]:
    """Read the figures CSV back (a reuser's view, and the round-trip test's)."""
    reader = csv.DictReader(io.StringIO(text))
    figures = []
    for row in reader:
        figures.append(
            PublishedFigure(
                indicator=row["indicator"],
                area=row["area"],
                period=row["period"],
                dimension=row["dimension"],
                category=row["category"],
                value=float(row["value"]) if row["value"] else None,
                symbol=row["symbol"],
                lower=float(row["lower"]) if row["lower"] else None,
                upper=float(row["upper"]) if row["upper"] else None,
                notes=tuple(row["notes"].split()),
                noise_margin=int(row["noise_margin"]) if row.get("noise_margin") else None,
            )
        )
    return figures
