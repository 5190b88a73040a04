"""Benchmarks of the privacy core: personal-data scan, suppression and audit, and τ-ARGUS.

Run (see docs/benchmarks/privacy.md)::

    nice -n 10 .venv/bin/python benchmarks/privacy.py [--rows 1000000] [--tau-python PATH]

``--tau-python`` is the interpreter of a separate virtual environment with ``pytauargus``
installed (never a Zicht dependency); without it the τ-ARGUS comparison is skipped.
Everything is synthetic and seeded.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import polars as pl

from zicht.core.privacy.disclosure import (
    SECONDARY_SYMBOL,
    CellKey,
    CellTable,
    Dimension,
    DisclosureRule,
    PublishedCell,
    SuppressionSettings,
    audit_release,
    collect_cells,
    protect_edition,
)
from zicht.core.privacy.disclosure.components import connected_parts
from zicht.core.privacy.disclosure.cuts import solve_by_cuts
from zicht.core.privacy.disclosure.engine import CellState, Component, Target
from zicht.core.privacy.guard import scan_frame

FORMS = ("seksueel", "arbeid", "crimineel", "overig_onbekend")
AGES = ("minderjarig", "18-23", "24-30", "31-plus", "onbekend")
LEAF_COUNTS = (0, 0, 0, 1, 1, 2, 2, 3, 4, 5, 6, 7, 9, 12, 15, 20, 30, 45)


def delivery_file(path: Path, rows: int, seed: int) -> None:
    """A clean, delivery-like CSV: codes, periods, reference dates, categories, counts."""
    rng = random.Random(seed)
    municipalities = [f"GM{rng.randrange(1, 2000):04d}" for _ in range(300)]
    periods = ["2020", "2021", "2020-Q1", "2020-Q2", "2021-03", "2021-11"]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "indicator",
                "gebied",
                "periode",
                "peildatum",
                "vorm",
                "leeftijd",
                "geslacht",
                "waarde",
            ]
        )
        for _ in range(rows):
            writer.writerow(
                [
                    f"SIG{rng.randrange(1, 30):02d}",
                    rng.choice(municipalities),
                    rng.choice(periods),
                    rng.choice(["2020-12-31", "2021-12-31", "2021-06-30"]),
                    rng.choice(FORMS),
                    rng.choice(AGES),
                    rng.choice(["man", "vrouw", "anders_onbekend"]),
                    str(rng.choice(LEAF_COUNTS) * rng.choice([1, 1, 1, 10, 100])),
                ]
            )


def bench_scan(rows: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "delivery.csv"
        delivery_file(path, rows, seed)
        started, cpu = time.perf_counter(), time.process_time()
        baseline = pl.read_csv(path, infer_schema=False)
        read_seconds, read_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        frame = pl.read_csv(path, infer_schema=False)
        findings = scan_frame(frame, date_columns=frozenset({"peildatum"}))
        scan_seconds, scan_cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "rows": rows,
        "read_csv_seconds": round(read_seconds, 3),
        "read_and_scan_seconds": round(scan_seconds, 3),
        "ratio_to_read_csv": round(scan_seconds / read_seconds, 2),
        "read_csv_cpu_seconds": round(read_cpu, 3),
        "read_and_scan_cpu_seconds": round(scan_cpu, 3),
        "cpu_ratio_to_read_csv": round(scan_cpu / read_cpu, 2),
        "findings": len(findings),
        "columns": baseline.width,
    }


def area_dimension(regions: int, per_region: int) -> Dimension:
    names = tuple(f"RE{r:02d}" for r in range(regions))
    children = {"NL": names}
    for region in names:
        children[region] = tuple(f"{region}GM{m:02d}" for m in range(per_region))
    return Dimension("area", "NL", children)


def random_table(regions: int, per_region: int, forms: int, period: str, seed: int) -> CellTable:
    rng = random.Random(seed)
    area = area_dimension(regions, per_region)
    form = Dimension.flat("form", tuple(f"F{f}" for f in range(forms)))
    municipalities = [m for r in area.children["NL"] for m in area.children[r]]
    leaves = {
        (m, f): rng.choice(LEAF_COUNTS) for m in municipalities for f in form.children["totaal"]
    }
    return CellTable.from_leaves("victims", (area, form), leaves, {"period": period})


def comparison_tables(seed: int) -> list[list[CellTable]]:
    """Small tables (one per edition-like run) and one 10,000-cell table (10 periods)."""
    small = [[random_table(3, 4, 4, "2020", seed + i)] for i in range(20)]
    big = [random_table(10, 10, 8, str(2011 + p), seed + 100 + p) for p in range(10)]
    return small + [big]


def bench_suppression(
    tables: list[CellTable], rule: DisclosureRule, settings: SuppressionSettings | None = None
) -> dict:
    cells, _ = collect_cells(tables)
    started, cpu = time.perf_counter(), time.process_time()
    release = protect_edition(tables, {"victims": rule}, settings=settings)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    audit_release(release)
    audit_seconds, audit_cpu = time.perf_counter() - started, time.process_time() - cpu
    number, total = release.information_loss(cells)
    return {
        "cells": len(cells),
        "small_cells": release.audit.count("small"),
        "secondary_cells": number,
        "secondary_total": total,
        "seconds_protect_and_audit": round(seconds, 2),
        "cpu_seconds_protect_and_audit": round(cpu_seconds, 2),
        "seconds_audit_alone": round(audit_seconds, 2),
        "cpu_seconds_audit_alone": round(audit_cpu, 2),
        "audit_passed": release.audit.passed,
        "methods": sorted(set(release.methods)),
        "narrowest_small_range": release.audit.narrowest_small_range(),
    }


def repaired_tau_loss(table: CellTable, tau_cells: list, rule: DisclosureRule) -> tuple[int, int]:
    """τ-ARGUS's pattern made safe for Zicht's reader: its suppressions kept, the cheapest
    extra ones added by Zicht's exact method (what a user of τ-ARGUS would have to publish)."""
    release = tau_release(table, tau_cells, rule)
    symbol = {cell.key: cell.symbol for cell in release.cells}
    cells, constraints = collect_cells([table])
    pairs = [(c.total, c.parts) for c in constraints]
    number = total = 0
    for members, matrix in connected_parts(list(cells), pairs):
        base = np.array([cells[m] for m in members], dtype=float)
        small = np.array([rule.is_small(int(v)) for v in base])
        state = np.where(small, CellState.PRIMARY, CellState.PUBLIC)
        state[base >= rule.threshold] = CellState.CANDIDATE
        tau_hidden = np.array([symbol[m] == SECONDARY_SYMBOL for m in members])
        state[tau_hidden] = CellState.SECONDARY
        lower = np.where(small, 1.0, np.where(base >= rule.threshold, rule.threshold, base))
        upper = np.where(
            small, rule.threshold - 1.0, np.where(base >= rule.threshold, np.inf, base)
        )
        component = Component(matrix, base, state.astype(int), lower, upper)
        targets = [
            Target(
                int(p),
                int(base[p]) - 1,
                rule.threshold - 1 - int(base[p]),
                rule.minimum_range_width,
            )
            for p in np.flatnonzero(small)
        ]
        extra = solve_by_cuts(component, targets, base + 1e-3, rule.threshold, 600.0).chosen
        hidden = np.flatnonzero(tau_hidden).tolist() + extra.tolist()
        number, total = number + len(hidden), total + int(base[hidden].sum())
    return number, total


