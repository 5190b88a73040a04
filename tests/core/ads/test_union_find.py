"""The array union-find that links ads gives the same clusters as a graph library."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from zicht.core.ads.linking import UnionFind


def _reference_labels(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))
    return rank[inverse]


@pytest.mark.parametrize("seed", range(6))
def test_merging_in_parts_matches_connected_components(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 3_000
    left = rng.integers(0, n, size=2_500)
    right = rng.integers(0, n, size=2_500)
    components = UnionFind(n)
    for part in np.array_split(np.arange(len(left)), 7):  # edges arrive band by band
        components.merge(left[part], right[part])
    expected = _reference_labels(n, left, right)
    assert components.labels_by_first_appearance().tolist() == expected.tolist()
    assert components.n_components() == int(expected.max()) + 1


def test_a_star_and_a_long_chain_join_in_one_call() -> None:
    # Many edges onto one ad and a path in reverse order: the worst cases for hooking rounds.
    n = 2_000
    star_left = np.full(999, 1_999)
    star_right = np.arange(1_000, 1_999)
    chain_left = np.arange(999, 0, -1)
    chain_right = chain_left - 1
    components = UnionFind(n)
    components.merge(np.r_[star_left, chain_left], np.r_[star_right, chain_right])
    labels = components.labels_by_first_appearance()
    assert components.n_components() == 2
    assert set(labels[:1_000].tolist()) == {0}
    assert set(labels[1_000:].tolist()) == {1}


def test_no_edges_leaves_every_ad_alone() -> None:
    components = UnionFind(5)
    components.merge(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    assert components.labels_by_first_appearance().tolist() == [0, 1, 2, 3, 4]
    assert UnionFind(0).labels_by_first_appearance().tolist() == []
