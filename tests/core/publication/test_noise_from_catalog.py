"""Differential privacy chosen in the catalogue: noisy counts, budget recorded, statement."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

from zicht.core.catalog import load_catalog
from zicht.core.catalog.checks import ALL_CHECKS
from zicht.core.privacy.dp import noise_margin, seeded_sampler
from zicht.core.publication.cells import Cell
from zicht.core.publication.protect import protect_cells
from zicht.core.publication.report import DisclosureSummary, disclosure_summary

CATALOG_DIR = Path(__file__).resolve().parents[3] / "catalog"
CODE = "care_table_new_signals"  # a person count per municipality, small-count rule


def _with_disclosure(**changes):
    catalog = load_catalog(CATALOG_DIR)
    indicator = catalog.indicators[CODE]
    disclosure = dataclasses.replace(indicator.disclosure, **changes)
    indicators = {**catalog.indicators, CODE: dataclasses.replace(indicator, disclosure=disclosure)}
    return dataclasses.replace(catalog, indicators=indicators)


def _cells(catalog, seed: int) -> list[Cell]:
    rng = random.Random(seed)
    members = catalog.region_members(catalog.region)
    values = {area: rng.choice([0, 1, 2, 4, 6, 8, 11, 17, 30, 45]) for area in members}
    cells = [Cell(CODE, area, "2020", "", float(v)) for area, v in values.items()]
    cells.append(Cell(CODE, catalog.region, "2020", "", float(sum(values.values()))))
    return cells


def _seeded(seed: int):
    return lambda settings: seeded_sampler(settings, seed)


def test_noise_in_the_catalogue_changes_counts_records_the_budget_and_explains_it() -> None:
    catalog = _with_disclosure(noise_epsilon=1.0)
    cells = _cells(catalog, 3)
    truth = {c.area: c.value for c in cells}
    protected = protect_cells(cells, catalog, sampler=_seeded(7))
    again = protect_cells(cells, catalog, sampler=_seeded(7))
    assert protected.cells == again.cells  # seeded: deterministic
    (record,) = protected.noise
    assert record.indicator == CODE and record.epsilon_spent == 1.0 and record.partitions == 1
    assert record.margin == noise_margin(1.0) == 3
    shown = {c.area: c for c in protected.cells}
    members = catalog.region_members(catalog.region)
    visible = [a for a in members if shown[a].value is not None]
    assert any(shown[a].value != truth[a] for a in visible)  # noise moved published counts
    # Still protected after the noise: small noisy counts are hidden as '<5'.
    assert all(
        shown[a].value is None or shown[a].value == 0 or shown[a].value >= 5 for a in members
    )
    summary = disclosure_summary(catalog, protected)
    stored = DisclosureSummary.from_dict(summary.to_dict())
    assert stored.noise_of(CODE)["epsilon_spent"] == 1.0
    assert (
        "differential privacy" in summary.statement.nl
        and "ε = 1 per telling" in summary.statement.nl
    )
    assert "at most 3" in summary.statement.en


def test_without_noise_nothing_is_recorded() -> None:
    catalog = load_catalog(CATALOG_DIR)
    protected = protect_cells(_cells(catalog, 3), catalog, sampler=_seeded(7))
    assert protected.noise == ()
    assert "differential privacy" not in disclosure_summary(catalog, protected).statement.nl


def _messages(catalog) -> list[str]:
    return [p.message for check in ALL_CHECKS for p in check(catalog)]


def test_the_catalogue_check_refuses_a_bad_budget_or_interval() -> None:
    assert not any("ruis" in m or "beschermings" in m for m in _messages(_with_disclosure()))
    assert any("privacybudget" in m for m in _messages(_with_disclosure(noise_epsilon=0.0)))
    assert any(
        "beschermingsinterval" in m for m in _messages(_with_disclosure(protection_interval=4))
    )
