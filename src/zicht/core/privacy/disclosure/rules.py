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

    Protection interval: for every hidden cell (``<threshold`` and ``x``), the range a reader
    can derive from everything published (this and linked tables, the previous edition) must
    span at least ``minimum_range_width`` (upper minus lower bound). The default 2 leaves a
    reader at least three possible values for every hidden count ("1, 2 or 3"); 1 would allow
    "1 or 2", which tells a council member of a small municipality nearly everything; 3 with
    threshold 5 means the reader learns nothing beyond 1 to 4. Wider intervals hide more cells
    and can make some tables impossible to publish (then publication is refused).

    ``applies`` is False for indicators that are not counts of persons (published as they are).

    ``rounding_base`` (optional controlled rounding): 0, the default, publishes exact counts
    with the symbols above. A base (at least ``threshold``, e.g. 5) instead publishes every
    cell of the indicator rounded to a multiple of the base, up or down, so that rounded parts
    still add up to rounded totals; nothing is hidden, multiples of the base (zero included)
    stay as they are, and the protector checks that a reader cannot narrow a true small count
    to less than ``minimum_range_width`` from the rounded tables (``rounding.py``).

    ``noise_epsilon`` (optional differential privacy): the counts were made noisy with this
    budget per edition before protection (``zicht.core.privacy.dp``); the statement says so.
    """

    threshold: int = 5
    minimum_range_width: int = 2
    applies: bool = True
    rounding_base: int = 0
    noise_epsilon: float | None = None

    def __post_init__(self) -> None:
        if self.threshold < 2:
            raise ValueError("threshold must be at least 2")
        if not 0 <= self.minimum_range_width <= self.threshold - 2:
            raise ValueError("minimum_range_width must lie between 0 and threshold - 2")
        if self.rounding_base and self.rounding_base < self.threshold:
            raise ValueError("rounding_base must be 0 (no rounding) or at least the threshold")
        if self.noise_epsilon is not None and not self.noise_epsilon > 0:
            raise ValueError("noise_epsilon must be positive")

    @property
    def rounds(self) -> bool:
        """Whether counts are published by controlled rounding instead of suppression."""
        return self.applies and self.rounding_base > 0

    @property
    def small_symbol(self) -> str:
        return f"<{self.threshold}"

    def is_small(self, value: int) -> bool:
        """Whether a published value would be a small count (rounded values never are)."""
        return self.applies and not self.rounds and 1 <= value < self.threshold

    def bounds_of(self, symbol: str) -> tuple[float, float]:
        """What a reader knows of a hidden cell from its symbol."""
        if symbol == self.small_symbol:
            return 1.0, float(self.threshold - 1)
        if symbol == SECONDARY_SYMBOL:
            return float(self.threshold), math.inf
        raise ValueError(f"unknown symbol {symbol!r}")

    def bounds_of_rounded(self, value: int) -> tuple[float, float]:
        """What a reader knows of a true count published rounded to ``value``: it lies
        within one base of it, and is not negative."""
        return float(max(0, value - self.rounding_base + 1)), float(value + self.rounding_base - 1)

    def knowledge_of(self, value: int | None, symbol: str) -> tuple[float, float]:
        """What a reader knows of a published cell: exact, a symbol's interval, or (for a
        rounded indicator) the interval around the rounded value."""
        if value is None:
            return self.bounds_of(symbol)
        if self.rounds:
            return self.bounds_of_rounded(value)
        return float(value), float(value)

    def may_hold_small_count(self, value: int | None) -> bool:
        """Whether a rounded published value may stand for a count from 1 to threshold - 1."""
        if not self.rounds or value is None:
            return False
        low, high = self.bounds_of_rounded(value)
        return low < self.threshold and high >= 1


@dataclass(frozen=True, slots=True)
class SuppressionSettings:
    """Settings of secondary suppression.

    ``method``: "cuts" (and "auto", the default) solves the Fischetti–Salazar model exactly by
    cut generation: a master MILP over which cells to hide, and per small cell an LP whose
    duals add a cut whenever the pattern leaves the cell too narrow (``cuts.py``); optimal for
    the cost on every connected part. "optimal" solves the same model as one joint MILP with
    deviation variables per small cell (exact too, but its size grows with cells x small
    cells: practical up to some tens of thousands of deviation variables).
    "local" solves it per small cell on a neighbourhood of ``neighbourhood_hops`` constraints
    (a heuristic, kept for comparison). ``cost``: what information loss counts.
    """

    method: Literal["auto", "optimal", "cuts", "local"] = "auto"
    cost: Literal["value", "cells"] = "value"
    neighbourhood_hops: int = 2
    time_limit_seconds: float = 60.0
