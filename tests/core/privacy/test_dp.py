"""Differential privacy for counts: budget recorded, noise calibrated, its cost measured."""

from __future__ import annotations

import pytest

from zicht.core.privacy.dp import DifferentialPrivacySettings, add_noise_to_counts


def test_budget_and_mechanism_are_recorded() -> None:
    noisy = add_noise_to_counts({"a": 3}, DifferentialPrivacySettings(epsilon=0.5))
    assert noisy.epsilon_spent == 0.5 and noisy.settings.scale == 2.0
    assert isinstance(noisy.values["a"], int)


def test_cost_at_epsilon_one_for_counts_of_one_to_three() -> None:
    """Discrete Laplace with scale 1: P(noisy <= 0) is e^-k / (1 + e^-1) for a true count k:
    27 % for 1, 10 % for 2, 4 % for 3. Checked on 6,000 draws each (3 sigma bands)."""
    counts = {(k, i): k for k in (1, 2, 3) for i in range(6000)}
    noisy = add_noise_to_counts(counts).values
    expected = {1: 0.269, 2: 0.099, 3: 0.036}
    for k, share in expected.items():
        observed = sum(noisy[(k, i)] <= 0 for i in range(6000)) / 6000
        assert abs(observed - share) < 3 * (share * (1 - share) / 6000) ** 0.5 + 0.002
    mean_noise = sum(noisy[key] - key[0] for key in counts) / len(counts)
    assert abs(mean_noise) < 0.05


def test_clamping_is_post_processing_only() -> None:
    noisy = add_noise_to_counts({i: 0 for i in range(500)}, clamp_at_zero=True)
    assert min(noisy.values.values()) == 0


def test_invalid_budget_is_refused() -> None:
    with pytest.raises(ValueError):
        DifferentialPrivacySettings(epsilon=0)
