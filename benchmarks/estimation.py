"""Benchmark and side-by-side check of Zicht's MSE against R SparseMSE, in one run.

    .venv/bin/python benchmarks/estimation.py [--repeats 20] [--bootstrap 200]
        [--r-library /tmp/rlib] [--write docs/benchmarks/estimation.md]

Times fit + stepwise selection + interval on a six-list table (our own, simulated with a fixed
seed) for Zicht and for SparseMSE via ``Rscript``, and compares both on a handful of tables of
our own. If R or SparseMSE is not available the R half is skipped with a printed note. R must
find SparseMSE in ``--r-library`` (see docs/methodology/estimation.md for the install steps).
"""

from __future__ import annotations

import argparse
import csv
import platform
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from zicht.core.estimation import (
    AlternativeSettings,
    CaptureTable,
    EstimateDoesNotExistError,
    EstimationSettings,
    IntervalMethod,
    IntervalSettings,
    SelectionMethod,
    SelectionSettings,
    capture_table_from_mapping,
    check_existence,
    estimate_population,
)
from zicht.core.estimation.design import all_pairs_in_fixed_order
from zicht.core.estimation.table import capture_pattern_grid

# name: (list names, population size, capture probabilities, {pair: log odds ratio}, seed)
OWN_TABLES = {
    "six_lists": (
        "ABCDEF",
        12000,
        [0.03, 0.06, 0.10, 0.05, 0.04, 0.02],
        {(0, 1): 1.0, (2, 5): 1.2, (1, 4): -1.0},
        1,
    ),
    "five_lists_sparse": ("ABCDE", 2500, [0.02, 0.05, 0.03, 0.04, 0.01], {(0, 1): 1.5}, 2),
    "four_lists": ("ABCD", 5000, [0.10, 0.15, 0.08, 0.20], {(0, 1): 0.7}, 3),
    "three_lists_negative": ("ABC", 800, [0.20, 0.30, 0.25], {(1, 2): -0.8}, 4),
    # A and B (almost) never see the same person: an empty overlap, fixed at minus infinity.
    "four_lists_exclusive": ("ABCD", 3000, [0.20, 0.25, 0.10, 0.15], {(0, 1): -6.0}, 5),
}
TIMED_TABLE = "six_lists"


def simulated_table(
    names: str, size: int, probabilities: list[float], dependencies: dict, seed: int
) -> CaptureTable:
    """A population of ``size`` persons captured by a log-linear model with given dependencies."""
    grid = capture_pattern_grid(len(names))
    cells = grid.astype(float)
    log_odds = np.log(np.array(probabilities) / (1 - np.array(probabilities)))
    linear = cells @ log_odds
    for (first, second), strength in dependencies.items():
        linear += strength * cells[:, first] * cells[:, second]
    weights = np.exp(linear)
    total = weights.sum() + 1.0
    counts = np.random.default_rng(seed).multinomial(size, [1 / total, *(weights / total)])
    return CaptureTable(tuple(names), grid, counts[1:].astype(np.int64))


def own_tables() -> dict[str, CaptureTable]:
    tables = {name: simulated_table(*spec) for name, spec in OWN_TABLES.items()}
    tables["no_overlap"] = capture_table_from_mapping("ABC", {"100": 30, "010": 20, "001": 10})
    return tables


def write_csv(table: CaptureTable, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*table.list_names, "count"])
        for pattern, count in zip(table.patterns.tolist(), table.counts.tolist(), strict=True):
            if count:
                writer.writerow([*pattern, count])


def settings_for(method: SelectionMethod, interval: IntervalMethod, replicates=1000):
    return EstimationSettings(
        selection=SelectionSettings(method=method, p_threshold=0.02),
        interval=IntervalSettings(method=interval, bootstrap_replicates=replicates, seed=1234),
        alternatives=AlternativeSettings(enabled=False),
    )


def zicht_rows(tables: dict[str, CaptureTable]) -> dict[tuple[str, str], tuple]:
    rows = {}
    for name, table in tables.items():
        for method in (SelectionMethod.STEPWISE, SelectionMethod.MAIN):
            try:
                result = estimate_population(table, settings_for(method, IntervalMethod.ASYMPTOTIC))
                rows[(name, method.value)] = (
                    result.estimate,
                    result.ci_low,
                    result.ci_high,
                    ";".join(result.model_terms),
                )
            except EstimateDoesNotExistError:
                rows[(name, method.value)] = (None, None, None, "does not exist")
        for label, terms in (("ident_main", ()), ("ident_all", None)):
            pairs = all_pairs_in_fixed_order(table.list_count) if terms is None else terms
            check = check_existence(table, pairs, exact_objective=True)
            rows[(name, label)] = (int(check.code), check.lp_objective, None, "")
    return rows


