"""Linkage quality without known truth: likely false and missed links, as distributions.

Every candidate score gets a probability of being a near-miss from the fitted tail
(``ThresholdFit.non_match_probability``). Summed over the accepted links that gives the
expected number of false links; summed as match probability over the rejected pairs
between different persons, the expected number of missed links. Pairs scoring below the
window where the near-miss tail was fitted cannot be told apart from near-misses at all;
they are left out, so the missed-link estimate is a lower bound. The spread is that of a
sum of independent Bernoulli variables. Only counts and histograms leave this module.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zicht.core.privacy.linkage.similarity import CandidatePairs
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


def estimate_quality(
    pairs: CandidatePairs,
    accepted: np.ndarray,
    person_index: np.ndarray,
    fit: ThresholdFit,
) -> LinkageQuality:
    non_match = fit.non_match_probability(pairs.score)
    accepted_non_match = non_match[accepted]
    apart = (
        (person_index[pairs.left] != person_index[pairs.right])
        & (pairs.score < fit.threshold)
        & (pairs.score >= fit.tail_window_end)
    )
    bins = np.histogram(1 - accepted_non_match, np.linspace(0, 1, 11))[0]
    return LinkageQuality(
        links_accepted=int(accepted.sum()),
        likely_false_links=CountDistribution.from_probabilities(accepted_non_match),
        likely_missed_links=CountDistribution.from_probabilities(1 - non_match[apart]),
        accepted_by_match_probability=tuple(int(count) for count in bins),
    )
