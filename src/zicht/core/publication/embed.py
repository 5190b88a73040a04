"""Embeddable charts: the dashboard's trend chart of an indicator with its source line.

An embedded chart travels without the page around it, so the chart itself says where it comes
from: source, edition and publication date, in the chart's language.
"""

from __future__ import annotations

from zicht.core.publication.charts import render_png, render_svg, trend_spec
from zicht.core.publication.formatting import format_day
from zicht.core.publication.published import IndicatorEntry, PublishedEdition


def embed_area(edition: PublishedEdition, indicator: IndicatorEntry) -> str:
    """The area an indicator's chart shows: its key-figure area, else the region or the
    headline municipality, as on the indicator page."""
    if indicator.tile_area:
        return indicator.tile_area
    return edition.region if indicator.area_level == "region" else edition.headline_area


def source_line(edition: PublishedEdition, indicator: IndicatorEntry, language: str) -> str:
    source = edition.partners.get(indicator.partner)
    name = source.get(language) if source else indicator.partner
    date = format_day(edition.published_at.date(), language)
    if language.startswith("en"):
        return f"Source: {name} · {edition.title.get(language)} · published {date}"
    return f"Bron: {name} · {edition.title.get(language)} · gepubliceerd {date}"


def embed_spec(
    edition: PublishedEdition, history: list[PublishedEdition], code: str, language: str
) -> dict:
    indicator = edition.indicators[code]
    area = embed_area(edition, indicator)
    series = [(e.year, e.figure(code, area)) for e in history if e.year <= edition.year]
    bounds = [(f.lower, f.upper) if f else (None, None) for _year, f in series]
    name = indicator.name.get(language)
    where = edition.area_name(area, language)
    spec = trend_spec(
        [(year, f.value if f else None) for year, f in series],
        title=f"{name} — {where}",
        unit=indicator.unit.get(language),
        year_label="Year" if language.startswith("en") else "Jaar",
        description=(
            f"Line chart of {name} by year, {where}."
            if language.startswith("en")
            else f"Lijndiagram van {name} per jaar, {where}."
        ),
        intervals=bounds if any(lower is not None for lower, _ in bounds) else None,
    )
    spec["title"] = {**spec["title"], "subtitle": source_line(edition, indicator, language)}
    return spec


def embed_svg(spec: dict, language: str) -> str:
    return render_svg(spec, language)


def embed_png(spec: dict, language: str) -> bytes:
    return render_png(spec, language)
