"""The indicator page: definition, trend chart and table, breakdowns, municipalities, downloads.

Everything a reader needs about one figure stands here once: what it counts, where it comes
from, how it was made (method notes), how it developed, and the files to take it away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zicht.core.breakdowns import Breakdown
from zicht.core.catalog.model import DataStatus, IndicatorKind, Text
from zicht.core.publication.charts import render_svg, trend_spec
from zicht.core.publication.comparison import new_in_edition
from zicht.core.publication.dashboard_charts import (
    NARROW,
    WIDE,
    Bar,
    bars_sized,
    share_bars_spec,
    sized,
    with_value_labels,
)
from zicht.core.publication.embed import ChartGap, chart_gap
from zicht.core.publication.formatting import format_number, format_percentage
from zicht.core.publication.notes import notes_of_indicator, notes_once
from zicht.core.publication.snapshot import EditionSnapshot, IndicatorInfo
from zicht.web.dashboard.presenters import (
    ChangeView,
    FigureView,
    area_name,
    compare_figures,
    headline_area,
    level_label,
    note_text,
    share_of,
    symbols_used,
    text,
    without_brackets,
)
from zicht.web.monitor import selectors
from zicht.web.monitor.models import Edition
from zicht.web.publication.gate import published_notes

_SIZE = re.compile(r'^(<svg[^>]*?) width="[0-9.]+" height="[0-9.]+"')


_LABELLED_MARK = re.compile(r'<(path|circle|rect)( aria-label="([^"]*)"[^>]*?)/>')


def responsive_svg(svg: str) -> str:
    """The SVG without its fixed size, so CSS scales it to its container (its view box keeps
    the proportions); each labelled mark (a municipality on the map, a point on a line) gets
    its label as a ``<title>`` too, the tooltip a mouse shows on it."""
    return _LABELLED_MARK.sub(r"<\1\2><title>\3</title></\1>", _SIZE.sub(r"\1", svg, count=1))


@dataclass
class ChartView:
    """One chart, rendered for a wide and a narrow screen; the page shows the one that fits."""

    wide: str
    narrow: str
    label: str  # its text alternative points to the table beside it


def chart_view(
    spec: dict, language: str, label: str, *, narrow_spec: dict | None = None
) -> ChartView:
    """``narrow_spec``: the phone's chart where it is drawn differently, not just narrower."""
    narrow = narrow_spec if narrow_spec is not None else sized(spec, NARROW, font=14)
    return ChartView(
        responsive_svg(render_svg(sized(spec, WIDE), language)),
        responsive_svg(render_svg(narrow, language)),
        label,
    )


@dataclass
class SeriesRow:
    year: int
    figure: FigureView | None
    change: ChangeView | None
    #: That edition's notes on the indicator, so an unusual year explains itself in the table.
    notes: list[str]


def indicator_area(meta: IndicatorInfo, snapshot: EditionSnapshot) -> str:
    return headline_area(meta, snapshot)


def trend_rows(meta: IndicatorInfo, area: str, until: int, language: str) -> list[SeriesRow]:
    series = selectors.figure_series(indicator=meta.code, area=area, until=until)
    notes = selectors.indicator_notes_by_year(indicator=meta.code)
    rows, previous = [], None
    for edition, figure in series:
        change, new = None, False
        if previous is not None and figure is not None:
            change = compare_figures(figure, previous[1], previous[0].year)
            # Asked only where there is no comparison: is the indicator new in this edition?
            if change.absolute is None:
                earlier = selectors.edition_indicators(edition=previous[0])
                new = new_in_edition(meta.code, earlier)
        rows.append(
            SeriesRow(
                edition.year,
                FigureView.of(figure, language, edition),
                ChangeView.of(change, language, new=new, edition_year=edition.year),
                [note_text(note, language) for note in notes.get(edition.year, [])],
            )
        )
        previous = (edition, figure)
    return rows


