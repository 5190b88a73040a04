"""Disclosure control of an edition: from the edition's cells to what the public may see.

The edition's cells (indicator × area × period × breakdown) are arranged into the linked
tables of :mod:`zicht.core.privacy.disclosure` — per indicator, area (region → municipalities)
× each breakdown dimension, sharing their area margins — and protected there: primary
suppression by each indicator's rule, secondary suppression by mixed-integer programming, and
the attacker's audit. Indicators without a small-count rule are published as they are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from zicht.core.breakdowns import Breakdown
from zicht.core.catalog.model import Catalog
from zicht.core.errors import ZichtError
from zicht.core.privacy.disclosure import (
    AuditReport,
    CellKey,
    CellTable,
    Dimension,
    DisclosureRule,
    PublishedCell,
    collect_cells,
    protect_edition,
)
from zicht.core.privacy.dp import opendp_sampler
from zicht.core.publication.cells import Cell
from zicht.core.publication.noise import NoiseRecord, SamplerFactory, add_noise


@dataclass(frozen=True)
class ProtectedCells:
    cells: list[Cell]
    audit: AuditReport | None  # None when no indicator of the edition has a small-count rule
    noise: tuple[NoiseRecord, ...] = ()  # indicators published with DP noise, and its cost


@dataclass(frozen=True)
class EarlierRelease:
    """A published edition as the audit sees it: published cells, their sums, the rules."""

    cells: tuple[PublishedCell, ...]
    constraints: tuple
    rules: Mapping[str, DisclosureRule]


def _rule(catalog: Catalog, code: str) -> DisclosureRule:
    disclosure = catalog.indicators[code].disclosure
    return DisclosureRule(
        threshold=disclosure.threshold,
        minimum_range_width=disclosure.protection_interval,
        rounding_base=disclosure.rounding_base,
        noise_epsilon=disclosure.noise_epsilon,
    )


def _area_dimension(catalog: Catalog, areas: set[str]) -> list[Dimension]:
    """Region over its municipalities when the region cell is there, else one per area."""
    members = tuple(a for a in catalog.region_members(catalog.region) if a in areas)
    if catalog.region in areas and len(members) == len(catalog.region_members(catalog.region)):
        return [Dimension("area", catalog.region, {catalog.region: members})]
    return [Dimension("area", area, {}) for area in sorted(areas)]


def _protected(cell: Cell, catalog: Catalog) -> bool:
    return catalog.indicators[cell.indicator].disclosure.protects_small_counts


def publication_scope(cells: Iterable[Cell], catalog: Catalog) -> list[Cell]:
    """The cells an edition publishes: person-count breakdowns for the region, not per
    municipality (other indicators, such as ads, keep their municipal breakdowns).

    Breakdowns of small municipalities are mostly zeros and ones; with true zeros shown, no
    suppression pattern can protect them (every secondary candidate is itself small or zero).
    Publishing the breakdown at region level only is the table design that keeps them safe.
    """
    return [
        c
        for c in cells
        if not c.breakdown or c.area not in catalog.municipalities or not _protected(c, catalog)
    ]


def _tables_for(catalog: Catalog, code: str, period: str, cells: list[Cell]) -> list[CellTable]:
    fixed = {"period": period}
    totals = {c.area: int(c.value or 0) for c in cells if not c.breakdown}
    by_dimension: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for c in cells:
        breakdown = Breakdown.parse(c.breakdown)
        if not breakdown.is_total:
            by_dimension[breakdown.dimension][(c.area, breakdown.category)] = int(c.value or 0)
    tables = []
    for area_dimension in _area_dimension(catalog, set(totals)):
        leaves: dict[tuple[str, ...], int] = {
            (a,): v for a, v in totals.items() if a not in area_dimension.children
        }
        tables.append(CellTable.from_leaves(code, (area_dimension,), leaves, fixed))
    for dimension, values in sorted(by_dimension.items()):
        categories = tuple(sorted(catalog.dimensions[dimension].category_codes))
        flat = Dimension.flat(dimension, categories)
        for area in sorted({area for area, _category in values}):
            leaves = {(area, cat): v for (a, cat), v in values.items() if a == area}
            table = CellTable.from_leaves(code, (Dimension("area", area, {}), flat), leaves, fixed)
            tables.append(table)
    return tables


class MarginsDisagree(ZichtError):
    """Stored figures whose breakdown does not add up to their total (deliveries refuse these
    since margins are checked on arrival; older data may still hold them)."""

    code = "margins_disagree"


def _check_margins(cells: list[Cell]) -> None:
    """Each breakdown of an area must add up to that area's total (one indicator and period)."""
    totals = {c.area: float(c.value or 0) for c in cells if Breakdown.parse(c.breakdown).is_total}
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for c in cells:
        breakdown = Breakdown.parse(c.breakdown)
        if not breakdown.is_total:
            sums[(c.area, breakdown.dimension)] += float(c.value or 0)
    for (area, dimension), total in sorted(sums.items()):
        if area in totals and abs(total - totals[area]) > 1e-9:
            code, period = cells[0].indicator, cells[0].period
            raise MarginsDisagree(
                f"de uitsplitsing naar '{dimension}' van indicator '{code}' in gebied {area}, "
                f"periode {period}, telt niet op tot het totaal; lever die cijfers opnieuw"
            )


