"""Poisson regression with log link by iteratively reweighted least squares.

Our own small IRLS instead of statsmodels: the models here have at most a few dozen cells and
parameters, and model selection and the bootstrap fit them thousands of times, so the per-call
overhead of a general GLM library dominates. The algorithm, starting values (y + 0.1) and
stopping rule follow R's ``glm.fit`` so that results agree with the SparseMSE reference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

from zicht.core.errors import ZichtError

MAX_ITERATIONS = 100
RELATIVE_DEVIANCE_TOLERANCE = 1e-10


class PoissonFitError(ZichtError, RuntimeError):
    """The iterations did not produce a usable fit."""

    code = "poisson_fit_failed"


@dataclass(frozen=True)
class PoissonFit:
    coefficients: np.ndarray
    unscaled_covariance: np.ndarray
    fitted_means: np.ndarray
    deviance: float
    log_likelihood: float
    iterations: int


def poisson_deviance(counts: np.ndarray, means: np.ndarray) -> float:
    positive = counts > 0
    terms = np.zeros_like(means)
    terms[positive] = counts[positive] * np.log(counts[positive] / means[positive])
    return float(2.0 * np.sum(terms - (counts - means)))


def poisson_log_likelihood(counts: np.ndarray, means: np.ndarray) -> float:
    safe_means = np.where(means > 0, means, 1.0)
    log_terms = np.where(counts > 0, counts * np.log(safe_means), 0.0)
    return float(np.sum(log_terms - means - gammaln(counts + 1.0)))


def fit_poisson(
    design: np.ndarray,
    counts: np.ndarray,
    offset: np.ndarray | None = None,
    start: np.ndarray | None = None,
) -> PoissonFit:
    """Maximum likelihood fit of ``log E[counts] = offset + design @ coefficients``."""
    offset_values = np.zeros(len(counts)) if offset is None else offset
    if start is None:
        means = counts + 0.1
        linear = np.log(means)
    else:
        linear = offset_values + design @ start
        means = np.exp(linear)
    previous_deviance = np.inf
    coefficients = np.zeros(design.shape[1])
    iterations = 0
    for _ in range(MAX_ITERATIONS):
        iterations += 1
        working_response = linear - offset_values + (counts - means) / means
        weighted = design.T * means
        information = weighted @ design
        try:
            coefficients = np.linalg.solve(information, weighted @ working_response)
        except np.linalg.LinAlgError as error:
            raise PoissonFitError("singular information matrix") from error
        linear = offset_values + design @ coefficients
        means = np.exp(np.clip(linear, -700, 700))
        deviance = poisson_deviance(counts, means)
        change = abs(deviance - previous_deviance) / (abs(deviance) + 0.1)
        if change < RELATIVE_DEVIANCE_TOLERANCE:
            break
        previous_deviance = deviance
    if not np.all(np.isfinite(coefficients)):
        raise PoissonFitError("non-finite coefficients")
    information = (design.T * means) @ design
    return PoissonFit(
        coefficients=coefficients,
        unscaled_covariance=np.linalg.pinv(information),
        fitted_means=means,
        deviance=deviance,
        log_likelihood=poisson_log_likelihood(counts, means),
        iterations=iterations,
    )
