"""A tile's small trend line over the editions, as a few lines of SVG.

Ten tiles a page each rendering a Vega-Lite chart would cost the page its render-time budget;
a sparkline has no axes, labels or legend, so a polyline in a fixed view box is all it needs.
The numbers it shows stand in words beside it (the tile's change line, the indicator page's
table, a municipality page's list of years), so the picture itself is decorative for
assistive technology.

A line is drawn only through years that all have a figure. Two dots with hidden years between
them look like a trend and are none: such a series is left to the words (a municipality page
writes its years out as numbers instead).
"""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT, PAD = 120.0, 32.0, 3.0


def _scaled(points: list[tuple[int, float]], years: list[int]) -> list[tuple[float, float]]:
    low = min(v for _y, v in points)
    high = max(v for _y, v in points)
    low = min(low, 0.0)  # counts start at zero, so a small change does not look like a fall
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(years) - 1, 1)
    position = {year: n for n, year in enumerate(years)}
    return [
        (PAD + position[y] * step, HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD))
        for y, v in points
    ]


def drawable(series: list[tuple[int, float | None]]) -> list[tuple[int, float]]:
    """The published years a line can join: those from the first to the last year with a
    figure, when there are at least two and none is missing or hidden between them; else
    none."""
    known = [n for n, (_y, v) in enumerate(series) if v is not None]
    if len(known) < 2:
        return []
    run = series[known[0] : known[-1] + 1]
    if len(run) != len(known):
        return []  # a hidden or missing year between two figures: no line across it
    return [(y, v) for y, v in run if v is not None]


def sparkline_svg(series: list[tuple[int, float | None]], *, label: str) -> str:
    """An SVG line through the years of :func:`drawable` (from the first year with a figure);
    empty when there are none."""
    known = drawable(series)
    if not known:
        return ""
    points = _scaled(known, [y for y, _v in known])
    line = (
        '<polyline class="zicht-spark__line" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        + '"/>'
    )
    scaled = dict(zip([y for y, _v in known], points, strict=True))
    last_x, last_y = scaled[known[-1][0]]
    dots = "".join(
        f'<circle class="zicht-spark__dot" cx="{x:.1f}" cy="{y:.1f}" r="1.8"/>'
        for x, y in scaled.values()
    )
    return (
        f'<svg class="zicht-spark" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" '
        f'preserveAspectRatio="none" aria-hidden="true" focusable="false" '
        f'data-label="{escape(label)}">{line}{dots}'
        f'<circle class="zicht-spark__end" cx="{last_x:.1f}" cy="{last_y:.1f}" r="3"/></svg>'
    )


def sparkline_html(series: list[tuple[int, float | None]], *, label: str, spoken: str = "") -> str:
    """The sparkline with the first and last year of its line beneath its two ends, so a
    reader sees the span it covers (a line alone does not say whether it is four years or
    forty); ``spoken``, the values in words, for screen readers; empty when
    :func:`sparkline_svg` is."""
    svg = sparkline_svg(series, label=label)
    if not svg:
        return ""
    known = drawable(series)
    first, last = known[0][0], known[-1][0]
    words = f'<span class="zicht-visually-hidden">{escape(spoken)}</span>' if spoken else ""
    return (
        f'<span class="zicht-spark-wrap">{svg}'
        f'<span class="zicht-spark__years" aria-hidden="true"><span>{first}</span>'
        f"<span>{last}</span></span>{words}</span>"
    )
