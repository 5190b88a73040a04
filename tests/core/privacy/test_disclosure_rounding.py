"""Optional controlled rounding: additivity kept, every cell a multiple of the base within one
base of the truth, multiples (zero included) unchanged; the statement says so."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.privacy.test_disclosure_properties import linked_tables
from zicht.core.privacy.disclosure import (
    CellTable,
    Dimension,
    DisclosureRefused,
    DisclosureRule,
    collect_cells,
    privacy_statement,
    protect_edition,
)
from zicht.core.privacy.disclosure.rounding import (
    RoundingImpossible,
    controlled_rounding,
)

ROUNDING_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def assert_controlled(rounded: dict, cells: dict, constraints, base: int) -> None:
    for key, true in cells.items():
        value = rounded[key]
        assert value % base == 0
        assert abs(value - true) < base
        assert value >= 0
        if true % base == 0:  # zero-restricted: multiples, zero included, stay as they are
            assert value == true
    for constraint in constraints:
        assert rounded[constraint.total] == sum(rounded[p] for p in constraint.parts)


@ROUNDING_SETTINGS
@given(linked_tables(), st.sampled_from([3, 5, 10]))
def test_controlled_rounding_keeps_every_constraint(tables, base) -> None:
    cells, constraints = collect_cells(tables)
    pairs = [(c.total, c.parts) for c in constraints]
    try:
        rounded = controlled_rounding(cells, pairs, base)
    except RoundingImpossible:
        # Allowed only for linked tables (a three-way structure); one hierarchical
        # two-way table always has a controlled rounding.
        assert len(tables) > 1
        return
    assert_controlled(rounded, cells, constraints, base)


@ROUNDING_SETTINGS
@given(linked_tables())
def test_a_rounded_edition_publishes_no_small_count_and_passes_or_is_refused(tables) -> None:
    rule = DisclosureRule(rounding_base=5)
    cells, constraints = collect_cells(tables)
    try:
        release = protect_edition(tables, {"victims": rule})
    except RoundingImpossible:
        assert len(tables) > 1
        return
    except DisclosureRefused as refused:
        assert all(r.edition == "rounded" for r in refused.report.failures)
        return
    published = {cell.key: cell.value for cell in release.cells}
    assert all(cell.symbol == "" for cell in release.cells)
    assert_controlled(published, cells, constraints, 5)
    assert not any(rule.threshold > v > 0 for v in published.values())
    small = [key for key, value in cells.items() if 1 <= value < 5]
    checked = {r.key for r in release.audit.ranges if r.edition == "rounded"}
    assert checked == set(small)
    for r in release.audit.ranges:
        assert r.lower <= cells[r.key] <= r.upper
        assert r.width >= rule.minimum_range_width


def test_rounding_of_a_known_table_and_the_readers_range() -> None:
    area = Dimension.flat("area", ("A", "B", "C"), root="RE")
    form = Dimension.flat("form", ("F0", "F1"))
    leaves = {("A", "F0"): 1, ("A", "F1"): 7, ("B", "F0"): 3, ("B", "F1"): 0}
    leaves |= {("C", "F0"): 10, ("C", "F1"): 12}
    table = CellTable.from_leaves("victims", (area, form), leaves)
    cells, constraints = collect_cells([table])
    pairs = [(c.total, c.parts) for c in constraints]
    rounded = controlled_rounding(cells, pairs, 5)
    assert_controlled(rounded, cells, constraints, 5)
    key = table.key(("B", "F1"))
    assert rounded[key] == 0  # a true zero stays zero
    # The reader's range of the true 1, as the publication's audit derives it.
    release = protect_edition([table], {"victims": DisclosureRule(rounding_base=5)})
    (small,) = [r for r in release.audit.ranges if r.key == table.key(("A", "F0"))]
    assert small.edition == "rounded" and small.lower <= 1 <= small.upper
    assert small.upper - small.lower >= 1


def test_statement_says_rounding_was_applied() -> None:
    area = Dimension.flat("area", ("A", "B"), root="RE")
    table = CellTable.from_leaves("victims", (area,), {("A",): 3, ("B",): 11})
    release = protect_edition([table], {"victims": DisclosureRule(rounding_base=5)})
    assert {c.value for c in release.cells} <= {0, 5, 10, 15}
    dutch = privacy_statement(release.audit, "nl")
    english = privacy_statement(release.audit, "en")
    assert "gecontroleerd afgerond op een veelvoud van 5" in dutch
    assert "rounded by controlled rounding to a multiple of 5" in english
    assert "'<5'" not in dutch  # nothing is suppressed


def test_rounding_base_below_the_threshold_is_refused() -> None:
    with pytest.raises(ValueError, match="rounding_base"):
        DisclosureRule(threshold=5, rounding_base=3)
