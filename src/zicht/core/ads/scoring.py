"""Risk scores: weighted indicators per ad plus the signals of the ad's operator cluster."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from zicht.core.ads.indicators import INDICATOR_BITS
from zicht.core.ads.settings import ALL_INDICATORS, RiskRule


def cluster_indicator_bits(
    cluster_of_unique: np.ndarray,
    n_clusters: int,
    *,
    name_pairs: tuple[np.ndarray, np.ndarray],
    nationality_pairs: tuple[np.ndarray, np.ndarray],
    city_of_unique: np.ndarray,
    rule: RiskRule,
) -> np.ndarray:
    """Bit mask per cluster: many names, cities or nationalities behind one operator."""
    bits = np.zeros(n_clusters, dtype=np.uint16)
    names = distinct_per_cluster(cluster_of_unique, *name_pairs, n_clusters)
    bits[names >= rule.min_names_per_operator] |= INDICATOR_BITS["many_names_per_operator"]
    known_city = np.flatnonzero(city_of_unique >= 0)
    cities = distinct_per_cluster(
        cluster_of_unique, known_city, city_of_unique[known_city].astype(np.int64), n_clusters
    )
    bits[cities >= rule.min_cities_per_operator] |= INDICATOR_BITS["many_cities_per_operator"]
    nationalities = distinct_per_cluster(cluster_of_unique, *nationality_pairs, n_clusters)
    bits[nationalities >= rule.min_nationalities_per_operator] |= INDICATOR_BITS[
        "many_nationalities_per_operator"
    ]
    return bits


def distinct_per_cluster(
    cluster_of_unique: np.ndarray, ads: np.ndarray, values: np.ndarray, n_clusters: int
) -> np.ndarray:
    """Number of distinct values per cluster, from (ad, value) pairs."""
    if len(ads) == 0:
        return np.zeros(n_clusters, dtype=np.int64)
    # One int64 code per (cluster, value) pair: np.unique over codes sorts 8 bytes per pair,
    # where np.unique(axis=1) on a stacked 2 x n array made several 16-byte copies.
    width = np.int64(int(values.max()) + 1 if len(values) else 1)
    codes = cluster_of_unique[ads].astype(np.int64)
    codes *= width
    codes += values
    distinct = np.unique(codes)
    del codes
    return np.bincount(distinct // width, minlength=n_clusters)


def indicator_weights(rule: RiskRule) -> np.ndarray:
    """Weight per indicator bit position, in ALL_INDICATORS order."""
    return np.array([float(rule.weights.get(name, 0.0)) for name in ALL_INDICATORS])


def scores_from_bits(bits: np.ndarray, rule: RiskRule) -> np.ndarray:
    """Sum of the weights of the indicators set in each bit mask."""
    # A score per possible bit mask, looked up per ad: no ads x indicators matrix in memory.
    weights = indicator_weights(rule)
    masks = np.arange(1 << len(ALL_INDICATORS), dtype=np.uint32)
    positions = np.arange(len(ALL_INDICATORS), dtype=np.uint32)
    fired = (masks[:, None] >> positions) & np.uint32(1)
    return (fired.astype(np.float64) @ weights)[bits.astype(np.intp)]


def share_above_thresholds(scores: np.ndarray, thresholds: Sequence[float]) -> list[float]:
    """Share of ads whose score reaches each threshold (for the dashboard's slider)."""
    if len(scores) == 0:
        return [0.0 for _ in thresholds]
    ordered = np.sort(scores)
    below = np.searchsorted(ordered, np.asarray(thresholds, dtype=np.float64), side="left")
    return [float(value) for value in (len(ordered) - below) / len(ordered)]
