"""Margins add up at delivery: each dimension's categories sum to the total they break down.

Zicht publishes one-way margins (see :mod:`zicht.core.breakdowns`). A delivery whose sex
breakdown sums to 24 against a total of 30 is refused here, naming the row of the total and the
dimension, rather than stored and found out when an edition is published.
"""

from __future__ import annotations

import polars as pl

from zicht.core.catalog.model import Catalog, Text
from zicht.core.deliveries.errors import DeliveryError
from zicht.core.deliveries.rules import ROW, TOTAL

DIMENSION = "_dimension"  # the breakdown's dimension, "" for the total
KEYS = ["indicator", "_area", "period"]


def margin_errors(grouped: pl.DataFrame, catalog: Catalog) -> list[DeliveryError]:
    """Problems with the margins of ``grouped`` (one row per cell, with ``value`` and ``_row``).

    Only indicators that add up are checked: for the others (unique ads, say) one unit may
    fall in several categories, so their parts need not sum to the whole.
    """
    additive = [code for code, i in catalog.indicators.items() if i.additive]
    cells = grouped.filter(pl.col("indicator").is_in(additive))
    totals = cells.filter(pl.col(DIMENSION) == "").select(
        *KEYS, pl.col("value").alias("_total"), pl.col(ROW).alias("_total_row")
    )
    sums = (
        cells.filter(pl.col(DIMENSION) != "")
        .group_by(*KEYS, DIMENSION)
        .agg(pl.col("value").sum().alias("_sum"), pl.col(ROW).min().alias("_first_row"))
        .join(totals, on=KEYS, how="left")
        .sort("_first_row", DIMENSION)
    )
    errors = []
    for dimension, total, part_sum, total_row, first_row in sums.select(
        DIMENSION, "_total", "_sum", "_total_row", "_first_row"
    ).iter_rows():
        if total is None:
            errors.append(
                DeliveryError(
                    first_row,
                    dimension,
                    "breakdown_without_total",
                    Text(
                        f"uitsplitsing naar '{dimension}' zonder totaal; lever ook de rij met "
                        f"het totaal (alle uitsplitskolommen leeg of '{TOTAL}')",
                        f"breakdown by '{dimension}' without a total; deliver the row with the "
                        f"total too (every breakdown column empty or '{TOTAL}')",
                    ),
                )
            )
        elif abs(part_sum - total) > 1e-9:
            errors.append(
                DeliveryError(
                    total_row,
                    "value",
                    "margin_does_not_add_up",
                    Text(
                        f"de categorieën van '{dimension}' tellen op tot {part_sum:g}, maar het "
                        f"totaal in deze rij is {total:g}; een uitsplitsing moet optellen tot "
                        "het totaal",
                        f"the categories of '{dimension}' add up to {part_sum:g}, but the total "
                        f"in this row is {total:g}; a breakdown must add up to the total",
                    ),
                )
            )
    return errors