def trend_spec_of(
    meta: IndicatorInfo, snapshot: EditionSnapshot, area: str, until: int, language: str
) -> dict | None:
    """The trend chart's spec, or None when no edition has a value (never an empty chart)."""
    series = selectors.figure_series(indicator=meta.code, area=area, until=until)
    points = [(e.year, f.value if f else None) for e, f in series]
    if all(value is None for _year, value in points):
        return None
    bounds = [(f.lower, f.upper) if f else (None, None) for _edition, f in series]
    has_interval = any(lower is not None for lower, _upper in bounds)
    name = meta.name.get(language)
    spec = trend_spec(
        points,
        title=name,
        unit=meta.unit.get(language),
        year_label=_("Jaar"),
        # The area with its level, as in the report's charts: a downloaded chart leaves the
        # page that says which area it is about.
        description=_(
            "Lijndiagram van %(name)s per jaar, %(area)s. De cijfers staan ook in de tabel."
        )
        % {"name": name, "area": chart_area(area, snapshot, language)},
        intervals=bounds if has_interval else None,
    )
    labels = [FigureView.of(f, language, e) for e, f in series]
    return with_value_labels(spec, [v.point or v.shown if v else None for v in labels])


def chart_area(area: str, snapshot: EditionSnapshot, language: str) -> str:
    """The area in a chart's description, named as the tiles name it and fit to stand between
    commas, as in the report's charts: "gemeente Rotterdam", "hele regio, 24 gemeenten"."""
    return without_brackets(level_label(area, snapshot, language))


def breakdown_groups(edition: Edition, meta: IndicatorInfo, area: str, language: str) -> list:
    """Per dimension, in the catalogue's category order: count, share of the total, a bar chart
    and the table as its text alternative."""
    snapshot = edition.snapshot
    figures = selectors.edition_figures(edition=edition, indicator=meta.code, area=area)
    total = figures.get((meta.code, area, ""))
    groups = []
    for dimension in meta.breakdowns:
        order = snapshot.categories.get(dimension, ())
        present = {
            Breakdown.parse(b).category: f
            for (_c, _a, b), f in figures.items()
            if b and Breakdown.parse(b).dimension == dimension
        }
        categories = [c for c in order if c in present] + sorted(set(present) - set(order))
        rows = []
        for category in categories:
            figure = present[category]
            share = share_of(figure, total)
            rows.append(
                {
                    "category": snapshot.label(str(Breakdown(dimension, category)), language),
                    "figure": FigureView.of(figure, language, edition),
                    "share": format_percentage(share, language) if share is not None else "",
                    "value": figure.value,
                }
            )
        if rows:
            groups.append(_breakdown_group(snapshot, meta, (dimension, area), rows, language))
    return groups


def _breakdown_group(snapshot, meta, where: tuple[str, str], rows, language) -> dict:
    """``where``: the dimension and the area the figures are for."""
    dimension, area = where
    name = snapshot.label(dimension, language)
    bars = [
        Bar(
            row["category"],
            row["value"],
            f"{row['figure'].shown} ({row['share']})" if row["share"] else row["figure"].shown,
        )
        for row in rows
    ]
    title = _("%(indicator)s naar %(dimension)s") % {
        "indicator": meta.name.get(language),
        "dimension": name.lower(),
    }
    spec = share_bars_spec(
        bars,
        title=title,
        unit=meta.unit.get(language),
        description=_("Staafdiagram: %(title)s, %(area)s. De cijfers staan in de tabel eronder.")
        % {"title": title, "area": chart_area(area, snapshot, language)},
    )
    return {
        "dimension": dimension,
        "name": name,
        "rows": rows,
        "chart": chart_view(spec, language, title, narrow_spec=bars_sized(spec)),
        "spec": spec,
    }


def municipality_rows(edition: Edition, meta: IndicatorInfo, language: str) -> list[dict]:
    snapshot = edition.snapshot
    population = snapshot.population
    figures = selectors.edition_figures(edition=edition, indicator=meta.code, totals_only=True)
    rows = []
    for (_code, area, breakdown), figure in figures.items():
        if breakdown or area == snapshot.region:
            continue
        rate = population.per_10_000(area, figure.value) if population else None
        rows.append(
            {
                "code": area,
                "name": area_name(area, snapshot, language),
                "figure": FigureView.of(figure, language, edition),
                "rate": format_number(rate, language, 1) if rate is not None else "",
            }
        )
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


