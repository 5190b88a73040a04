"""Two consecutive editions, suppressed or rounded, read together (issue 16, item 2).

A reader puts this edition beside the previous one: a cell in both is one number when the
two publications agree (a rounded value means "within one base of it", ``<5`` 1 to 4, ``x`` 5
or more), and both editions' sums hold. The attacker here is written independently of
``zicht.core.privacy.disclosure.audit`` (dense matrices, one LP per bound). After protection,
every hidden cell and every true small count published rounded must keep a derivable range as
wide as its indicator's rule, in either edition; a rounded cell of the previous edition at
least as wide as the previous edition alone left it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from tests.core.privacy.test_disclosure_properties import two_editions
from zicht.core.privacy.disclosure import (
    SECONDARY_SYMBOL,
    CellKey,
    CellTable,
    Dimension,
    DisclosureRefused,
    DisclosureRule,
    PublishedCell,
    RoundingImpossible,
    collect_cells,
    privacy_statement,
    protect_edition,
)

SUPPRESSED = DisclosureRule()
ROUNDED = DisclosureRule(rounding_base=5)
RULE_PAIRS = st.sampled_from(
    [(ROUNDED, ROUNDED), (SUPPRESSED, ROUNDED), (ROUNDED, SUPPRESSED), (SUPPRESSED, SUPPRESSED)]
)
# Small on purpose: the whole suite runs on two cores in CI (about 5 s here).
EDITION_SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def reader_interval(cell: PublishedCell, rule: DisclosureRule) -> tuple[float, float]:
    """What the reader knows of one published cell under the rule it was published by."""
    if cell.value is None:
        if cell.symbol == rule.small_symbol:
            return 1.0, rule.threshold - 1.0
        assert cell.symbol == SECONDARY_SYMBOL
        return float(rule.threshold), math.inf
    if rule.rounding_base:
        base = rule.rounding_base
        return max(0.0, cell.value - base + 1.0), cell.value + base - 1.0
    return float(cell.value), float(cell.value)


@dataclass
class Edition:
    cells: dict[CellKey, PublishedCell]
    constraints: list
    rule: DisclosureRule
    truth: dict[CellKey, int]


def reader_ranges(editions: list[Edition], wanted: list[tuple[int, CellKey]], link: bool):
    """Min and max of each wanted (edition index, key) over every pair of tables consistent
    with both publications; None when the linked reading is infeasible."""
    variables: dict[tuple[int, CellKey], int] = {}
    bounds: list[list[float]] = []
    for number, edition in enumerate(editions):
        for key, cell in sorted(edition.cells.items()):
            low, high = reader_interval(cell, edition.rule)
            earlier = (0, key) if number == 1 else None
            if link and earlier in variables:
                index = variables[earlier]
                joint = [max(bounds[index][0], low), min(bounds[index][1], high)]
                if joint[0] <= joint[1]:
                    bounds[index] = joint
                    variables[(number, key)] = index
                    continue
            variables[(number, key)] = len(bounds)
            bounds.append([low, high])
    rows = []
    for number, edition in enumerate(editions):
        for constraint in edition.constraints:
            row = np.zeros(len(bounds))
            row[variables[(number, constraint.total)]] += 1
            for part in constraint.parts:
                row[variables[(number, part)]] -= 1
            rows.append(row)
    matrix = np.array(rows) if rows else np.zeros((0, len(bounds)))
    lp_bounds = [(lo, None if math.isinf(hi) else hi) for lo, hi in bounds]
    ranges = {}
    for number, key in wanted:
        objective = np.zeros(len(bounds))
        objective[variables[(number, key)]] = 1
        b_eq = np.zeros(len(matrix))
        low = linprog(objective, A_eq=matrix, b_eq=b_eq, bounds=lp_bounds)
        if low.status == 2:
            return None
        high = linprog(-objective, A_eq=matrix, b_eq=b_eq, bounds=lp_bounds)
        ranges[(number, key)] = (low.fun, math.inf if high.status == 3 else -high.fun)
    return ranges


def sensitive(edition: Edition) -> list[CellKey]:
    """Hidden cells, and true small counts published rounded."""
    return [
        key
        for key, cell in edition.cells.items()
        if cell.value is None or (edition.rule.rounding_base and 1 <= edition.truth[key] < 5)
    ]


def assert_both_editions_protected(first: Edition, second: Edition) -> None:
    wanted = [(0, k) for k in sensitive(first)] + [(1, k) for k in sensitive(second)]
    together = reader_ranges([first, second], wanted, link=True)
    if together is None:  # revisions the reader cannot reconcile: side by side
        together = reader_ranges([first, second], wanted, link=False)
    assert together is not None
    alone = reader_ranges([first], [(0, k) for k in sensitive(first)], link=False)
    assert alone is not None
    for (number, key), (low, high) in together.items():
        edition = (first, second)[number]
        true = edition.truth[key]
        if not low - 1e-6 <= true <= high + 1e-6:
            continue  # a revision misled the reader: the range does not hold the true count
        required = edition.rule.minimum_range_width
        if number == 0 and edition.cells[key].value is not None:
            # A rounded cell of the previous edition: never narrower than that edition left it.
            required = min(required, alone[(0, key)][1] - alone[(0, key)][0])
        assert high - low >= required - 1e-6, (number, key, low, high, true)


def published(release, tables, rule) -> Edition:
    truth, _ = collect_cells(tables)
    return Edition({c.key: c for c in release.cells}, list(release.constraints), rule, truth)


@EDITION_SETTINGS
@given(two_editions(), RULE_PAIRS)
def test_two_editions_with_rounding_keep_every_range_together(editions, rules) -> None:
    first_tables, second_tables = editions
    first_rule, second_rule = rules
    try:
        first = protect_edition(first_tables, {"victims": first_rule})
        second = protect_edition(second_tables, {"victims": second_rule}, previous=first)
    except (DisclosureRefused, RoundingImpossible) as refused:
        event(f"refused: {type(refused).__name__}")
        return  # refusing is always safe; single editions are covered elsewhere
    event("published")
    assert_both_editions_protected(
        published(first, first_tables, first_rule), published(second, second_tables, second_rule)
    )


# Deterministic cases: each failed before rounded figures were read as intervals across
# editions (they were taken as exact numbers, or the previous edition was ignored).

AREA = Dimension.flat("area", ("A", "B", "C"), root="RE")


def table(a: int, b: int, c: int) -> CellTable:
    return CellTable.from_leaves(
        "victims", (AREA,), {("A",): a, ("B",): b, ("C",): c}, {"period": "2020"}
    )


def test_a_rounded_edition_after_a_suppressed_one_is_audited_together() -> None:
    """2020 suppressed (A '<5', B 'x', total 12), then republished rounded: the reader
    combines '<5' and 'x' with the rounded values; here they leave A at 1-4, so it passes
    (it was refused before: the rounded B was taken as exactly 10)."""
    first = protect_edition([table(3, 9, 0)], {"victims": SUPPRESSED})
    assert {c.symbol for c in first.cells} == {"<5", "x", ""}
    second = protect_edition([table(3, 9, 0)], {"victims": ROUNDED}, previous=first)
    assert second.audit.passed
    rounded = [r for r in second.audit.ranges if r.edition == "rounded"]
    assert [(r.key.coordinate("area"), r.lower, r.upper) for r in rounded] == [("A", 1, 4)]
    assert "uit de afgeronde tabellen, inclusief de vorige editie" in privacy_statement(
        second.audit, "nl"
    )


def test_a_republished_rounded_cell_keeps_its_previous_rounding() -> None:
    """2020 (A 2, B 7, C 1) rounded to A 5, B 5, C 0; a late delivery makes C 2. Rounded on its
    own the revised table gives A 0 and C 5; a reader putting A 0-4 beside last year's A 1-9
    learns more than either says. Rounded with the previous edition, unchanged A keeps its 5."""
    first = protect_edition([table(2, 7, 1)], {"victims": ROUNDED})
    alone = protect_edition([table(2, 7, 2)], {"victims": ROUNDED})
    second = protect_edition([table(2, 7, 2)], {"victims": ROUNDED}, previous=first)

    def values(release) -> dict[str, int | None]:
        return {c.key.coordinate("area"): c.value for c in release.cells}

    assert values(first)["A"] == 5 and values(alone)["A"] == 0
    assert values(second) == {"A": 5, "B": 5, "C": 0, "RE": 10}
    assert second.audit.passed


def test_a_suppressed_edition_after_a_rounded_one_reads_the_rounding_as_an_interval() -> None:
    """2020 rounded (A 5, B 10, total 15), then republished suppressed: B 'x' is 5+ and was
    rounded to 10 (6-14), so B is 6-14, not exactly 10; A stays 1-4. Passes (was refused)."""
    first = protect_edition([table(3, 9, 0)], {"victims": ROUNDED})
    second = protect_edition([table(3, 9, 0)], {"victims": SUPPRESSED}, previous=first)
    assert second.audit.passed and second.audit.previous_linked
    current = {r.key.coordinate("area"): r for r in second.audit.ranges if r.edition == "current"}
    assert (current["A"].lower, current["A"].upper) == (1, 4)
