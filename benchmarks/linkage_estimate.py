"""Linkage judged by the estimate: Zicht's links against the true links, per list set.

    nice -n 10 .venv/bin/python benchmarks/linkage_estimate.py [--secret test|benchmark]

Issue 16 item 5. Six generated list sets (three and four lists, three seeds each, true links
known); each is encoded, linked with the automatic threshold, and both capture-history
tables go through the default multiple systems estimate (stepwise selection, asymptotic 95%
interval). Criterion: Zicht's estimate within 2% of the true-links estimate and the latter
inside Zicht's interval. ``--secret test`` uses the secret of the tests (the test asserts
the same rows).
"""

from __future__ import annotations

import argparse
import time

from zicht.core.privacy.linkage.estimate_check import LIST_SETS, compare_estimates

SECRETS = {
    "test": b"test-secret-not-for-production-0123456789",  # tests/core/privacy/linkage/conftest.py
    "benchmark": b"benchmark-secret-0123456789abcdef",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--secret", choices=sorted(SECRETS), default="test")
    options = parser.parse_args()
    print(
        "| list set | true persons | persons linked | estimate, true links | estimate, Zicht "
        "| Zicht's 95% interval | difference | truth inside | model (true / Zicht) | met | CPU s |"
    )
    print("|---" * 11 + "|")
    for name, settings in LIST_SETS.items():
        start = time.process_time()
        c = compare_estimates(name, settings, SECRETS[options.secret])
        models = " / ".join(
            " + ".join(result.model_terms) or "main" for result in (c.truth, c.linked)
        )
        cells = [
            name,
            f"{c.persons_true:,}",
            f"{c.persons_linked:,}",
            f"{c.truth.estimate:,.0f}",
            f"{c.linked.estimate:,.0f}",
            f"{c.linked.ci_low:,.0f}–{c.linked.ci_high:,.0f}",
            f"{100 * c.relative_difference:+.2f}%",
            "yes" if c.truth_inside_interval else "**no**",
            models,
            "yes" if c.met else "**no**",
            f"{time.process_time() - start:.0f}",
        ]
        print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
