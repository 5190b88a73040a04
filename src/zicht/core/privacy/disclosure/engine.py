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
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import connected_components

from zicht.core.privacy.disclosure.lp import ClusterLP


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
    constraints and the hidden cells' bounds.

    Published cells are constants, so the LP splits into clusters of hidden cells that share
    an equation; each cell's LP is solved on its own cluster only (the same ranges as one LP
    over every hidden cell, at a fraction of the size)."""
    matrix = sparse.csr_matrix(matrix)
    hidden_index = np.flatnonzero(hidden)
    rhs = -(matrix[:, ~hidden] @ fixed_values[~hidden])
    a_hidden = matrix[:, hidden_index].tocsc()
    pattern = abs(a_hidden).astype(bool).astype(np.int8)
    _, labels = connected_components((pattern.T @ pattern).tocsr(), directed=False)
    position = {int(cell): i for i, cell in enumerate(hidden_index)}
    wanted: dict[int, list[int]] = {}
    for cell in cells:
        wanted.setdefault(int(labels[position[int(cell)]]), []).append(int(cell))
    ranges = {}
    for label, members in wanted.items():
        columns = np.flatnonzero(labels == label)
        sub = a_hidden[:, columns].tocsr()
        used_rows = np.flatnonzero(np.diff(sub.indptr))
        a_eq, b_eq = (sub[used_rows], rhs[used_rows]) if len(used_rows) else (None, None)
        cluster = hidden_index[columns]
        model = ClusterLP(a_eq, b_eq, lower[cluster], upper[cluster])
        for cell in members:
            column = int(np.searchsorted(cluster, cell))
            ranges[cell] = (model.minimise(column, 1.0)[1], -model.minimise(column, -1.0)[1])
    return ranges


def neighbourhood(
    matrix: sparse.csr_matrix, state: np.ndarray, start: int, hops: int
) -> np.ndarray:
    """Cells reachable from ``start`` through at most ``hops`` constraints, skipping public
    cells (they cannot move, so deviations cannot pass through them)."""
    by_cell = _columns_of(matrix)
    movable = state != int(CellState.PUBLIC)
    seen = np.zeros(len(state), dtype=bool)
    seen[start] = True
    frontier = np.array([start])
    for _ in range(hops):
        rows = np.unique(
            np.concatenate(
                [by_cell.indices[by_cell.indptr[c] : by_cell.indptr[c + 1]] for c in frontier]
            )
        )
        if len(rows) == 0:
            break
        reached = np.unique(
            np.concatenate([matrix.indices[matrix.indptr[r] : matrix.indptr[r + 1]] for r in rows])
        )
        reached = reached[movable[reached] & ~seen[reached]]
        if len(reached) == 0:
            break
        seen[reached] = True
        frontier = reached
    return np.flatnonzero(seen)


_COLUMN_CACHE: dict[int, tuple[sparse.csr_matrix, sparse.csc_matrix]] = {}


def _columns_of(matrix: sparse.csr_matrix) -> sparse.csc_matrix:
    """The matrix by column, computed once per matrix (neighbourhoods are asked for often)."""
    cached = _COLUMN_CACHE.get(id(matrix))
    if cached is None or cached[0] is not matrix:
        if len(_COLUMN_CACHE) > 64:
            _COLUMN_CACHE.clear()
        cached = (matrix, matrix.tocsc())
        _COLUMN_CACHE[id(matrix)] = cached
    return cached[1]


@dataclass(frozen=True)
class Target:
    """A small cell to protect: its range must span ``width``, within ``room_down`` below and
    ``room_up`` above its true value (the symbol's own interval)."""

    cell: int
    room_down: int
    room_up: int
    width: int


def solve_pattern(
    component: Component,
    targets: Sequence[Target],
    support: np.ndarray,
    cost: np.ndarray,
    threshold: int,
    time_limit: float,
) -> np.ndarray | None:
    """Cheapest set of candidates (within ``support``) to hide so that every target's range
    can span its width; None if impossible within the support. Deviations outside the
    support are zero, so any solution is valid for the whole component.

    Variables: candidate switches s, then per target an upward and a downward deviation
    vector over the support, then per target the reach up u and down l (u + l >= width).
    """
    targets = [t for t in targets if t.width > 0]
    if not targets:
        return np.array([], dtype=int)
    if any(t.room_down + t.room_up < t.width for t in targets):
        return None
    big = float(max(component.base.max(), threshold) * 2 + threshold)
    low, high = component.deviation_bounds(big)
    candidates = support[component.state[support] == CellState.CANDIDATE]
    is_candidate = np.isin(support, candidates)
    rows = np.flatnonzero(np.diff(component.matrix[:, support].tocsr().indptr))
    a_support = component.matrix[rows][:, support]
    n_support, n_candidates, n_targets = len(support), len(candidates), len(targets)
    n_blocks = 2 * n_targets
    first_reach = n_candidates + n_blocks * n_support
    n_vars = first_reach + 2 * n_targets
    where = {int(cell): i for i, cell in enumerate(support)}
    lows, highs = [np.zeros(n_candidates)], [np.ones(n_candidates)]
    for target in targets:
        for direction in (1, -1):
            y_low, y_high = low[support].copy(), high[support].copy()
            y_low[is_candidate] = (threshold - component.base[candidates]).clip(max=0)
            y_high[is_candidate] = big
            i = where[target.cell]
            y_low[i], y_high[i] = (0, target.room_up) if direction > 0 else (-target.room_down, 0)
            lows.append(y_low)
            highs.append(y_high)
    reach_high = np.array([[t.room_up, t.room_down] for t in targets], dtype=float).ravel()
    lows.append(np.zeros(2 * n_targets))
    highs.append(reach_high)
    constraints = [_balance(a_support, n_candidates, n_blocks, 2 * n_targets)]
    if n_candidates:
        constraints += _switch_links(
            component, candidates, where, n_support, n_blocks, n_vars, big, threshold
        )
    constraints.append(_reach_rows(targets, where, n_candidates, n_support, first_reach, n_vars))
    objective = np.concatenate([cost[candidates], np.zeros(n_vars - n_candidates)])
    integrality = np.concatenate([np.ones(n_candidates), np.zeros(n_vars - n_candidates)])
    result = milp(
        objective,
        constraints=constraints,
        integrality=integrality,
        bounds=Bounds(np.concatenate(lows), np.concatenate(highs)),
        options={"time_limit": time_limit, "mip_rel_gap": 1e-6, "presolve": False},
    )
    if result.x is None:
        return None
    return candidates[result.x[:n_candidates] > 0.5]


def _balance(a_support, n_candidates: int, n_blocks: int, n_reach: int) -> LinearConstraint:
    """Every deviation vector keeps every constraint: matrix @ y = 0."""
    balance = sparse.block_diag([a_support] * n_blocks, format="csr")
    n_rows = balance.shape[0]
    matrix = sparse.hstack(
        [sparse.csr_matrix((n_rows, n_candidates)), balance, sparse.csr_matrix((n_rows, n_reach))]
    )
    return LinearConstraint(matrix.tocsr(), 0.0, 0.0)


def _switch_links(component, candidates, where, n_support, n_blocks, n_vars, big, threshold):
    """A candidate moves only when hidden: (threshold - base) * s <= y <= big * s."""
    n_candidates = len(candidates)
    positions = np.array([where[int(c)] for c in candidates])
    floor = (threshold - component.base[candidates]).clip(max=0)
    rows = np.arange(n_candidates)
    links = []
    for block in range(n_blocks):
        columns = n_candidates + block * n_support + positions
        for factor, lb, ub in ((big, -np.inf, 0.0), (floor, 0.0, np.inf)):
            data = np.concatenate([np.ones(n_candidates), -np.broadcast_to(factor, n_candidates)])
            matrix = sparse.csr_matrix(
                (data, (np.concatenate([rows, rows]), np.concatenate([columns, rows]))),
                shape=(n_candidates, n_vars),
            )
            links.append(LinearConstraint(matrix, lb, ub))
    return links


def _reach_rows(targets, where, n_candidates, n_support, first_reach, n_vars) -> LinearConstraint:
    """y_up[p] >= u, y_down[p] <= -l, u + l >= width."""
    rows, cols, data, lower = [], [], [], []
    for t, target in enumerate(targets):
        up_column = n_candidates + (2 * t) * n_support + where[target.cell]
        down_column = n_candidates + (2 * t + 1) * n_support + where[target.cell]
        reach_up, reach_down = first_reach + 2 * t, first_reach + 2 * t + 1
        base_row = 3 * t
        rows += [base_row, base_row, base_row + 1, base_row + 1, base_row + 2, base_row + 2]
        cols += [up_column, reach_up, down_column, reach_down, reach_up, reach_down]
        data += [1.0, -1.0, -1.0, -1.0, 1.0, 1.0]
        lower += [0.0, 0.0, float(target.width)]
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=(3 * len(targets), n_vars))
    return LinearConstraint(matrix, np.array(lower), np.inf)
