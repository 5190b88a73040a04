"""Secondary suppression by cut generation: the Fischetti–Salazar model, decomposed (Benders).

The joint model of ``engine.solve_pattern`` needs two deviation vectors per small cell; on a
999-cell part with 270 small cells that is half a million variables. Here a *master* MILP has
only the binary switches of the candidate cells and a growing set of linear cuts; the deviation
LPs are solved for the master's pattern only, one small cell and direction at a time, on the
cells that pattern hides (Fischetti and Salazar-Gonzalez 2001, section 4; the same
decomposition is τ-ARGUS's optimal method).

Why a cut is valid. For a pattern x, the reach of small cell p upwards is the LP
``max y_p : A y = 0, lo(x) <= y <= hi(x)``. For *any* row multipliers π, weak duality gives
``reach_up(x) <= Σ_j max(s_j · lo_j(x), s_j · hi_j(x))`` with ``s = e_p + Aᵀπ``. A candidate j
contributes ``x_j · g_j`` with ``g_j = s_j · big`` when s_j > 0 and ``s_j · (threshold −
base_j)`` when s_j < 0 (it can move when hidden, never when published); every other cell a
constant. With π taken from the LP's optimal duals for both directions, "reach up + reach down
>= width" becomes ``Σ g_j x_j >= width − constant``: every pattern that protects p satisfies it,
and the master's current pattern (which does not protect p) violates it. Coefficients are
clipped at the right-hand side (x is binary), which keeps the cut valid and makes it stronger.

The loop ends when the master's pattern passes every small cell's LP: that pattern is optimal
(for the cost) among all patterns that protect every small cell against the reader's bounds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import connected_components

from zicht.core.privacy.disclosure.engine import CellState, Component, Target
from zicht.core.privacy.disclosure.lp import UNBOUNDED, ClusterLP

logger = logging.getLogger(__name__)

_EPSILON = 1e-9


@dataclass
class CutResult:
    """The chosen candidates, the small cells no pattern can protect, and the work done."""

    chosen: np.ndarray
    unprotectable: list[int]
    rounds: int = 0
    cuts: list = field(default_factory=list)  # (cells, coefficients, rhs, small cell) each
    lps: int = 0
    optimal: bool = True


@dataclass
class _Problem:
    matrix: sparse.csr_matrix
    by_column: sparse.csc_matrix
    fixed_low: np.ndarray  # deviation bounds of cells the master does not decide
    fixed_high: np.ndarray
    candidates: np.ndarray
    candidate_low: np.ndarray  # how far a hidden candidate can move down (<= 0)
    big: float
    always_hidden: np.ndarray
    cache: dict = field(default_factory=dict)
    models: dict = field(default_factory=dict)
    lps: int = 0

    def pattern_bounds(self, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        low, high = self.fixed_low.copy(), self.fixed_high.copy()
        hidden = self.always_hidden.copy()
        picked = self.candidates[chosen]
        low[picked], high[picked], hidden[picked] = self.candidate_low[chosen], self.big, True
        return low, high, hidden


def solve_by_cuts(
    component: Component,
    targets: Sequence[Target],
    cost: np.ndarray,
    threshold: int,
    time_limit: float,
    max_rounds: int = 400,
) -> CutResult:
    """Cheapest candidates to hide so every target's range spans its width (see module)."""
    started = time.monotonic()
    problem = _problem(component, targets, threshold)
    targets = [t for t in targets if t.width > 0]
    n = len(problem.candidates)
    rows: list[tuple[np.ndarray, np.ndarray, float, int]] = []
    unprotectable: list[int] = []
    for target in targets:
        if target.room_down + target.room_up < target.width:
            unprotectable.append(target.cell)
    active = [t for t in targets if t.cell not in unprotectable]
    rows += _initial_cuts(problem, active)
    chosen = np.zeros(n, dtype=bool)
    rounds, optimal = 0, True
    while rounds < max_rounds:
        rounds += 1
        remaining = time_limit - (time.monotonic() - started)
        chosen, solved_optimally = _master(cost[problem.candidates], rows, n, max(remaining, 1.0))
        optimal &= solved_optimally
        new_cuts, given_up = [], len(unprotectable)
        clusters = _clusters(problem, problem.pattern_bounds(chosen)[2])
        for target in active:
            cut = _check(problem, target, chosen, clusters)
            if cut is None:
                continue
            if cut == "hopeless":
                unprotectable.append(target.cell)
                continue
            new_cuts.append((*cut, target.cell))
        active = [t for t in active if t.cell not in unprotectable]
        # Cuts of a cell no pattern protects would only make the others pay for nothing.
        rows = [cut for cut in rows if cut[3] not in unprotectable]
        logger.debug("round %d: %d hidden, %d new cuts", rounds, chosen.sum(), len(new_cuts))
        if not new_cuts and len(unprotectable) == given_up:
            break  # (a cell just given up on may have cost this pattern: solve again)
        rows += new_cuts
    else:
        optimal = False
    return CutResult(
        problem.candidates[chosen],
        unprotectable,
        rounds,
        [(problem.candidates[c[0]], *c[1:]) for c in rows],
        problem.lps,
        optimal,
    )


