"""One call from a capture table to a population estimate with interval and caveats."""

from __future__ import annotations

from functools import partial

import numpy as np

from zicht.core.estimation.averaging import AveragedEstimate, average_over_models
from zicht.core.estimation.design import all_pairs_in_fixed_order, parse_term, term_name
from zicht.core.estimation.existence import check_existence, describe_table_problems
from zicht.core.estimation.intervals import (
    Interval,
    asymptotic_interval,
    bootstrap_interval,
    profile_interval,
)
from zicht.core.estimation.model import fit_model
from zicht.core.estimation.poisson_glm import PoissonFitError
from zicht.core.estimation.result import (
    AlternativeEstimate,
    EstimateDoesNotExistError,
    EstimationResult,
)
from zicht.core.estimation.selection import SelectionOutcome, select_stepwise
from zicht.core.estimation.settings import (
    EstimationSettings,
    IntervalMethod,
    SelectionMethod,
    SelectionSettings,
)
from zicht.core.estimation.table import CaptureTable

# Dark figure more than this many times the observed total: the estimate is mostly extrapolation.
LARGE_EXTRAPOLATION_FACTOR = 10.0


def select_model(table: CaptureTable, selection: SelectionSettings) -> SelectionOutcome:
    """Check existence, then fit the model the settings ask for; raises if impossible."""
    main_check = check_existence(table, ())
    if not main_check.ok:
        raise EstimateDoesNotExistError(
            main_check.explanation(), tuple(describe_table_problems(table))
        )
    if selection.method is SelectionMethod.STEPWISE:
        return select_stepwise(table, selection.p_threshold)
    if selection.method is SelectionMethod.MAIN:
        return SelectionOutcome(fit_model(table, ()), (), None)
    if selection.method is SelectionMethod.ALL_PAIRS:
        terms = all_pairs_in_fixed_order(table.list_count)
    else:
        terms = [parse_term(table, text) for text in selection.fixed_terms]
    check = check_existence(table, terms)
    if not check.ok:
        raise EstimateDoesNotExistError(check.explanation(), ())
    return SelectionOutcome(fit_model(table, terms), (), None)


def replicate_estimate(table: CaptureTable, selection: SelectionSettings) -> float:
    """Selection and point estimate on a resampled table; +inf where no estimate exists."""
    try:
        return select_model(table, selection).model.population_estimate
    except (EstimateDoesNotExistError, PoissonFitError, ArithmeticError, ValueError):
        return float(np.inf)


def estimate_population(
    table: CaptureTable, settings: EstimationSettings | None = None
) -> EstimationResult:
    """Estimate the total population (observed plus unseen) with an interval and warnings.

    Raises ``EstimateDoesNotExistError`` (with a Dutch explanation) when the table does not
    support an estimate, instead of returning a meaningless number.
    """
    settings = settings or EstimationSettings()
    outcome = select_model(table, settings.selection)
    model = outcome.model
    interval = _interval(outcome, settings)
    warnings = list(interval.notes) + _data_warnings(outcome, settings)
    alternatives: list[AlternativeEstimate] = []
    if settings.alternatives.enabled:
        alternatives, disagreement = _alternatives(outcome, settings, interval)
        warnings += disagreement
    return EstimationResult(
        estimate=model.population_estimate,
        ci_low=interval.low,
        ci_high=interval.high,
        model_terms=tuple(model.term_labels()),
        method=settings.selection.method.value,
        warnings=tuple(warnings),
        interval=settings.interval.method.value,
        ci_level=settings.interval.level,
        observed_total=table.observed_total,
        list_names=table.list_names,
        selection_steps=tuple(
            {
                "term": term_name(table, step.term),
                "p_value": step.p_value,
                "observed_overlap": step.observed_overlap,
                "expected_overlap": step.expected_overlap,
            }
            for step in outcome.steps
        ),
        alternatives=tuple(alternatives),
        settings=settings,
    )


