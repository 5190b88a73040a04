"""Properties of disclosure control that must hold for every table (Hypothesis).

The attacker here is written independently of ``zicht.core.privacy.disclosure.audit``: dense
matrices, one LP per bound, the reader's knowledge taken from the published symbols only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from zicht.core.privacy.disclosure import (
    SECONDARY_SYMBOL,
    CellTable,
    Dimension,
    DisclosureRefused,
    DisclosureRule,
    PublishedCell,
    SuppressionSettings,
    collect_cells,
    protect_edition,
)

LEAF_VALUES = st.sampled_from([0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20])
PROPERTY_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def table_shapes(draw: st.DrawFn) -> tuple[Dimension, list[Dimension]]:
    regions = draw(st.integers(1, 2))
    per_region = draw(st.integers(2, 4))
    names = tuple(f"RE{r}" for r in range(regions))
    children: dict[str, tuple[str, ...]] = {"NL": names}
    for region in names:
        children[region] = tuple(f"{region}GM{m}" for m in range(per_region))
    if regions == 1:  # a region with municipalities, no national level
        children = {"RE0": children["RE0"]}
    area = Dimension("area", "NL" if regions > 1 else "RE0", children)
    breakdowns = [
        Dimension.flat(name, tuple(f"{name}{c}" for c in range(draw(st.integers(2, 4)))))
        for name in draw(st.sampled_from([["form"], ["form", "age"]]))
    ]
    return area, breakdowns


def leaves_of(dimensions: Sequence[Dimension]) -> list[list[str]]:
    return [[c for c in d.codes() if c not in d.children] for d in dimensions]


@st.composite
def linked_tables(draw: st.DrawFn, period: str = "2020") -> list[CellTable]:
    """Area x form, and area x age when drawn: linked through their area margins."""
    area, breakdowns = draw(table_shapes())
    municipalities = leaves_of([area])[0]
    # One set of persons per municipality, broken down two ways with the same total.
    tables = []
    totals = {m: None for m in municipalities}
    for breakdown in breakdowns:
        categories = breakdown.children["totaal"]
        leaves = {}
        for municipality in municipalities:
            values = [draw(LEAF_VALUES) for _ in categories]
            if totals[municipality] is None:
                totals[municipality] = sum(values)
            else:  # rescale to the same municipality total: move the difference
                values[-1] += totals[municipality] - sum(values)
                if values[-1] < 0:
                    values = [0] * (len(values) - 1) + [totals[municipality]]
            leaves.update({(municipality, c): v for c, v in zip(categories, values, strict=True)})
        tables.append(
            CellTable.from_leaves("victims", (area, breakdown), leaves, {"period": period})
        )
    return tables


def attacker_ranges(published: Sequence[PublishedCell], constraints, rule: DisclosureRule) -> dict:
    """Min and max of every hidden cell over all tables consistent with what is published."""
    keys = sorted({c.key for c in published})
    index = {key: i for i, key in enumerate(keys)}
    by_key = {c.key: c for c in published}
    bounds = []
    for key in keys:
        cell = by_key[key]
        if cell.value is not None:
            bounds.append((cell.value, cell.value))
        elif cell.symbol == rule.small_symbol:
            bounds.append((1, rule.threshold - 1))
        else:
            assert cell.symbol == SECONDARY_SYMBOL
            bounds.append((rule.threshold, None))
    matrix = np.zeros((len(constraints), len(keys)))
    for row, constraint in enumerate(constraints):
        matrix[row, index[constraint.total]] += 1
        for part in constraint.parts:
            matrix[row, index[part]] -= 1
    ranges = {}
    for key in keys:
        if by_key[key].value is not None:
            continue
        objective = np.zeros(len(keys))
        objective[index[key]] = 1
        low = linprog(objective, A_eq=matrix, b_eq=np.zeros(len(constraints)), bounds=bounds)
        high = linprog(-objective, A_eq=matrix, b_eq=np.zeros(len(constraints)), bounds=bounds)
        assert low.status == 0
        ranges[key] = (low.fun, math.inf if high.status == 3 else -high.fun)
    return ranges


def assert_published_by_the_rule(release, cells, rule: DisclosureRule) -> None:
    for cell in release.cells:
        true_value = cells[cell.key]
        if cell.value is not None:
            assert cell.value == true_value and not rule.is_small(cell.value)
        elif cell.symbol == rule.small_symbol:
            assert 1 <= true_value < rule.threshold
        else:
            assert cell.symbol == SECONDARY_SYMBOL and true_value >= rule.threshold


def hide_every_candidate(cells, rule: DisclosureRule) -> list[PublishedCell]:
    """The most protective pattern the rule allows: every count >= threshold hidden."""
    return [
        PublishedCell(key, None, rule.small_symbol)
        if rule.is_small(value)
        else PublishedCell(key, None, SECONDARY_SYMBOL)
        if value >= rule.threshold
        else PublishedCell(key, value)
        for key, value in cells.items()
    ]


def check_protected_or_impossible(tables, rule, method: str = "auto") -> None:
    cells, constraints = collect_cells(tables)
    try:
        release = protect_edition(
            tables, {"victims": rule}, settings=SuppressionSettings(method=method)
        )
    except DisclosureRefused:
        # Only acceptable when no suppression pattern at all can protect the table.
        widest = attacker_ranges(hide_every_candidate(cells, rule), constraints, rule)
        small = [k for k, v in cells.items() if rule.is_small(v)]
        assert any(widest[k][1] - widest[k][0] < rule.minimum_range_width - 1e-6 for k in small)
        return
    assert_published_by_the_rule(release, cells, rule)
    ranges = attacker_ranges(release.cells, constraints, rule)
    for cell in release.cells:
        if cell.value is None:  # the protection interval holds for '<k' and 'x' alike
            low, high = ranges[cell.key]
            assert high - low >= rule.minimum_range_width - 1e-6, (cell.key, low, high)
            assert low <= cells[cell.key] <= high


@PROPERTY_SETTINGS
@given(
    linked_tables(), st.sampled_from([DisclosureRule(), DisclosureRule(3, 1), DisclosureRule(5, 2)])
)
def test_every_small_cell_keeps_a_range_as_wide_as_the_rule_demands(tables, rule) -> None:
    check_protected_or_impossible(tables, rule)


def test_secondary_suppressions_are_not_pinned_by_each_other():
    """Found by the property above: with the region total and GM1 published, GM0 and GM2 (both
    "x", so at least 5) add up to 11 and leave each only 5 or 6. Publishing was refused although
    hiding the region total as well protects every cell."""
    area = Dimension("area", "RE0", {"RE0": ("RE0GM0", "RE0GM1", "RE0GM2")})
    form = Dimension("form", "totaal", {"totaal": ("form0", "form1")})
    leaves = {("RE0GM0", "form0"): 5, ("RE0GM0", "form1"): 0, ("RE0GM1", "form0"): 3}
    leaves |= {("RE0GM1", "form1"): 2, ("RE0GM2", "form0"): 4, ("RE0GM2", "form1"): 2}
    values = dict(leaves)
    for gm in ("RE0GM0", "RE0GM1", "RE0GM2"):
        values[(gm, "totaal")] = leaves[(gm, "form0")] + leaves[(gm, "form1")]
    for f in ("form0", "form1"):
        values[("RE0", f)] = sum(v for (gm, g), v in leaves.items() if g == f)
    values[("RE0", "totaal")] = sum(leaves.values())
    table = CellTable("victims", (area, form), values, fixed={"period": "2020"})
    check_protected_or_impossible([table], DisclosureRule(5, 2))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(linked_tables())
def test_the_local_method_protects_too(tables) -> None:
    # The neighbourhood heuristic (kept for comparison, never the default) targets small
    # cells only; it is held to the earlier width 1. The default method meets width 2 above.
    check_protected_or_impossible(tables, DisclosureRule(minimum_range_width=1), method="local")


@st.composite
def two_editions(draw: st.DrawFn):
    first = draw(linked_tables("2020"))
    revised = draw(st.booleans())
    if revised:  # a late delivery adds persons to one municipality of 2020
        table = first[0]
        area, form = table.dimensions
        leaves = {
            k: v
            for k, v in table.values.items()
            if k[0] in leaves_of([area])[0] and k[1] in form.children["totaal"]
        }
        key = draw(st.sampled_from(sorted(leaves)))
        leaves[key] += draw(st.integers(1, 3))
        republished = [CellTable.from_leaves("victims", (area, form), leaves, {"period": "2020"})]
    else:
        republished = first
    return first, republished + draw(linked_tables("2021"))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_editions())
def test_two_consecutive_editions_together_keep_every_range(editions) -> None:
    rule = DisclosureRule()
    first_tables, second_tables = editions
    try:
        first = protect_edition(first_tables, {"victims": rule})
        second = protect_edition(second_tables, {"victims": rule}, previous=first)
    except DisclosureRefused:
        return  # inherent cases are covered by the single-edition property
    # The reader's view of both editions: a key published in both is one number when the
    # two publications agree, else (a revision) two numbers.
    first_cells = {c.key: c for c in first.cells}
    second_cells = {c.key: c for c in second.cells}
    if not second.audit.previous_linked:
        # Revised figures a reader cannot reconcile: each edition must hold on its own.
        assert first_cells.keys() & second_cells.keys()
        combined, constraints = list(second.cells), list(second.constraints)
    else:
        combined, constraints = merged_knowledge(first_cells, second_cells, first, second, rule)
    ranges = attacker_ranges(combined, constraints, rule)
    assert rule.minimum_range_width == 2  # the default: at least three possible values
    for cell in combined:
        if cell.value is None:
            low, high = ranges[cell.key]
            assert high - low >= rule.minimum_range_width - 1e-6, (cell.key, low, high)


def _interval(cell: PublishedCell, rule: DisclosureRule) -> tuple[float, float]:
    if cell.value is not None:
        return cell.value, cell.value
    return (
        (1, rule.threshold - 1) if cell.symbol == rule.small_symbol else (rule.threshold, math.inf)
    )


def merged_knowledge(first_cells, second_cells, first, second, rule):
    from dataclasses import replace

    from zicht.core.privacy.disclosure import AdditivityConstraint, CellKey

    def previous_key(key: CellKey) -> CellKey:
        return CellKey(key.indicator + "@previous", key.coordinates)

    separate = set()
    for key, old in first_cells.items():
        new = second_cells.get(key)
        if new is None:
            continue
        (a, b), (c, d) = _interval(old, rule), _interval(new, rule)
        if max(a, c) > min(b, d):
            separate.add(key)
    combined = list(second_cells.values())
    for key, old in first_cells.items():
        if key not in second_cells or key in separate:
            combined.append(replace(old, key=previous_key(key) if key in separate else key))
        elif old.value is not None and second_cells[key].value is None:
            # Published before, hidden now: the reader knows it (if unrevised).
            combined = [c for c in combined if c.key != key] + [old]
        elif (
            old.value is None
            and second_cells[key].value is None
            and old.symbol != second_cells[key].symbol
        ):
            combined = [c for c in combined if c.key != key] + [old]

    def rename(key):
        return previous_key(key) if key in separate else key

    constraints = list(second.constraints) + [
        AdditivityConstraint(rename(c.total), tuple(rename(p) for p in c.parts))
        for c in first.constraints
    ]
    return combined, constraints


def test_a_pattern_the_zero_bound_audit_accepts_is_refused() -> None:
    """Two hidden small cells under a published total of 8: a reader who assumes hidden cells
    may be 0 finds [0, 8]; one who knows '<5' means 1 to 4 finds exactly 4."""
    from zicht.core.privacy.disclosure import audit_release

    area = Dimension.flat("area", ("A", "B", "C"), root="RE")
    table = CellTable.from_leaves("victims", (area,), {("A",): 4, ("B",): 4, ("C",): 0})
    cells, constraints = collect_cells([table])
    rule = DisclosureRule()
    published = [
        PublishedCell(key, None, rule.small_symbol) if rule.is_small(v) else PublishedCell(key, v)
        for key, v in cells.items()
    ]
    from types import SimpleNamespace

    report = audit_release(
        SimpleNamespace(cells=tuple(published), constraints=constraints, rules={"victims": rule})
    )
    assert not report.passed
    assert {(r.lower, r.upper) for r in report.failures} == {(4.0, 4.0)}
    # The zero-bound reader of a classic audit:
    hidden = [k for k, v in cells.items() if rule.is_small(v)]
    objective = np.array([1.0, 0.0])
    high = linprog(-objective, A_eq=[[1.0, 1.0]], b_eq=[8.0], bounds=[(0, None), (0, None)])
    assert len(hidden) == 2 and -high.fun == 8.0
    # Protection hides the total too (as 'x'); then each small cell ranges over [1, 4].
    release = protect_edition([table], {"victims": rule})
    assert [c.symbol for c in release.cells if c.value is None].count(SECONDARY_SYMBOL) == 1
    assert all(r.width >= 3 for r in release.audit.ranges if r.symbol == rule.small_symbol)
