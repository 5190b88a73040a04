"""Split cells and constraints into connected parts, each with its constraint matrix."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import TypeVar

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

Constraint = tuple[Hashable, tuple[Hashable, ...]]
K = TypeVar("K", bound=Hashable)  # a cell's key, kept as given


def _labels(index: dict, constraints: Sequence[Constraint]) -> np.ndarray:
    """Component label of every variable: SciPy's connected components of the graph that
    links each constraint's total to its parts."""
    heads = [index[total] for total, parts in constraints for _part in parts]
    tails = [index[part] for _total, parts in constraints for part in parts]
    n = len(index)
    graph = sparse.coo_matrix((np.ones(len(heads)), (heads, tails)), shape=(n, n))
    _count, labels = connected_components(graph, directed=False)
    return labels


def connected_parts(
    variables: Sequence[K], constraints: Sequence[Constraint]
) -> list[tuple[list[K], sparse.csr_matrix]]:
    """Parts of ``variables`` joined by ``constraints`` (total = sum of parts); each part
    comes with its matrix (+1 total, -1 parts), columns in the part's variable order.
    Variables in no constraint form parts of their own with an empty matrix. Parts come in
    the order of their first variable, and variables within a part in the given order."""
    index: dict[Hashable, int] = {variable: i for i, variable in enumerate(variables)}
    labels = _labels(index, constraints)
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels.tolist()):
        members[label].append(i)
    rows_of: dict[int, list[Constraint]] = defaultdict(list)
    for constraint in constraints:
        rows_of[int(labels[index[constraint[0]]])].append(constraint)
    return [
        _part(variables, member_indices, rows_of[label])
        for label, member_indices in sorted(members.items(), key=lambda item: item[1][0])
    ]


def _part(
    variables: Sequence[K], member_indices: list[int], constraints: list[Constraint]
) -> tuple[list[K], sparse.csr_matrix]:
    local: dict[Hashable, int] = {variables[i]: j for j, i in enumerate(member_indices)}
    rows: list[int] = []
    cols: list[int] = []
    data: list[float] = []
    for r, (total, parts) in enumerate(constraints):
        rows.append(r)
        cols.append(local[total])
        data.append(1.0)
        for part in parts:
            rows.append(r)
            cols.append(local[part])
            data.append(-1.0)
    shape = (len(constraints), len(member_indices))
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=shape)
    matrix.sum_duplicates()
    return [variables[i] for i in member_indices], matrix