# Runs inside the separate τ-ARGUS virtual environment: reads tables as JSON, protects each
# with the given method and writes the statuses and τ-ARGUS's own audit back as JSON.
TAU_RUNNER = r"""
import json, sys, tempfile, time
from pytauargus import protect
spec = json.load(open(sys.argv[1]))
out = []
for table in spec["tables"]:
    rows = [{"area": m, "form": f, "one": 1.0}
            for (m, f, n) in table["leaves"] for _ in range(n)]
    workdir = tempfile.mkdtemp(prefix="tau_")
    hrc = workdir + "/area.hrc"
    with open(hrc, "w") as handle:
        for region, municipalities in table["regions"].items():
            handle.write(region + "\n" + "".join("@" + m + "\n" for m in municipalities))
    started = time.perf_counter()
    result = protect(rows, ["area", "form"], response="one", safety_rules=spec["rule"],
                     suppress=spec["method"] + "(1)", hrc={"area": hrc}, hierleadstring="@",
                     workdir=workdir)
    seconds = time.perf_counter() - started
    frame = result.tables[0].dataframe()
    audit = result.engine.audit(0)
    out.append({
        "seconds": seconds,
        "cells": [[a, f, int(v), s] for a, f, v, s in
                  zip(frame["area"], frame["form"], frame["freq"], frame["status"])],
        "audit_unsafe": sum(bool(r["unsafe"]) for r in audit),
    })
json.dump(out, open(sys.argv[2], "w"))
"""


