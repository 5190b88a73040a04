"""Differential privacy for counts (optional): the discrete Laplace mechanism of OpenDP.

Each person must be counted once across partners before noise is added (see the linkage
issue): the mechanism's guarantee assumes one person changes one count by at most
``sensitivity``. The budget spent is recorded with the result and belongs in the edition's
privacy statement (``privacy_statement(..., differential_privacy=[(indicator, epsilon)])``).

Cost, measured (``benchmarks/privacy.py``, docs/privacy/disclosure.md): at epsilon = 1 the
noise has scale 1, and a true count of 1 comes out at zero or below about 27 % of the time,
2 about 10 %, 3 about 4 %: roughly a fifth of true counts of 1-3 when ones dominate.

OpenDP draws from the operating system's secure generator and cannot be seeded: seeding DP
noise would let anyone who knows the seed remove it. This is the one random step in Zicht
without an explicit seed, on purpose.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field

# Draws one noisy integer for a true count; tests pass a seeded one (``seeded_sampler``).
Sampler = Callable[[int], int]


@dataclass(frozen=True, slots=True)
class DifferentialPrivacySettings:
    """``epsilon`` is spent on each released count of one indicator (parallel composition
    across disjoint cells; margins computed from the noisy parts cost nothing more)."""

    epsilon: float = 1.0
    sensitivity: int = 1

    def __post_init__(self) -> None:
        if self.epsilon <= 0 or self.sensitivity < 1:
            raise ValueError("epsilon must be positive and sensitivity at least 1")

    @property
    def scale(self) -> float:
        return self.sensitivity / self.epsilon


@dataclass(frozen=True)
class NoisyCounts:
    """Counts with noise and the budget they spent."""

    values: Mapping[Hashable, int]
    settings: DifferentialPrivacySettings
    mechanism: str = "discrete Laplace (OpenDP make_laplace on integers)"
    epsilon_spent: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "epsilon_spent", self.settings.epsilon)


def noise_margin(epsilon: float, sensitivity: int = 1, coverage: float = 0.95) -> int:
    """The smallest m with P(|noise| > m) <= 1 - coverage for discrete Laplace noise of scale
    sensitivity/epsilon: P(|Z| > m) = 2 a^(m+1) / (1 + a), a = exp(-epsilon/sensitivity)."""
    a = math.exp(-epsilon / sensitivity)
    m = math.log((1 - coverage) * (1 + a) / 2) / math.log(a) - 1
    return max(0, math.ceil(m - 1e-9))


def opendp_sampler(settings: DifferentialPrivacySettings) -> Sampler:
    """OpenDP's discrete Laplace mechanism (secure randomness, cannot be seeded)."""
    import opendp.prelude as dp  # imported here: OpenDP is an optional dependency

    dp.enable_features("contrib")
    measurement = dp.m.make_laplace(
        dp.atom_domain(T=int), dp.absolute_distance(T=int), scale=settings.scale
    )
    epsilon = measurement.map(settings.sensitivity)
    if epsilon > settings.epsilon + 1e-9:
        raise ArithmeticError("the mechanism would spend more than the budget")
    return lambda count: int(measurement(int(count)))


def seeded_sampler(settings: DifferentialPrivacySettings, seed: int) -> Sampler:
    """The same distribution from NumPy with a seed: for tests and benchmarks only (a known
    seed lets anyone remove the noise). Discrete Laplace = difference of two geometrics."""
    import numpy as np

    rng = np.random.default_rng(seed)
    p = 1 - math.exp(-1 / settings.scale)
    return lambda count: int(count) + int(rng.geometric(p)) - int(rng.geometric(p))


def add_noise_to_counts(
    counts: Mapping[Hashable, int],
    settings: DifferentialPrivacySettings | None = None,
    *,
    clamp_at_zero: bool = False,
    sampler: Sampler | None = None,
) -> NoisyCounts:
    """Add discrete Laplace noise of scale sensitivity/epsilon to each count.

    ``clamp_at_zero`` replaces negative results by 0 (post-processing, no extra budget), but
    hides how often the noise pushed small counts below zero; the raw output keeps it visible.
    ``sampler`` defaults to OpenDP; tests pass ``seeded_sampler``.
    """
    settings = settings or DifferentialPrivacySettings()
    draw = sampler or opendp_sampler(settings)
    noisy = {}
    for key, count in counts.items():
        value = draw(int(count))
        noisy[key] = max(value, 0) if clamp_at_zero else value
    return NoisyCounts(noisy, settings)
