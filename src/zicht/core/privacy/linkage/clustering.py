"""Clustering links into persons, best link first, without chaining.

Links are merged from the highest score down (a greedy best-first solve, as in anonlink's
``greedy_solve`` but for any number of partners). Two clusters merge only if

* they have no partner in common, when each partner holds at most one record per person;
* their birth-year bounds from year and age group overlap (``consistency.py``);
* the similarity over all record pairs across the two clusters clears the threshold: on
  average across partners (average linkage), and for every pair when deduplicating within
  one list (complete linkage), where no partner constraint holds chains back. A chain
  A-B-C of weak links whose ends A and C do not resemble each other fails this test, so
  one chain cannot merge many persons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zicht.core.privacy.linkage.similarity import CandidatePairs, similarity_pairs


@dataclass(frozen=True)
class ClusteringResult:
    person_index: np.ndarray  # per record, 0..persons-1, ordered by first record
    accepted: np.ndarray  # boolean per candidate pair: used to merge two clusters
    rejected_by_source: int
    rejected_by_cohesion: int
    rejected_by_attributes: int = 0


def _root(parent: np.ndarray, node: int) -> int:
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = int(parent[node])
    return node


def cluster_links(
    pairs: CandidatePairs,
    threshold: float,
    words: np.ndarray,
    counts: np.ndarray,
    sources: np.ndarray,
    one_record_per_source: bool,
    birth_years: np.ndarray | None = None,
) -> ClusteringResult:
    """Person index per record from the candidate pairs at or above ``threshold``."""
    record_count = sources.size
    parent = np.arange(record_count)
    bounds = birth_years.copy() if birth_years is not None else None
    members: dict[int, list[int]] = {}
    accepted = np.zeros(len(pairs), dtype=bool)
    by_source = by_cohesion = by_attributes = 0
    order = np.argsort(-pairs.score, kind="stable")
    for edge in order[pairs.score[order] >= threshold].tolist():
        left_root = _root(parent, int(pairs.left[edge]))
        right_root = _root(parent, int(pairs.right[edge]))
        if left_root == right_root:
            continue
        left_members = members.get(left_root, [left_root])
        right_members = members.get(right_root, [right_root])
        if one_record_per_source and not set(sources[left_members].tolist()).isdisjoint(
            sources[right_members].tolist()
        ):
            by_source += 1
            continue
        if bounds is not None and max(bounds[left_root, 0], bounds[right_root, 0]) > min(
            bounds[left_root, 1], bounds[right_root, 1]
        ):
            by_attributes += 1
            continue
        if len(left_members) + len(right_members) > 2:
            left_index = np.repeat(left_members, len(right_members))
            right_index = np.tile(right_members, len(left_members))
            scores = similarity_pairs(words, counts, left_index, right_index)
            # Within one list there is no partner constraint to stop chaining, so every
            # pair must clear the threshold (complete linkage); across lists the average.
            cohesion = scores.mean() if one_record_per_source else scores.min()
            if cohesion < threshold:
                by_cohesion += 1
                continue
        if len(left_members) < len(right_members):
            left_root, right_root = right_root, left_root
            left_members, right_members = right_members, left_members
        parent[right_root] = left_root
        if bounds is not None:
            bounds[left_root, 0] = max(bounds[left_root, 0], bounds[right_root, 0])
            bounds[left_root, 1] = min(bounds[left_root, 1], bounds[right_root, 1])
        members[left_root] = left_members + right_members
        members.pop(right_root, None)
        accepted[edge] = True
    roots = np.array([_root(parent, node) for node in range(record_count)], dtype=np.int64)
    return ClusteringResult(
        _numbered_by_first_record(roots), accepted, by_source, by_cohesion, by_attributes
    )


def _numbered_by_first_record(roots: np.ndarray) -> np.ndarray:
    """Person numbers 0.. in order of each person's first record, whatever the roots."""
    _, person_index = np.unique(roots, return_inverse=True)
    first_seen = np.full(person_index.max(initial=-1) + 1, roots.size, dtype=np.int64)
    np.minimum.at(first_seen, person_index, np.arange(roots.size))
    renumber = np.empty_like(first_seen)
    renumber[np.argsort(first_seen, kind="stable")] = np.arange(first_seen.size)
    return renumber[person_index]