def _ad_share(edition: Edition, snapshot: EditionSnapshot, language: str) -> dict | None:
    """The key figure's share beside the corpus-wide table: two percentages that look alike
    and differ in scope, explained on the same page."""
    analysis = snapshot.ad_analysis
    tiles = [i for i in snapshot.indicators.values() if i.tile and i.tile.share_indicator]
    tile = next((i for i in tiles if i.code in (analysis.indicators if analysis else ())), None)
    if analysis is None or tile is None:
        return None
    figures = selectors.edition_figures(edition=edition, area=tile.tile.area, totals_only=True)
    figure = figures.get((tile.code, tile.tile.area, ""))
    part = figures.get((tile.tile.share_indicator, tile.tile.area, ""))
    share = share_of(part, figure)
    corpus = dict(analysis.share_high_risk_by_threshold).get(analysis.high_risk_threshold)
    if share is None or corpus is None:
        return None
    return {
        "area": level_label(tile.tile.area, snapshot, language),
        "share": format_percentage(share, language, 1),
        "share_rounded": format_percentage(share, language),
        "part": format_number(part.value, language),
        "whole": format_number(figure.value, language),
        "corpus_share": format_percentage(corpus * 100, language, 1),
        "corpus_unique": format_number(analysis.n_unique, language),
    }


def _kind_label(meta: IndicatorInfo) -> str:
    if meta.kind is IndicatorKind.STOCK:
        return _("aantal op één dag (31 december)")
    return _("aantal in het hele jaar")


def noise_sentence(edition: Edition, meta: IndicatorInfo, language: str) -> str:
    """Beside the charts of an indicator published with noise: what "≈" means and its margin."""
    record = edition.disclosure.noise_of(meta.code)
    if record is None:
        return ""
    values = {
        "epsilon": f"{record['epsilon']:g}",
        "margin": record["margin"],
        "total": record["total_margin"],
    }
    sentence = (
        _(
            "≈ betekent: met ruis (differential privacy, ε = %(epsilon)s per telling): het "
            "werkelijke aantal wijkt in 95%% van de gevallen hoogstens %(margin)s af van het "
            "getoonde."
        )
        % values
    )
    if meta.additive and record["total_margin"] != record["margin"]:
        sentence += (
            " "
            + _("Bij het regiototaal, opgeteld uit de gemeenten, is dat hoogstens %(total)s.")
            % values
        )
    return sentence


def indicator_context(edition: Edition, code: str, language: str) -> dict | None:
    snapshot = edition.snapshot
    meta = snapshot.indicators.get(code)
    if meta is None:
        return None
    area = indicator_area(meta, snapshot)
    rows = trend_rows(meta, area, edition.year, language)
    spec = trend_spec_of(meta, snapshot, area, edition.year, language)
    gap = chart_gap(row.figure for row in rows)
    name = meta.name.get(language)
    # The indicator's notes and its theme's (the caveat on signals), each text once.
    carried = notes_of_indicator(
        published_notes(selectors.edition_notes(edition=edition)), code, meta.theme
    )
    page_notes = [note.text.get(language) for note in notes_once(carried)]
    for row in rows:  # a note the page states once above is not repeated in every year
        row.notes = [note for note in row.notes if note not in page_notes]
    breakdowns = breakdown_groups(edition, meta, area, language)
    municipalities = municipality_rows(edition, meta, language)
    figures = [r.figure for r in rows] + [r["figure"] for r in municipalities]
    figures += [row["figure"] for group in breakdowns for row in group["rows"]]
    return {
        "thresholds": _threshold_rows(snapshot, code, language),
        "ad_share": _ad_share(edition, snapshot, language),
        "meta": meta,
        "name": name,
        "definition": meta.definition.get(language),
        "unit": meta.unit.get(language),
        "source": text(snapshot.partners.get(meta.partner, Text("", "")), language),
        "status": meta.status_label(language),
        "agreed": meta.data_status is DataStatus.AGREED,
        "kind_label": _kind_label(meta),
        "level_label": level_label(area, snapshot, language),
        "series": rows,
        "series_has_notes": any(row.notes for row in rows),
        "series_has_gaps": any(row.figure is None for row in rows),
        "series_has_intervals": any(row.figure is not None and row.figure.point for row in rows),
        # No chart, no embed and no chart images when there is nothing to draw (the embeds ask
        # the same question); the table and the files stay while any figure, even withheld, is.
        "has_data": spec is not None,
        "gap": gap.value if gap else "",
        "has_figures": gap is not ChartGap.NOT_PUBLISHED,
        "chart": chart_view(spec, language, name) if spec is not None else None,
        "breakdowns": breakdowns,
        "municipalities": municipalities,
        "has_rates": any(r["rate"] for r in municipalities),
        "population": snapshot.population,
        "notes": page_notes,
        "symbols": symbols_used(figures),
        "noise": noise_sentence(edition, meta, language),
    }
