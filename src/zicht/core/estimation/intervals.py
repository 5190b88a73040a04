"""Confidence intervals for the population size: asymptotic, profile likelihood, bootstrap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq
from scipy.stats import chi2, norm

from zicht.core.estimation.model import FittedModel
from zicht.core.estimation.poisson_glm import PoissonFitError, fit_poisson
from zicht.core.estimation.settings import BootstrapKind
from zicht.core.estimation.table import CaptureTable

# Beyond this many standard errors of the intercept the profile is called unbounded.
PROFILE_SEARCH_STANDARD_ERRORS = 40.0


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    notes: tuple[str, ...] = ()


def asymptotic_interval(model: FittedModel, level: float) -> Interval:
    """n + exp(intercept +/- z se): SparseMSE's ``estimatepopulation.0`` interval."""
    z = norm.ppf(0.5 + level / 2.0)
    spread = z * model.intercept_standard_error
    observed = model.table.observed_total
    return Interval(
        observed + float(np.exp(model.intercept - spread)),
        observed + float(np.exp(model.intercept + spread)),
    )


def profile_interval(model: FittedModel, level: float) -> Interval:
    """Values of n + exp(b0) whose profile deviance is within chi2_1(level) of the minimum."""
    design = model.design
    other_columns = design.matrix[:, 1:]
    cut = model.fit.deviance + chi2.ppf(level, 1)
    start = model.fit.coefficients[1:]

    def excess_deviance(intercept: float) -> float:
        offset = np.full(len(design.counts), intercept)
        try:
            fit = fit_poisson(other_columns, design.counts, offset=offset, start=start)
        except PoissonFitError:
            return np.inf
        return fit.deviance - cut

    bounds = []
    notes = []
    for direction in (-1.0, 1.0):
        limit = _profile_limit(model, excess_deviance, direction)
        if limit is None:
            notes.append(
                "De bovengrens van het profile-likelihood-interval is onbegrensd: de gegevens "
                "sluiten een veel groter verborgen aantal niet uit (unbounded profile limit)."
                if direction > 0
                else "De ondergrens van het profile-likelihood-interval is onbegrensd."
            )
            bounds.append(np.inf if direction > 0 else float(model.table.observed_total))
        else:
            bounds.append(model.table.observed_total + float(np.exp(limit)))
    return Interval(bounds[0], bounds[1], tuple(notes))


def _profile_limit(
    model: FittedModel, excess_deviance: Callable[[float], float], direction: float
) -> float | None:
    """Intercept where the profile deviance crosses the cut, searching outwards."""
    centre = model.intercept
    step = max(model.intercept_standard_error, 1e-3)
    inner = centre
    distance = step
    while distance <= PROFILE_SEARCH_STANDARD_ERRORS * step:
        outer = centre + direction * distance
        if excess_deviance(outer) > 0:
            low, high = sorted((inner, outer))
            return float(brentq(excess_deviance, low, high, xtol=1e-10))
        inner = outer
        distance *= 2.0
    return None


@dataclass(frozen=True)
class BootstrapOutcome:
    interval: Interval
    replicates: np.ndarray
    acceleration: float
    failed_replicates: int


def bca_limits(
    replicates: np.ndarray, point: float, acceleration: float, probabilities: np.ndarray
) -> np.ndarray:
    """SparseMSE ``bcaconfvalues``: BCa-adjusted quantiles (R quantile type 8)."""
    bias = norm.ppf(np.mean(replicates < point))
    z = norm.ppf(probabilities) + bias
    adjusted = norm.cdf(bias + z / (1.0 - acceleration * z))
    return np.array([_type8_quantile(np.sort(replicates), p) for p in adjusted])


