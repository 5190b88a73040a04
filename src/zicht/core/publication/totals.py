"""Region totals, derived only where adding up is meaningful."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from zicht.core.catalog.model import AreaLevel, Catalog, Indicator
from zicht.core.errors import ZichtError
from zicht.core.publication.cells import Cell


class NotAdditive(ZichtError, ValueError):
    """A region total was asked for an indicator whose values do not add up across areas."""

    code = "not_additive"

    def __init__(self, indicator: Indicator):
        super().__init__(
            f"indicator {indicator.code} is not additive across areas; its region figure must "
            "be delivered, not summed"
        )
        self.indicator = indicator


def region_total(indicator: Indicator, values: Iterable[float]) -> float:
    """Sum municipal values into a region total; refuse for non-additive indicators."""
    if not indicator.additive:
        raise NotAdditive(indicator)
    return float(sum(values))


def derive_region_totals(cells: Iterable[Cell], catalog: Catalog) -> list[Cell]:
    """Region cells for additive municipal indicators where every member municipality has a value.

    A region total over an incomplete set of municipalities would understate the region, so
    such totals are left out rather than published.
    """
    members = set(catalog.region_members(catalog.region))
    grouped: dict[tuple[str, str, str], list[Cell]] = defaultdict(list)
    for cell in cells:
        indicator = catalog.indicators[cell.indicator]
        if indicator.area_level is AreaLevel.MUNICIPALITY and indicator.additive:
            grouped[(cell.indicator, cell.period, cell.breakdown)].append(cell)
    totals = []
    for (code, period, breakdown), parts in sorted(grouped.items()):
        if {c.area for c in parts} != members:
            continue
        value = region_total(catalog.indicators[code], (c.value or 0.0 for c in parts))
        deliveries = tuple(sorted({d for c in parts for d in c.deliveries}))
        totals.append(
            Cell(
                code, catalog.region, period, breakdown, value, derived=True, deliveries=deliveries
            )
        )
    return totals
