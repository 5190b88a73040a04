"""The numerics shared by suppression and audit, on one connected part of the tables.

Cells are numbered 0..n-1; ``matrix`` has one row per additivity constraint (+1 for the
total, -1 for each part). Protection is phrased as deviations from a base point (the true
values): a reader's range for cell p reaches ``base[p] + d`` exactly when some deviation
vector y with ``matrix @ y = 0``, y within every cell's reader bounds and ``y[p] = d`` exists
(Fischetti and Salazar-Gonzalez 2001, "Solving the cell suppression problem on tabular data
with linear constraints", Management Science 47(7)).
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp


class CellState(enum.IntEnum):
    PUBLIC = 0  # the reader knows the value
    PRIMARY = 1  # a small count, hidden with the "<threshold" symbol
    CANDIDATE = 2  # may be chosen as a secondary suppression
    SECONDARY = 3  # hidden with the secondary symbol
    HIDDEN_ELSEWHERE = 4  # hidden in the previous edition only; bounds come from its symbol


@dataclass
class Component:
    """One connected part: cells linked by constraints, with what the protector knows."""

    matrix: sparse.csr_matrix
    base: np.ndarray
    state: np.ndarray
    lower: np.ndarray  # reader's bound of hidden cells (absolute values)
    upper: np.ndarray

    @property
    def size(self) -> int:
        return len(self.base)

    def deviation_bounds(self, big: float) -> tuple[np.ndarray, np.ndarray]:
        """Bounds of y for the current pattern; candidates not chosen are public."""
        hidden = np.isin(
            self.state, [CellState.PRIMARY, CellState.SECONDARY, CellState.HIDDEN_ELSEWHERE]
        )
        low = np.where(hidden, self.lower - self.base, 0.0)
        high = np.where(hidden, np.minimum(self.upper, self.base + big) - self.base, 0.0)
        return low, high


def reader_range(
    matrix: sparse.csr_matrix,
    fixed_values: np.ndarray,
    hidden: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    cells: Sequence[int],
) -> dict[int, tuple[float, float]]:
    """The attacker's LP: for each cell in ``cells`` (hidden), its min and max over all
    values consistent with the published cells (``fixed_values`` where not hidden), the
    constraints and the hidden cells' bounds."""
    hidden_index = np.flatnonzero(hidden)
    position = {int(cell): i for i, cell in enumerate(hidden_index)}
    a_hidden = matrix[:, hidden_index]
    rhs = -(matrix[:, ~hidden] @ fixed_values[~hidden])
    used_rows = np.flatnonzero(np.diff(a_hidden.tocsr().indptr))
    a_eq, b_eq = a_hidden[used_rows], rhs[used_rows]
    if len(used_rows) == 0:
        a_eq, b_eq = None, None
    finite_upper = np.where(np.isinf(upper), None, upper)
    bounds = list(zip(lower[hidden_index], finite_upper[hidden_index], strict=True))
    ranges = {}
    for cell in cells:
        objective = np.zeros(len(hidden_index))
        objective[position[cell]] = 1.0
        ends = []
        for sign in (1.0, -1.0):
            result = linprog(sign * objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            if result.status == 3:  # unbounded
                ends.append(-sign * np.inf)
            elif result.status != 0:
                raise ArithmeticError("the published figures are inconsistent (LP infeasible)")
            else:
                ends.append(sign * result.fun)
        ranges[cell] = (ends[0], ends[1])
    return ranges


def neighbourhood(
    matrix: sparse.csr_matrix, state: np.ndarray, start: int, hops: int
) -> np.ndarray:
    """Cells reachable from ``start`` through at most ``hops`` constraints, skipping public
    cells (they cannot move, so deviations cannot pass through them)."""
    by_cell = matrix.tocsc()
    seen, frontier = {start}, deque([(start, 0)])
    while frontier:
        cell, depth = frontier.popleft()
        if depth == hops:
            continue
        for row in by_cell.indices[by_cell.indptr[cell] : by_cell.indptr[cell + 1]]:
            for other in matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]:
                if other not in seen and state[other] != CellState.PUBLIC:
                    seen.add(int(other))
                    frontier.append((int(other), depth + 1))
    return np.array(sorted(seen))


