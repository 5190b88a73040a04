"""Aggregate deliveries: one row per indicator × area × period (× breakdown) with a value."""

from __future__ import annotations

import polars as pl

from zicht.core.breakdowns import key_expr
from zicht.core.catalog.columns import aggregate_breakdowns
from zicht.core.catalog.model import AreaLevel, Catalog, Partner, Text
from zicht.core.deliveries.errors import MAX_REPORTED, DeliveryError
from zicht.core.deliveries.margins import DIMENSION, margin_errors
from zicht.core.deliveries.rules import (
    NAMED,
    ROW,
    TOTAL,
    area_name_errors,
    category_errors,
    coverage_errors,
    errors_where,
    map_areas,
    missing_columns,
    more_rows,
    unknown_columns,
)
from zicht.core.periods import period_example, period_year

REQUIRED = ["indicator", "area", "period", "value"]
# ASCII digits only: Polars' \d also matches Arabic-Indic or full-width digits, which the
# conversion to a number then fails on.
NUMBER = r"^[0-9]+([.,][0-9]+)?$"
# A count with more than twelve digits (a trillion) is a mistake, and 400 nines would be
# stored as infinity, which no figure, rounding or publication can handle.
TOO_LARGE = r"^-?0*[1-9][0-9]{12,}([.,][0-9]*)?$"
# "1.000" is a thousand in Dutch and one in English: a count written with a thousands separator
# (point, comma, space or apostrophe before groups of three digits) is refused, never guessed.
THOUSANDS = r"^[0-9]{1,3}([.,' \u00a0][0-9]{3})+$"


def _indicator_errors(
    frame: pl.DataFrame, catalog: Catalog, partner: Partner, year: int
) -> list[DeliveryError]:
    own = {i.code for i in catalog.indicators_of(partner.code)}
    valid_now = {i.code for i in catalog.indicators_of(partner.code, year)}
    code = pl.col("indicator")
    return (
        errors_where(
            frame,
            code == "",
            "indicator",
            "missing_indicator",
            Text("indicatorcode ontbreekt", "indicator code missing"),
        )
        + errors_where(
            frame,
            (code != "") & ~code.is_in(list(catalog.indicators)),
            "indicator",
            "unknown_indicator",
            Text(
                "onbekende indicatorcode (zie het sjabloon)",
                "unknown indicator code (see the template)",
            ),
        )
        + errors_where(
            frame,
            code.is_in(list(catalog.indicators)) & ~code.is_in(list(own)),
            "indicator",
            "indicator_not_delivered_by_partner",
            Text(
                f"deze indicator wordt niet door {partner.name.nl} geleverd",
                f"{partner.name.en or partner.name.nl} does not deliver this indicator",
            ),
        )
        + errors_where(
            frame,
            code.is_in(list(own - valid_now)),
            "indicator",
            "indicator_not_valid_in_year",
            Text(
                f"deze indicator bestaat niet in {year}", f"this indicator does not exist in {year}"
            ),
        )
    )


def _area_errors(frame: pl.DataFrame, catalog: Catalog) -> list[DeliveryError]:
    level = pl.col("indicator").replace_strict(
        {c: str(i.area_level) for c, i in catalog.indicators.items()}, default=None
    )
    is_region = pl.col("_area").is_in(list(catalog.regions))
    known = pl.col("_area").is_not_null()
    return (
        area_name_errors(frame, "area", catalog)
        + errors_where(
            frame,
            ~known & pl.col(NAMED).is_null(),  # a name typed: area_name_errors
            "area",
            "unknown_area",
            Text(
                "onbekend gebied; gebruik een CBS-gemeentecode (zoals GM0599) of een regiocode",
                "unknown area; use a CBS municipality code (such as GM0599) or a region code",
            ),
        )
        + errors_where(
            frame,
            known & (level == AreaLevel.MUNICIPALITY) & is_region,
            "area",
            "wrong_area_level",
            Text(
                "deze indicator wordt per gemeente geleverd, niet per regio",
                "this indicator is delivered per municipality, not per region",
            ),
        )
        + errors_where(
            frame,
            known & (level == AreaLevel.REGION) & ~is_region,
            "area",
            "wrong_area_level",
            Text(
                "deze indicator wordt voor de regio geleverd, niet per gemeente",
                "this indicator is delivered for the region, not per municipality",
            ),
        )
    )


