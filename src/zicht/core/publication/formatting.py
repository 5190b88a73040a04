"""Numbers as Dutch and English readers expect them (32.951 / 32,951; 8,5% / 8.5%)."""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date as _babel_format_date


def format_number(value: float | None, language: str, decimals: int = 0) -> str:
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    if language.startswith("en"):
        return text
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def format_noisy(value: float, margin: int, language: str) -> str:
    """A count published with differential-privacy noise: approximate, with its 95% margin
    ("≈ 12 (± 3)"), the same on every page, file and document that shows it."""
    return f"≈ {format_number(value, language)} (± {format_number(margin, language)})"


def format_percentage(value: float | None, language: str, decimals: int = 0) -> str:
    if value is None:
        return ""
    return f"{format_number(value, language, decimals)}%"


def format_change(change: float, language: str) -> str:
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    return f"{sign}{format_number(abs(change), language)}"


def format_day(day: dt.date, language: str) -> str:
    """A date as a reader writes it (6 december 2026 / 6 December 2026), not ISO: machine
    readable files keep ISO dates."""
    locale = "en_GB" if language.startswith("en") else "nl_NL"
    return _babel_format_date(day, format="long", locale=locale)


def capital_first(text: str) -> str:
    """A label set at the start of a cell: "gemeente Rotterdam" → "Gemeente Rotterdam"."""
    return text[:1].upper() + text[1:]


def without_brackets(text: str) -> str:
    """A name fit to stand inside brackets, as the dashboard's ``without_brackets``: its own
    brackets become commas ("hele regio (24 gemeenten)" → "hele regio, 24 gemeenten")."""
    return re.sub(r"\s*\(([^()]*)\)", r", \1", text).strip()


def unbroken_brackets(text: str) -> str:
    """Text in brackets kept on one line in a narrow table column ("Hele regio" above
    "(24 gemeenten)", not "(24" above "gemeenten)"): its spaces become no-break spaces."""
    return re.sub(r"\([^()]*\)", lambda m: m.group(0).replace(" ", "\u00a0"), text)
