"""Embeddable charts: the dashboard's trend chart of an indicator with its source line.

An embedded chart travels without the page around it, so the chart itself says where it comes
from: source, edition and publication date, in the chart's language.

A chart with nothing to draw is never made: empty axes with a "0" tick under a source line and
a publication date read as "zero" once quoted elsewhere. ``chart_gap`` says why a chart is
missing, and the embed addresses answer with that sentence instead of a chart.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol

from zicht.core.catalog.model import Text
from zicht.core.publication.charts import render_png, render_svg, trend_spec
from zicht.core.publication.formatting import format_day
from zicht.core.publication.published import IndicatorEntry, PublishedEdition


class ChartGap(StrEnum):
    """Why an indicator has no trend chart."""

    NOT_PUBLISHED = "not_published"  # no edition up to this one published a figure
    WITHHELD = "withheld"  # every figure published is withheld (<5 or x): nothing to draw

    def sentence(self, language: str) -> str:
        sentences = {
            "not_published": Text(
                "Nog geen cijfers: voor dit cijfer is in deze editie nog niets gepubliceerd.",
                "No figures yet: nothing has been published for this figure in this edition.",
            ),
            "withheld": Text(
                "Geen grafiek: alle cijfers zijn afgeschermd (<5 of x), zodat niemand "
                "herkenbaar is.",
                "No chart: every figure is withheld (<5 or x), so that no one can be identified.",
            ),
        }
        return sentences[self.value].get(language)


class _Valued(Protocol):
    @property
    def value(self) -> float | None: ...


def chart_gap(series: Iterable[_Valued | None]) -> ChartGap | None:
    """Why the trend chart of these figures (one per edition, None where not published) would
    be empty, or None when it has a value to draw. The dashboard and the embeds both ask."""
    published = [figure for figure in series if figure is not None]
    if any(figure.value is not None for figure in published):
        return None
    return ChartGap.WITHHELD if published else ChartGap.NOT_PUBLISHED


def embed_area(edition: PublishedEdition, indicator: IndicatorEntry) -> str:
    """The area an indicator's chart shows: its key-figure area, else the region or the
    headline municipality, as on the indicator page."""
    if indicator.tile_area:
        return indicator.tile_area
    return edition.region if indicator.area_level == "region" else edition.headline_area


def embed_where(edition: PublishedEdition, area: str, language: str) -> str:
    """The area in an embedded chart's title: a municipality with its level ("gemeente
    Rotterdam", as the dashboard's tiles say), lest it read as the Rotterdam region; the
    region by its own name, which says its level, since "hele regio" on another site does
    not say which region."""
    if area == edition.region:
        return edition.area_name(area, language)
    return edition.area_label(area, language)


def source_line(edition: PublishedEdition, indicator: IndicatorEntry, language: str) -> str:
    source = edition.partners.get(indicator.partner)
    name = source.get(language) if source else indicator.partner
    date = format_day(edition.published_at.date(), language)
    if language.startswith("en"):
        return f"Source: {name} · {edition.title.get(language)} · published {date}"
    return f"Bron: {name} · {edition.title.get(language)} · gepubliceerd {date}"


def embed_gap(
    edition: PublishedEdition, history: list[PublishedEdition], code: str
) -> ChartGap | None:
    """Why the embedded chart of ``code`` would be empty, or None when it has something."""
    area = embed_area(edition, edition.indicators[code])
    return chart_gap(e.figure(code, area) for e in history if e.year <= edition.year)


def gap_spec(edition: PublishedEdition, code: str, gap: ChartGap, language: str) -> dict:
    """In place of an empty chart: its title and source line, and why there is no chart, as
    text only (no axes, so no "0" to quote). The sentence is the image's accessible name."""
    indicator = edition.indicators[code]
    where = embed_where(edition, embed_area(edition, indicator), language)
    sentence = gap.sentence(language)
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": f"{indicator.name.get(language)} — {where}. {sentence}",
        "title": {
            "text": f"{indicator.name.get(language)} — {where}",
            "anchor": "start",
            "fontSize": 14,
            "subtitle": source_line(edition, indicator, language),
        },
        "width": 520,
        "height": 60,
        "data": {"values": [{"sentence": sentence}]},
        "mark": {"type": "text", "align": "left", "x": 0, "y": 30, "fontSize": 14, "aria": False},
        "encoding": {"text": {"field": "sentence", "type": "nominal"}},
        "view": {"stroke": None},
        "config": {"font": "sans-serif"},
    }


def embed_spec(
    edition: PublishedEdition, history: list[PublishedEdition], code: str, language: str
) -> dict:
    """The embedded trend chart; ask :func:`embed_gap` first, it is never drawn empty."""
    indicator = edition.indicators[code]
    area = embed_area(edition, indicator)
    series = [(e.year, e.figure(code, area)) for e in history if e.year <= edition.year]
    bounds = [(f.lower, f.upper) if f else (None, None) for _year, f in series]
    name = indicator.name.get(language)
    where = embed_where(edition, area, language)
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
