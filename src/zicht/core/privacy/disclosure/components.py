"""Split cells and constraints into connected parts, each with its constraint matrix."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
from scipy import sparse

Constraint = tuple[Hashable, tuple[Hashable, ...]]


def connected_parts(
    variables: Sequence[Hashable], constraints: Sequence[Constraint]
) -> list[tuple[list[Hashable], sparse.csr_matrix]]:
    """Parts of ``variables`` joined by ``constraints`` (total = sum of parts); each part
    comes with its matrix (+1 total, -1 parts), columns in the part's variable order.
    Variables in no constraint form parts of their own with an empty matrix."""
    index = {variable: i for i, variable in enumerate(variables)}
    parent = list(range(len(variables)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for total, parts in constraints:
        root = find(index[total])
        for part in parts:
            other = find(index[part])
            if other != root:
                parent[other] = root
    members: dict[int, list[int]] = {}
    for i in range(len(variables)):
        members.setdefault(find(i), []).append(i)
    rows_of: dict[int, list[Constraint]] = {}
    for constraint in constraints:
        rows_of.setdefault(find(index[constraint[0]]), []).append(constraint)
    parts_out = []
    for root, member_indices in members.items():
        local = {
            variables[i]: j for j, variables_i in enumerate(member_indices) for i in [variables_i]
        }
        rows, cols, data = [], [], []
        for r, (total, parts) in enumerate(rows_of.get(root, [])):
            rows.append(r), cols.append(local[total]), data.append(1.0)
            for part in parts:
                rows.append(r), cols.append(local[part]), data.append(-1.0)
        shape = (len(rows_of.get(root, [])), len(member_indices))
        matrix = sparse.csr_matrix((data, (rows, cols)), shape=shape)
        matrix.sum_duplicates()
        parts_out.append(([variables[i] for i in member_indices], matrix))
    return parts_out


def as_array(values: Sequence[float]) -> np.ndarray:
    return np.asarray(values, dtype=float)
