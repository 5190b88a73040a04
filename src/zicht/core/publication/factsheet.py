"""The municipality factsheet: one or two pages for a mayor and council.

The municipality's published figures beside the region's and the previous edition's, with a
rate per 10,000 inhabitants where the catalogue gives the population, and the same notes as
everywhere else. Withheld figures keep their symbol; a rate is never computed from them.
"""

from __future__ import annotations

from zicht.core.catalog.model import Text
from zicht.core.publication.document import compile_pdf
from zicht.core.publication.formatting import format_day, format_number
from zicht.core.publication.notice import notice_text
from zicht.core.publication.pdf_report import LABELS, change_text
from zicht.core.publication.published import PublishedEdition, PublishedFigure

FACTSHEET_LABELS = {
    "factsheet": Text("Factsheet", "Factsheet"),
    "municipality": Text("Gemeente", "Municipality"),
    "region": Text("Regio", "Region"),
    "rate": Text("Per 10.000 inwoners", "Per 10,000 inhabitants"),
    "no_rate": Text(
        "Het inwonertal staat niet in deze editie; cijfers per 10.000 inwoners ontbreken daarom.",
        "The population is not part of this edition, so rates per 10,000 inhabitants are missing.",
    ),
    "population": Text("Inwoners", "Inhabitants"),
    "about": Text(
        "Cijfers uit de gepubliceerde editie; dezelfde cijfers staan op het dashboard en in de "
        "open data.",
        "Figures from the published edition; the same figures are on the dashboard and in the "
        "open data.",
    ),
}


def rate_per_10000(figure: PublishedFigure | None, population: int | None) -> float | None:
    if figure is None or figure.value is None or figure.lower is not None or not population:
        return None
    return figure.value / population * 10_000


def factsheet_rows(
    edition: PublishedEdition, previous: PublishedEdition | None, area: str, language: str
) -> list[dict]:
    population = edition.areas[area].population
    rows = []
    order = {t.code: t.order for t in edition.themes}
    indicators = sorted(
        edition.indicators.values(), key=lambda i: (order.get(i.theme, 99), i.tile_order, i.code)
    )
    for indicator in indicators:
        figure = edition.figure(indicator.code, area)
        if figure is None:
            continue
        region = edition.figure(indicator.code, edition.region)
        before = previous.figure(indicator.code, area) if previous else None
        rate = rate_per_10000(figure, population)
        rows.append(
            {
                "code": indicator.code,
                "name": indicator.name.get(language),
                "unit": indicator.unit.get(language),
                "shown": figure.shown(language),
                "region": region.shown(language) if region else "–",
                "change": change_text(figure, before, previous.year, language) if previous else "",
                "rate": format_number(rate, language, 1) if rate is not None else "",
                "notes": list(figure.notes),
            }
        )
    return rows


def factsheet_content(
    edition: PublishedEdition,
    previous: PublishedEdition | None,
    area: str,
    language: str,
    synthetic: bool = False,
) -> dict:
    if area not in edition.areas or area == edition.region:
        raise KeyError(area)
    rows = factsheet_rows(edition, previous, area, language)
    population = edition.areas[area].population
    used = {note for row in rows for note in row["notes"]}
    labels = {k: t.get(language) for k, t in (LABELS | FACTSHEET_LABELS).items()}
    name = edition.area_name(area, language)
    return {
        "language": language,
        "notice": notice_text(synthetic, language),
        "title": f"{labels['factsheet']} {name} — {edition.title.get(language)}",
        "municipality": name,
        "code": area,
        "year": edition.year,
        "region": edition.area_name(edition.region, language),
        "published": format_day(edition.published_at.date(), language),
        "population": format_number(population, language) if population else "",
        "has_rates": bool(population),
        "population_note": edition.population_note.get(language)
        if population and edition.population_note
        else "",
        "labels": labels,
        "rows": rows,
        "notes": [
            {"id": n.id, "text": n.text.get(language)} for n in edition.notes if n.id in used
        ],
    }


def factsheet_pdf(
    edition: PublishedEdition,
    previous: PublishedEdition | None,
    area: str,
    language: str,
    synthetic: bool = False,
) -> bytes:
    """A municipality's factsheet; ``synthetic`` puts the demo's notice on it."""
    content = factsheet_content(edition, previous, area, language, synthetic)
    return compile_pdf("factsheet", content, [])
