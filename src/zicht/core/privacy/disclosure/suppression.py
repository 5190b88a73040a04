"""Secondary suppression on one component: cut generation (default), the joint MILP, or a
local heuristic (one MILP per small cell on its neighbourhood; kept for comparison)."""

from __future__ import annotations

import logging

import numpy as np
from scipy.optimize import linprog

from zicht.core.privacy.disclosure.cuts import solve_by_cuts
from zicht.core.privacy.disclosure.engine import (
    CellState,
    Component,
    Target,
    neighbourhood,
    reader_range,
    solve_pattern,
)
from zicht.core.privacy.disclosure.rules import DisclosureRule, SuppressionSettings

logger = logging.getLogger(__name__)


def protect_component(
    component: Component, rule: DisclosureRule, settings: SuppressionSettings
) -> str:
    """Turn the cheapest candidates into secondary suppressions; returns the method used.

    Cells that no pattern can protect are left as they are; the audit reports them.
    """
    primaries = np.flatnonzero(component.state == CellState.PRIMARY)
    targets = [_target(component, int(p), rule) for p in primaries]
    targets = [t for t in targets if t.width > 0]
    if not targets:
        return "none"
    if settings.cost == "value":
        cost = component.base + 1e-3  # among equal totals, prefer fewer hidden cells
    else:  # among equal numbers of cells, prefer the smaller values (the sum stays below 1)
        cost = 1.0 + 1e-4 * component.base / max(component.base.max(), 1.0)
    if settings.method in ("auto", "cuts"):
        while True:
            result = solve_by_cuts(
                component, targets, cost, rule.threshold, settings.time_limit_seconds
            )
            component.state[result.chosen] = CellState.SECONDARY
            logger.info(
                "cut generation: %d rounds, %d cuts, %d LPs, %d hidden, optimal %s",
                result.rounds, len(result.cuts), result.lps, len(result.chosen), result.optimal,
            )  # fmt: skip
            # A secondary suppression is a hidden cell too, and the rule's interval holds for
            # every hidden cell ("x" means: at least the threshold). Two of them can pin each
            # other between a published total and that bound; such a cell becomes a target
            # and the pattern grows around it (each round adds targets, so this ends).
            exposed = _exposed_secondaries(component, rule, targets)
            if not exposed:
                return "cuts"
            targets = [*targets, *exposed]
    if settings.method == "optimal":
        movable = np.flatnonzero(component.state != CellState.PUBLIC)
        chosen = solve_pattern(
            component, targets, movable, cost, rule.threshold, settings.time_limit_seconds
        )
        if chosen is not None:
            component.state[chosen] = CellState.SECONDARY
            return "optimal"
        logger.info("optimal suppression infeasible; protecting cell by cell")
    for target in sorted(targets, key=lambda t: component.base[t.cell]):
        _protect_locally(component, target, cost, rule, settings)
    _drop_redundant_suppressions(component, rule, settings)
    # The clean-up checks neighbourhoods only; an exact pass repairs what it broke.
    for _ in range(3):
        unprotected = _unprotected(component, targets)
        if not unprotected:
            break
        for target in unprotected:
            _protect_locally(component, target, cost, rule, settings)
    return "local"


def _exposed_secondaries(
    component: Component, rule: DisclosureRule, targets: list[Target]
) -> list[Target]:
    """Secondary suppressions (not yet targets) that a reader narrows below the rule's width,
    as targets: down to the secondary symbol's bound, up without limit."""
    known = {t.cell for t in targets}
    hidden_by_choice = np.flatnonzero(component.state == CellState.SECONDARY)
    secondaries = [int(c) for c in hidden_by_choice if int(c) not in known]
    room_up = int(max(component.base.max(), rule.threshold) * 2 + rule.threshold)
    candidates = [
        Target(c, int(component.base[c] - component.lower[c]), room_up, rule.minimum_range_width)
        for c in secondaries
    ]
    return _unprotected(component, candidates) if candidates else []


def _unprotected(component: Component, targets: list[Target]) -> list[Target]:
    hidden = np.isin(
        component.state, [CellState.PRIMARY, CellState.SECONDARY, CellState.HIDDEN_ELSEWHERE]
    )
    ranges = reader_range(
        component.matrix, component.base, hidden, component.lower, component.upper,
        [t.cell for t in targets],
    )  # fmt: skip
    return [t for t in targets if ranges[t.cell][1] - ranges[t.cell][0] < t.width - 1e-7]


def _drop_redundant_suppressions(
    component: Component, rule: DisclosureRule, settings: SuppressionSettings
) -> None:
    """Cell-by-cell protection overshoots: publish again, costliest first, every secondary
    suppression whose removal leaves every nearby small cell protected within its own
    neighbourhood (a sufficient check; the audit afterwards is exact)."""
    hops = settings.neighbourhood_hops
    secondaries = np.flatnonzero(component.state == CellState.SECONDARY)
    for cell in secondaries[np.argsort(-component.base[secondaries], kind="stable")]:
        component.state[cell] = CellState.CANDIDATE
        nearby = neighbourhood(component.matrix, component.state, int(cell), hops + 3)
        for primary in nearby[component.state[nearby] == CellState.PRIMARY]:
            target = _target(component, int(primary), rule)
            support = neighbourhood(component.matrix, component.state, int(primary), hops)
            if not _can_move(component, support, target):
                component.state[cell] = CellState.SECONDARY
                break


def _protect_locally(
    component: Component,
    target: Target,
    cost: np.ndarray,
    rule: DisclosureRule,
    settings: SuppressionSettings,
) -> None:
    hops = settings.neighbourhood_hops
    for extra in range(4):
        support = neighbourhood(component.matrix, component.state, target.cell, hops + extra)
        if _can_move(component, support, target):
            return
        chosen = solve_pattern(
            component, [target], support, cost, rule.threshold, settings.time_limit_seconds
        )
        if chosen is not None:
            component.state[chosen] = CellState.SECONDARY
            return
        if len(support) == int(np.sum(component.state != CellState.PUBLIC)):
            return  # the whole component cannot protect it: left to the audit
    whole = np.flatnonzero(component.state != CellState.PUBLIC)
    chosen = solve_pattern(
        component, [target], whole, cost, rule.threshold, settings.time_limit_seconds
    )
    if chosen is not None:
        component.state[chosen] = CellState.SECONDARY


def _target(component: Component, cell: int, rule: DisclosureRule) -> Target:
    value = int(component.base[cell])
    return Target(cell, value - 1, rule.threshold - 1 - value, rule.minimum_range_width)


def _can_move(component: Component, support: np.ndarray, target: Target) -> bool:
    """Whether the current pattern already gives the target a wide enough range, with
    deviations confined to the support (sufficient for the whole component)."""
    big = float(max(component.base.max(), 1) * 2)
    low, high = component.deviation_bounds(big)
    rows = np.flatnonzero(np.diff(component.matrix[:, support].tocsr().indptr))
    a_eq = component.matrix[rows][:, support]
    bounds = list(zip(low[support], high[support], strict=True))
    position = int(np.searchsorted(support, target.cell))
    reach = 0.0
    for direction in (1.0, -1.0):
        objective = np.zeros(len(support))
        objective[position] = -direction
        result = linprog(objective, A_eq=a_eq, b_eq=np.zeros(len(rows)), bounds=bounds)
        if result.status != 0:
            return False
        reach += -result.fun
    return reach >= target.width - 1e-7
