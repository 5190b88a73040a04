"""Model uncertainty: BIC-weighted model averaging over two-list log-linear models.

A single selected model hides how much the answer depends on which interactions are in it.
Weights proportional to exp(-BIC/2) approximate posterior model probabilities under unit-
information priors (Raftery 1995); the averaged distribution of the population size is the
weighted mixture of each model's asymptotic (log-normal) distribution of the dark figure.
With few lists every admissible model is visited; with many, a BIC neighbourhood search from
the main-effects model and from the stepwise model collects the models that carry weight
(Madigan and Raftery's Occam's window). Models failing the existence check are left out.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq
from scipy.stats import norm

from zicht.core.estimation.design import Term
from zicht.core.estimation.existence import check_existence
from zicht.core.estimation.model import FittedModel, fit_model
from zicht.core.estimation.poisson_glm import PoissonFitError
from zicht.core.estimation.settings import AlternativeSettings
from zicht.core.estimation.table import CaptureTable, list_pairs


@dataclass(frozen=True)
class AveragedEstimate:
    estimate: float
    ci_low: float
    ci_high: float
    best_model: FittedModel
    weights: tuple[tuple[tuple[str, ...], float, float], ...]  # (terms, weight, estimate)
    models_visited: int
    exhaustive: bool


def average_over_models(
    table: CaptureTable,
    settings: AlternativeSettings,
    level: float,
    extra_start: tuple[Term, ...] = (),
) -> AveragedEstimate | None:
    """BIC model average; ``None`` when no admissible model was found."""
    pairs = list_pairs(table.list_count)
    exhaustive = 2 ** len(pairs) <= settings.max_enumerated_models
    if exhaustive:
        subsets = itertools.chain.from_iterable(
            itertools.combinations(pairs, size) for size in range(len(pairs) + 1)
        )
        models = [m for m in (_admissible_fit(table, s) for s in subsets) if m is not None]
    else:
        models = _neighbourhood_search(table, pairs, [(), tuple(sorted(extra_start))])
    if not models:
        return None
    bics = np.array([model.bic() for model in models])
    keep = bics <= bics.min() + settings.occam_window
    models = [model for model, kept in zip(models, keep, strict=True) if kept]
    weights = np.exp(-(bics[keep] - bics[keep].min()) / 2.0)
    weights /= weights.sum()
    low, median, high = _mixture_quantiles(models, weights, level)
    order = np.argsort(-weights)
    summary = tuple(
        (tuple(models[i].term_labels()), float(weights[i]), models[i].population_estimate)
        for i in order[:10]
    )
    return AveragedEstimate(
        median, low, high, models[int(order[0])], summary, int(len(bics)), exhaustive
    )


def _admissible_fit(table: CaptureTable, terms: tuple[Term, ...]) -> FittedModel | None:
    if not check_existence(table, terms).ok:
        return None
    try:
        return fit_model(table, terms)
    except PoissonFitError:
        return None


def _neighbourhood_search(
    table: CaptureTable, pairs: list[Term], starts: list[tuple[Term, ...]]
) -> list[FittedModel]:
    """Downhill BIC search (add or drop one term) from each start; keeps every model seen."""
    seen: dict[tuple[Term, ...], FittedModel | None] = {}

    def visit(terms: tuple[Term, ...]) -> FittedModel | None:
        if terms not in seen:
            seen[terms] = _admissible_fit(table, terms)
        return seen[terms]

    for start in starts:
        current = visit(start)
        while current is not None:
            terms = tuple(sorted(current.design.all_terms))
            neighbours = [tuple(sorted({*terms} ^ {pair})) for pair in pairs]
            fitted = [model for model in map(visit, neighbours) if model is not None]
            best = min(fitted, key=FittedModel.bic, default=None)
            if best is None or best.bic() >= current.bic() - 1e-9:
                break
            current = best
    return [model for model in seen.values() if model is not None]


def _mixture_quantiles(
    models: list[FittedModel], weights: np.ndarray, level: float
) -> tuple[float, float, float]:
    """Quantiles of the weighted mixture of log-normal dark figures, plus the observed total."""
    centres = np.array([model.intercept for model in models])
    spreads = np.array([model.intercept_standard_error for model in models])
    observed = models[0].table.observed_total

    def quantile(probability: float) -> float:
        def gap(log_dark: float) -> float:
            return float(weights @ norm.cdf((log_dark - centres) / spreads)) - probability

        low = float(np.min(centres - 10 * spreads))
        high = float(np.max(centres + 10 * spreads))
        return observed + float(np.exp(brentq(gap, low, high, xtol=1e-12)))

    tail = (1.0 - level) / 2.0
    return quantile(tail), quantile(0.5), quantile(1.0 - tail)
