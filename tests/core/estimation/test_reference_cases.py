"""Side by side with SparseMSE 2.0.1 on the 13 published tables (reference run in the JSON)."""

from __future__ import annotations

import re

import pytest

from tests.core.estimation.conftest import extra_run, reference_case_names, table_of
from zicht.core.estimation import (
    EstimateDoesNotExistError,
    EstimationSettings,
    ExistenceCode,
    SelectionMethod,
    SelectionSettings,
    check_existence,
    estimate_population,
)
from zicht.core.estimation.averaging import average_over_models
from zicht.core.estimation.design import all_pairs_in_fixed_order
from zicht.core.estimation.selection import select_stepwise
from zicht.core.estimation.settings import AlternativeSettings

RELATIVE_TOLERANCE = 0.005  # the acceptance criterion: within 0.5%
CASES = reference_case_names()
NO_ALTERNATIVES = AlternativeSettings(enabled=False)


def run(table, method: SelectionMethod, **selection):
    settings = EstimationSettings(
        selection=SelectionSettings(method=method, **selection), alternatives=NO_ALTERNATIVES
    )
    return estimate_population(table, settings)


def assert_close(actual: float, expected: float, what: str) -> None:
    assert actual == pytest.approx(expected, rel=RELATIVE_TOLERANCE), what


@pytest.mark.parametrize("name", CASES)
def test_stepwise_matches_sparsemse(reference_cases, name):
    case = reference_cases[name]
    reference = case["reference_run"]
    result = run(table_of(case), SelectionMethod.STEPWISE, p_threshold=0.02)
    assert_close(result.estimate, reference["estimate"], "point estimate")
    assert_close(result.ci_low, reference["ci_low"], "lower asymptotic bound")
    assert_close(result.ci_high, reference["ci_high"], "upper asymptotic bound")
    # Same terms, same order of entry, same terms fixed at minus infinity (marked "(-Inf)").
    assert list(result.model_terms) == reference["model_terms"]


@pytest.mark.parametrize("name", CASES)
def test_stepwise_p_value_sequence_matches(reference_cases, name):
    """The p-values at which terms entered, and the one that stopped the search."""
    case = reference_cases[name]
    notes = case["reference_run"]["notes"]
    entered = re.findall(r"(\S+:\S+) p=([0-9.e+-]+) \(observed overlap N\*=(\d+)", notes)
    outcome = select_stepwise(table_of(case), 0.02)
    names = case["lists"]
    steps = [
        (f"{names[s.term[0]]}:{names[s.term[1]]}", s.p_value, s.observed_overlap)
        for s in outcome.steps
    ]
    assert [step[0] for step in steps] == [term for term, _, _ in entered]
    for (_, p_value, overlap), (_, reference_p, reference_overlap) in zip(
        steps, entered, strict=True
    ):
        assert p_value == pytest.approx(float(reference_p), rel=1e-3)
        assert overlap == int(reference_overlap)
    stop = re.search(r"smallest admissible p-value, for \S+, was ([0-9.e+-]+)", notes)
    if stop:
        assert outcome.stopping_p_value == pytest.approx(float(stop.group(1)), rel=1e-3)


@pytest.mark.parametrize("name", CASES)
def test_main_effects_matches_sparsemse(reference_cases, name):
    case = reference_cases[name]
    reference = extra_run(case, "main effects only")
    result = run(table_of(case), SelectionMethod.MAIN)
    assert_close(result.estimate, reference["estimate"], "point estimate")
    assert_close(result.ci_low, reference["ci_low"], "lower bound")
    assert_close(result.ci_high, reference["ci_high"], "upper bound")
    assert list(result.model_terms) == []


@pytest.mark.parametrize("name", CASES)
def test_all_two_list_terms_matches_sparsemse_or_is_refused(reference_cases, name):
    """mX = 0: same estimate and minus-infinity terms, or the same refusal (Korea, Artificial_3)."""
    case = reference_cases[name]
    reference = extra_run(case, "all two-list terms")
    table = table_of(case)
    if reference["estimate"] is None:
        with pytest.raises(EstimateDoesNotExistError):
            run(table, SelectionMethod.ALL_PAIRS)
        return
    result = run(table, SelectionMethod.ALL_PAIRS)
    assert_close(result.estimate, reference["estimate"], "point estimate")
    assert_close(result.ci_low, reference["ci_low"], "lower bound")
    assert_close(result.ci_high, reference["ci_high"], "upper bound")
    assert list(result.model_terms) == reference["model_terms"]


@pytest.mark.parametrize("name", CASES)
def test_existence_verdicts_match_checkident(reference_cases, name):
    case = reference_cases[name]
    reference = extra_run(case, "existence / identifiability")
    table = table_of(case)
    for terms, key in (
        ((), "checkident_main_effects"),
        (all_pairs_in_fixed_order(table.list_count), "checkident_all_two_list_terms"),
    ):
        check = check_existence(table, terms, exact_objective=True)
        assert int(check.code) == reference[key]["ierr"], key
        assert check.lp_objective == pytest.approx(reference[key]["lp_objval"], abs=1e-6), key


def test_artificial_table_existence_pattern_as_published(reference_cases):
    """Chan, Silverman and Vincent (2021) Tables 2-3: which models exist for Artificial_3."""
    table = table_of(reference_cases["Artificial_3"])
    ab, ac, bc = (0, 1), (0, 2), (1, 2)
    assert check_existence(table, [ab, ac, bc]).code == ExistenceCode.NOT_IDENTIFIABLE
    for terms in ([ab], [ab, ac], [ab, bc]):
        assert check_existence(table, terms).code == ExistenceCode.MLE_DOES_NOT_EXIST
    for terms in ([], [ac], [bc], [ac, bc]):
        assert check_existence(table, terms).ok


@pytest.mark.parametrize(
    ("name", "published"),
    [("Korea", 157), ("UKdat_5", 22991), ("UKdat", 12350), ("Kosovo", 14342)],
)
def test_bic_best_two_way_model_matches_2024_paper(reference_cases, name, published):
    """Our model-averaging alternative's best model is the published BIC choice (Table 6)."""
    table = table_of(reference_cases[name])
    averaged = average_over_models(table, AlternativeSettings(), 0.95)
    assert averaged is not None
    assert averaged.best_model.population_estimate == pytest.approx(published, abs=1.0)