def _period_errors(frame: pl.DataFrame, catalog: Catalog, year: int) -> list[DeliveryError]:
    errors: list[DeliveryError] = []
    for row, code, period in frame.select(ROW, "indicator", "period").iter_rows():
        if len(errors) >= MAX_REPORTED:
            break
        indicator = catalog.indicators.get(code)
        if indicator is None:
            continue
        found = period_year(period, indicator.period_type)
        if found is None:
            example = period_example(indicator.period_type, year)
            missing = period == ""
            errors.append(
                DeliveryError(
                    row,
                    "period",
                    "missing_period" if missing else "invalid_period",
                    Text(
                        f"{'de periode ontbreekt' if missing else 'ongeldige periode'}; "
                        f"verwacht bijvoorbeeld '{example}'",
                        f"{'the period is missing' if missing else 'invalid period'}; "
                        f"expected for example '{example}'",
                    ),
                )
            )
        elif found != year:
            errors.append(
                DeliveryError(
                    row,
                    "period",
                    "period_outside_delivery",
                    Text(
                        f"de periode valt niet in het leveringsjaar {year}",
                        f"the period is not in the delivery year {year}",
                    ),
                )
            )
    return errors


def _value_errors(frame: pl.DataFrame) -> list[DeliveryError]:
    value = pl.col("value")
    too_large = value.str.contains(TOO_LARGE)
    grouped = value.str.contains(THOUSANDS) & ~too_large
    numeric = value.str.contains(NUMBER) & ~too_large & ~grouped
    negative = value.str.contains(r"^-[0-9]+([.,][0-9]+)?$") & ~too_large
    other_digits = value.str.contains(r"\d") & ~value.str.contains(r"^[\x00-\x7f]*$")
    return (
        errors_where(
            frame,
            negative,
            "value",
            "negative_value",
            Text("een aantal kan niet negatief zijn", "a count cannot be negative"),
        )
        + errors_where(
            frame,
            too_large,
            "value",
            "number_too_large",
            Text(
                "het getal is te groot (meer dan twaalf cijfers)",
                "the number is too large (more than twelve digits)",
            ),
        )
        + errors_where(
            frame,
            other_digits,
            "value",
            "non_ascii_digits",
            Text("gebruik de gewone cijfers 0 tot en met 9", "use the ordinary digits 0 to 9"),
        )
        + errors_where(
            frame,
            grouped,
            "value",
            "thousands_separator",
            Text(
                "schrijf een aantal zonder scheidingsteken voor duizendtallen (1234, niet 1.234)",
                "write a count without a thousands separator (1234, not 1,234)",
            ),
        )
        + errors_where(
            frame,
            (value != "") & ~numeric & ~negative & ~too_large & ~other_digits & ~grouped,
            "value",
            "not_a_number",
            Text(
                "geen getal; vul het aantal in cijfers in",
                "not a number; fill in the count in digits",
            ),
        )
        + errors_where(
            frame,
            numeric & ~value.str.contains(r"^[0-9]+([.,]0+)?$"),
            "value",
            "not_a_whole_number",
            Text("een aantal moet een geheel getal zijn", "a count must be a whole number"),
        )
    )


def _breakdown_errors(
    frame: pl.DataFrame, catalog: Catalog, dimensions: list[str]
) -> list[DeliveryError]:
    errors = category_errors(frame, catalog, dimensions, allow_total=True)
    for dimension in dimensions:
        allowed = [c for c, i in catalog.indicators.items() if dimension in i.breakdowns]
        used = ~pl.col(dimension).str.to_lowercase().is_in(["", TOTAL])
        errors += errors_where(
            frame,
            used & ~pl.col("indicator").is_in(allowed),
            dimension,
            "breakdown_not_allowed",
            Text(
                "deze indicator wordt niet naar deze uitsplitsing geleverd",
                "this indicator is not delivered with this breakdown",
            ),
        )
    return errors


def _is_category(dimension: str) -> pl.Expr:
    return ~pl.col(dimension).str.to_lowercase().is_in(["", TOTAL])


def _cross_classified_errors(frame: pl.DataFrame, dimensions: list[str]) -> list[DeliveryError]:
    """A row may split by one dimension only: Zicht publishes one-way margins, no cross tables."""
    errors = []
    for n, dimension in enumerate(sorted(dimensions)):
        earlier = sorted(dimensions)[:n]
        if not earlier:
            continue
        also = pl.any_horizontal([_is_category(d) for d in earlier])
        errors += errors_where(
            frame,
            _is_category(dimension) & also,
            dimension,
            "cross_classified",
            Text(
                "deze rij splitst naar meer dan één kenmerk tegelijk (kruistabel); Zicht neemt "
                f"per rij één uitsplitsing aan: vul alleen '{dimension}' of alleen "
                f"{' / '.join(repr(d) for d in earlier)} in en zet de andere op '{TOTAL}'",
                "this row splits by more than one characteristic at once (a cross table); Zicht "
                f"accepts one breakdown a row: fill in only '{dimension}' or only "
                f"{' / '.join(repr(d) for d in earlier)} and set the other to '{TOTAL}'",
            ),
        )
    return errors


