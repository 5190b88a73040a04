"""Record-level deliveries: one row per case with non-identifying attributes only.

Zicht counts the rows into the partner's indicator per municipality, in total and per category
of every breakdown dimension, and keeps only those counts: the rows themselves are never stored.
"""

from __future__ import annotations

import polars as pl

from zicht.core.catalog.model import Catalog, Partner
from zicht.core.deliveries.errors import DeliveryError
from zicht.core.deliveries.rules import (
    category_errors,
    coverage_errors,
    errors_where,
    map_areas,
    missing_columns,
    unknown_columns,
)

REQUIRED = ["municipality", "period"]
PERIOD = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


def _row_errors(frame: pl.DataFrame, catalog: Catalog, dimensions: list[str],
                year: int) -> list[DeliveryError]:
    period = pl.col("period")
    well_formed = period.str.contains(PERIOD)
    return (
        errors_where(frame, pl.col("_area").is_null(), "municipality", "unknown_area",
                     "onbekende gemeente; gebruik een CBS-gemeentecode zoals GM0599")
        + errors_where(frame, pl.col("_area").is_in(list(catalog.regions)), "municipality",
                       "wrong_area_level", "vul de gemeente in, niet de regio")
        + errors_where(frame, ~well_formed, "period", "invalid_period",
                       "ongeldige periode; gebruik JJJJ, JJJJ-MM of JJJJ-MM-DD")
        + errors_where(frame, well_formed & (period.str.slice(0, 4) != str(year)), "period",
                       "period_outside_delivery", f"de periode valt niet in het leveringsjaar {year}")
        + category_errors(frame, catalog, dimensions, allow_total=False)
    )


def _counts(frame: pl.DataFrame, catalog: Catalog, partner: str, indicator: str,
            dimensions: list[str], year: int) -> pl.DataFrame:
    """Totals and one-way breakdowns per municipality, zeros included, as observations."""
    municipalities = pl.DataFrame({"_area": list(catalog.partner_areas(partner))})
    totals = municipalities.join(frame.group_by("_area").len(), on="_area", how="left")
    parts = [totals.select("_area", pl.lit("").alias("breakdown"), pl.col("len").fill_null(0))]
    for dimension in dimensions:
        categories = pl.DataFrame(
            {"_category": sorted(catalog.dimensions[dimension].category_codes)})
        grid = municipalities.join(categories, how="cross")
        counted = frame.group_by("_area", pl.col(dimension).str.to_lowercase().alias("_category")).len()
        full = grid.join(counted, on=["_area", "_category"], how="left")
        parts.append(full.select(
            "_area", (pl.lit(f"{dimension}=") + pl.col("_category")).alias("breakdown"),
            pl.col("len").fill_null(0)))
    return pl.concat(parts).select(
        pl.lit(indicator).alias("indicator"), pl.col("_area").alias("area"),
        pl.lit(str(year)).alias("period"), "breakdown", pl.col("len").cast(pl.Float64).alias("value"),
    ).sort("area", "breakdown")


def validate_records(frame: pl.DataFrame, catalog: Catalog, partner: Partner,
                     year: int) -> tuple[list[DeliveryError], pl.DataFrame]:
    """Check every row; return the problems and, when there are none, the counts."""
    assert partner.record is not None
    allowed = set(partner.record.attributes)
    dimensions = [a for a in partner.record.attributes if a in catalog.dimensions]
    errors = missing_columns(frame.columns, REQUIRED + dimensions)
    errors += unknown_columns(frame.columns, allowed)
    if errors:
        return errors, frame.clear()
    frame = map_areas(frame, "municipality", catalog)
    errors = _row_errors(frame, catalog, dimensions, year)
    errors += coverage_errors(frame, catalog, partner, "municipality")
    if errors:
        return errors, frame.clear()
    return [], _counts(frame, catalog, partner.code, partner.record.indicator, dimensions, year)
