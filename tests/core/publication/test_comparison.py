"""Changes between editions, and whether a change between estimates exceeds their uncertainty."""

from __future__ import annotations

import math

import pytest

from zicht.core.publication.comparison import change_beyond_uncertainty, compare


def _interval(value: float, log_se: float) -> tuple[float, float]:
    return value * math.exp(-1.96 * log_se), value * math.exp(1.96 * log_se)


def test_a_change_smaller_than_the_uncertainty_is_marked() -> None:
    change = compare(1034, 991, 2019, current_interval=(842, 1311), previous_interval=(816, 1241))
    assert change.absolute == 43 and change.beyond_uncertainty is False


def test_a_change_far_beyond_the_uncertainty_is_not() -> None:
    change = compare(
        1500,
        1000,
        2019,
        current_interval=_interval(1500, 0.05),
        previous_interval=_interval(1000, 0.05),
    )
    assert change.beyond_uncertainty is True


def test_overlapping_intervals_can_still_differ_beyond_their_uncertainty() -> None:
    # Standard errors 0.1 on the log scale: the intervals overlap, yet the log ratio
    # (0.33) is 2.3 times its standard error (0.141).
    current, previous = _interval(1390, 0.1), _interval(1000, 0.1)
    assert current[0] < previous[1]
    assert change_beyond_uncertainty(1390, current, 1000, previous) is True


@pytest.mark.parametrize(
    ("current_interval", "previous_interval"),
    [(None, None), ((900, 1100), None), ((None, None), (900, 1100)), ((0, 1100), (900, 1100))],
)
def test_without_usable_intervals_nothing_is_claimed(current_interval, previous_interval) -> None:
    change = compare(
        1000, 900, 2019, current_interval=current_interval, previous_interval=previous_interval
    )
    assert change.beyond_uncertainty is None and change.absolute == 100


def test_a_change_is_computed_from_the_figures_as_published() -> None:
    """Readers see 1,034 and 991 (stored 1034.44 and 990.77): the change beside them is
    −43 (−4%), what they get by subtracting, not −44 from the unrounded values."""
    change = compare(990.77, 1034.44, 2019)
    assert change.absolute == -43 and change.previous_value == 1034
    assert change.relative == pytest.approx(-43 / 1034 * 100)
    assert compare(1132.39, 990.77, 2020).absolute == 141  # 1,132 − 991, not 142


def test_the_uncertainty_is_still_judged_on_the_stored_estimates() -> None:
    change = compare(
        990.77, 1034.44, 2019, current_interval=(816.2, 1241.3), previous_interval=(842, 1311)
    )
    assert change.absolute == -43 and change.beyond_uncertainty is False
