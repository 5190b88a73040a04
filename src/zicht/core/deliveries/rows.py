"""One observation as it crosses from a delivery or an analysis into storage."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class ObservationRow:
    """indicator × area × period × breakdown → value; an estimate carries its 95% interval."""

    indicator: str
    area: str
    period: str
    breakdown: str  # "" for the total
    value: float
    lower: float | None = None
    upper: float | None = None


def observation_rows(frame: pl.DataFrame) -> Iterator[ObservationRow]:
    """The rows of a validated delivery's observation frame, by column name."""
    for row in frame.iter_rows(named=True):
        yield ObservationRow(
            indicator=row["indicator"],
            area=row["area"],
            period=row["period"],
            breakdown=row["breakdown"],
            value=row["value"],
            lower=row.get("lower"),
            upper=row.get("upper"),
        )