def _breakdown_columns(dimensions: list[str]) -> list[pl.Expr]:
    """Each row's stored key (see :mod:`zicht.core.breakdowns`) and its dimension ("" = total).

    Rows that split by more than one dimension are refused before these are used.
    """
    key, dimension_of = pl.lit(""), pl.lit("")
    for dimension in sorted(dimensions):
        category = key_expr(dimension, pl.col(dimension).str.to_lowercase())
        key = pl.when(_is_category(dimension)).then(category).otherwise(key)
        dimension_of = (
            pl.when(_is_category(dimension)).then(pl.lit(dimension)).otherwise(dimension_of)
        )
    return [key.alias("_breakdown"), dimension_of.alias(DIMENSION)]


def _duplicate_errors(frame: pl.DataFrame) -> list[DeliveryError]:
    keys = ["indicator", "area", "period", "_breakdown"]
    first = frame.group_by(keys).agg(pl.col(ROW).min().alias("_first"))
    joined = frame.join(first, on=keys).filter(pl.col(ROW) != pl.col("_first"))
    return [
        DeliveryError(
            row,
            None,
            "duplicate_row",
            Text(
                f"dubbele rij: zelfde indicator, gebied, periode en uitsplitsing als rij {f}",
                f"duplicate row: same indicator, area, period and breakdown as row {f}",
            ),
        )
        for row, f in joined.select(ROW, "_first").head(MAX_REPORTED).iter_rows()
    ] + more_rows(joined.height - MAX_REPORTED, None, "duplicate_row")


def aggregate_columns(catalog: Catalog, partner: Partner, year: int) -> set[str]:
    """The columns an aggregate file of this partner may have: its template's (the required
    ones and the breakdowns of its indicators that year)."""
    return set(REQUIRED) | set(aggregate_breakdowns(catalog, partner.code, year))


def validate_aggregate(
    frame: pl.DataFrame, catalog: Catalog, partner: Partner, year: int
) -> tuple[list[DeliveryError], pl.DataFrame]:
    """Check every row; return the problems and, when there are none, the observations."""
    dimensions = [c for c in frame.columns if c in catalog.dimensions]
    errors = missing_columns(frame.columns, REQUIRED)
    errors += unknown_columns(frame.columns, aggregate_columns(catalog, partner, year), catalog)
    if errors:
        return errors, frame.clear()
    frame = map_areas(frame, "area", catalog).with_columns(*_breakdown_columns(dimensions))
    errors += _indicator_errors(frame, catalog, partner, year)
    errors += _area_errors(frame, catalog)
    errors += coverage_errors(frame, catalog, partner, "area")
    errors += _period_errors(frame, catalog, year)
    errors += _value_errors(frame)
    errors += _breakdown_errors(frame, catalog, dimensions)
    errors += _cross_classified_errors(frame, dimensions)
    if errors:
        return errors, frame.clear()
    frame = frame.drop(NAMED)
    errors += _duplicate_errors(frame)
    if errors:
        return errors, frame.clear()
    errors, grouped = _merge_areas(frame, catalog)
    errors += margin_errors(grouped, catalog)
    if errors:
        return errors, frame.clear()
    return [], _observations(grouped)


def _merge_areas(frame: pl.DataFrame, catalog: Catalog) -> tuple[list[DeliveryError], pl.DataFrame]:
    """Sum rows that land on one area through a municipal merger; refuse that when not additive."""
    delivered = frame.filter(pl.col("value") != "").with_columns(
        pl.col("value").str.replace(",", ".").cast(pl.Float64).alias("value")
    )
    keys = ["indicator", "_area", "period", "_breakdown", DIMENSION]
    grouped = delivered.group_by(keys).agg(
        pl.col("value").sum(), pl.len().alias("_n"), pl.col(ROW).max()
    )
    non_additive = [c for c, i in catalog.indicators.items() if not i.additive]
    merged_wrongly = grouped.filter((pl.col("_n") > 1) & pl.col("indicator").is_in(non_additive))
    errors = [
        DeliveryError(
            row,
            "area",
            "non_additive_merger",
            Text(
                "twee oude gemeentecodes vallen samen in één gemeente, maar deze indicator "
                "telt niet op; lever de waarde voor de huidige gemeente",
                "two old municipality codes merge into one municipality, but this indicator "
                "does not add up; deliver the value for the current municipality",
            ),
        )
        for row in merged_wrongly.get_column(ROW).head(MAX_REPORTED).to_list()
    ]
    return errors, grouped


def _observations(grouped: pl.DataFrame) -> pl.DataFrame:
    return grouped.select(
        "indicator",
        pl.col("_area").alias("area"),
        "period",
        pl.col("_breakdown").alias("breakdown"),
        "value",
    ).sort("indicator", "area", "period", "breakdown")
