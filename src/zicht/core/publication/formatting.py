"""Numbers as Dutch and English readers expect them (32.951 / 32,951; 8,5% / 8.5%)."""

from __future__ import annotations


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
