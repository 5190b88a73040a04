"""The disclosure rule of an indicator and the settings of the suppression method."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

SECONDARY_SYMBOL = "x"


@dataclass(frozen=True, slots=True)
class DisclosureRule:
    """How an indicator's counts are published.

    Counts from 1 to ``threshold - 1`` are hidden with the symbol ``<threshold``; true zeros
    are shown as 0; cells hidden to protect others (secondary suppressions) show ``x``. Only
    cells of at least ``threshold`` are ever chosen as secondary suppressions, so every symbol
    tells the reader an interval: ``<5`` means 1 to 4 and ``x`` means 5 or more.

    Protection interval: for every ``<threshold`` cell, the range a reader can derive from
    everything published (this and linked tables, the previous edition) must span at least
    ``minimum_range_width`` (upper minus lower bound). The default 1 means no hidden small count
    can ever be worked out exactly; 2 or 3 demand more (3 with threshold 5 means the reader
    learns nothing beyond 1 to 4) and can make some tables impossible to publish.

    ``applies`` is False for indicators that are not counts of persons (published as they are).
    """

    threshold: int = 5
    minimum_range_width: int = 1
    applies: bool = True

    def __post_init__(self) -> None:
        if self.threshold < 2:
            raise ValueError("threshold must be at least 2")
        if not 0 <= self.minimum_range_width <= self.threshold - 2:
            raise ValueError("minimum_range_width must lie between 0 and threshold - 2")

    @property
    def small_symbol(self) -> str:
        return f"<{self.threshold}"

    def is_small(self, value: int) -> bool:
        return self.applies and 1 <= value < self.threshold

    def bounds_of(self, symbol: str) -> tuple[float, float]:
        """What a reader knows of a hidden cell from its symbol."""
        if symbol == self.small_symbol:
            return 1.0, float(self.threshold - 1)
        if symbol == SECONDARY_SYMBOL:
            return float(self.threshold), math.inf
        raise ValueError(f"unknown symbol {symbol!r}")


@dataclass(frozen=True, slots=True)
class SuppressionSettings:
    """Settings of secondary suppression.

    ``method``: "optimal" solves one mixed-integer programme per connected part of the tables
    (exact, Fischetti-Salazar model); "local" solves one per sensitive cell on a neighbourhood
    of its constraints (for big tables); "auto" picks optimal while the programme has at most
    ``optimal_size_limit`` deviation variables. ``cost``: what information loss counts.
    """

    method: Literal["auto", "optimal", "local"] = "auto"
    cost: Literal["value", "cells"] = "value"
    optimal_size_limit: int = 60_000
    neighbourhood_hops: int = 2
    time_limit_seconds: float = 60.0