def _tau_spec(table: CellTable) -> dict:
    area, form = table.dimensions
    regions = {r: list(area.children[r]) for r in area.children["NL"]}
    leaves = [
        [m, f, int(table.values[(m, f)])]
        for ms in regions.values()
        for m in ms
        for f in form.children["totaal"]
    ]
    return {"regions": regions, "leaves": leaves, "period": table.fixed["period"]}


def run_tau(tau_python: str, tables: list[CellTable], method: str, rule: str) -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        runner, spec_path, out_path = (Path(folder) / n for n in ("run.py", "in.json", "out.json"))
        runner.write_text(TAU_RUNNER)
        specs = [_tau_spec(t) for t in tables]
        spec_path.write_text(json.dumps({"tables": specs, "method": method, "rule": rule}))
        subprocess.run([tau_python, str(runner), str(spec_path), str(out_path)], check=True,
                       capture_output=True, cwd=folder)  # fmt: skip
        return json.loads(out_path.read_text())


def tau_release(table: CellTable, tau_cells: list, rule: DisclosureRule) -> SimpleNamespace:
    """τ-ARGUS's pattern as Zicht publishes it: U -> '<5', M -> 'x', the rest shown."""
    cells = []
    for area_code, form_code, value, status in tau_cells:
        coordinates = {
            "area": "NL" if area_code == "Total" else area_code,
            "form": "totaal" if form_code == "Total" else form_code,
            "period": table.fixed["period"],
        }
        key = CellKey.of(table.indicator, coordinates)
        if status == "U":
            cells.append(PublishedCell(key, None, rule.small_symbol))
        elif status == "M":
            if value < rule.threshold:
                raise ValueError("τ-ARGUS hid a small cell as secondary; symbols would differ")
            cells.append(PublishedCell(key, None, SECONDARY_SYMBOL))
        else:
            cells.append(PublishedCell(key, value))
    return SimpleNamespace(
        cells=tuple(cells), constraints=tuple(table.constraints()), rules={"victims": rule}
    )


