"""Chart specifications in Vega-Lite, rendered to accessible SVG on the server.

One spec per chart, built here so that the dashboard, the PDF and the open data show the
same picture; ``vl-convert`` renders without a browser and without any outside request.
"""

from __future__ import annotations

import json
from functools import lru_cache
from html import escape
from importlib import metadata
from pathlib import Path
from typing import Literal

from zicht.core.publication.chart_store import ChartStore

PRIMARY = "#154273"


def _layered(layers: list[dict], *, title: str, description: str, height: int) -> dict:
    """The envelope every chart shares: schema, accessible description, title, size, fonts."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": description,
        "title": {"text": title, "anchor": "start", "fontSize": 14},
        "width": 520,
        "height": height,
        "layer": layers,
        "config": {"font": "sans-serif", "axis": {"labelFontSize": 12, "titleFontSize": 12}},
    }


def trend_spec(
    points: list[tuple[int, float | None]],
    *,
    title: str,
    unit: str,
    year_label: str,
    description: str,
    intervals: list[tuple[float | None, float | None]] | None = None,
) -> dict:
    """Line chart of a figure over the editions; hidden figures leave a gap, not a zero.

    With ``intervals`` (lower, upper per point) the interval is drawn as a band behind the
    line, so an estimate is never shown as a bare line.
    """
    values = [{"year": str(year), "value": value} for year, value in points]
    x = {"field": "year", "type": "ordinal", "title": year_label, "axis": {"labelAngle": 0}}
    line = {
        # Each point says what it is in the page's words and number format ("Jaar: 2020;
        # aantal: 1.600"): the tooltip a mouse shows on it.
        "transform": [
            {
                "calculate": f"{json.dumps(year_label + ': ')} + datum.year + "
                f"{json.dumps('; ' + unit + ': ')} + "
                # The value as the page shows it, when the chart is labelled; else formatted.
                "(isValid(datum.label) && datum.label !== '' ? datum.label "
                ": format(datum.value, ','))",
                "as": "point_label",
            }
        ],
        "mark": {"type": "line", "point": {"filled": True, "size": 60}, "color": PRIMARY},
        "encoding": {
            "x": x,
            "y": {"field": "value", "type": "quantitative", "title": unit, "scale": {"zero": True}},
            "description": {"field": "point_label", "type": "nominal"},
        },
    }
    layers: list[dict] = [line]
    if intervals:
        for row, (lower, upper) in zip(values, intervals, strict=True):
            row |= {"lower": lower, "upper": upper}
        band = {
            # The band is read from the table and the caption; to a screen reader it is
            # decoration (a shape with no name of its own).
            "mark": {"type": "area", "color": PRIMARY, "opacity": 0.2, "aria": False},
            "encoding": {
                "x": x,
                "y": {"field": "lower", "type": "quantitative", "title": unit},
                "y2": {"field": "upper"},
            },
        }
        layers = [band, line]
    return _layered(layers, title=title, description=description, height=220) | {
        "data": {"values": values}
    }


def histogram_spec(
    edges: list[float],
    counts: list[int],
    *,
    title: str,
    x_label: str,
    y_label: str,
    description: str,
    marker: float | None = None,
) -> dict:
    """Bar chart of a histogram (``len(edges) == len(counts) + 1``), with an optional
    vertical line at ``marker`` (a threshold)."""
    values = [
        {"start": edges[i], "end": edges[i + 1], "count": count} for i, count in enumerate(counts)
    ]
    bars = {
        "data": {"values": values},
        "mark": {"type": "bar", "color": PRIMARY},
        "encoding": {
            "x": {"field": "start", "type": "quantitative", "title": x_label, "bin": "binned"},
            "x2": {"field": "end"},
            "y": {"field": "count", "type": "quantitative", "title": y_label},
        },
    }
    layers = [bars]
    if marker is not None:
        layers.append(
            {
                "data": {"values": [{"at": marker}]},
                "mark": {"type": "rule", "color": "#d52b1e", "strokeWidth": 2},
                "encoding": {"x": {"field": "at", "type": "quantitative"}},
            }
        )
    return _layered(layers, title=title, description=description, height=180)


#: Number formats per page language: a Dutch reader reads "1,600" as one point six.
FormatLocale = Literal["nl-NL", "en-GB"]
_FORMAT_LOCALES: dict[str, FormatLocale] = {"nl": "nl-NL", "en": "en-GB"}


_store: ChartStore | None = None


@lru_cache(maxsize=1)
def _renderer_version() -> str:
    return metadata.version("vl-convert-python")


def use_chart_store(folder: Path | None) -> Path | None:
    """Keep rendered charts in ``folder``, shared with the installation's other processes
    (None: in this process's memory only); returns the folder used until now."""
    global _store
    previous = _store.folder if _store else None
    _store = ChartStore(folder) if folder is not None else None
    _render.cache_clear()
    return previous


@lru_cache(maxsize=512)
def _render(spec_json: str, format_locale: FormatLocale) -> str:
    import vl_convert

    store = _store
    key = ChartStore.key(_renderer_version(), format_locale, spec_json) if store else ""
    if store and (svg := store.read(key)) is not None:
        return svg
    spec = json.loads(spec_json)
    svg = vl_convert.vegalite_to_svg(spec, format_locale=format_locale)
    svg = _named(svg, str(spec.get("description") or ""))
    if store:
        store.write(key, svg)
    return svg


def render_svg(spec: dict, language: str = "nl") -> str:
    """Render a Vega-Lite spec to SVG with the language's number format; identical specs are
    rendered once."""
    return _render(
        json.dumps(spoken_in_its_own_words(spec), sort_keys=True), _format_locale(language)
    )


def spoken_in_its_own_words(spec: dict) -> dict:
    """``spec`` without Vega's automatic descriptions of axes, legends, titles and marks.

    Vega describes them in English whatever the page's language ("X-axis titled 'Jaar' for a
    discrete scale ..."); a Dutch page would speak English to a screen reader. The chart's
    own description, in the page's language, names the whole SVG instead (see
    :func:`_named`), and a mark keeps only a description its spec gives it."""
    spoken = json.loads(json.dumps(spec))
    config = spoken.setdefault("config", {})
    config["aria"] = False
    for guide in ("axis", "legend", "title"):
        config[guide] = {**config.get(guide, {}), "aria": False}
    title = spoken.get("title")
    if isinstance(title, dict):
        title["aria"] = False
    elif title:
        spoken["title"] = {"text": title, "aria": False}
    return spoken


def _named(svg: str, description: str) -> str:
    """The SVG as one image whose accessible name is the chart's description."""
    if not description or not svg.startswith("<svg "):
        return svg
    return f'<svg role="img" aria-label="{escape(description)}" {svg[len("<svg ") :]}'


def render_png(spec: dict, language: str = "nl") -> bytes:
    """The same chart as :func:`render_svg`, rasterised at twice its size for print and slides.

    Rasterising the (cached) SVG makes the PNG exactly the picture the SVG is, at about a
    third of the cost of running Vega again."""
    import vl_convert

    return vl_convert.svg_to_png(render_svg(spec, language), scale=2)


def _format_locale(language: str) -> FormatLocale:
    return _FORMAT_LOCALES["en" if language.startswith("en") else "nl"]


def breakdown_spec(
    rows: list[tuple[str, float | None, str]], *, title: str, unit: str, description: str
) -> dict:
    """Horizontal bars of a figure by category; each bar carries the figure as shown, so a
    withheld category shows its symbol (``<5``, ``x``) and no bar rather than a zero."""
    values = [{"category": c, "value": v, "shown": shown} for c, v, shown in rows]
    y = {"field": "category", "type": "nominal", "sort": None, "title": None}
    bars = {
        "transform": [{"calculate": "datum.category + ': ' + datum.shown", "as": "bar_label"}],
        "mark": {"type": "bar", "color": PRIMARY},
        "encoding": {
            "y": y,
            "x": {"field": "value", "type": "quantitative", "title": unit},
            "description": {"field": "bar_label", "type": "nominal"},
        },
    }
    labels = {
        "transform": [{"calculate": "datum.value === null ? 0 : datum.value", "as": "at"}],
        "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 12},
        "encoding": {
            "y": y,
            "x": {"field": "at", "type": "quantitative"},
            "text": {"field": "shown"},
        },
    }
    height = max(60, 24 * len(values))
    return _layered([bars, labels], title=title, description=description, height=height) | {
        "data": {"values": values}
    }
