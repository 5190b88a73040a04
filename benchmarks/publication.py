"""Benchmark of the publication products: the 2020 report and a factsheet (issue 14).

Run (see docs/benchmarks.md)::

    .venv/bin/python benchmarks/run.py publication
    ZICHT_DATABASE_URL=sqlite:///var/zicht.sqlite3 .venv/bin/python benchmarks/publication.py

Reads the published 2020 edition of the database in ZICHT_DATABASE_URL (after `make demo`);
when that has none, builds the demo first in a temporary folder (`zicht demo --no-serve`, a
few minutes). Goals: report < 10 s, factsheet < 2 s, from the database to the PDF bytes, with
cold caches. Baseline in the same run: Typst compiling a one-page document with one table.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

YEAR, AREA = 2020, "GM0599"


def _database() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.web.settings")
    import django

    django.setup()
    from zicht.web.monitor import selectors

    if selectors.published_edition(year=YEAR) is not None:
        return
    data = Path(tempfile.mkdtemp(prefix="zicht-bench-"))
    env = {
        **os.environ,
        "ZICHT_DATA_DIR": str(data),
        "ZICHT_DATABASE_URL": f"sqlite:///{data / 'zicht.sqlite3'}",
    }
    print(f"building the demo in {data} ...", flush=True)
    subprocess.run(
        [sys.executable, "-m", "zicht.cli.main", "demo", "--no-serve"],
        env=env,
        check=True,
        capture_output=True,
    )
    os.execv(sys.executable, [sys.executable, __file__, "--database", env["ZICHT_DATABASE_URL"]])


def _cold() -> None:
    from zicht.core.publication import charts
    from zicht.web.publication import cache, products

    charts._render.cache_clear()
    cache._EDITIONS.clear()
    products._PDFS.clear()


def _best(step, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        _cold()
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return min(times)


def _baseline() -> None:
    from zicht.core.publication.document import compile_pdf

    compile_pdf(
        "factsheet",
        {
            "language": "nl",
            "title": "x",
            "municipality": "x",
            "code": "x",
            "year": YEAR,
            "region": "x",
            "published": "x",
            "population": "",
            "has_rates": False,
            "labels": {
                k: k
                for k in (
                    "factsheet",
                    "municipality",
                    "region",
                    "rate",
                    "no_rate",
                    "population",
                    "about",
                    "published",
                    "symbols",
                    "notes",
                    "change",
                )
            },
            "rows": [],
            "notes": [],
        },
        [],
    )


def main() -> None:
    if "--database" in sys.argv:
        os.environ["ZICHT_DATABASE_URL"] = sys.argv[sys.argv.index("--database") + 1]
    _database()
    from zicht.web.publication import products

    pages = {}

    def report() -> None:
        pages["report"] = products.report_pdf(YEAR, "nl")

    def factsheet() -> None:
        pages["factsheet"] = products.factsheet_pdf(YEAR, AREA, "nl")

    baseline = _best(_baseline)
    report_s = _best(report)
    factsheet_s = _best(factsheet)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; best of 3, cold caches, database to PDF bytes.\n"
    )
    print("| product | seconds | × baseline | goal |")
    print("|---|---:|---:|---|")
    print(f"| Typst one-page table (baseline) | {baseline:.2f} | 1.0 | |")
    print(
        f"| report {YEAR} (nl, {len(pages['report']) // 1024} kB) | {report_s:.2f} | "
        f"{report_s / baseline:.1f} | < 10 s: {'met' if report_s < 10 else 'NOT met'} |"
    )
    print(
        f"| factsheet {AREA} (nl) | {factsheet_s:.2f} | {factsheet_s / baseline:.1f} | "
        f"< 2 s: {'met' if factsheet_s < 2 else 'NOT met'} |"
    )


if __name__ == "__main__":
    main()
