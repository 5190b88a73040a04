"""Record-level deliveries: one row per case with non-identifying attributes only.

Zicht counts the rows into the partner's indicator per municipality, in total and per category
of every breakdown dimension, and keeps only those counts: the rows themselves are never stored.
"""

from __future__ import annotations

import polars as pl

from zicht.core.breakdowns import key_expr
from zicht.core.catalog.model import Catalog, Partner, Text
from zicht.core.deliveries.errors import DeliveryError
from zicht.core.deliveries.rules import (
    NAMED,
    area_name_errors,
    category_errors,
    errors_where,
    map_areas,
    missing_columns,
    unknown_columns,
)

REQUIRED = ["municipality", "period"]
# ASCII digits only ([0-9], not Polars' Unicode \d); a full date must also exist (no 31 Feb).
PERIOD = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"


def _row_checks(
    catalog: Catalog, partner: Partner, year: int
) -> list[tuple[pl.Expr, str, str, Text]]:
    """(failing condition, column, code, reason) for every rule a row must meet."""
    period, area = pl.col("period"), pl.col("_area")
    # Conditions must be false, not null, for an empty cell, or a cell that fails one rule
    # would be reported under the next rules too (an unknown code is no region).
    real_day = (period.str.len_chars() != 10) | period.str.to_date(
        "%Y-%m-%d", strict=False
    ).is_not_null()
    well_formed = (period.str.contains(PERIOD) & real_day).fill_null(False)
    covered = list(catalog.partner_areas(partner.code))
    checks = [
        (
            area.is_null() & pl.col(NAMED).is_null(),  # a name typed: area_name_errors
            "municipality",
            "unknown_area",
            Text(
                "onbekende gemeente; gebruik een CBS-gemeentecode zoals GM0599",
                "unknown municipality; use a CBS municipality code such as GM0599",
            ),
        ),
        (
            area.is_not_null() & area.is_in(list(catalog.regions)),
            "municipality",
            "wrong_area_level",
            Text("vul de gemeente in, niet de regio", "fill in the municipality, not the region"),
        ),
        (
            area.is_not_null() & ~area.is_in(covered) & ~area.is_in(list(catalog.regions)),
            "municipality",
            "area_not_covered_by_partner",
            Text(
                f"{partner.name.nl} levert niet voor deze gemeente",
                f"{partner.name.en or partner.name.nl} does not deliver for this municipality",
            ),
        ),
        (
            period == "",
            "period",
            "missing_period",
            Text(
                "de periode ontbreekt; gebruik JJJJ, JJJJ-MM of JJJJ-MM-DD",
                "the period is missing; use YYYY, YYYY-MM or YYYY-MM-DD",
            ),
        ),
        (
            ~well_formed & (period != ""),
            "period",
            "invalid_period",
            Text(
                "ongeldige periode; gebruik JJJJ, JJJJ-MM of JJJJ-MM-DD",
                "invalid period; use YYYY, YYYY-MM or YYYY-MM-DD",
            ),
        ),
        (
            well_formed & (period.str.slice(0, 4) != str(year)),
            "period",
            "period_outside_delivery",
            Text(
                f"de periode valt niet in het leveringsjaar {year}",
                f"the period is not in the delivery year {year}",
            ),
        ),
    ]
    return checks


def _row_errors(
    frame: pl.DataFrame, checks: list[tuple[pl.Expr, str, str, Text]]
) -> list[DeliveryError]:
    # One pass decides whether anything is wrong; only a bad file pays for the detailed report.
    failing = pl.any_horizontal([condition.fill_null(True) for condition, *_ in checks])
    if not frame.select(failing.any()).item():
        return []
    return [
        e
        for condition, column, code, message in checks
        for e in errors_where(frame, condition.fill_null(True), column, code, message)
    ]


def _counts(
    frame: pl.DataFrame,
    catalog: Catalog,
    partner: str,
    indicator: str,
    dimensions: list[str],
    year: int,
) -> pl.DataFrame:
    """Totals and one-way breakdowns per municipality, zeros included, as observations.

    The rows are grouped once into a small cube (municipality × categories); totals and
    margins are summed from that cube rather than from the rows again.
    """
    cube = frame.group_by(["_area", *dimensions]).len()
    municipalities = pl.DataFrame({"_area": list(catalog.partner_areas(partner))})
    totals = municipalities.join(
        cube.group_by("_area").agg(pl.col("len").sum()), on="_area", how="left"
    )
    parts = [totals.select("_area", pl.lit("").alias("breakdown"), pl.col("len").fill_null(0))]
    for dimension in dimensions:
        categories = pl.DataFrame({dimension: sorted(catalog.dimensions[dimension].category_codes)})
        counted = cube.group_by("_area", dimension).agg(pl.col("len").sum())
        full = municipalities.join(categories, how="cross").join(
            counted, on=["_area", dimension], how="left"
        )
        parts.append(
            full.select(
                "_area",
                key_expr(dimension, pl.col(dimension)).alias("breakdown"),
                pl.col("len").fill_null(0),
            )
        )
    return (
        pl.concat(parts)
        .select(
            pl.lit(indicator).alias("indicator"),
            pl.col("_area").alias("area"),
            pl.lit(str(year)).alias("period"),
            "breakdown",
            pl.col("len").cast(pl.Float64).alias("value"),
        )
        .sort("area", "breakdown")
    )


def record_columns(partner: Partner) -> set[str]:
    """The columns a record-level file of this partner may have."""
    assert partner.record is not None
    return set(partner.record.attributes)


def validate_records(
    frame: pl.DataFrame, catalog: Catalog, partner: Partner, year: int
) -> tuple[list[DeliveryError], pl.DataFrame]:
    """Check every row; return the problems and, when there are none, the counts."""
    assert partner.record is not None
    allowed = record_columns(partner)
    dimensions = [a for a in partner.record.attributes if a in catalog.dimensions]
    errors = missing_columns(frame.columns, REQUIRED + dimensions)
    errors += unknown_columns(frame.columns, allowed, catalog)
    if errors:
        return errors, frame.clear()
    frame = map_areas(frame, "municipality", catalog, pl.col(dimensions).str.to_lowercase())
    errors = _row_errors(frame, _row_checks(catalog, partner, year))
    errors += area_name_errors(frame, "municipality", catalog)
    errors += category_errors(frame, catalog, dimensions, allow_total=False)
    frame = frame.drop(NAMED)
    if errors:
        return errors, frame.clear()
    return [], _counts(frame, catalog, partner.code, partner.record.indicator, dimensions, year)
