"""Linkage judged by the estimate it feeds (issue 16 item 5): on generated three- and
four-list sets with true links known, the multiple systems estimate from Zicht's linkage
lies within 2% of the estimate from the true links, and the true-links estimate inside
Zicht's interval. Linkage uses its automatic threshold; the truth only scores.

The table is in docs/benchmarks/linkage.md (``benchmarks/linkage_estimate.py``).
"""

from __future__ import annotations

import pytest

from zicht.core.privacy.linkage.estimate_check import (
    LIST_SETS,
    RELATIVE_TOLERANCE,
    compare_estimates,
)

from .conftest import TEST_SECRET

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", list(LIST_SETS))
def test_estimate_from_linkage_is_within_two_percent_of_the_true_links_estimate(name):
    comparison = compare_estimates(name, LIST_SETS[name], TEST_SECRET)
    summary = (
        f"{name}: truth {comparison.truth.estimate:.1f}, linked {comparison.linked.estimate:.1f} "
        f"[{comparison.linked.ci_low:.1f}, {comparison.linked.ci_high:.1f}]"
    )
    assert abs(comparison.relative_difference) <= RELATIVE_TOLERANCE, summary
    assert comparison.truth_inside_interval, summary
    # Both tables come from the same records: the observed totals differ by the linkage only.
    assert comparison.truth.observed_total == comparison.persons_true
    assert comparison.linked.observed_total == comparison.persons_linked