R_COMPARISON = r"""
.libPaths(c("{library}", .libPaths())); suppressMessages(library(SparseMSE))
terms <- function(fit) {{
  cn <- names(fit$fit$coefficients); cn <- cn[grepl(":", cn)]
  eo <- colnames(fit$emptyoverlaps); if (length(eo) > 0) cn <- c(cn, paste(eo, "(-Inf)"))
  paste(cn, collapse=";")
}}
for (name in c({names})) {{
  z <- read.csv(file.path("{folder}", paste0(name, ".csv")), check.names=FALSE)
  for (method in c("stepwise", "main")) {{
    r <- tryCatch(estimatepopulation.0(z, method=method, quantiles=c(0.025, 0.975),
                  pthresh=0.02), error=function(e) NULL)
    if (is.null(r) || !is.list(r)) cat(name, method, "NA", "NA", "NA", "does not exist\n", sep="|")
    else cat(name, method, sprintf("%.6f", r$estimate[2]), sprintf("%.6f", r$estimate[1]),
             sprintf("%.6f", r$estimate[3]), terms(r$MSEfit), "\n", sep="|")
  }}
  for (mx in list(list("ident_main", NULL), list("ident_all", 0))) {{
    k <- checkident(z, mX=mx[[2]], verbose=TRUE)
    cat(name, mx[[1]], k$ierr, sprintf("%.6f", k$lp$objval), "NA", "", "\n", sep="|")
  }}
}}
"""

R_TIMING = r"""
.libPaths(c("{library}", .libPaths())); suppressMessages(library(SparseMSE))
z <- read.csv("{path}", check.names=FALSE)
t <- system.time(for (i in 1:{repeats}) estimatepopulation.0(z, method="stepwise",
                 quantiles=c(0.025, 0.975), pthresh=0.02))[["elapsed"]] / {repeats}
b <- system.time(estimatepopulation(z, nboot={bootstrap}, pthresh=0.02, iseed=1234))[["elapsed"]]
cat(sprintf("%.6f|%.6f|%s, SparseMSE %s\n", t, b, R.version.string, packageVersion("SparseMSE")))
"""


def run_r(script: str) -> str | None:
    rscript = shutil.which("Rscript")
    if rscript is None:
        return None
    completed = subprocess.run([rscript, "-e", script], capture_output=True, text=True)
    return completed.stdout if completed.returncode == 0 else None


def r_rows(folder: Path, names: list[str], library: str) -> dict[tuple[str, str], tuple] | None:
    output = run_r(
        R_COMPARISON.format(
            library=library, folder=folder, names=", ".join(f'"{n}"' for n in names)
        )
    )
    if output is None:
        return None
    rows = {}
    for line in output.strip().splitlines():
        if line.count("|") < 5:  # SparseMSE's own messages ("The estimate is not finite")
            continue
        name, what, first, second, third, terms = [part.strip() for part in line.split("|")[:6]]
        numbers = [None if v == "NA" else float(v) for v in (first, second, third)]
        rows[(name, what)] = (*numbers, terms)
    return rows


def time_zicht(table: CaptureTable, repeats: int, bootstrap: int) -> tuple[float, float]:
    asymptotic = settings_for(SelectionMethod.STEPWISE, IntervalMethod.ASYMPTOTIC)
    start = time.perf_counter()
    for _ in range(repeats):
        estimate_population(table, asymptotic)
    per_fit = (time.perf_counter() - start) / repeats
    start = time.perf_counter()
    estimate_population(
        table, settings_for(SelectionMethod.STEPWISE, IntervalMethod.BOOTSTRAP, bootstrap)
    )
    return per_fit, time.perf_counter() - start


def format_estimate(value, low, high) -> str:
    if value is None:
        return "refused"
    return f"{format_number(value)} ({format_number(low)}–{format_number(high)})"


