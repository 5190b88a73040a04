"""The municipality factsheet: one or two pages for a mayor and council.

The municipality's published figures beside the region's and the previous edition's, with a
rate per 10,000 inhabitants where the catalogue gives the population, and the same notes as
everywhere else. Withheld figures keep their symbol; a rate is never computed from them. A
figure that exists for the whole region only (the estimate) stands with the region's value;
every other topic without a figure for the municipality is named with the reason, so that a
council reads what is missing and why, not only what is there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from zicht.core.catalog.model import DataStatus, Text
from zicht.core.publication.absence import Absence, why_absent
from zicht.core.publication.document import compile_pdf
from zicht.core.publication.formatting import capital_first, format_day, format_number
from zicht.core.publication.notes import FigureNote
from zicht.core.publication.notice import notice_text
from zicht.core.publication.pdf_report import (
    LABELS,
    change_from_previous,
    notes_beside,
    notes_list,
    source_name,
)
from zicht.core.publication.published import IndicatorEntry, PublishedEdition, PublishedFigure

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
    "region_only": Text("alleen regio", "region only"),
    # Beside a Region column, a change without a name reads as the region's: the change
    # column is the municipality's, and says so where it is the region's instead.
    "region_change": Text("regio: {change}", "region: {change}"),
    # The dashboard's municipality page says the same in words in the region's column.
    "no_region": Text(
        "'–' in de kolom Regio = niet voor de hele regio verzameld.",
        "'–' in the Region column = not collected for the whole region.",
    ),
    "without": Text("Zonder cijfer voor {name}", "Without a figure for {name}"),
    "collected_for": Text("Alleen verzameld voor {names}", "Collected for {names} only"),
    "not_delivered": Text("Nog niet geleverd", "Not yet delivered"),
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


@dataclass(frozen=True)
class Missing:
    """Topics without a figure for the municipality, for one reason."""

    reason: str
    names: tuple[str, ...]


def factsheet_rows(
    edition: PublishedEdition, previous: PublishedEdition | None, area: str, language: str
) -> tuple[list[dict], list[FigureNote]]:
    """The sheet's rows, and the notes that stand beside their figures."""
    population = edition.areas[area].population
    rows = []
    used: list[FigureNote] = []
    for indicator in _in_order(edition):
        figure = edition.figure(indicator.code, area)
        region = edition.figure(indicator.code, edition.region)
        # A figure of its own, or, for a region-only figure, the region's.
        shown_figure = figure or (region if _region_only(indicator) else None)
        if shown_figure is None:
            continue
        rate = rate_per_10000(figure, population)
        # The change of the figure shown: a region-only figure's is the region's, as the
        # dashboard and the report give it.
        shown_area = area if figure else edition.region
        beside = notes_beside(edition, previous, shown_figure)
        used += beside
        rows.append(
            {
                "code": indicator.code,
                "name": indicator.name.get(language),
                "unit": indicator.unit.get(language),
                # Who delivered it: a page read on its own has no "Definitions and sources".
                "source": source_name(edition, indicator, language),
                "shown": figure.shown(language) if figure else "–",
                "point": figure.point_label(language) if figure else "",
                "absent": "" if figure else FACTSHEET_LABELS["region_only"].get(language),
                "region": region.shown(language) if region else "–",
                "region_point": region.point_label(language) if region else "",
                "change": _change_of(
                    change_from_previous(
                        previous, shown_figure, indicator.code, shown_area, language
                    ),
                    of_region=figure is None,
                    language=language,
                ),
                "rate": format_number(rate, language, 1) if rate is not None else "",
                "notes": [n.reference for n in beside],
            }
        )
    return rows, used


def _change_of(change: str, *, of_region: bool, language: str) -> str:
    if not change or not of_region:
        return change
    return FACTSHEET_LABELS["region_change"].get(language).format(change=change)


def missing_topics(edition: PublishedEdition, area: str, language: str) -> list[Missing]:
    """The indicators with no figure for ``area`` (and no region-only row), grouped by why:
    collected for other municipalities only, not yet delivered, or not agreed yet."""
    groups: dict[str, list[str]] = defaultdict(list)
    for indicator in _in_order(edition):
        if edition.figure(indicator.code, area) is not None:
            continue
        if _region_only(indicator) and edition.figure(indicator.code, edition.region):
            continue
        absence = why_absent(
            agreed=indicator.data_status == DataStatus.AGREED,
            region_only=_region_only(indicator),
            collected_for=indicator.collected_for,
            area=area,
        )
        if absence is Absence.NOT_AGREED:
            reason = indicator.status_label(language)
        elif absence is Absence.COLLECTED_ELSEWHERE:
            names = ", ".join(
                sorted(edition.area_name(code, language) for code in indicator.collected_for)
            )
            reason = FACTSHEET_LABELS["collected_for"].get(language).format(names=names)
        else:  # not delivered; a region-only figure here is one the region has not delivered
            reason = FACTSHEET_LABELS["not_delivered"].get(language)
        groups[reason].append(indicator.name.get(language))
    return [Missing(reason, tuple(names)) for reason, names in groups.items()]


def _in_order(edition: PublishedEdition) -> list[IndicatorEntry]:
    order = {t.code: t.order for t in edition.themes}
    return sorted(
        edition.indicators.values(), key=lambda i: (order.get(i.theme, 99), i.tile_order, i.code)
    )


def _region_only(indicator: IndicatorEntry) -> bool:
    return indicator.area_level == "region"


def factsheet_content(
    edition: PublishedEdition,
    previous: PublishedEdition | None,
    area: str,
    language: str,
    synthetic: bool = False,
) -> dict:
    if area not in edition.areas or area == edition.region:
        raise KeyError(area)
    rows, beside = factsheet_rows(edition, previous, area, language)
    population = edition.areas[area].population
    labels = {k: t.get(language) for k, t in (LABELS | FACTSHEET_LABELS).items()}
    # "Gemeente Rotterdam", as the municipality's page heads it: never only "Rotterdam".
    label = edition.area_label(area, language)
    name = capital_first(label)
    return {
        "language": language,
        "notice": notice_text(synthetic, language),
        "title": f"{labels['factsheet']} {label} — {edition.title.get(language)}",
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
        "region_dash": any(row["region"] == "–" for row in rows),
        "without": labels["without"].format(name=label),
        "missing": [
            {"reason": m.reason, "names": list(m.names)}
            for m in missing_topics(edition, area, language)
        ],
        "notes": notes_list(edition, beside, language, every=False),
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
