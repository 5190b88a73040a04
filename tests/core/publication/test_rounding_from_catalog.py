"""Controlled rounding chosen in the catalogue reaches the published cells and the statement."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from zicht.core.catalog import load_catalog
from zicht.core.privacy.disclosure import privacy_statement
from zicht.core.publication.cells import Cell
from zicht.core.publication.protect import protect_cells

CATALOG_DIR = Path(__file__).resolve().parents[3] / "catalog"
CODE = "care_table_new_signals"  # a person count per municipality, small-count rule


def _with_disclosure(**changes):
    catalog = load_catalog(CATALOG_DIR)
    indicator = catalog.indicators[CODE]
    disclosure = dataclasses.replace(indicator.disclosure, **changes)
    indicators = {**catalog.indicators, CODE: dataclasses.replace(indicator, disclosure=disclosure)}
    return dataclasses.replace(catalog, indicators=indicators)


def _region_cells(catalog, seed: int) -> list[Cell]:
    rng = random.Random(seed)
    members = catalog.region_members(catalog.region)
    values = {area: rng.choice([0, 0, 1, 2, 3, 4, 6, 8, 11, 17, 30]) for area in members}
    cells = [Cell(CODE, area, "2020", "", float(v)) for area, v in values.items()]
    cells.append(Cell(CODE, catalog.region, "2020", "", float(sum(values.values()))))
    return cells


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rounding_base_in_the_catalogue_rounds_every_published_count(seed: int) -> None:
    catalog = _with_disclosure(rounding_base=5)
    cells = _region_cells(catalog, seed)
    truth = {c.area: c.value for c in cells}
    protected = protect_cells(cells, catalog)
    shown = {c.area: c for c in protected.cells}
    assert set(shown) == set(truth)
    for area, cell in shown.items():
        assert cell.symbol == "" and cell.value is not None, area  # rounding hides nothing
        assert cell.value % 5 == 0, (area, cell.value)
        assert abs(cell.value - truth[area]) < 5, (area, cell.value, truth[area])
    members = catalog.region_members(catalog.region)
    assert shown[catalog.region].value == sum(shown[a].value for a in members)
    assert "afgerond" in privacy_statement(protected.audit, "nl")
    assert "rounded" in privacy_statement(protected.audit, "en")


def test_without_rounding_small_counts_are_hidden_instead() -> None:
    catalog = load_catalog(CATALOG_DIR)
    protected = protect_cells(_region_cells(catalog, 1), catalog)
    symbols = {c.symbol for c in protected.cells}
    assert "<5" in symbols
    assert "afgerond" not in privacy_statement(protected.audit, "nl")
