"""Each edition compares with the one before: change of a figure against the previous year."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    previous_year: int
    previous_value: float | None
    absolute: float | None  # None when either figure is hidden or missing
    relative: float | None  # percentage; None when the previous value is 0 or unknown

    @property
    def direction(self) -> str:
        if self.absolute is None:
            return "unknown"
        return "up" if self.absolute > 0 else ("down" if self.absolute < 0 else "same")


def compare(current: float | None, previous: float | None, previous_year: int) -> Change:
    if current is None or previous is None:
        return Change(previous_year, previous, None, None)
    absolute = current - previous
    relative = (absolute / previous * 100.0) if previous else None
    return Change(previous_year, previous, absolute, relative)
