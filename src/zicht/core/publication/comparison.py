"""Each edition compares with the one before: change of a figure against the previous year.

An estimate comes with an interval, and a change between two estimates can be smaller than
their uncertainty. ``compare`` then says so, so that a reader does not take noise for a trend.

A change is computed from the figures as readers see them (whole numbers), not from the
stored values: an estimate of 990.77 is published as 991, and a reader who takes 991 from
1,034 must find the change that stands beside them (43, not 44).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

Interval = tuple[float | None, float | None]

#: The dashboard's intervals are 95% intervals (stated next to every estimate).
_Z_95 = 1.959963984540054


@dataclass(frozen=True)
class Change:
    previous_year: int
    previous_value: float | None
    absolute: float | None  # None when either figure is hidden or missing
    relative: float | None  # percentage; None when the previous value is 0 or unknown
    #: For figures with intervals: whether the change exceeds both figures' uncertainty
    #: (an approximate 5% test); None when the figures carry no intervals.
    beyond_uncertainty: bool | None = None

    @property
    def direction(self) -> str:
        if self.absolute is None:
            return "unknown"
        return "up" if self.absolute > 0 else ("down" if self.absolute < 0 else "same")


def _log_standard_error(value: float, interval: Interval) -> float | None:
    lower, upper = interval
    if lower is None or upper is None or not 0 < lower <= value <= upper:
        return None
    return (math.log(upper) - math.log(lower)) / (2 * _Z_95)


def change_beyond_uncertainty(
    current: float, current_interval: Interval, previous: float, previous_interval: Interval
) -> bool | None:
    """Whether two estimates differ by more than their uncertainty allows, at about 5%.

    MSE intervals are close to symmetric on the log scale (the asymptotic interval is
    exactly so), so each interval gives a standard error of the log estimate; the two years
    are estimated from different persons and lists and are treated as independent. The
    change is beyond the uncertainty when the log ratio exceeds 1.96 of its standard error.
    Unlike "the intervals do not overlap", which asks for far more, this is the usual test.
    """
    first = _log_standard_error(previous, previous_interval)
    second = _log_standard_error(current, current_interval)
    if first is None or second is None:
        return None
    return abs(math.log(current / previous)) > _Z_95 * math.hypot(first, second)


def as_published(value: float) -> float:
    """A figure as every page and document shows it: rounded to a whole number exactly as
    ``format_number`` rounds it (half to even), so that a change adds up for the reader."""
    return float(round(value))


def compare(
    current: float | None,
    previous: float | None,
    previous_year: int,
    *,
    current_interval: Interval | None = None,
    previous_interval: Interval | None = None,
) -> Change:
    """The change of ``current`` against ``previous``, from the figures as published; whether
    it exceeds the uncertainty is tested on the stored estimates and intervals, which are the
    more exact (that test shows no number)."""
    if current is None or previous is None:
        return Change(previous_year, previous, None, None)
    shown_current, shown_previous = as_published(current), as_published(previous)
    absolute = shown_current - shown_previous
    relative = (absolute / shown_previous * 100.0) if shown_previous else None
    beyond = None
    if current_interval is not None and previous_interval is not None:
        beyond = change_beyond_uncertainty(current, current_interval, previous, previous_interval)
    return Change(previous_year, shown_previous, absolute, relative, beyond)


def new_in_edition(indicator: str, previous_indicators: Collection[str] | None) -> bool:
    """Whether ``indicator`` is new in an edition: there is a previous edition and it has not
    a single figure of the indicator, for any area, not even a withheld one.

    ``previous_indicators`` are the indicators the previous edition has any figure of; None
    when there is no previous edition (then nothing is compared at all). Every page and
    document that compares a figure with the year before asks this, so that they agree: a new
    indicator is said to be new, while a previous figure that is withheld (<5, x) or exists for
    other areas only stays "no comparison: a figure is missing or withheld".
    """
    return previous_indicators is not None and indicator not in previous_indicators
