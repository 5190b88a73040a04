"""Embeds never draw an empty chart: ``chart_gap`` says why there is nothing to draw, and the
image made in its place says so in words, with no axes (no "0" to quote)."""

from __future__ import annotations

import dataclasses
import re

from tests.core.publication.synthetic_edition import synthetic_edition
from zicht.core.publication.charts import render_svg
from zicht.core.publication.embed import ChartGap, chart_gap, embed_gap, gap_spec
from zicht.core.publication.published import PublishedFigure


def _figure(value: float | None, symbol: str = "") -> PublishedFigure:
    return PublishedFigure("signals", "GM0001", "2020", "", "", value, symbol=symbol)


def test_chart_gap_says_why_a_chart_would_be_empty():
    assert chart_gap([None, _figure(12.0)]) is None
    assert chart_gap([_figure(0.0)]) is None  # a published zero is a figure to draw
    assert chart_gap([]) is ChartGap.NOT_PUBLISHED
    assert chart_gap([None, None]) is ChartGap.NOT_PUBLISHED
    assert chart_gap([None, _figure(None, "x"), _figure(None, "<5")]) is ChartGap.WITHHELD


def test_embed_gap_follows_the_editions_figures():
    edition = synthetic_edition()
    assert embed_gap(edition, [edition], "signals") is None
    bare = dataclasses.replace(
        edition, figures=tuple(f for f in edition.figures if f.indicator != "signals")
    )
    assert embed_gap(bare, [bare], "signals") is ChartGap.NOT_PUBLISHED
    withheld = dataclasses.replace(
        edition,
        figures=tuple(
            dataclasses.replace(f, value=None, lower=None, upper=None, symbol="x")
            if f.indicator == "signals"
            else f
            for f in edition.figures
        ),
    )
    assert embed_gap(withheld, [withheld], "signals") is ChartGap.WITHHELD


def test_gap_image_says_why_in_words_without_axes():
    edition = synthetic_edition()
    for language, sentence in (("nl", "Nog geen cijfers"), ("en", "No figures yet")):
        svg = render_svg(gap_spec(edition, "signals", ChartGap.NOT_PUBLISHED, language), language)
        assert svg.startswith('<svg role="img" aria-label="')
        assert sentence in svg.split(">", 1)[0]  # the image's name says it
        assert sentence in svg.split(">", 1)[1]  # and so does its picture
        assert "role-axis" not in svg and "mark-symbol" not in svg and ">0<" not in svg
        symbols = re.findall(r"<g [^>]*graphics-symbol[^>]*>", svg)
        assert all("aria-label=" in g for g in symbols)  # axe-core: svg-img-alt


def test_report_draws_no_trend_chart_of_withheld_figures():
    """The PDF report asks the same question (its key-figure row shows the symbol instead)."""
    from zicht.core.publication.pdf_report import trend_chart

    edition = synthetic_edition()
    assert trend_chart("signals", "GM0002", [edition], edition, "nl") is None  # "<5" only
    assert trend_chart("signals", "GM0001", [edition], edition, "nl") is not None


def test_an_embedded_chart_names_a_municipality_as_one_and_the_region_by_its_name():
    """On another site a bare "Eerstestad" reads as the region of that name; "hele regio"
    would not say which region, so the region keeps its own name."""
    from zicht.core.publication.embed import embed_spec

    edition = synthetic_edition()
    for language, municipality, region in (
        ("nl", "gemeente Eerstestad", "Regio Test"),
        ("en", "municipality of Eerstestad", "Test region"),
    ):
        town = embed_spec(edition, [edition], "share", language)  # the headline municipality
        assert town["title"]["text"].endswith(f" — {municipality}")
        assert f", {municipality}." in town["description"]
        whole = embed_spec(edition, [edition], "signals", language)  # a tile of the region
        assert whole["title"]["text"].endswith(f" — {region}")
        gap = gap_spec(edition, "share", ChartGap.WITHHELD, language)
        assert gap["title"]["text"].endswith(f" — {municipality}")