def _problem(component: Component, targets: Sequence[Target], threshold: int) -> _Problem:
    big = float(max(component.base.max(), threshold) * 2 + threshold)
    low, high = component.deviation_bounds(big)
    for target in targets:  # the symbol's own interval around the true value
        low[target.cell], high[target.cell] = -target.room_down, target.room_up
    candidates = np.flatnonzero(component.state == CellState.CANDIDATE)
    always_hidden = np.isin(
        component.state, [CellState.PRIMARY, CellState.SECONDARY, CellState.HIDDEN_ELSEWHERE]
    )
    return _Problem(
        matrix=component.matrix.tocsr(),
        by_column=component.matrix.tocsc(),
        fixed_low=low,
        fixed_high=high,
        candidates=candidates,
        candidate_low=(threshold - component.base[candidates]).clip(max=0),
        big=big,
        always_hidden=always_hidden,
    )


def _initial_cuts(problem: _Problem, targets: Sequence[Target]) -> list:
    """Cheap valid cuts: for every constraint row through a small cell, the multipliers ±1 on
    that row alone. They say what a reader sees in one equation: the other cells of the row
    must leave room for the small cell to move (another small cell does; else a candidate
    must be hidden, and one of 5 cannot move down)."""
    cuts = []
    for target in targets:
        column = problem.by_column[:, target.cell]
        for row, coefficient in zip(column.indices, column.data, strict=True):
            multipliers = []
            for direction in (1.0, -1.0):
                pi = sparse.csr_matrix(
                    ([-direction / coefficient], ([0], [row])), shape=(1, problem.matrix.shape[0])
                )
                multipliers.append(pi)
            cut = _cut(problem, target, multipliers, None)
            if cut not in (None, "hopeless"):
                cuts.append((*cut, target.cell))
    return cuts


def _check(problem: _Problem, target: Target, chosen: np.ndarray, clusters=None):
    """None when the pattern protects the target, else a violated cut (or "hopeless")."""
    low, high, hidden = problem.pattern_bounds(chosen)
    clusters = clusters or _clusters(problem, hidden)
    cluster = clusters[target.cell]
    key = (target.cell, cluster.tobytes())
    if key not in problem.cache:
        problem.cache[key] = _reaches(problem, target.cell, cluster, low, high)
    reach, multipliers = problem.cache[key]
    if reach >= target.width - 1e-7:
        return None
    return _cut(problem, target, multipliers, chosen)


def _clusters(problem: _Problem, hidden: np.ndarray) -> dict[int, np.ndarray]:
    """For every hidden cell, the hidden cells joined to it through rows (published cells
    cannot move, so the reader's LP for a cell involves only its cluster)."""
    hidden_cells = np.flatnonzero(hidden)
    sub = problem.matrix[:, hidden_cells]
    pattern = abs(sub).astype(bool).astype(np.int8)
    adjacency = (pattern.T @ pattern).tocsr()
    _, labels = connected_components(adjacency, directed=False)
    members = {label: hidden_cells[labels == label] for label in np.unique(labels)}
    return {int(cell): members[label] for cell, label in zip(hidden_cells, labels, strict=True)}