def format_number(value) -> str:
    if value is None:
        return "–"
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def comparison_markdown(zicht: dict, r: dict | None) -> list[str]:
    lines = [
        "| table | what | Zicht | SparseMSE | largest relative difference | same terms | terms |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, (value, low, high, terms) in zicht.items():
        other = r.get(key) if r else None
        if key[1].startswith("ident"):
            ours = f"ierr {value}, LP {abs(low):.4g}"
            theirs = f"ierr {int(other[0])}, LP {abs(other[1]):.4g}" if other else "–"
            same = "yes" if other and int(other[0]) == value else "no"
            lines.append(f"| {key[0]} | {key[1]} | {ours} | {theirs} | – | {same} | |")
            continue
        ours = format_estimate(value, low, high)
        if other is None:
            lines.append(f"| {key[0]} | {key[1]} | {ours} | – | – | – | {terms} |")
            continue
        theirs = format_estimate(*other[:3])
        gaps = [
            abs(a / b - 1)
            for a, b in zip((value, low, high), other[:3], strict=True)
            if a is not None and b is not None
        ]
        if gaps:
            gap = f"{max(gaps):.1e}"
        elif value is None and other[0] is None:
            gap = "both refuse"
        elif value is None:
            gap = "Zicht refuses; SparseMSE prints a number"
        else:
            gap = "SparseMSE refuses"
        same = "yes" if terms == other[3] or value is None else f"no: {terms} vs {other[3]}"
        shown = terms.replace(";", ", ") or "(main effects)"
        lines.append(f"| {key[0]} | {key[1]} | {ours} | {theirs} | {gap} | {same} | {shown} |")
    return lines


def timing_markdown(zicht_times, r_times, repeats: int, bootstrap: int) -> list[str]:
    lines = [
        "| step (six-list table) | Zicht (s) | SparseMSE (s) | SparseMSE / Zicht |",
        "|---|---|---|---|",
    ]
    labels = (
        f"stepwise + asymptotic interval (mean of {repeats})",
        f"stepwise + BCa bootstrap ({bootstrap} replicates, re-selection, jackknife)",
    )
    for index, label in enumerate(labels):
        ours = zicht_times[index]
        if r_times is None:
            lines.append(f"| {label} | {ours:.4f} | not run | – |")
        else:
            lines.append(
                f"| {label} | {ours:.4f} | {r_times[index]:.4f} | {r_times[index] / ours:.1f} |"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--bootstrap", type=int, default=200)
    parser.add_argument("--r-library", default="/tmp/rlib")
    parser.add_argument("--write", type=Path, help="also write the Markdown report here")
    arguments = parser.parse_args()
    tables = own_tables()
    with tempfile.TemporaryDirectory() as folder:
        for name, table in tables.items():
            write_csv(table, Path(folder) / f"{name}.csv")
        r_comparison = r_rows(Path(folder), list(tables), arguments.r_library)
        timed_path = Path(folder) / f"{TIMED_TABLE}.csv"
        r_output = run_r(
            R_TIMING.format(
                library=arguments.r_library,
                path=timed_path,
                repeats=arguments.repeats,
                bootstrap=arguments.bootstrap,
            )
        )
    r_fields = r_output.strip().split("|") if r_output else None
    r_times = (float(r_fields[0]), float(r_fields[1])) if r_fields else None
    zicht_times = time_zicht(tables[TIMED_TABLE], arguments.repeats, arguments.bootstrap)
    command = "nice -n 10 .venv/bin/python benchmarks/estimation.py " + " ".join(
        f"--{k.replace('_', '-')} {v}" for k, v in vars(arguments).items() if v is not None
    )
    report = [
        "# Benchmark: multiple systems estimation, Zicht against R SparseMSE",
        "",
        f"Reproduce with `{command}` (SparseMSE installed as in docs/methodology/estimation.md).",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}; "
        f"six-list table `{TIMED_TABLE}`: {tables[TIMED_TABLE].observed_total} observed; "
        f"{r_fields[2] if r_fields else 'R not run'}.",
        "",
    ]
    if r_times is None or r_comparison is None:
        report += ["Note: R/SparseMSE not available; the R half was skipped.", ""]
    report += timing_markdown(zicht_times, r_times, arguments.repeats, arguments.bootstrap)
    report += [
        "",
        "Both halves run in this one invocation, R first, then Zicht, on the same machine. On a "
        "shared machine the ratio moves with the load of other jobs (between about 2.5x and "
        "11x over runs during development); "
        "the R times exclude R's start-up, the Zicht times exclude Python's.",
    ]
    report += ["", *comparison_markdown(zicht_rows(tables), r_comparison)]
    print("\n".join(report))
    if arguments.write:
        arguments.write.write_text("\n".join(report) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
