"""Linkage quality without known truth: likely false and missed links, as distributions.

Every candidate score gets a probability of being a near-miss from the fitted tail
(``ThresholdFit.non_match_probability``). Summed over the accepted links that gives the
expected number of false links. Missed links are summed as match probability over the
rejected pairs that could still be one person: each record is the other's best candidate
in its partner's list, and (with one record per person per partner) neither person already
holds a record from the other's partner. Pairs scoring below the window where the tail was
fitted are left out. Measured on six generated list sets with known truth
(``docs/benchmarks/linkage.md``) the false-link estimate is within a factor two of the real
number, while the missed-link estimate is 2.5 to 12 times the real number: just below the
threshold the near-miss scores are denser than the fitted exponential tail says, so it is
shown as an estimate on the high side. The spread is that of a sum of independent
Bernoulli variables. Only counts and histograms leave this module.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zicht.core.privacy.linkage.similarity import CandidatePairs, best_per_record_and_source
from zicht.core.privacy.linkage.threshold import ThresholdFit

_Z_90 = 1.6448536269514722  # two-sided 90% interval of a normal distribution


@dataclass(frozen=True)
class CountDistribution:
    """Expected count with a 90% interval (normal approximation to a Poisson-binomial)."""

    expected: float
    low: float
    high: float

    @staticmethod
    def from_probabilities(probabilities: np.ndarray) -> CountDistribution:
        mean = float(probabilities.sum())
        spread = _Z_90 * float(np.sqrt((probabilities * (1 - probabilities)).sum()))
        return CountDistribution(
            round(mean, 2), round(max(mean - spread, 0.0), 2), round(mean + spread, 2)
        )


@dataclass(frozen=True)
class LinkageQuality:
    links_accepted: int
    likely_false_links: CountDistribution
    likely_missed_links: CountDistribution
    #: Accepted links by match probability: bins [0, .1), ..., [.9, 1].
    accepted_by_match_probability: tuple[int, ...]


def _mutual_best(pairs: CandidatePairs, source_index: np.ndarray) -> np.ndarray:
    """Whether each pair joins two records that are each other's best candidate in the
    other's list: only such a pair can be a record's missing link."""
    best = best_per_record_and_source(pairs.both_ways(), source_index)
    return best[: len(pairs)] & best[len(pairs) :]


def _mergeable(pairs, person_index, source_index) -> np.ndarray:
    """False where both persons already hold a record from the other's list: joining them
    would put two records of one partner in one person."""
    holds = np.zeros((int(person_index.max(initial=-1)) + 1, int(source_index.max()) + 1), bool)
    holds[person_index, source_index] = True
    left, right = person_index[pairs.left], person_index[pairs.right]
    return ~(holds[left] & holds[right]).any(axis=1)


def estimate_quality(
    pairs: CandidatePairs,
    accepted: np.ndarray,
    person_index: np.ndarray,
    fit: ThresholdFit,
    source_index: np.ndarray,
    one_record_per_source: bool = True,
) -> LinkageQuality:
    non_match = fit.non_match_probability(pairs.score)
    accepted_non_match = non_match[accepted]
    apart = (
        (person_index[pairs.left] != person_index[pairs.right])
        & (pairs.score < fit.threshold)
        & (pairs.score >= fit.tail_window_end)
        & _mutual_best(pairs, source_index)
    )
    if one_record_per_source and len(pairs):
        apart &= _mergeable(pairs, person_index, source_index)
    bins = np.histogram(1 - accepted_non_match, np.linspace(0, 1, 11))[0]
    return LinkageQuality(
        links_accepted=int(accepted.sum()),
        likely_false_links=CountDistribution.from_probabilities(accepted_non_match),
        likely_missed_links=CountDistribution.from_probabilities(1 - non_match[apart]),
        accepted_by_match_probability=tuple(int(count) for count in bins),
    )
