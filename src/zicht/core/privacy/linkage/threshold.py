"""Choosing the match threshold from the data, and estimating link errors without truth.

The kept candidate scores (each record's best few towards every other partner) are a mix
of near-misses, piled up just above random similarity, and matches, piled up near 1. The
near-miss pile is a distribution of maxima, whose right tail is exponential; it is fitted
where matches are still rare and extended upwards. The threshold is the lowest score at
which the observed density is at least twice that tail: from there on a score is at least
as likely a match as a near-miss, so moving the threshold down adds more false links than
it saves missed ones.

The fitted near-miss tail also gives every score a probability of being a near-miss
rather than a match (``non_match_probability``); ``quality.py`` turns that into expected
numbers of false and missed links.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ThresholdSettings:
    #: Width of the Gaussian smoothing kernel on the score axis.
    bandwidth: float = 0.015
    #: The two modes must lie at least this far apart to count as two.
    minimum_mode_distance: float = 0.1
    #: Used only when the scores show no two modes; reported as such.
    fallback_threshold: float = 0.8
    minimum_scores: int = 30


@dataclass(frozen=True)
class ThresholdFit:
    threshold: float
    method: str
    non_match_mode: float
    match_mode: float
    scores_used: int
    tail_count: float
    tail_rate: float
    #: Upper end of the window where the near-miss tail was fitted.
    tail_window_end: float
    smoothed_density: tuple[float, ...]
    #: Histogram of candidate scores (bin edges and counts) for the coordinator's view.
    histogram_edges: tuple[float, ...]
    histogram_counts: tuple[int, ...]

    def non_match_probability(self, scores: np.ndarray) -> np.ndarray:
        """Share of the observed density at each score that the near-miss tail explains."""
        values = np.asarray(scores, dtype=float)
        if self.method == "fallback":
            return np.where(values >= self.threshold, 0.0, 1.0)
        index = np.clip(np.rint(values * (_GRID_SIZE - 1)).astype(int), 0, _GRID_SIZE - 1)
        observed = np.asarray(self.smoothed_density)[index]
        excess = np.clip(values - self.non_match_mode, 0, None)
        expected = (
            self.tail_count * self.tail_rate / (_GRID_SIZE - 1) * np.exp(-self.tail_rate * excess)
        )
        expected = np.where(values < self.non_match_mode, observed, expected)
        return np.clip(expected / np.maximum(observed, 1e-12), 0.0, 1.0)


_GRID_SIZE = 1001


def _smoothed_density(values: np.ndarray, bandwidth: float) -> tuple[np.ndarray, np.ndarray]:
    grid = np.linspace(0.0, 1.0, _GRID_SIZE)
    counts = np.bincount(
        np.clip(np.rint(values * (_GRID_SIZE - 1)).astype(int), 0, _GRID_SIZE - 1),
        minlength=_GRID_SIZE,
    ).astype(float)
    offsets = np.arange(-4 * bandwidth, 4 * bandwidth + 1e-12, 1.0 / (_GRID_SIZE - 1))
    kernel = np.exp(-0.5 * (offsets / bandwidth) ** 2)
    return grid, np.convolve(counts, kernel / kernel.sum(), mode="same")


def _two_modes(grid, density, minimum_distance) -> tuple[int, int] | None:
    peaks = np.flatnonzero((density[1:-1] > density[:-2]) & (density[1:-1] >= density[2:])) + 1
    if peaks.size < 2:
        return None
    strongest = int(peaks[np.argmax(density[peaks])])
    far = peaks[np.abs(grid[peaks] - grid[strongest]) >= minimum_distance]
    if far.size == 0:
        return None
    other = int(far[np.argmax(density[far])])
    return min(strongest, other), max(strongest, other)


def _non_match_tail(values: np.ndarray, grid, density, low: int) -> tuple[float, float, float]:
    """Exponential tail of the near-miss scores, fitted where matches are still rare.

    Kept scores are each record's best few, i.e. maxima over many non-matches, whose
    distribution (Gumbel) has an exponential right tail. The fit window runs from the
    near-miss mode to where the smoothed density has fallen to a tenth of its peak, a
    region that matches barely reach. Returns ``(count, rate, window end)``.
    """
    start = float(grid[low])
    fallen = np.flatnonzero(density[low:] < 0.1 * density[low])
    end = float(grid[low + fallen[0]]) if fallen.size else 1.0
    inside = values[(values >= start) & (values <= end)]
    if inside.size < 5 or end <= start:
        return 0.0, 1.0, end
    mean_excess = float((inside - start).mean())
    rate = 1.0 / max(mean_excess, 1e-6)
    # Truncated-exponential maximum likelihood: solve 1/r - w/(e^{rw}-1) = mean excess.
    width = end - start
    for _ in range(50):
        implied = 1.0 / rate - width / np.expm1(min(rate * width, 700))
        rate *= implied / mean_excess
    count = inside.size / (1 - np.exp(-rate * width))
    return float(count), float(rate), end


def threshold_method_label(method: str) -> str:
    """How the threshold was chosen, in Dutch, for the coordinator (CLI and back office)."""
    if method == "fallback":
        return "standaardwaarde: te weinig scores om een drempel uit af te leiden"
    return "gekozen uit de scoreverdeling"


def fit_threshold(scores: np.ndarray, settings: ThresholdSettings | None = None) -> ThresholdFit:
    """Threshold where a score is as likely a match as a near-miss (local rate of 1/2)."""
    settings = settings or ThresholdSettings()
    values = np.asarray(scores, dtype=float)
    edges = np.linspace(0.0, 1.0, 41)
    histogram = tuple(int(count) for count in np.histogram(values, edges)[0])
    grid, density = _smoothed_density(values, settings.bandwidth)
    modes = None
    if values.size >= settings.minimum_scores:
        modes = _two_modes(grid, density, settings.minimum_mode_distance)
    if modes is None:
        return ThresholdFit(
            settings.fallback_threshold,
            "fallback",
            float("nan"),
            float("nan"),
            int(values.size),
            0.0,
            1.0,
            1.0,
            (),
            tuple(edges),
            histogram,
        )
    low, high = modes
    low_mode, high_mode = float(grid[low]), float(grid[high])
    count, rate, window_end = _non_match_tail(values, grid, density, low)
    step = grid[1] - grid[0]
    # Expected near-miss density per grid step; the threshold is where the observed
    # density is twice that, i.e. where a score is as likely a match as a near-miss.
    non_match = count * rate * step * np.exp(-rate * np.clip(grid - low_mode, 0, None))
    above = np.flatnonzero((grid > low_mode) & (density >= 2 * non_match))
    threshold = float(grid[above[0]]) if above.size else high_mode
    return ThresholdFit(
        threshold,
        "local-false-link-rate",
        low_mode,
        high_mode,
        int(values.size),
        count,
        rate,
        window_end,
        tuple(density.tolist()),
        tuple(float(edge) for edge in edges),
        histogram,
    )