def _type8_quantile(ordered: np.ndarray, probability: float) -> float:
    """R's quantile type 8 (numpy "median_unbiased"), letting +inf replicates count as +inf."""
    count = len(ordered)
    position = count * probability + (probability + 1.0) / 3.0
    lower = int(np.clip(np.floor(position), 1, count))
    upper = int(np.clip(lower + 1, 1, count))
    fraction = float(np.clip(position - lower, 0.0, 1.0))
    low_value, high_value = ordered[lower - 1], ordered[upper - 1]
    if np.isinf(high_value) and fraction > 0 or np.isinf(low_value):
        return float(np.inf)
    return float((1.0 - fraction) * low_value + fraction * high_value)


def jackknife_acceleration(
    table: CaptureTable, estimator: Callable[[CaptureTable], float]
) -> float:
    """Acceleration from leaving out one person of each observed capture history."""
    observed_cells = np.flatnonzero(table.counts > 0)
    weights = table.counts[observed_cells].astype(float)
    leave_one_out = np.empty(len(observed_cells))
    for position, cell in enumerate(observed_cells):
        counts = table.counts.copy()
        counts[cell] -= 1
        leave_one_out[position] = estimator(table.with_counts(counts))
    # A leave-one-out table without an estimate says nothing about skewness; leave it out.
    finite = np.isfinite(leave_one_out)
    weights, leave_one_out = weights[finite], leave_one_out[finite]
    if not len(weights):
        return 0.0
    residuals = np.sum(weights * leave_one_out) / np.sum(weights) - leave_one_out
    denominator = 6.0 * np.sum(weights * residuals**2) ** 1.5
    if denominator == 0 or not np.isfinite(denominator):
        return 0.0
    return float(np.sum(weights * residuals**3) / denominator)


def bootstrap_interval(
    model: FittedModel,
    estimator: Callable[[CaptureTable], float],
    level: float,
    replicate_count: int,
    kind: BootstrapKind,
    seed: int,
) -> BootstrapOutcome:
    """BCa interval; ``estimator`` re-runs the whole selection on each replicate table."""
    table = model.table
    generator = np.random.default_rng(seed)
    draws = _draw_replicate_counts(model, replicate_count, kind, generator)
    estimates = np.array([estimator(table.with_counts(counts)) for counts in draws])
    # A replicate without an estimate has an unbounded dark figure: it stays in as +inf, as
    # SparseMSE's glm would give it an enormous value, so that it widens the upper limit.
    failed = int(np.sum(~np.isfinite(estimates)))
    acceleration = jackknife_acceleration(table, estimator)
    probabilities = np.array([0.5 - level / 2.0, 0.5 + level / 2.0])
    low, high = bca_limits(estimates, model.population_estimate, acceleration, probabilities)
    notes = []
    if failed:
        notes.append(
            f"In {failed} van {replicate_count} bootstrapherhalingen bestond de schatting niet "
            f"(onbegrensd verborgen aantal); die tellen mee als oneindig groot (bootstrap "
            f"replicates without an estimate count as unbounded)."
        )
    if np.isinf(high):
        notes.append(
            "De bovengrens van het bootstrapinterval is onbegrensd: de gegevens sluiten een "
            "veel groter verborgen aantal niet uit (unbounded upper limit)."
        )
    interval = Interval(float(low), float(high), tuple(notes))
    return BootstrapOutcome(interval, estimates, acceleration, failed)


def _draw_replicate_counts(
    model: FittedModel, replicate_count: int, kind: BootstrapKind, generator: np.random.Generator
) -> np.ndarray:
    table = model.table
    if kind is BootstrapKind.NONPARAMETRIC:
        probabilities = table.counts / table.observed_total
        return generator.multinomial(table.observed_total, probabilities, size=replicate_count)
    # Parametric: a population of the estimated size, each person seen with the fitted
    # probabilities (SparseMSE's BICandbootstrapsim scheme).
    means = np.zeros(len(table.counts))
    means[model.design.retained_cells] = model.fit.fitted_means
    population = int(round(model.population_estimate))
    seen = generator.binomial(population, means.sum() / model.population_estimate, replicate_count)
    return np.array([generator.multinomial(n, means / means.sum()) for n in seen])
