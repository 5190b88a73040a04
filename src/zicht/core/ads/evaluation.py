"""Pairwise precision and recall of a clustering against ground-truth labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PairwiseScores:
    """Counts of same-cluster pairs and the precision and recall they give."""

    true_positive_pairs: int
    predicted_pairs: int
    true_pairs: int

    @property
    def precision(self) -> float:
        return self.true_positive_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive_pairs / self.true_pairs if self.true_pairs else 1.0


def _pairs(counts: np.ndarray) -> int:
    counts = counts.astype(np.int64)
    return int((counts * (counts - 1) // 2).sum())


def pairwise_scores(predicted: Sequence[object], truth: Sequence[object]) -> PairwiseScores:
    """Precision and recall over all pairs of items placed in one cluster."""
    if len(predicted) != len(truth):
        raise ValueError("predicted and truth labels differ in length")
    _, predicted_codes = np.unique(
        np.asarray(predicted, dtype=object).astype(str), return_inverse=True
    )
    _, truth_codes = np.unique(np.asarray(truth, dtype=object).astype(str), return_inverse=True)
    joint = predicted_codes.astype(np.int64) * (int(truth_codes.max(initial=0)) + 1) + truth_codes
    _, joint_counts = np.unique(joint, return_counts=True)
    return PairwiseScores(
        true_positive_pairs=_pairs(joint_counts),
        predicted_pairs=_pairs(np.bincount(predicted_codes)),
        true_pairs=_pairs(np.bincount(truth_codes)),
    )