@dataclass(frozen=True)
class Target:
    cell: int
    down: int
    up: int


def solve_pattern(
    component: Component,
    targets: Sequence[Target],
    support: np.ndarray,
    cost: np.ndarray,
    threshold: int,
    time_limit: float,
) -> np.ndarray | None:
    """Cheapest set of candidates (within ``support``) to hide so that every target can move
    ``down`` and ``up``; None if impossible within the support. Deviations outside the
    support are zero, so any solution is valid for the whole component."""
    big = float(max(component.base.max(), threshold) * 2 + threshold)
    low, high = component.deviation_bounds(big)
    candidates = support[component.state[support] == CellState.CANDIDATE]
    rows = np.flatnonzero(np.diff(component.matrix[:, support].tocsr().indptr))
    a_support = component.matrix[rows][:, support]
    n_support, n_candidates = len(support), len(candidates)
    where = {int(cell): i for i, cell in enumerate(support)}
    _blocks, lows, highs = [], [], []
    directions = [(t, d) for t in targets for d in (-1, 1) if (t.up if d > 0 else t.down) > 0]
    if not directions:
        return np.array([], dtype=int)
    for target, direction in directions:
        y_low, y_high = low[support].copy(), high[support].copy()
        y_low[np.isin(support, candidates)] = (threshold - component.base[candidates]).clip(max=0)
        y_high[np.isin(support, candidates)] = big
        i = where[target.cell]
        if direction > 0:
            y_low[i] = max(y_low[i], target.up)
        else:
            y_high[i] = min(y_high[i], -target.down)
        if y_low[i] > y_high[i]:
            return None
        lows.append(y_low)
        highs.append(y_high)
    n_blocks = len(directions)
    n_vars = n_candidates + n_blocks * n_support
    constraint_rows = []
    # Additivity of each deviation vector.
    balance = sparse.block_diag([a_support] * n_blocks, format="csr")
    constraint_rows.append(
        (sparse.hstack([sparse.csr_matrix((balance.shape[0], n_candidates)), balance]), 0.0, 0.0)
    )
    if n_candidates:
        # A candidate may move only when hidden: (threshold - base) * s <= y <= big * s.
        candidate_positions = np.array([where[int(c)] for c in candidates])
        floor = (threshold - component.base[candidates]).clip(max=0)
        for block in range(n_blocks):
            columns = n_candidates + block * n_support + candidate_positions
            eye = sparse.identity(n_candidates, format="csr")
            y_part = sparse.csr_matrix(
                (np.ones(n_candidates), (np.arange(n_candidates), columns)),
                shape=(n_candidates, n_vars),
            )
            upper_link = y_part - sparse.hstack(
                [big * eye, sparse.csr_matrix((n_candidates, n_vars - n_candidates))]
            )
            lower_link = y_part - sparse.hstack(
                [sparse.diags(floor), sparse.csr_matrix((n_candidates, n_vars - n_candidates))]
            )
            constraint_rows.append((upper_link, -np.inf, 0.0))
            constraint_rows.append((lower_link, 0.0, np.inf))
    constraints = [LinearConstraint(m.tocsr(), lb, ub) for m, lb, ub in constraint_rows]
    objective = np.concatenate([cost[candidates], np.zeros(n_blocks * n_support)])
    integrality = np.concatenate([np.ones(n_candidates), np.zeros(n_blocks * n_support)])
    bounds = Bounds(
        np.concatenate([np.zeros(n_candidates), *lows]),
        np.concatenate([np.ones(n_candidates), *highs]),
    )
    result = milp(
        objective,
        constraints=constraints,
        integrality=integrality,
        bounds=bounds,
        options={"time_limit": time_limit, "mip_rel_gap": 1e-6},
    )
    if result.x is None:
        return None
    return candidates[result.x[:n_candidates] > 0.5]