def bench_tau(
    tau_python: str, groups: list[list[CellTable]], rule: DisclosureRule, repair: bool = True
) -> dict:
    results = {}
    tables = [table for group in groups for table in group]
    for method in ("OPT", "MOD"):
        runs = run_tau(tau_python, tables, method, f"FREQ({rule.threshold},30)")
        number = total = strict_failures = own_audit_failures = 0
        accepted_but_failing = failing_cells = 0
        repaired = (0, 0)
        for table, run in zip(tables, runs, strict=True):
            values = table.cells()
            release = tau_release(table, run["cells"], rule)
            secondary = [c.key for c in release.cells if c.symbol == SECONDARY_SYMBOL]
            number += len(secondary)
            total += sum(values[key] for key in secondary)
            report = audit_release(release)
            strict_failures += not report.passed
            own_audit_failures += run["audit_unsafe"] > 0
            accepted_but_failing += run["audit_unsafe"] == 0 and not report.passed
            failing_cells += len(report.failures)
            if repair:
                extra = repaired_tau_loss(table, run["cells"], rule)
                repaired = (repaired[0] + extra[0], repaired[1] + extra[1])
        results[method] = {
            "secondary_cells": number,
            "secondary_total": total,
            "tables_failing_zicht_audit": strict_failures,
            "tables_failing_own_audit": own_audit_failures,
            "tables_accepted_by_own_audit_failing_zicht_audit": accepted_but_failing,
            "small_cells_failing_zicht_audit": failing_cells,
            "seconds": round(sum(run["seconds"] for run in runs), 2),
        }
        if repair:
            results[method]["repaired_secondary_cells"] = repaired[0]
            results[method]["repaired_secondary_total"] = repaired[1]
    return results


def zicht_loss(
    groups: list[list[CellTable]], rule: DisclosureRule, settings: SuppressionSettings | None = None
) -> dict:
    number = total = failures = 0
    started = time.perf_counter()
    for group in groups:
        cells, _ = collect_cells(group)
        release = protect_edition(group, {"victims": rule}, settings=settings, strict=False)
        count, value = release.information_loss(cells)
        number, total, failures = (
            number + count,
            total + value,
            failures + (not release.audit.passed),
        )
    seconds = time.perf_counter() - started
    return {"secondary_cells": number, "secondary_total": total,
            "tables_failing_zicht_audit": failures, "seconds": round(seconds, 2)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--tau-python", default=None)
    parser.add_argument("--skip-scan", action="store_true", help="disclosure parts only")
    parser.add_argument(
        "--width", type=int, default=DisclosureRule().minimum_range_width,
        help="protection interval (highest minus lowest derivable value of a hidden cell)",
    )  # fmt: skip
    arguments = parser.parse_args()
    rule = DisclosureRule(minimum_range_width=arguments.width)
    report = {"protection_interval": rule.minimum_range_width}
    if not arguments.skip_scan:
        report["scan"] = bench_scan(arguments.rows, arguments.seed)
    print(json.dumps(report, indent=2), flush=True)
    groups = comparison_tables(arguments.seed)
    report["suppression_10000_cells"] = bench_suppression(groups[-1], rule)
    print(json.dumps(report["suppression_10000_cells"], indent=2), flush=True)
    fewest = bench_suppression(groups[-1], rule, SuppressionSettings(cost="cells"))
    report["suppression_10000_cells_cost_cells"] = fewest
    print(json.dumps({"cost_cells": fewest}, indent=2), flush=True)
    for label, subset in (
        ("20_tables_of_80_cells", groups[:-1]),
        ("table_of_10000_cells", groups[-1:]),
    ):
        big = report["suppression_10000_cells"]
        loss = {
            "zicht": zicht_loss(subset, rule)
            if len(subset) > 1
            else {  # measured above, in the same run
                "secondary_cells": big["secondary_cells"],
                "secondary_total": big["secondary_total"],
                "tables_failing_zicht_audit": 0 if big["audit_passed"] else 1,
                "seconds": big["seconds_protect_and_audit"],
            }
        }
        if len(subset) > 1:  # the joint MILP as well, where it is practical
            loss["zicht_joint_milp"] = zicht_loss(subset, rule, SuppressionSettings("optimal"))
        if arguments.tau_python:
            loss.update(bench_tau(arguments.tau_python, subset, rule))
        report[f"information_loss_{label}"] = loss
        print(json.dumps({label: loss}, indent=2), flush=True)


if __name__ == "__main__":
    main()
