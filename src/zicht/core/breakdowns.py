"""A breakdown: which part of an indicator's total a figure counts.

Zicht publishes one-way margins only: a figure is either the total of its indicator, area and
period, or the count of one category of one dimension (``sex=vrouw``). Cross-classifications
(``sex=vrouw`` *and* ``age_group=18-23`` in one figure) are refused in the catalogue and at
delivery: their margins would have to be protected as one linked table and published as one,
which the disclosure control and the pages do not do.

The stored form is a short string ("" for the total, ``dimension=category`` otherwise); this
module is the only place that writes or reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from zicht.core.errors import ZichtError

SEPARATOR = "="
TOTAL_LABEL = "totaal"  # what a partner writes, and open data shows, for "no breakdown"


class BreakdownError(ZichtError, ValueError):
    """A stored breakdown key that is not a total or a single ``dimension=category``."""

    code = "invalid_breakdown"


@dataclass(frozen=True, order=True)
class Breakdown:
    """The total (both fields empty) or one category of one dimension."""

    dimension: str = ""
    category: str = ""

    def __post_init__(self) -> None:
        if bool(self.dimension) != bool(self.category):
            raise BreakdownError("een uitsplitsing heeft een dimensie én een categorie")
        for part in (self.dimension, self.category):
            if SEPARATOR in part or ";" in part:
                raise BreakdownError(
                    "een uitsplitsing heeft precies één dimensie; kruistabellen worden niet "
                    "ondersteund"
                )

    @classmethod
    def total(cls) -> Breakdown:
        return cls()

    @classmethod
    def parse(cls, key: str) -> Breakdown:
        """Read a stored key; raise :class:`BreakdownError` for anything but one margin."""
        if not key:
            return cls()
        dimension, separator, category = key.partition(SEPARATOR)
        if not separator:
            raise BreakdownError("een uitsplitsing heeft de vorm dimensie=categorie")
        return cls(dimension, category)

    @property
    def is_total(self) -> bool:
        return not self.dimension

    def __str__(self) -> str:
        return f"{self.dimension}{SEPARATOR}{self.category}" if self.dimension else ""


def key_expr(dimension: str, category: pl.Expr) -> pl.Expr:
    """The stored key of ``category`` (a Polars column) under ``dimension``, vectorised."""
    return pl.lit(f"{dimension}{SEPARATOR}") + category
