"""The dashboard's charts: sizes for a wide and a narrow screen, direct labels, share bars
and the region map, all as Vega-Lite specs rendered by the same pipeline as every chart.

A server-rendered SVG cannot resize its text the way a browser chart with
``width: "container"`` does, so each chart is rendered twice: at desktop width, and at phone
width with the same font size, and the page shows the one that fits (CSS, no JavaScript).
Both scale to their container without horizontal scrolling.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from zicht.core.publication.charts import PRIMARY
from zicht.core.publication.map_labels import MapLabel, fitting_labels

WIDE, NARROW = 640, 300
MAP_ASPECT = 0.62  # height to width of a region of municipalities in a Mercator projection
#: Municipality names on the map: small, as on printed maps; a phone shows its 300 px map at
#: about 350 px, so they read at 11 to 12 px there.
MAP_LABEL_FONT = 10
TEXT = "#1a1a1a"  # body text colour: contrast above 15:1 on white
MUTED = "#595959"  # grey with a contrast of 7:1 on white (WCAG AAA for text)


def sized(spec: dict, width: int, *, font: int = 13) -> dict:
    """A copy of ``spec`` at ``width`` pixels with legible fonts at that size."""
    resized = copy.deepcopy(spec)
    resized["width"] = width
    config = resized.setdefault("config", {})
    config["axis"] = {"labelFontSize": font, "titleFontSize": font, "labelColor": TEXT}
    config["title"] = {"fontSize": font + 2, "color": TEXT}
    config["text"] = {"fontSize": font}
    title = resized.get("title")
    if isinstance(title, dict):
        title["fontSize"] = font + 2
    return resized


def _name_layers(labels: list[MapLabel]) -> list[dict]:
    """Municipality names in dark text on a white halo (legible on the darkest shade), hidden
    from screen readers: each shape already says its name and figure."""
    mark = {
        "type": "text", "fontSize": MAP_LABEL_FONT, "fontWeight": "bold", "baseline": "middle",
        "aria": False,
    }  # fmt: skip
    encoding = {
        "longitude": {"field": "longitude", "type": "quantitative"},
        "latitude": {"field": "latitude", "type": "quantitative"},
        "text": {"field": "name", "type": "nominal"},
    }
    values = [asdict(label) for label in labels]
    halo = mark | {"fill": "#ffffff", "stroke": "#ffffff", "strokeWidth": 3, "strokeJoin": "round"}
    return [
        {"data": {"values": values}, "mark": halo, "encoding": encoding},
        {"data": {"values": values}, "mark": mark | {"fill": TEXT}, "encoding": encoding},
    ]


def map_sized(spec: dict, width: int, *, font: int = 13) -> dict:
    """A choropleth at ``width`` pixels: as tall as the region's shape needs (no empty band
    below it on a phone), named where names fit (more on a desktop than on a phone) and its
    legend under the map in text as large as the page's."""
    resized = sized(spec, width, font=font)
    # The page names the map in its caption: a long title would widen a phone's SVG and
    # shrink the map inside it.
    resized.pop("title", None)
    resized["height"] = round(width * MAP_ASPECT)
    labels = fitting_labels(
        resized["data"]["values"], width=width, height=resized["height"], font=MAP_LABEL_FONT
    )
    resized["layer"] = [*resized["layer"], *_name_layers(labels)]
    resized["config"]["legend"] = {
        "orient": "bottom",
        "direction": "horizontal",
        "gradientLength": min(width - 40, 240),
        "labelFontSize": font,
        "titleFontSize": font,
        "labelColor": TEXT,
        "titleColor": TEXT,
    }
    return resized


#: A phone's chart is drawn at about the width it is shown at (390 px less the page's margins),
#: so its text is not scaled down; the values beside the longest bar need room to its right.
PHONE_WIDTH = 340
_VALUE_ROOM = 90
_ROW_STEP = 44  # a category's name above its bar: two lines per category


def bars_sized(spec: dict, width: int = PHONE_WIDTH, *, font: int = 14) -> dict:
    """Share bars for a phone: each category's name above its bar instead of in a column to
    its left, and no title (the section's heading names the chart). Beside the bars a column
    of names 180 px wide made the SVG twice the phone's width, so the browser drew its text
    at about 8 px."""
    resized = sized(spec, width - _VALUE_ROOM, font=font)
    resized.pop("title", None)
    resized["height"] = {"step": _ROW_STEP}
    # The names' layer has no data of its own to sort by; the order spelled out keeps the
    # catalogue's order across all three layers.
    order = [row["category"] for row in sorted(resized["data"]["values"], key=lambda r: r["order"])]
    resized["encoding"]["y"] = {**resized["encoding"]["y"], "axis": None, "sort": order}
    bars, values = resized["layer"]
    bars["mark"] = {**bars["mark"], "height": 14, "yOffset": 9}
    values["mark"] = {**values["mark"], "yOffset": 9, "fontSize": font}
    names = {
        "mark": {
            "type": "text", "align": "left", "baseline": "bottom", "x": 0, "yOffset": -1,
            "color": TEXT, "fontSize": font, "limit": width,
        },
        "encoding": {"text": {"field": "category"}},
    }  # fmt: skip
    resized["layer"] = [bars, values, names]
    return resized


