"""Periods (perioden): a year, a quarter, a month, or a reference date (peildatum)."""

from __future__ import annotations

import datetime as dt
import re

from zicht.core.catalog.model import PeriodType

# re.ASCII: \d would also match Arabic-Indic or full-width digits, and int() reads them.
_PATTERNS = {
    PeriodType.YEAR: re.compile(r"^(\d{4})$", re.ASCII),
    PeriodType.QUARTER: re.compile(r"^(\d{4})-Q([1-4])$", re.ASCII),
    PeriodType.MONTH: re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$", re.ASCII),
    PeriodType.REFERENCE_DATE: re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII),
}


def period_example(period_type: PeriodType, year: int) -> str:
    """A valid period of the type in the year a partner delivers for: the example a refusal
    gives ("verwacht bijvoorbeeld '2022-Q1'"), so that it can be copied as it stands."""
    return {
        PeriodType.YEAR: f"{year}",
        PeriodType.QUARTER: f"{year}-Q1",
        PeriodType.MONTH: f"{year}-03",
        PeriodType.REFERENCE_DATE: f"{year}-12-31",
    }[period_type]


def period_year(text: str, period_type: PeriodType) -> int | None:
    """The year a period string of the given type falls in, or None when it is not valid."""
    match = _PATTERNS[period_type].match(text.strip())
    if match is None:
        return None
    if period_type is PeriodType.REFERENCE_DATE:
        try:
            dt.date.fromisoformat(text.strip())
        except ValueError:
            return None
    return int(match.group(1))


def default_period(period_type: PeriodType, year: int) -> str:
    """The period a template offers for a year: the year, or 31 December for stocks."""
    if period_type is PeriodType.REFERENCE_DATE:
        return f"{year}-12-31"
    if period_type is PeriodType.YEAR:
        return str(year)
    raise ValueError(f"no single default period for {period_type} in {year}")