def _reaches(problem: _Problem, cell: int, cluster: np.ndarray, low, high):
    """Reach up plus reach down of ``cell`` and the optimal row multipliers of both LPs."""
    key = cluster.tobytes()
    if key not in problem.models:  # one model per cluster, shared by its small cells
        sub = problem.matrix[:, cluster]
        rows = np.flatnonzero(np.diff(sub.tocsr().indptr))
        a_eq = sub[rows] if len(rows) else None
        model = ClusterLP(a_eq, np.zeros(len(rows)), low[cluster], high[cluster])
        problem.models = {key: (model, rows)}  # clusters change between rounds: keep one
    model, rows = problem.models[key]
    position = int(np.searchsorted(cluster, cell))
    total, multipliers = 0.0, []
    for direction in (1.0, -1.0):
        problem.lps += 1
        status, value, pi = model.minimise(position, -direction)
        if status == UNBOUNDED:  # this pattern protects the cell
            return np.inf, []
        reach = -value
        total += reach
        full = sparse.csr_matrix(
            (np.asarray(pi, dtype=float), (np.zeros(len(rows), dtype=int), rows)),
            shape=(1, problem.matrix.shape[0]),
        )
        multipliers.append(full)
    return total, multipliers


def _cut(problem: _Problem, target: Target, multipliers, chosen):
    """The cut Σ g_j x_j >= rhs from row multipliers of the up and down LP (see module)."""
    n = problem.matrix.shape[1]
    constant = 0.0
    gain = np.zeros(len(problem.candidates))
    is_candidate = np.zeros(n, dtype=bool)
    is_candidate[problem.candidates] = True
    for direction, pi in zip((1.0, -1.0), multipliers, strict=True):
        slope = np.asarray((pi @ problem.matrix).todense()).ravel()
        slope[target.cell] += direction
        # HiGHS reports π as d(objective)/d(b_eq) of min -d·y_p, so s = d·e_p + Aᵀπ.
        slope[np.abs(slope) < _EPSILON] = 0.0
        fixed = ~is_candidate
        constant += float(
            np.sum(
                np.where(
                    slope[fixed] > 0,
                    slope[fixed] * problem.fixed_high[fixed],
                    slope[fixed] * problem.fixed_low[fixed],
                )
            )
        )
        s = slope[problem.candidates]
        gain += np.where(s > 0, s * problem.big, s * problem.candidate_low)
    rhs = target.width - constant
    if rhs <= 1e-7:
        return None  # these multipliers prove nothing
    gain = np.minimum(gain, rhs)
    gain[gain < 1e-7] = 0.0
    if gain.sum() < rhs - 1e-7:
        return "hopeless"  # even hiding every candidate cannot give the width
    if chosen is not None and gain[chosen].sum() >= rhs - 1e-7:
        logger.warning("a cut did not separate the pattern (numerical); using a cover cut")
        cover = (gain > 0) & ~chosen
        if not cover.any():
            return "hopeless"
        gain, rhs = cover.astype(float), 1.0
    support = np.flatnonzero(gain)
    return support, gain[support] / rhs, 1.0


def _master(cost: np.ndarray, cuts: list, n: int, time_limit: float) -> tuple[np.ndarray, bool]:
    """The cheapest pattern that satisfies every cut so far (binary switches only)."""
    if not cuts or n == 0:
        return np.zeros(n, dtype=bool), True
    rows = np.concatenate([np.full(len(c[0]), i) for i, c in enumerate(cuts)])
    columns = np.concatenate([c[0] for c in cuts])
    data = np.concatenate([c[1] for c in cuts])
    matrix = sparse.csr_matrix((data, (rows, columns)), shape=(len(cuts), n))
    rhs = np.array([c[2] for c in cuts])
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, rhs, np.inf),
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit, "mip_rel_gap": 1e-6, "presolve": False},
    )
    if result.x is None:
        # Out of time before any incumbent: hide every candidate a cut names. That satisfies
        # every cut (each is satisfiable by hiding all of its cells), so the loop still ends
        # with a protecting pattern, just not a cheapest one.
        logger.warning("master MILP without a solution (status %d)", result.status)
        return np.asarray(abs(matrix).sum(axis=0)).ravel() > 0, False
    return result.x > 0.5, result.status == 0
