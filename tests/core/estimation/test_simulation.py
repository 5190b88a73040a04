"""Recovering a known population size: interval coverage over simulated populations."""

from __future__ import annotations

import numpy as np

from zicht.core.estimation import CaptureTable
from zicht.core.estimation.intervals import asymptotic_interval, profile_interval
from zicht.core.estimation.selection import select_stepwise
from zicht.core.estimation.table import capture_pattern_grid

# Capture probabilities of a few to ten percent per list, as in trafficking registrations: about
# three quarters of the population is on no list, yet every pair of lists overlaps by dozens to
# hundreds of persons (a non-sparse design).
POPULATION_SIZE = 20_000
CAPTURE_PROBABILITIES = np.array([0.05, 0.08, 0.04, 0.10])
LIST_NAMES = ("A", "B", "C", "D")
DEPENDENCE_A_B = 0.7  # log odds ratio: being on A makes B more likely (referral between them)
SIMULATIONS = 200


def capture_history_probabilities() -> tuple[np.ndarray, float]:
    """Probabilities of every observable history and of being on no list, under the true model."""
    grid = capture_pattern_grid(len(LIST_NAMES)).astype(float)
    log_odds = np.log(CAPTURE_PROBABILITIES / (1 - CAPTURE_PROBABILITIES))
    weights = np.exp(grid @ log_odds + DEPENDENCE_A_B * grid[:, 0] * grid[:, 1])
    total = weights.sum() + 1.0  # 1.0 = exp(0), the history "on no list"
    return weights / total, 1.0 / total


def simulate_tables(seed: int) -> list[CaptureTable]:
    """Whole populations of exactly POPULATION_SIZE persons, each captured by the true model."""
    observed_probabilities, unseen_probability = capture_history_probabilities()
    generator = np.random.default_rng(seed)
    full = generator.multinomial(
        POPULATION_SIZE, [unseen_probability, *observed_probabilities], size=SIMULATIONS
    )
    grid = capture_pattern_grid(len(LIST_NAMES))
    return [CaptureTable(LIST_NAMES, grid, counts[1:].astype(np.int64)) for counts in full]


def test_stepwise_intervals_cover_the_true_population_size():
    tables = simulate_tables(seed=20261128)
    asymptotic_hits = profile_hits = 0
    selected_true_term = 0
    estimates = []
    for table in tables:
        model = select_stepwise(table, 0.02).model
        estimates.append(model.population_estimate)
        selected_true_term += "A:B" in model.term_labels()
        asymptotic = asymptotic_interval(model, 0.95)
        profile = profile_interval(model, 0.95)
        asymptotic_hits += asymptotic.low <= POPULATION_SIZE <= asymptotic.high
        profile_hits += profile.low <= POPULATION_SIZE <= profile.high
    assert 0.90 <= asymptotic_hits / SIMULATIONS <= 0.99
    assert 0.90 <= profile_hits / SIMULATIONS <= 0.99
    # The dependence is found almost always, and the estimator is nearly unbiased.
    assert selected_true_term / SIMULATIONS >= 0.95
    assert abs(np.mean(estimates) / POPULATION_SIZE - 1) < 0.02


def test_ignoring_the_dependence_gives_a_biased_estimate():
    """Main effects only misses the referral between A and B: a guard that the test can fail."""
    from zicht.core.estimation.model import fit_model

    tables = simulate_tables(seed=5)[:50]
    hits = sum(
        asymptotic_interval(fit_model(t, ()), 0.95).low
        <= POPULATION_SIZE
        <= asymptotic_interval(fit_model(t, ()), 0.95).high
        for t in tables
    )
    assert hits / len(tables) < 0.5
