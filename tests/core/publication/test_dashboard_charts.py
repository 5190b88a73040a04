"""The dashboard's chart specs render through the same pipeline, at both widths."""

from __future__ import annotations

import re

from zicht.core.publication.charts import render_svg, trend_spec
from zicht.core.publication.dashboard_charts import (
    NARROW,
    PHONE_WIDTH,
    WIDE,
    Bar,
    bars_sized,
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


def test_share_bars_on_a_phone_are_drawn_at_its_width_with_names_above_the_bars():
    """Drawn as wide as a phone shows it, the chart's 14 px text stays 14 px; a column of
    names beside the bars made it 550 px wide, shown at 340: text at 8 px."""
    bars = [
        Bar("jonger dan 18 jaar", 12, "12 (10%)"),
        Bar("18 tot en met 23 jaar", None, "<5"),
        Bar("24 jaar en ouder", 1100, "1.100 (89%)"),
    ]
    spec = share_bars_spec(
        bars, title="Signalen vermoedelijke mensenhandel bij de politie naar leeftijdsgroep",
        unit="aantal signalen", description="d",
    )  # fmt: skip
    svg = render_svg(bars_sized(spec))
    assert _width(svg) <= PHONE_WIDTH + 10
    assert "naar leeftijdsgroep" not in svg  # the section's heading names it
    names = [svg.index(f">{bar.label}</text>") for bar in bars]
    assert names == sorted(names) and "&lt;5</text>" in svg and ">1.100 (89%)</text>" in svg
    sizes = {float(size) for size in re.findall(r'font-size="([0-9.]+)px"', svg)}
    assert sizes and min(sizes) >= 14


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


def test_a_sparkline_needs_two_years_with_a_figure_and_no_hidden_year_between_them():
    """Dots on either side of hidden years look like a trend and are none: no line then."""
    assert sparkline_svg([(2018, 3.0)], label="x") == ""
    assert sparkline_svg([(2018, 3.0), (2019, None), (2020, None), (2021, 8.0)], label="x") == ""
    assert sparkline_svg([(2018, 3.0), (2019, 5.0), (2020, None), (2021, 4.0)], label="x") == ""
    svg = sparkline_svg([(2018, 3.0), (2019, 5.0), (2020, 4.0)], label="x")
    assert svg.count("<polyline") == 1 and 'aria-hidden="true"' in svg
    assert svg.count('class="zicht-spark__dot"') == 3
    # Before its first figure or after its last, a year leaves no gap: the line is shorter.
    later = sparkline_svg([(2018, None), (2019, 5.0), (2020, 4.0)], label="x")
    assert later.count('class="zicht-spark__dot"') == 2


def test_a_sparkline_says_the_years_at_its_two_ends_and_its_values_in_words():
    series = [(2018, None), (2019, 3.0), (2020, 5.0), (2021, 4.0)]
    html = sparkline_html(series, label="x", spoken="2018: —; 2019: 3; 2020: 5; 2021: 4")
    assert (
        html.startswith('<span class="zicht-spark-wrap">')
        and sparkline_svg(series, label="x") in html
    )
    years = html.split('class="zicht-spark__years"', 1)[1]
    # The line starts at the first year with a figure, and says so.
    assert years.index("<span>2019</span>") < years.index("<span>2021</span>")
    assert "<span>2018</span>" not in years
    assert '<span class="zicht-visually-hidden">2018: —; 2019: 3; 2020: 5; 2021: 4</span>' in html
    assert sparkline_html([(2020, 3.0)], label="x") == ""


ENGLISH_GUIDE_WORDS = ("X-axis titled", "Y-axis titled", "legend titled", "for a discrete scale")


def _hidden_groups_removed(svg: str) -> str:
    """The SVG without the groups a screen reader skips (aria-hidden and all inside)."""
    pattern = re.compile(r'<g [^>]*aria-hidden="true"[^>]*>')
    while match := pattern.search(svg):
        depth, at = 1, match.end()
        while depth:
            opening, closing = svg.find("<g", at), svg.find("</g>", at)
            if opening != -1 and opening < closing:
                depth, at = depth + 1, opening + 2
            else:
                depth, at = depth - 1, closing + 4
        svg = svg[: match.start()] + svg[at:]
    return svg


def test_a_dutch_chart_speaks_dutch_its_description_names_it_not_vega_s_english():
    spec = trend_spec(
        [(2019, 305.0), (2020, 1600.0)],
        title="Signalen", unit="aantal", year_label="Jaar",
        description="Lijndiagram van signalen per jaar. De cijfers staan ook in de tabel.",
    )  # fmt: skip
    svg = render_svg(sized(spec, WIDE), "nl")
    assert svg.startswith(
        '<svg role="img" aria-label="Lijndiagram van signalen per jaar. De cijfers staan ook '
        'in de tabel."'
    )
    assert not [words for words in ENGLISH_GUIDE_WORDS if words in svg]
    spoken = _hidden_groups_removed(svg)
    assert "Title text" not in spoken
    # Each point keeps its label in the page's words and number format (its tooltip).
    assert 'aria-label="Jaar: 2020; aantal: 1.600"' in spoken


def test_the_map_s_legend_and_shapes_speak_the_page_s_language():
    ring = [[4.0, 51.9], [4.1, 51.9], [4.1, 52.0], [4.0, 52.0], [4.0, 51.9]]
    feature = {
        "type": "Feature",
        "properties": {"code": "GM0001", "name": "Schiedam"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    spec = choropleth_spec(
        [feature], {"GM0001": 3.5}, title="Signalen per 10.000 inwoners",
        legend="per 10.000 inwoners", description="Kaart: signalen per gemeente.",
        missing="geen cijfer",
    )  # fmt: skip
    svg = render_svg(spec, "nl")
    assert svg.startswith('<svg role="img" aria-label="Kaart: signalen per gemeente."')
    assert not [words for words in ENGLISH_GUIDE_WORDS if words in svg]
    assert "Gradient legend" not in svg
    assert 'aria-label="Schiedam: 3,5 per 10.000 inwoners"' in svg


def test_bars_carry_their_category_and_figure_as_their_label():
    spec = share_bars_spec(
        [Bar("vrouw", 10, "10 (67%)"), Bar("man", 5, "5 (33%)")],
        title="Naar geslacht", unit="aantal", description="Staafdiagram: naar geslacht.",
    )  # fmt: skip
    svg = render_svg(spec, "nl")
    assert svg.startswith('<svg role="img" aria-label="Staafdiagram: naar geslacht."')
    assert 'aria-label="vrouw: 10 (67%)"' in svg
    assert not [words for words in ENGLISH_GUIDE_WORDS if words in svg]


def test_an_estimate_s_band_is_hidden_and_its_points_read_as_the_page_shows_them():
    spec = trend_spec(
        [(2020, 843.472), (2021, 1132.4)],
        title="Geschat", unit="personen", year_label="Jaar", description="Lijndiagram.",
        intervals=[(703.0, 1045.0), (936.0, 1410.0)],
    )  # fmt: skip
    svg = _hidden_groups_removed(render_svg(with_value_labels(spec, ["843", "1.132"]), "nl"))
    assert "mark-area" not in svg  # the band: decoration, no nameless shape for axe
    assert 'aria-label="Jaar: 2020; personen: 843"' in svg
    # Nothing a screen reader meets inside is a graphic without a name.
    for tag in re.findall(r'<[^>]*role="graphics-symbol"[^>]*>', svg):
        assert "aria-label=" in tag, tag
