"""The dashboard's chart specs render through the same pipeline, at both widths."""

from __future__ import annotations

import re

from zicht.core.publication.charts import render_svg, trend_spec
from zicht.core.publication.dashboard_charts import (
    NARROW,
    WIDE,
    Bar,
    choropleth_spec,
    share_bars_spec,
    sized,
    with_value_labels,
)
from zicht.core.publication.sparkline import sparkline_html, sparkline_svg


def _width(svg: str) -> float:
    return float(re.search(r'<svg[^>]*width="([0-9.]+)"', svg)[1])


def test_a_trend_renders_wide_and_narrow_with_its_values_written_on_it():
    spec = trend_spec(
        [(2018, 287.0), (2019, 305.0), (2020, 331.0)],
        title="Signalen", unit="aantal", year_label="Jaar", description="d",
    )  # fmt: skip
    labelled = with_value_labels(spec, ["287", "305", "331"])
    wide, narrow = render_svg(sized(labelled, WIDE)), render_svg(sized(labelled, NARROW))
    assert _width(narrow) < _width(wide) <= WIDE + 80
    assert all(f">{v}</text>" in narrow for v in ("287", "305", "331"))


def test_share_bars_keep_the_given_order_and_label_hidden_counts():
    bars = [Bar("0-17", 12, "12 (10%)"), Bar("18-23", None, "<5"), Bar("24+", 100, "100 (86%)")]
    svg = render_svg(share_bars_spec(bars, title="t", unit="aantal", description="d"))
    positions = [svg.index(f">{label}</text>") for label in ("0-17", "18-23", "24+")]
    assert positions == sorted(positions) and "&lt;5</text>" in svg


def test_a_choropleth_shades_known_rates_and_greys_the_rest():
    def square(code: str, x: float) -> dict:
        ring = [[x, 51.9], [x + 0.1, 51.9], [x + 0.1, 52.0], [x, 52.0], [x, 51.9]]
        return {
            "type": "Feature",
            "properties": {"code": code, "name": code},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }

    spec = choropleth_spec(
        [square("GM0001", 4.0), square("GM0002", 4.2)], {"GM0001": 3.5, "GM0002": None},
        title="t", legend="per 10.000", description="d", missing="geen cijfer",
    )  # fmt: skip
    svg = render_svg(spec)
    assert "#d9d9d9" in svg.lower() and svg.count("<path") >= 2


def test_a_sparkline_leaves_a_gap_for_a_hidden_year_and_needs_two_values():
    assert sparkline_svg([(2018, 3.0)], label="x") == ""
    svg = sparkline_svg([(2018, 3.0), (2019, 5.0), (2020, None), (2021, 4.0)], label="x")
    assert svg.count("<polyline") == 1 and 'aria-hidden="true"' in svg
    assert svg.count('class="zicht-spark__dot"') == 3


def test_a_sparkline_says_the_years_at_its_two_ends():
    series = [(2018, None), (2019, 3.0), (2020, 5.0), (2021, 4.0)]
    html = sparkline_html(series, label="x")
    assert (
        html.startswith('<span class="zicht-spark-wrap">')
        and sparkline_svg(series, label="x") in html
    )
    years = html.split('class="zicht-spark__years"', 1)[1]
    assert years.index("<span>2018</span>") < years.index("<span>2021</span>")
    assert sparkline_html([(2020, 3.0)], label="x") == ""
