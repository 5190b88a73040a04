"""The notice that an installation's figures are made up (the demo), on everything that can
leave the site: PDF pages, embedded charts and chart images, not only the web pages.

A council member may print page 12 of a report or paste a chart into slides; each of those
must still say that its figures are synthetic, in the reader's language.
"""

from __future__ import annotations

from zicht.core.catalog.model import Text

SYNTHETIC_NOTICE = Text(
    nl="Demonstratie: alle cijfers zijn verzonnen (synthetische gegevens) en zeggen niets "
    "over mensenhandel in werkelijkheid.",
    en="Demonstration: every figure is made up (synthetic data) and says nothing about "
    "human trafficking in reality.",
)


def notice_text(synthetic: bool, language: str) -> str:
    """The notice in ``language`` when the figures are synthetic, else the empty string."""
    return SYNTHETIC_NOTICE.get(language) if synthetic else ""


def with_notice(spec: dict, synthetic: bool, language: str) -> dict:
    """A Vega-Lite spec whose title carries the notice as its last subtitle line."""
    if not synthetic:
        return spec
    title = spec.get("title", "")
    title = dict(title) if isinstance(title, dict) else {"text": title}
    subtitle = title.get("subtitle", [])
    lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    title["subtitle"] = [*lines, SYNTHETIC_NOTICE.get(language)]
    title.setdefault("subtitleColor", "#7a4d00")
    return {**spec, "title": title}
