"""BCa bootstrap: deterministic parts exactly as SparseMSE, random parts close to it."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from tests.core.estimation.conftest import extra_run, reference_case_names, table_of
from zicht.core.estimation import (
    BootstrapKind,
    EstimationSettings,
    IntervalMethod,
    IntervalSettings,
    SelectionSettings,
    estimate_population,
)
from zicht.core.estimation.estimate import replicate_estimate
from zicht.core.estimation.intervals import bca_limits, jackknife_acceleration
from zicht.core.estimation.settings import AlternativeSettings

STEPWISE = SelectionSettings(p_threshold=0.02)


def bootstrap_settings(replicates: int, seed: int, kind=BootstrapKind.NONPARAMETRIC):
    return EstimationSettings(
        selection=STEPWISE,
        interval=IntervalSettings(
            method=IntervalMethod.BOOTSTRAP,
            bootstrap_replicates=replicates,
            bootstrap_kind=kind,
            seed=seed,
        ),
        alternatives=AlternativeSettings(enabled=False),
    )


@pytest.mark.parametrize("name", reference_case_names())
def test_jackknife_acceleration_equals_sparsemse_ahat(reference_cases, name):
    """The acceleration comes from a jackknife, which has no randomness: it must agree."""
    case = reference_cases[name]
    reference = extra_run(case, "stepwise (pthresh 0.02) + BCa")
    estimator = partial(replicate_estimate, selection=STEPWISE)
    acceleration = jackknife_acceleration(table_of(case), estimator)
    assert acceleration == pytest.approx(reference["ahat"], rel=1e-3, abs=1e-6)


@pytest.mark.parametrize(
    ("name", "tolerance"), [("Kosovo", 0.06), ("UKdat_4", 0.08), ("Korea", 0.15)]
)
def test_bca_interval_close_to_published(reference_cases, name, tolerance):
    """R's random numbers differ from ours, so only closeness (Monte Carlo error) is expected."""
    case = reference_cases[name]
    reference = extra_run(case, "stepwise (pthresh 0.02) + BCa")
    result = estimate_population(table_of(case), bootstrap_settings(400, seed=20261128))
    assert result.estimate == pytest.approx(reference["estimate"], rel=1e-6)
    assert result.ci_low == pytest.approx(reference["ci_low"], rel=tolerance)
    assert result.ci_high == pytest.approx(reference["ci_high"], rel=tolerance)


def test_bootstrap_is_reproducible_with_a_seed_and_changes_without(reference_cases):
    table = table_of(reference_cases["Korea"])
    first = estimate_population(table, bootstrap_settings(100, seed=7))
    again = estimate_population(table, bootstrap_settings(100, seed=7))
    other = estimate_population(table, bootstrap_settings(100, seed=8))
    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)
    assert (first.ci_low, first.ci_high) != (other.ci_low, other.ci_high)


def test_parametric_bootstrap_brackets_the_estimate(reference_cases):
    table = table_of(reference_cases["Kosovo"])
    result = estimate_population(
        table, bootstrap_settings(100, seed=3, kind=BootstrapKind.PARAMETRIC)
    )
    assert result.ci_low < result.estimate < result.ci_high
    assert result.ci_low > table.observed_total


def test_bca_without_bias_or_acceleration_is_the_percentile_interval():
    replicates = np.random.default_rng(1).normal(100.0, 10.0, size=20001)
    point = float(np.median(replicates))
    limits = bca_limits(replicates, point, 0.0, np.array([0.025, 0.975]))
    expected = np.quantile(replicates, [0.025, 0.975], method="median_unbiased")
    assert limits == pytest.approx(expected, rel=1e-3)


def test_replicates_without_estimate_make_the_upper_limit_unbounded():
    """14 persons on two lists: many resamples have no overlap, so the top is open."""
    from zicht.core.estimation import capture_table_from_mapping

    table = capture_table_from_mapping(["A", "B"], {"10": 5, "01": 7, "11": 2})
    result = estimate_population(table, bootstrap_settings(200, seed=1))
    assert result.ci_high == float("inf")
    assert result.to_dict()["ci_high"] is None
    assert any("onbegrensd" in warning for warning in result.warnings)


def test_type8_quantile_treats_infinite_replicates_as_largest():
    replicates = np.array([1.0, 2.0, 3.0, 4.0, np.inf])
    low, high = bca_limits(replicates, 2.5, 0.0, np.array([0.1, 0.9]))
    assert np.isfinite(low)
    assert high == np.inf
