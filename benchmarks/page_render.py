"""Server render time of every kind of public page on the demo monitor (issue 12: < 100 ms).

Run (see docs/benchmarks/page_render.md)::

    .venv/bin/python benchmarks/page_render.py [--repeat 15] [--data-dir DIR]

Builds the demo monitor with ``zicht demo --no-serve`` in a temporary folder (or uses
``--data-dir`` where one was built), then renders each page in-process through Django's test
client with the published-page cache switched off, so every request runs the views, the
selectors and the templates. The first request of a page renders its charts (vl-convert);
later ones find them in the chart cache, as a running server does. Reported: the first
request, and the median and maximum of the following ones; the static accessibility page
(no figures) is the baseline in the same run. A second pass repeats the requests with the
published-page cache on (``ZICHT_PUBLIC_PAGE_CACHE``, the production default): what a reader
gets once a page has been rendered by that process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGES = {
    "baseline: accessibility statement": "/toegankelijkheid/",
    "home (latest edition)": "/",
    "edition 2020": "/editie/2020/",
    "indicator with 4 breakdowns": "/editie/2020/indicator/police_signals/",
    "indicator with estimate": "/editie/2021/indicator/estimated_victims/",
    "municipality Rotterdam": "/editie/2020/gemeente/GM0599/",
    "map": "/editie/2020/kaart/",
    "chain": "/editie/2020/keten/",
    "effort beside outcome": "/editie/2020/thema/prevention/",
    "about (colophon)": "/over/",
    "English indicator": "/en/editie/2020/indicator/police_signals/",
}
LIMIT_MS = 100.0


def _prepare(data_dir: Path) -> None:
    os.environ["ZICHT_DATA_DIR"] = str(data_dir)
    os.environ["ZICHT_DATABASE_URL"] = f"sqlite:///{data_dir / 'zicht.sqlite3'}"
    os.environ["ZICHT_PUBLIC_PAGE_CACHE"] = "false"
    if not (data_dir / "zicht.sqlite3").exists():
        zicht = [sys.executable, "-m", "zicht.cli.main", "demo", "--no-serve"]
        subprocess.run(zicht, check=True, capture_output=True)


def _measure(client, path: str, repeat: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times[0], times[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zicht-bench-pages-") as folder:
        _prepare(args.data_dir or Path(folder))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.web.settings")
        import django

        django.setup()
        from django.test import Client

        client = Client(HTTP_HOST="127.0.0.1")
        rows, baseline = [], None
        for name, path in PAGES.items():
            first, rest = _measure(client, path, args.repeat)
            median = statistics.median(rest)
            baseline = baseline or median
            rows.append((name, path, first, median, max(rest), median / baseline))
        os.environ["ZICHT_PUBLIC_PAGE_CACHE"] = "true"
        cached = {path: statistics.median(_measure(client, path, 5)[1]) for path in PAGES.values()}
        load = os.getloadavg()[0]
        print(f"repeat={args.repeat}; load average {load:.1f} on {os.cpu_count()} cores\n")
        print(
            "| page | path | first ms | rendered, median ms | max ms | × baseline "
            "| < 100 ms | page cache on, median ms |"
        )
        print("|---|---|---:|---:|---:|---:|---|---:|")
        for name, path, first, median, worst, ratio in rows:
            ok = "yes" if median < LIMIT_MS else "NO"
            print(
                f"| {name} | `{path}` | {first:.0f} | {median:.1f} | {worst:.1f} "
                f"| {ratio:.1f} | {ok} | {cached[path]:.1f} |"
            )


if __name__ == "__main__":
    main()