def _check_consistent(tables: list[CellTable], cells: list[Cell]) -> None:
    """Every delivered number must equal the table's: a breakdown must add up to its total."""
    try:
        table_cells, _ = collect_cells(tables)
    except ValueError:  # the linked tables disagree on a shared margin
        code, period = cells[0].indicator, cells[0].period
        raise MarginsDisagree(
            f"de cijfers van indicator '{code}', periode {period}, tellen niet op tot hun "
            "totalen; lever die cijfers opnieuw"
        ) from None
    for cell in cells:
        value = table_cells.get(_key(cell))
        if value is not None and value != int(cell.value or 0):
            raise MarginsDisagree(
                f"de uitsplitsing van indicator '{cell.indicator}' in gebied {cell.area}, "
                f"periode {cell.period}, telt niet op tot het totaal; lever die cijfers opnieuw"
            )


def _key(cell: Cell) -> CellKey:
    coordinates = {"area": cell.area, "period": cell.period}
    breakdown = Breakdown.parse(cell.breakdown)
    if not breakdown.is_total:
        coordinates[breakdown.dimension] = breakdown.category
    return CellKey.of(cell.indicator, coordinates)


def edition_tables(cells: Iterable[Cell], catalog: Catalog) -> list[CellTable]:
    """The linked tables of the indicators with a small-count rule."""
    grouped: dict[tuple[str, str], list[Cell]] = defaultdict(list)
    for cell in cells:
        if _protected(cell, catalog):
            grouped[(cell.indicator, cell.period)].append(cell)
    tables = []
    for (code, period), members in sorted(grouped.items()):
        _check_margins(members)
        built = _tables_for(catalog, code, period, members)
        _check_consistent(built, members)
        tables += built
    return tables


def protect_cells(
    cells: list[Cell],
    catalog: Catalog,
    previous: EarlierRelease | None = None,
    *,
    sampler: SamplerFactory = opendp_sampler,
) -> ProtectedCells:
    """Protect an edition; raises ``DisclosureRefused`` when the audit finds a cell too narrow.

    Only the cells in :func:`publication_scope` are published (and returned). Indicators whose
    rule asks for noise get it first (:mod:`zicht.core.publication.noise`; ``sampler`` is
    OpenDP, tests pass a seeded one).
    """
    cells, noise = add_noise(publication_scope(cells, catalog), catalog, sampler)
    tables = edition_tables(cells, catalog)
    if not tables:
        return ProtectedCells(list(cells), None, noise)
    rules = {t.indicator: _rule(catalog, t.indicator) for t in tables}
    release = protect_edition(tables, rules, previous=previous)
    published = {c.key: c for c in release.cells}
    protected = []
    for cell in cells:
        if not _protected(cell, catalog):
            protected.append(cell)
            continue
        shown = published[_key(cell)]
        protected.append(
            replace(
                cell, value=None if shown.value is None else float(shown.value), symbol=shown.symbol
            )
        )
    return ProtectedCells(protected, release.audit, noise)


def earlier_release(cells: list[Cell], catalog: Catalog) -> EarlierRelease | None:
    """Rebuild a published edition's release (hidden values stay hidden) for the next audit."""
    # Only the structure of the tables is needed here, so build them on zeros.
    tables = edition_tables([replace(c, value=0.0) for c in cells], catalog)
    if not tables:
        return None
    constraints = dict.fromkeys(c for t in tables for c in t.constraints())
    by_key = {_key(c): c for c in cells}
    published = tuple(
        PublishedCell(key, None if cell.value is None else int(cell.value), cell.symbol)
        for key, cell in by_key.items()
        if _protected(cell, catalog)
    )
    rules = {t.indicator: _rule(catalog, t.indicator) for t in tables}
    return EarlierRelease(published, tuple(constraints), rules)
