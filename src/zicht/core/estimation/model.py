"""Fitting one log-linear model and reading the population estimate from it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from zicht.core.estimation.design import ModelDesign, Term, build_design, term_name
from zicht.core.estimation.poisson_glm import PoissonFit, fit_poisson
from zicht.core.estimation.result import MINUS_INFINITY_MARK
from zicht.core.estimation.table import CaptureTable


@dataclass(frozen=True)
class FittedModel:
    """A fitted model: the dark figure is exp(intercept), the population n + exp(intercept)."""

    table: CaptureTable
    design: ModelDesign
    fit: PoissonFit

    @property
    def intercept(self) -> float:
        return float(self.fit.coefficients[0])

    @property
    def intercept_standard_error(self) -> float:
        return float(np.sqrt(self.fit.unscaled_covariance[0, 0]))

    @property
    def dark_figure(self) -> float:
        return float(np.exp(self.intercept))

    @property
    def population_estimate(self) -> float:
        return self.table.observed_total + self.dark_figure

    @property
    def parameter_count(self) -> int:
        """Free parameters, counting each term fixed at minus infinity as one (as SparseMSE)."""
        return self.design.matrix.shape[1] + len(self.design.empty_overlap_terms)

    @property
    def aic(self) -> float:
        return -2.0 * self.fit.log_likelihood + 2.0 * self.parameter_count

    def bic(self) -> float:
        penalty = np.log(max(self.table.observed_total, 2))
        return -2.0 * self.fit.log_likelihood + penalty * self.parameter_count

    def term_labels(self) -> list[str]:
        """``A:B`` per term; terms fixed at minus infinity carry the mark `` (-Inf)``."""
        fitted = [term_name(self.table, term) for term in self.design.fitted_terms]
        empty = [
            term_name(self.table, term) + MINUS_INFINITY_MARK
            for term in self.design.empty_overlap_terms
        ]
        return fitted + empty

    def expected_overlap(self, term: Term) -> float:
        """Expected number seen on both lists of ``term`` under this model."""
        patterns = self.table.patterns[self.design.retained_cells]
        on_both = patterns[:, term[0]] * patterns[:, term[1]]
        return float(on_both @ self.fit.fitted_means)


def fit_model(
    table: CaptureTable, terms: Sequence[Term] = (), start: np.ndarray | None = None
) -> FittedModel:
    """Fit main effects plus ``terms`` (no existence check: call ``check_existence`` first)."""
    design = build_design(table, terms)
    fit = fit_poisson(design.matrix, design.counts, start=start)
    return FittedModel(table=table, design=design, fit=fit)