def with_value_labels(spec: dict, labels: Sequence[str | None]) -> dict:
    """Label each point of a trend chart with its value as a reader reads it (direct
    labelling: no need to read the value off the axis)."""
    labelled = copy.deepcopy(spec)
    values = labelled["data"]["values"]
    for row, label in zip(values, labels, strict=True):
        row["label"] = label or ""
    line = labelled["layer"][-1]
    labelled["layer"].append(
        {
            "mark": {"type": "text", "dy": -12, "color": TEXT, "fontWeight": "bold"},
            "encoding": {
                "x": line["encoding"]["x"],
                "y": {"field": "value", "type": "quantitative"},
                "text": {"field": "label"},
            },
        }
    )
    return labelled


@dataclass(frozen=True)
class Bar:
    label: str  # the category as the reader reads it
    value: float | None  # None: hidden (a small count) — no bar, the text says why
    text: str  # what stands beside the bar: "120 (34%)" or "<5"


def share_bars_spec(bars: Sequence[Bar], *, title: str, unit: str, description: str) -> dict:
    """Horizontal bars in the given (catalogue) order, each labelled with count and share."""
    values = [
        {"order": n, "category": b.label, "value": b.value or 0, "text": b.text}
        for n, b in enumerate(bars)
    ]
    y = {
        "field": "category",
        "type": "nominal",
        "sort": {"field": "order"},
        "title": None,
        "axis": {"labelLimit": 180},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": description,
        "title": {"text": title, "anchor": "start"},
        "width": WIDE,
        "height": {"step": 28},
        "data": {"values": values},
        "encoding": {"y": y},
        "layer": [
            {
                "transform": [{"calculate": "datum.category + ': ' + datum.text", "as": "label"}],
                "mark": {"type": "bar", "color": PRIMARY},
                "encoding": {
                    "x": {"field": "value", "type": "quantitative", "title": unit},
                    "description": {"field": "label", "type": "nominal"},
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "color": TEXT},
                "encoding": {
                    "x": {"field": "value", "type": "quantitative"},
                    "text": {"field": "text"},
                },
            },
        ],
        "config": {"font": "sans-serif", "view": {"stroke": None}},
    }


def choropleth_spec(
    features: list[dict], rates: dict[str, float | None], *, title: str, legend: str,
    description: str, missing: str,
) -> dict:  # fmt: skip
    """The region's municipalities shaded by a rate; a municipality without a figure is
    grey, says so in its own label and is named as such in the table beside the map."""
    shaded = []
    for feature in features:
        code = feature["properties"]["code"]
        rate = rates.get(code)
        shaded.append(
            feature
            | {"properties": feature["properties"] | {"rate": rate, "has_rate": rate is not None}}
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": description,
        "title": {"text": title, "anchor": "start"},
        "width": WIDE,
        "height": 460,
        "projection": {"type": "mercator"},
        # The shapes, shared by the two shape layers (and read by map_sized for the names).
        "data": {"values": shaded, "format": {"type": "json"}},
        "layer": [
            {
                "transform": [
                    {"filter": "!datum.properties.has_rate"},
                    # Named too ("Ridderkerk: geen cijfer"): a grey shape is a municipality a
                    # reader looks for as much as a shaded one.
                    {
                        "calculate": f"datum.properties.name + {json.dumps(': ' + missing)}",
                        "as": "label",
                    },
                ],
                "mark": {"type": "geoshape", "fill": "#d9d9d9", "stroke": "#ffffff"},
                "encoding": {"description": {"field": "label", "type": "nominal"}},
            },
            {
                "transform": [
                    {"filter": "datum.properties.has_rate"},
                    # Each shape's accessible name (and tooltip) says which municipality it is:
                    # "Schiedam: 2,3 per 10.000 inwoners", not only the rate.
                    {
                        "calculate": "datum.properties.name + ': ' + "
                        f"format(datum.properties.rate, '.1f') + {json.dumps(' ' + legend)}",
                        "as": "label",
                    },
                ],
                "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 1},
                "encoding": {
                    "description": {"field": "label", "type": "nominal"},
                    "color": {
                        "field": "properties.rate",
                        "type": "quantitative",
                        "title": legend,
                        "format": ".1f",
                        "scale": {"scheme": "blues"},
                    },
                },
            },
        ],
        "config": {"font": "sans-serif", "view": {"stroke": None}},
        "usermeta": {"missing": missing},
    }
