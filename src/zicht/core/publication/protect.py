"""Disclosure control at publication: what the public may see of an edition's cells.

Primary suppression follows each indicator's rule: person counts from 1 to threshold − 1 are
shown as "<threshold"; true zeros are shown. Secondary suppression (so that hidden cells cannot
be recomputed from totals, breakdowns or the previous edition) and the attacker's audit live in
``zicht.core.privacy.disclosure``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from zicht.core.catalog.model import Catalog
from zicht.core.publication.cells import Cell


def small_count_symbol(threshold: int) -> str:
    return f"<{threshold}"


def suppress_small_counts(cells: Iterable[Cell], catalog: Catalog) -> list[Cell]:
    protected = []
    for cell in cells:
        rule = catalog.indicators[cell.indicator].disclosure
        value = cell.value
        if rule.protects_small_counts and value is not None and 0 < value < rule.threshold:
            cell = replace(cell, value=None, symbol=small_count_symbol(rule.threshold))
        protected.append(cell)
    return protected
