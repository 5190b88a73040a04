"""Charts speak the reader's number format."""

from __future__ import annotations

import re

from zicht.core.publication.charts import render_svg, trend_spec


def _axis_labels(svg: str) -> list[str]:
    return re.findall(r">([\d.,]+)</text>", svg)


def test_axis_numbers_use_the_page_language_s_thousands_separator() -> None:
    spec = trend_spec(
        [(2019, 1200.0), (2020, 1600.0)],
        title="Geschat aantal",
        unit="personen",
        year_label="Jaar",
        description="Lijndiagram",
    )
    dutch, english = _axis_labels(render_svg(spec, "nl")), _axis_labels(render_svg(spec, "en"))
    assert "1.600" in dutch and "1,600" not in dutch
    assert "1,600" in english and "1.600" not in english
