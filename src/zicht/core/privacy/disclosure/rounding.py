"""Controlled rounding: every count to a multiple of a base, with the tables still adding up.

Each cell becomes its value rounded down or up to a multiple of ``base`` (a cell that is
already a multiple, zero included, stays as it is: "zero-restricted" rounding, as in τ-ARGUS),
and every additivity constraint holds for the rounded values. The choice is a MILP (SciPy,
HiGHS) with one binary per cell that is not a multiple: up or down, minimising the total
distance to the true values (Cox 1987, "A constructive procedure for unbiased controlled
rounding", JASA 82). Two-way tables always have a controlled rounding; tables with more
dimensions or hierarchies may not, and then ``RoundingImpossible`` is raised.

What a reader learns: a published r stands for a true value in (r − base, r + base), and for
0 in [0, base); ``audit.audit_release`` derives, by LP, how far a reader can narrow the true
small counts from every rounded cell, the additivity and the previous edition.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from zicht.core.errors import ZichtError
from zicht.core.privacy.disclosure.components import connected_parts

Constraint = tuple[Hashable, tuple[Hashable, ...]]
K = TypeVar("K", bound=Hashable)  # a cell's key, kept as given


class RoundingImpossible(ZichtError, ValueError):
    """No controlled rounding keeps every constraint (possible for three or more dimensions)."""

    code = "rounding_impossible"


def controlled_rounding(
    values: Mapping[K, int],
    constraints: Sequence[Constraint],
    base: int,
    time_limit: float = 60.0,
    preferred: Mapping[K, int] | None = None,
) -> dict[K, int]:
    """Every value rounded to a neighbouring multiple of ``base``, additivity kept.

    ``preferred`` (e.g. the previous edition's published roundings): a cell whose preferred
    value is one of its two roundings gets it whenever some controlled rounding allows,
    before the distance to the true values counts."""
    preferred = preferred or {}
    if base < 2:
        raise ValueError("the rounding base must be at least 2")
    rounded: dict[K, int] = {}
    for members, matrix in connected_parts(list(values), constraints):
        true = np.array([values[m] for m in members], dtype=np.int64)
        if (true < 0).any():
            raise ValueError("controlled rounding is for counts (non-negative)")
        wish = np.array([preferred.get(m, -1) for m in members], dtype=np.int64)
        result = _round_part(matrix, true, base, time_limit, wish)
        for member, value in zip(members, result, strict=True):
            rounded[member] = int(value)
    return rounded


def _round_part(
    matrix: sparse.csr_matrix, true: np.ndarray, base: int, time_limit: float, wish: np.ndarray
):
    floor = true // base * base
    remainder = true - floor
    free = np.flatnonzero(remainder > 0)
    if len(free) == 0:
        return true
    fixed_sum = matrix @ floor
    # Rounded = floor + base·z on the free cells: matrix @ rounded = 0.
    a_free = matrix[:, free] * base
    # Distance: up costs base − remainder, down costs remainder.
    cost = (base - 2 * remainder[free]).astype(float)
    # A wished rounding outweighs every distance together: up wished, up pays less; down
    # wished, up pays more (wish -1: none).
    weight = float(base * (len(free) + 1))
    cost -= weight * (wish[free] == floor[free] + base)
    cost += weight * (wish[free] == floor[free])
    used = np.flatnonzero(np.diff(sparse.csr_matrix(a_free).indptr))
    constraints = []
    if len(used):
        constraints.append(LinearConstraint(a_free[used], -fixed_sum[used], -fixed_sum[used]))
    result = milp(
        cost,
        constraints=constraints,
        integrality=np.ones(len(free)),
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit},
    )
    if result.x is None:
        raise RoundingImpossible(
            f"no controlled rounding to base {base} keeps every constraint (status {result.status})"
        )
    rounded = floor.copy()
    rounded[free] += base * np.round(result.x).astype(np.int64)
    return rounded
