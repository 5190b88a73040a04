"""Profile-likelihood intervals: internally consistent and close to Rcapture's (modslavmse)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import chi2

from tests.core.estimation.conftest import extra_run, reference_case_names, table_of
from zicht.core.estimation import (
    AlternativeSettings,
    EstimationSettings,
    IntervalMethod,
    IntervalSettings,
    estimate_population,
)
from zicht.core.estimation.intervals import profile_interval
from zicht.core.estimation.poisson_glm import fit_poisson
from zicht.core.estimation.selection import select_stepwise

RCAPTURE_RUN = "modslavmse AIC-stepwise, stop when"
PROFILE = EstimationSettings(
    interval=IntervalSettings(method=IntervalMethod.PROFILE),
    alternatives=AlternativeSettings(enabled=False),
)


def rcapture_run(case: dict) -> dict | None:
    runs = [r for r in case["reference_runs_extra"] if r["what"].startswith(RCAPTURE_RUN)]
    return runs[0] if runs else None


def same_model_with_bounded_interval(case: dict) -> bool:
    run = rcapture_run(case)
    return bool(
        run and run["model_terms"] == case["reference_run"]["model_terms"] and run["ci_high"]
    )


@pytest.mark.parametrize("name", reference_case_names(same_model_with_bounded_interval))
def test_profile_limits_match_rcapture_where_the_models_agree(reference_cases, name):
    """modslavmse's profile interval (Rcapture, multinomial likelihood) for the same model.

    Poisson and multinomial profiles differ by O(1/n): 0.2% on the large tables, about 1% on
    the small New Orleans and Western tables, hence the tolerance.
    """
    case = reference_cases[name]
    rcapture = extra_run(case, RCAPTURE_RUN)
    result = estimate_population(table_of(case), PROFILE)
    assert result.ci_low == pytest.approx(rcapture["ci_low"], rel=0.015)
    assert result.ci_high == pytest.approx(rcapture["ci_high"], rel=0.015)


def test_profile_deviance_at_the_limits_equals_the_chi_square_cut(reference_cases):
    model = select_stepwise(table_of(reference_cases["UKdat"]), 0.02).model
    interval = profile_interval(model, 0.95)
    design = model.design
    cut = model.fit.deviance + chi2.ppf(0.95, 1)
    for limit in (interval.low, interval.high):
        intercept = np.log(limit - model.table.observed_total)
        offset = np.full(len(design.counts), intercept)
        refit = fit_poisson(design.matrix[:, 1:], design.counts, offset=offset)
        assert refit.deviance == pytest.approx(cut, abs=1e-6)
    assert interval.low < model.population_estimate < interval.high