def _interval(outcome: SelectionOutcome, settings: EstimationSettings) -> Interval:
    interval_settings = settings.interval
    if interval_settings.method is IntervalMethod.ASYMPTOTIC:
        return asymptotic_interval(outcome.model, interval_settings.level)
    if interval_settings.method is IntervalMethod.PROFILE:
        return profile_interval(outcome.model, interval_settings.level)
    estimator = partial(replicate_estimate, selection=settings.selection)
    return bootstrap_interval(
        outcome.model,
        estimator,
        interval_settings.level,
        interval_settings.bootstrap_replicates,
        interval_settings.bootstrap_kind,
        interval_settings.seed,
    ).interval


def _data_warnings(outcome: SelectionOutcome, settings: EstimationSettings) -> list[str]:
    model = outcome.model
    table = model.table
    warnings = []
    if model.design.empty_overlap_terms:
        names = ", ".join(term_name(table, t) for t in model.design.empty_overlap_terms)
        warnings.append(
            f"Lege overlap: niemand staat zowel op {names}; die interactie is op min oneindig "
            f"gezet (empty overlap fixed at minus infinity)."
        )
    if table.list_count == 2:
        warnings.append(
            "Slechts twee lijsten: het model moet aannemen dat ze onafhankelijk zijn, en dat "
            "valt met twee lijsten niet te toetsen (two lists: independence assumed, untestable)."
        )
    if table.observed_total < settings.small_total_warning:
        warnings.append(
            f"Weinig gegevens: slechts {table.observed_total} geregistreerde personen; de "
            f"schatting is zeer onzeker (very few observed persons)."
        )
    if model.dark_figure > LARGE_EXTRAPOLATION_FACTOR * table.observed_total:
        warnings.append(
            "Het geschatte verborgen aantal is meer dan tien keer het geregistreerde aantal; "
            "het getal is vooral extrapolatie (estimate dominated by extrapolation)."
        )
    return warnings


def _alternatives(
    outcome: SelectionOutcome, settings: EstimationSettings, interval: Interval
) -> tuple[list[AlternativeEstimate], list[str]]:
    """Main-effects and model-averaged estimates, and warnings where they disagree."""
    model = outcome.model
    level = settings.interval.level
    main = fit_model(model.table, ())
    main_interval = asymptotic_interval(main, level)
    alternatives = [
        AlternativeEstimate("main", main.population_estimate, main_interval.low, main_interval.high)
    ]
    averaged = average_over_models(
        model.table, settings.alternatives, level, model.design.all_terms
    )
    if averaged is None:
        return alternatives, []
    alternatives.append(_averaged_alternative(averaged))
    return alternatives, _disagreement(model.population_estimate, interval, averaged, settings)


def _averaged_alternative(averaged: AveragedEstimate) -> AlternativeEstimate:
    return AlternativeEstimate(
        "bic_model_average",
        averaged.estimate,
        averaged.ci_low,
        averaged.ci_high,
        tuple(averaged.best_model.term_labels()),
        {
            "best_model_estimate": averaged.best_model.population_estimate,
            "models_visited": averaged.models_visited,
            "all_models_visited": averaged.exhaustive,
            "top_models": [
                {"model_terms": list(terms), "weight": weight, "estimate": estimate}
                for terms, weight, estimate in averaged.weights
            ],
        },
    )


def _disagreement(
    estimate: float, interval: Interval, averaged: AveragedEstimate, settings: EstimationSettings
) -> list[str]:
    ratio = max(estimate, averaged.estimate) / min(estimate, averaged.estimate)
    overlapping = averaged.ci_low <= interval.high and interval.low <= averaged.ci_high
    if ratio <= settings.alternatives.disagreement_ratio and overlapping:
        return []
    return [
        f"Methoden lopen uiteen: het gekozen model geeft {estimate:,.0f}, het gemiddelde over "
        f"modellen (BIC-gewogen) {averaged.estimate:,.0f} ({averaged.ci_low:,.0f}–"
        f"{averaged.ci_high:,.0f}). De keuze van het model bepaalt de uitkomst sterk; lees het "
        f"interval als ondergrens van de onzekerheid (methods disagree; model uncertainty)."
    ]
