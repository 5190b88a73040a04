"""A tile's small trend line over the editions, as a few lines of SVG.

Ten tiles a page each rendering a Vega-Lite chart would cost the page its render-time budget;
a sparkline has no axes, labels or legend, so a polyline in a fixed view box is all it needs.
The numbers it shows stand in words beside it (the tile's change line and the indicator
page's table), so the picture itself is decorative for assistive technology.
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


def sparkline_svg(series: list[tuple[int, float | None]], *, label: str) -> str:
    """An SVG line through the known values (a hidden year leaves a gap); empty when fewer
    than two editions have a value."""
    known = [(y, v) for y, v in series if v is not None]
    if len(known) < 2:
        return ""
    years = [y for y, _v in series]
    scaled = dict(zip([y for y, _v in known], _scaled(known, years), strict=True))
    segments: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for year, value in series:
        if value is None:
            segments.append(current)
            current = []
        else:
            current.append(scaled[year])
    segments.append(current)
    lines = "".join(
        '<polyline class="zicht-spark__line" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
        + '"/>'
        for segment in segments
        if len(segment) >= 2
    )
    last_x, last_y = scaled[known[-1][0]]
    dots = "".join(
        f'<circle class="zicht-spark__dot" cx="{x:.1f}" cy="{y:.1f}" r="1.8"/>'
        for x, y in scaled.values()
    )
    return (
        f'<svg class="zicht-spark" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" '
        f'preserveAspectRatio="none" aria-hidden="true" focusable="false" '
        f'data-label="{escape(label)}">{lines}{dots}'
        f'<circle class="zicht-spark__end" cx="{last_x:.1f}" cy="{last_y:.1f}" r="3"/></svg>'
    )


def sparkline_html(series: list[tuple[int, float | None]], *, label: str) -> str:
    """The sparkline with its first and last year beneath its two ends, so a reader sees the
    span it covers (a line alone does not say whether it is four years or forty); empty when
    :func:`sparkline_svg` is."""
    svg = sparkline_svg(series, label=label)
    if not svg:
        return ""
    first, last = series[0][0], series[-1][0]
    return (
        f'<span class="zicht-spark-wrap">{svg}'
        f'<span class="zicht-spark__years" aria-hidden="true"><span>{first}</span>'
        f"<span>{last}</span></span></span>"
    )
