"""Pages across indicators: the colophon, the map, the chain from signal to conviction and a
theme's efforts beside its outcomes. Which indicator goes where is in the edition's snapshot
(the catalogue's ``views.yaml``), never in this code."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _

from zicht.core.catalog.model import AreaLevel
from zicht.core.publication.charts import render_svg
from zicht.core.publication.dashboard_charts import NARROW, WIDE, choropleth_spec, map_sized
from zicht.core.publication.formatting import format_number
from zicht.core.publication.snapshot import EditionSnapshot, IndicatorInfo
from zicht.web.dashboard.detail import ChartView, responsive_svg
from zicht.web.dashboard.presenters import (
    FigureView,
    headline_area,
    level_label,
    note_text,
    symbols_used,
)
from zicht.web.monitor import selectors
from zicht.web.monitor.models import Edition

GEOMETRY = Path(__file__).parent / "geo"


def edition_partners(edition: Edition, language: str) -> list[str]:
    """The partners whose figures the edition publishes, by name: the hook where data
    agreements (the partner portal) can add what was agreed with each."""
    snapshot = edition.snapshot
    published = {c for c, _a, _b in selectors.edition_figures(edition=edition, totals_only=True)}
    partners = {
        snapshot.indicators[code].partner for code in published if code in snapshot.indicators
    }
    return sorted(snapshot.partners[p].get(language) for p in partners if p in snapshot.partners)


def colophon(latest: Edition, language: str) -> dict:
    snapshot = latest.snapshot
    publisher = snapshot.publisher
    editions = [
        {
            "year": edition.year,
            "title": edition.title_en if language.startswith("en") and edition.title_en else
            edition.title_nl,
            "published_at": edition.published_at,
            "partners": edition_partners(edition, language),
        }
        for edition in selectors.published_editions().order_by("-year")
    ]  # fmt: skip
    return {
        "publisher": publisher.name.get(language) if publisher else "",
        "contact": publisher.contact if publisher else "",
        "region_name": snapshot.region_name.get(language),
        "editions": editions,
        "population": snapshot.population,
    }


def _map_indicators(snapshot: EditionSnapshot, published: set[str]) -> list:
    return [
        i
        for i in snapshot.indicators.values()
        if i.area_level is AreaLevel.MUNICIPALITY and i.code in published
    ]


@lru_cache(maxsize=8)
def _geometry(region: str) -> dict:
    """The region's municipal boundaries vendored beside this module (made by
    scripts/vendor_boundaries.py; source and licence in geo/README.md), read once."""
    path = GEOMETRY / f"{region}.geojson"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _features(region: str, language: str) -> tuple[list[dict], str]:
    """The boundaries' features and their attribution in the reader's language."""
    data = _geometry(region)
    attribution = data.get("attribution", {})
    return data.get("features", []), attribution.get(language) or attribution.get("nl", "")


def map_context(edition: Edition, code: str, language: str) -> dict | None:
    snapshot = edition.snapshot
    figures = selectors.edition_figures(edition=edition, totals_only=True)
    published = {c for c, _a, b in figures if not b}
    candidates = _map_indicators(snapshot, published)
    if not candidates:
        return {"indicators": [], "rows": []}
    chosen = next((i for i in candidates if i.code == code), None)
    if code and chosen is None:
        return None
    if chosen is None:  # the reader first sees the subject most municipalities have a figure for
        municipalities = {area for area, _name in snapshot.municipalities}
        covered = Counter(
            code
            for (code, area, _b), figure in figures.items()
            if area in municipalities and figure.value is not None
        )
        chosen = sorted(candidates, key=lambda i: (-covered[i.code], i.tile is None, i.code))[0]
    population = snapshot.population
    rows, rates = [], {}
    for area, name in snapshot.municipalities:
        figure = figures.get((chosen.code, area, ""))
        rate = population.per_10_000(area, figure.value if figure else None) if population else None
        rates[area] = rate
        rows.append(
            {
                "code": area,
                "name": name,
                "figure": FigureView.of(figure, language, edition),
                "rate": format_number(rate, language, 1) if rate is not None else "",
            }
        )
    name = chosen.name.get(language)
    features, attribution = _features(snapshot.region, language)
    chart = None
    if features and population:
        title = _("%(name)s per 10.000 inwoners") % {"name": name}
        spec = choropleth_spec(
            features,
            rates,
            title=title,
            legend=_("per 10.000 inwoners"),
            description=_(
                "Kaart: %(title)s, per gemeente in de regio. De cijfers staan in de tabel."
            )
            % {"title": title},
            missing=_("geen cijfer"),
        )
        chart = ChartView(
            responsive_svg(render_svg(map_sized(spec, WIDE), language)),
            responsive_svg(render_svg(map_sized(spec, NARROW, font=14), language)),
            title,
        )
    return {
        "indicators": [(i.code, i.name.get(language)) for i in candidates],
        "chosen": chosen,
        "name": name,
        "rows": rows,
        "chart": chart,
        "attribution": attribution,
        "population": population,
    }


def _published_with_area(
    snapshot: EditionSnapshot, codes, municipality: str = ""
) -> list[tuple[str, IndicatorInfo, str]]:
    """The indicators among ``codes`` that the edition published, each with the area its
    figure is read for: the headline area, or ``municipality`` for an indicator counted per
    municipality and collected there (one collected for Rotterdam alone keeps Rotterdam's
    figure, named as such, rather than a row of dashes for a figure nobody collects)."""
    found = []
    for code in codes:
        meta = snapshot.indicators.get(code)
        if meta is None:
            continue
        area = headline_area(meta, snapshot)
        collected_there = not meta.collected_for or municipality in meta.collected_for
        if municipality and meta.area_level is AreaLevel.MUNICIPALITY and collected_there:
            area = municipality
        found.append((code, meta, area))
    return found


def _step_figures(edition: Edition, codes, language: str) -> list[dict]:
    snapshot = edition.snapshot
    figures = selectors.edition_figures(edition=edition, totals_only=True)
    return [
        {
            "code": code,
            "name": meta.name.get(language),
            # Named as the tiles name it: a bare "Rotterdam" reads as the Rotterdam region.
            "area": level_label(area, snapshot, language),
            "figure": FigureView.of(figures.get((code, area, "")), language, edition),
        }
        for code, meta, area in _published_with_area(snapshot, codes)
    ]


def chain_context(edition: Edition, language: str) -> dict:
    steps = [
        {
            "name": step.name.get(language),
            "figures": _step_figures(edition, step.indicators, language),
        }
        for step in edition.snapshot.chain
    ]
    return {"steps": steps}


@dataclass(frozen=True)
class YearNote:
    """A context note that some years of a series have and others not (fewer checks in 2020
    because of COVID-19): beside a table of years it keeps a dip from reading as a trend."""

    subject: str  # the indicator's name
    years: tuple[int, ...]
    text: str


def year_notes(code: str, subject: str, years: list[int], language: str) -> list[YearNote]:
    """The notes the published editions of ``years`` put on indicator ``code``, except those
    every one of them has (a standing note says nothing about one year), each with its years."""
    by_year = selectors.indicator_notes_by_year(indicator=code)
    texts = {year: [note_text(n, language) for n in by_year.get(year, [])] for year in years}
    standing = set.intersection(*(set(t) for t in texts.values())) if texts else set()
    grouped: dict[str, list[int]] = {}
    for year in years:
        for text in dict.fromkeys(texts[year]):
            if text not in standing:
                grouped.setdefault(text, []).append(year)
    return [YearNote(subject, tuple(noted), text) for text, noted in grouped.items()]


def effort_context(
    edition: Edition, theme: str, language: str, municipality: str = ""
) -> dict | None:
    """A theme's efforts beside the outcomes they aim at, over every edition so far; for one
    municipality where its indicators are counted per municipality (else the region's or
    headline figure, named as such)."""
    snapshot = edition.snapshot
    view = next((v for v in snapshot.effort_outcome if v.theme == theme), None)
    if view is None or theme not in snapshot.themes:
        return None
    if municipality and municipality not in dict(snapshot.municipalities):
        return None
    editions = list(selectors.published_editions().filter(year__lte=edition.year))
    by_year = {e.year: e for e in editions}

    def rows(codes) -> list[dict]:
        found = []
        for code, meta, area in _published_with_area(snapshot, codes, municipality):
            series = dict(selectors.figure_series_many(keys=[(code, area)], until=edition.year))
            found.append(
                {
                    "code": code,
                    "name": meta.name.get(language),
                    "area_code": area,
                    "area": level_label(area, snapshot, language),
                    "values": [
                        FigureView.of(f, language, by_year.get(y)) for y, f in series[(code, area)]
                    ],
                    "notes": year_notes(code, meta.name.get(language), list(by_year), language),
                }
            )
        return found

    efforts, outcomes = rows(view.efforts), rows(view.outcomes)
    values = [value for row in efforts + outcomes for value in row["values"]]
    # Rows about another area than the chosen municipality (collected for Rotterdam or the
    # region alone): the page says so, so that nobody reads them as the municipality's own.
    elsewhere = bool(municipality) and any(
        row["area_code"] != municipality for row in efforts + outcomes
    )
    # None of the theme's figures is collected for the municipality: the page says so first,
    # and which areas' figures stand there instead.
    none_here = bool(municipality) and all(
        row["area_code"] != municipality for row in efforts + outcomes
    )
    instead = list(dict.fromkeys(row["area"] for row in efforts + outcomes))
    return {
        "theme": snapshot.themes[theme].name.get(language),
        "years": [e.year for e in editions],
        "efforts": efforts,
        "outcomes": outcomes,
        "effort_notes": [note for row in efforts for note in row["notes"]],
        "outcome_notes": [note for row in outcomes for note in row["notes"]],
        # The legend explains the marks these tables show, and no others.
        "symbols": symbols_used(values),
        "unpublished": None in values,
        "municipality": municipality,
        "municipality_name": snapshot.area_name(municipality, language) if municipality else "",
        "municipality_label": level_label(municipality, snapshot, language) if municipality else "",
        "elsewhere": elsewhere and not none_here,
        "none_here": none_here,
        "instead": ", ".join(instead),
        "municipalities": snapshot.municipalities,
    }
