"""Importing a record-level delivery of 1,000,000 rows (validate and aggregate) against a bare
``polars.read_csv`` of the same file, each in its own process for a clean peak-memory reading.

Reproduce: ``.venv/bin/python benchmarks/run.py delivery_import``
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

ROWS = 1_000_000
REPEATS = 3

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
kind, path = sys.argv[1], Path(sys.argv[2])
start = time.perf_counter()
if kind == "polars":
    import polars as pl
    frame = pl.read_csv(path, separator=";", infer_schema=False)
    rows = frame.height
else:
    from zicht.core.catalog import load_catalog
    from zicht.core.deliveries import parse_delivery
    catalog = load_catalog(sys.argv[3])
    start = time.perf_counter()  # the catalogue is loaded once per server, not per file
    parsed = parse_delivery(path.read_bytes(), path.name, catalog=catalog,
                            partner="politie-rotterdam", year=2020)
    rows = parsed.row_count
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "rows": rows}))
"""


def write_delivery(path: Path, catalog_dir: Path) -> None:
    from zicht.core.catalog import load_catalog

    catalog = load_catalog(catalog_dir)
    rng = np.random.default_rng(1)
    areas = list(catalog.region_members(catalog.region))
    days = pl.date_range(pl.date(2020, 1, 1), pl.date(2020, 12, 31), eager=True).cast(pl.Utf8)

    def pick(options: list[str]) -> list[str]:
        return [options[i] for i in rng.integers(0, len(options), ROWS)]

    frame = pl.DataFrame(
        {
            "municipality": pick(areas),
            "period": pick(days.to_list()),
            "sex": pick(["man", "vrouw", "anders_onbekend"]),
            "age_group": pick(["minderjarig", "18-23", "24-30", "31-plus", "onbekend"]),
            "exploitation_form": pick(["seksueel", "arbeid", "crimineel", "overig_onbekend"]),
            "nationality_group": pick(["nederlands", "eu", "buiten_eu", "onbekend"]),
        }
    )
    frame.write_csv(path, separator=";")


def measure(kind: str, path: Path, catalog_dir: Path) -> dict:
    runs = []
    for _ in range(REPEATS):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, kind, str(path), str(catalog_dir)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        runs.append(json.loads(out))
    best = min(runs, key=lambda r: r["seconds"])
    return {
        "seconds": best["seconds"],
        "peak_mb": max(r["peak_mb"] for r in runs),
        "rows": best["rows"],
    }


def main() -> None:
    catalog_dir = Path(__file__).resolve().parents[1] / "catalog"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "politie-rotterdam-2020.csv"
        write_delivery(path, catalog_dir)
        size_mb = path.stat().st_size / 1e6
        baseline = measure("polars", path, catalog_dir)
        zicht = measure("zicht", path, catalog_dir)
    assert zicht["rows"] == baseline["rows"] == ROWS
    ratio = zicht["seconds"] / baseline["seconds"]
    print(
        f"{ROWS:,} rows, {size_mb:.0f} MB CSV, best of {REPEATS} runs each, "
        f"{time.strftime('%Y-%m-%d')}\n"
    )
    print("| step | seconds | peak memory (MB) |\n|---|---:|---:|")
    print(f"| polars.read_csv (baseline) | {baseline['seconds']:.2f} | {baseline['peak_mb']:.0f} |")
    print(
        f"| Zicht import: read + validate + aggregate | {zicht['seconds']:.2f} | "
        f"{zicht['peak_mb']:.0f} |"
    )
    print(
        f"\nratio Zicht / baseline: **{ratio:.2f}×** (goal < 3×); "
        f"peak {zicht['peak_mb']:.0f} MB (goal < 1024 MB)"
    )


if __name__ == "__main__":
    main()
