"""Files a reader takes away from the dashboard: every year in one table (for Excel or for
software), one indicator's figures, and each chart as SVG or PNG.

All of them read through the public gate, so they hold exactly what the pages show."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zicht import config
from zicht.core.breakdowns import Breakdown
from zicht.core.publication.charts import render_png, render_svg
from zicht.core.publication.dashboard_charts import WIDE, sized
from zicht.core.publication.notice import with_notice
from zicht.core.publication.opendata import json_number
from zicht.core.publication.spreadsheet import excel_csv, plain_csv
from zicht.web.dashboard import detail
from zicht.web.monitor import selectors
from zicht.web.monitor.models import Edition

LONG_HEADER = [
    "edition", "indicator", "indicator_name", "unit", "area", "area_name", "period",
    "dimension", "category", "category_name", "value", "lower", "upper", "symbol",
    "noise_margin",
]  # fmt: skip


def _excel_header() -> list[str]:
    return [
        _("editie"), _("indicator"), _("naam"), _("eenheid"), _("gebied"), _("gebiedsnaam"),
        _("periode"), _("kenmerk"), _("categorie"), _("categorienaam"), _("waarde"),
        _("ondergrens"), _("bovengrens"), _("symbool"), _("ruismarge"),
    ]  # fmt: skip


def _rows(edition: Edition, language: str, indicator: str | None = None) -> list[list]:
    snapshot = edition.snapshot
    rows = []
    # One Edition object per edition, so each parses its disclosure record once, not per row.
    editions: dict[int, Edition] = {}
    for figure in selectors.published_figures(until=edition.year, indicator=indicator):
        own = editions.setdefault(figure.edition_id, figure.edition)
        meta = snapshot.indicators.get(figure.indicator_code)
        breakdown = Breakdown.parse(figure.breakdown)
        estimate = figure.lower is not None
        rows.append(
            [
                own.year,
                figure.indicator_code,
                meta.name.get(language) if meta else figure.indicator_code,
                meta.unit.get(language) if meta else "",
                figure.area_code,
                snapshot.area_name(figure.area_code, language),
                figure.period,
                breakdown.dimension,
                breakdown.category,
                snapshot.label(str(breakdown), language) if breakdown.dimension else "",
                json_number(figure.value, whole=estimate),
                json_number(figure.lower, whole=True),
                json_number(figure.upper, whole=True),
                figure.symbol,
                selectors.figure_noise_margin(edition=own, figure=figure),
            ]
        )
    return rows


def all_years(edition: Edition, *, excel: bool, language: str | None) -> bytes:
    return _file(_rows(edition, language or "nl"), excel, language or "nl")


def indicator_file(edition: Edition, code: str, *, excel: bool, language: str | None) -> bytes:
    return _file(_rows(edition, language or "nl", indicator=code), excel, language or "nl")


def _file(rows: list[list], excel: bool, language: str) -> bytes:
    if not excel:
        return plain_csv(LONG_HEADER, rows)
    return excel_csv(_excel_header(), rows, language)


def _spec(edition: Edition, code: str, chart: str, language: str) -> dict | None:
    snapshot = edition.snapshot
    meta = snapshot.indicators.get(code)
    if meta is None:
        return None
    area = detail.indicator_area(meta, snapshot)
    if chart == "trend":
        return detail.trend_spec_of(meta, snapshot, area, edition.year, language)
    if chart.startswith("uitsplitsing-"):
        dimension = chart.removeprefix("uitsplitsing-")
        for group in detail.breakdown_groups(edition, meta, area, language):
            if group["dimension"] == dimension:
                return group["spec"]
    return None


def chart_image(
    edition: Edition, code: str, chart: str, ext: str, language: str
) -> tuple[bytes, str] | None:
    """The chart as the page draws it, as SVG or PNG (rendered by the same vl-convert)."""
    if ext not in ("svg", "png"):
        return None
    spec = _spec(edition, code, chart, language)
    if spec is None:
        return None
    full = sized(spec, WIDE)  # the chart the page draws at its wide size, so often cached
    # Downloaded, the image leaves the page and its notice: it carries the notice itself.
    full = with_notice(full, config.synthetic_data_notice(), language)
    if ext == "svg":
        return render_svg(full, language).encode(), "image/svg+xml"
    return render_png(full, language), "image/png"
