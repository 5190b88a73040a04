"""The model-averaging alternative: reported always, and a warning where methods disagree."""

from __future__ import annotations

import json

from tests.core.estimation.conftest import table_of
from zicht.core.estimation import estimate_population


def test_disagreement_between_methods_is_reported(reference_cases):
    """Netherlands, five lists: stepwise ~121,500 against a model average near 49,000."""
    result = estimate_population(table_of(reference_cases["Ned_5"]))
    averaged = {a.method: a for a in result.alternatives}["bic_model_average"]
    assert averaged.estimate < result.estimate / 1.25
    assert any("Methoden lopen uiteen" in warning for warning in result.warnings)
    payload = json.loads(result.to_json())
    assert {a["method"] for a in payload["alternatives"]} == {"main", "bic_model_average"}
    weights = [m["weight"] for m in payload["alternatives"][1]["top_models"]]
    assert 0 < sum(weights) <= 1 + 1e-9


def test_no_disagreement_warning_when_methods_agree(reference_cases):
    """Kosovo: the stepwise model is also the BIC-best one; nothing to warn about."""
    result = estimate_population(table_of(reference_cases["Kosovo"]))
    averaged = {a.method: a for a in result.alternatives}["bic_model_average"]
    assert averaged.ci_low < result.estimate < averaged.ci_high
    assert not any("Methoden lopen uiteen" in warning for warning in result.warnings)


def test_average_visits_every_admissible_model_for_few_lists(reference_cases):
    """Korea: six admissible two-way models (Silverman, Chan and Vincent 2024, Table 3)."""
    result = estimate_population(table_of(reference_cases["Korea"]))
    averaged = {a.method: a for a in result.alternatives}["bic_model_average"]
    assert averaged.details["all_models_visited"] is True
    assert averaged.details["models_visited"] == 6
