"""Indicator and municipality pages: definition, trend, tables."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from zicht.core.breakdowns import Breakdown
from zicht.core.catalog.model import AreaLevel, Text
from zicht.core.publication.charts import render_svg, trend_spec
from zicht.core.publication.formatting import format_number, format_percentage
from zicht.core.publication.snapshot import EditionSnapshot, IndicatorInfo
from zicht.web.dashboard.presenters import (
    ChangeView,
    FigureView,
    area_name,
    compare_figures,
    figure_notes,
    level_label,
    note_text,
    text,
)
from zicht.web.monitor import selectors
from zicht.web.monitor.models import Edition


@dataclass
class SeriesRow:
    year: int
    figure: FigureView | None
    change: ChangeView | None
    #: That edition's notes on the indicator, so an unusual year explains itself in the table.
    notes: list[str]


def indicator_area(meta: IndicatorInfo, snapshot: EditionSnapshot) -> str:
    if meta.tile is not None:
        return meta.tile.area
    return snapshot.region if meta.area_level is AreaLevel.REGION else snapshot.headline_area


def trend(meta: IndicatorInfo, area: str, until: int, language: str) -> tuple[list[SeriesRow], str]:
    series = selectors.figure_series(indicator=meta.code, area=area, until=until)
    notes = selectors.indicator_notes_by_year(indicator=meta.code)
    rows, previous = [], None
    for edition, figure in series:
        change = None
        if previous is not None and figure is not None:
            change = compare_figures(figure, previous[1], previous[0])
        rows.append(
            SeriesRow(
                edition.year,
                FigureView.of(figure, language),
                ChangeView.of(change, language),
                [note_text(note, language) for note in notes.get(edition.year, [])],
            )
        )
        previous = (edition.year, figure)
    points = [(r.year, r.figure.value if r.figure else None) for r in rows]
    bounds = [(f.lower, f.upper) if f else (None, None) for _edition, f in series]
    has_interval = any(lower is not None for lower, _upper in bounds)
    name = meta.name.get(language)
    description = _("Lijndiagram van %(name)s per jaar. De cijfers staan ook in de tabel.") % {
        "name": name
    }
    spec = trend_spec(
        points,
        title=name,
        unit=meta.unit.get(language),
        year_label=_("Jaar"),
        description=description,
        intervals=bounds if has_interval else None,
    )
    return rows, render_svg(spec, language)


def breakdown_rows(edition: Edition, meta: IndicatorInfo, area: str, language: str) -> list[dict]:
    figures = selectors.edition_figures(edition=edition, indicator=meta.code, area=area)
    snapshot = edition.snapshot
    rows = []
    for (_code, _area, breakdown), figure in sorted(figures.items()):
        parsed = Breakdown.parse(breakdown)
        if parsed.is_total:
            continue
        dimension = parsed.dimension
        rows.append(
            {
                "dimension": snapshot.label(dimension, language),
                "category": snapshot.label(breakdown, language),
                "figure": FigureView.of(figure, language),
            }
        )
    return rows


def municipality_rows(edition: Edition, meta: IndicatorInfo, language: str) -> list[dict]:
    snapshot = edition.snapshot
    figures = selectors.edition_figures(edition=edition, indicator=meta.code)
    rows = [
        {
            "code": area,
            "name": area_name(area, snapshot, language),
            "figure": FigureView.of(figure, language),
        }
        for (_code, area, breakdown), figure in figures.items()
        if not breakdown and area != snapshot.region
    ]
    return sorted(rows, key=lambda r: r["name"])


def _threshold_rows(snapshot: EditionSnapshot, code: str, language: str) -> list[dict]:
    """How the share "hoog risico" moves with the threshold of the risk rule, on the pages of
    the indicators the ad analysis produced."""
    analysis = snapshot.ad_analysis
    if analysis is None or code not in analysis.indicators:
        return []
    return [
        {
            "threshold": format_number(threshold, language, 1),
            "share": format_percentage(share * 100, language, 1),
            "current": threshold == analysis.high_risk_threshold,
        }
        for threshold, share in analysis.share_high_risk_by_threshold
    ]


def indicator_context(edition: Edition, code: str, language: str) -> dict | None:
    snapshot = edition.snapshot
    meta = snapshot.indicators.get(code)
    if meta is None:
        return None
    area = indicator_area(meta, snapshot)
    rows, svg = trend(meta, area, edition.year, language)
    notes = [n for n in selectors.edition_notes(edition=edition) if n.indicator_code == code]
    return {
        "thresholds": _threshold_rows(snapshot, code, language),
        "meta": meta,
        "name": meta.name.get(language),
        "definition": meta.definition.get(language),
        "unit": meta.unit.get(language),
        "source": text(snapshot.partners.get(meta.partner, Text("", "")), language),
        "status": meta.data_status.label(language),
        "area_name": area_name(area, snapshot, language),
        "level_label": level_label(area, snapshot),
        "series": rows,
        "series_has_notes": any(row.notes for row in rows),
        "chart_svg": svg,
        "breakdowns": breakdown_rows(edition, meta, area, language),
        "municipalities": municipality_rows(edition, meta, language),
        "notes": [note_text(n, language) for n in notes],
    }


def municipality_context(edition: Edition, area: str, language: str) -> dict | None:
    snapshot = edition.snapshot
    if area not in snapshot.areas or area == snapshot.region:
        return None
    figures = selectors.edition_figures(edition=edition, area=area)
    previous = selectors.previous_edition(edition=edition)
    before = selectors.edition_figures(edition=previous, area=area) if previous else {}
    notes = selectors.edition_notes(edition=edition)
    previous_notes = selectors.edition_notes(edition=previous) if previous else []
    rows = []
    for (code, _area, breakdown), figure in sorted(figures.items()):
        meta = snapshot.indicators.get(code)
        if breakdown or meta is None:
            continue
        old = before.get((code, area, ""))
        change = compare_figures(figure, old, previous.year) if previous else None
        rows.append(
            {
                "code": code,
                "name": meta.name.get(language),
                "figure": FigureView.of(figure, language),
                "change": ChangeView.of(change, language),
                "notes": figure_notes(
                    code, notes, previous, previous_notes, change is not None, language
                ),
            }
        )
    return {
        "name": snapshot.areas[area],
        "code": area,
        "rows": rows,
        "has_notes": any(row["notes"] for row in rows),
    }
