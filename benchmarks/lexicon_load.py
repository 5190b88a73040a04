"""A process that checks free text: the cost of Deduce's lookup tries (about 4.6 million small
objects) to load, to keep while the process runs, and to leave behind at exit.

Zicht (``lexicon.deduce_model``) loads them with the cyclic garbage collector off and then
freezes them out of its sight. Baseline, in the same run and in turns with it: the same cache
loaded as Deduce does by default (``deduce.Deduce()``, the collector on), as Zicht did before.
Each run is a fresh interpreter (the cache is read from disk each time); ``full collection``
is one ``gc.collect()`` after the load, as a long-running process meets now and then, and
``exit`` is from the last line of the script to the parent seeing the process end.

Reproduce: ``.venv/bin/python benchmarks/run.py lexicon_load`` (part of ``make bench``);
writes docs/benchmarks/lexicon.md.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAIRS = 3

SCRIPT = """
import gc, json, sys, time
started = time.perf_counter()
if sys.argv[1] == "zicht":
    from zicht.core.privacy.guard.lexicon import deduce_model
    model = deduce_model()
else:
    import deduce
    model = deduce.Deduce()
loaded = time.perf_counter()
gc.collect()
collected = time.perf_counter()
print(json.dumps({"load": loaded - started, "collect": collected - loaded,
                  "leaving": time.time()}), flush=True)
"""


def _run(variant: str) -> dict[str, float]:
    # Django's time zone, as in every Zicht process: Deduce judges its cache's age by local time.
    env = {**os.environ, "TZ": "Europe/Amsterdam"}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, variant], capture_output=True, text=True, env=env, check=True
    )
    ended = time.time()
    figures = json.loads(done.stdout)
    return {
        "load": figures["load"],
        "collect": figures["collect"],
        "exit": ended - figures["leaving"],
        "process": time.perf_counter() - started,
    }


def main() -> None:
    runs: dict[str, list[dict[str, float]]] = {"zicht": [], "baseline": []}
    for _ in range(PAIRS):
        for variant in runs:
            runs[variant].append(_run(variant))

    def median(variant: str, key: str) -> float:
        return statistics.median(run[key] for run in runs[variant])

    rows = [
        ("load", "load"),
        ("full collection", "collect"),
        ("exit", "exit"),
        ("whole process", "process"),
    ]
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"median of {PAIRS} runs each, in turns.",
        "",
        "| step | baseline: `deduce.Deduce()` | Zicht: `deduce_model()` | ratio |",
        "|---|---:|---:|---:|",
    ]
    for label, key in rows:
        base, ours = median("baseline", key), median("zicht", key)
        ratio = f"{ours / base:.2f}" if base > 0.001 else "—"
        lines.append(f"| {label} | {base:.2f} s | {ours:.2f} s | {ratio} |")
    table = "\n".join(lines)
    print(table)
    out = REPO / "docs" / "benchmarks" / "lexicon.md"
    out.write_text(f"# Loading the free-text lexicon\n\n{(__doc__ or '').strip()}\n\n{table}\n")


if __name__ == "__main__":
    main()
