"""The hostile-file corpus at full size through ``zicht deliver``, each file in its own process:
refused with a Dutch message, in under 10 s and 1 GB, with the database unchanged.

Baseline (same run, same command): an ordinary valid delivery, and the same command on a
1,000,000-row record-level delivery (the largest real file). The big files cost little disk:
the 2 GB file is sparse, the 500 MB line is streamed through a named pipe by a writer thread
(``zicht deliver`` stops reading one byte past the size limit, so most of it is never made).
Peak memory is the child's own ``ru_maxrss`` (``os.wait4``).

Reproduce: ``.venv/bin/python benchmarks/run.py hostile_files`` (part of ``make bench``);
writes docs/benchmarks/hostile.md.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the corpus generator lives with the tests that use it

from tests.core.deliveries.hostile import (  # noqa: E402
    AGGREGATE_PARTNER,
    CASES,
    HEADER,
    YEAR,
    HostileCase,
    write_case,
)

ZICHT = REPO / ".venv" / "bin" / "zicht"
LIMIT_SECONDS, LIMIT_MB = 10, 1024
STREAMED = "one 500 MB line"


def _stream_long_line(path: Path) -> threading.Thread:
    """A named pipe fed with a header and then 500 MB of one line, made as it is read."""
    os.mkfifo(path)

    def feed() -> None:
        try:
            with path.open("wb") as pipe:
                pipe.write(HEADER + b"prevention_presentations;GM0599;2020;")
                chunk = b"9" * (1024 * 1024)
                for _ in range(500):
                    pipe.write(chunk)
        except BrokenPipeError:  # the reader stopped at its limit, as it should
            pass

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return thread


# Run from a small process of its own: a child forked from this (large) benchmark process
# would count the parent's pages in its peak memory (Linux keeps the high-water mark
# across exec), so a fresh interpreter starts the command and reads its rusage.
WRAPPER = r"""
import json, os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
out = child.stdout.read()
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "cpu_seconds": usage.ru_utime + usage.ru_stime,
    "peak_mb": usage.ru_maxrss / 1024,
    "exit": os.waitstatus_to_exitcode(status),
    "out": out.decode("utf-8", "replace"),
}))
"""


def _run_measured(path: Path, partner: str, environment: dict[str, str]) -> dict:
    """Wall and CPU time, the command's own peak memory, and its JSON answer."""
    command = [str(ZICHT), "deliver", str(path), "--partner", partner, "--year", str(YEAR)]
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command, "--json"],
        capture_output=True,
        env=environment,
        check=True,
    )
    result = json.loads(done.stdout)
    result["answer"] = json.loads(result.pop("out") or "{}")
    return result


def _deliveries(database: Path) -> tuple[int, int]:
    with sqlite3.connect(database) as connection:
        deliveries = connection.execute("select count(*) from monitor_delivery").fetchone()[0]
        observations = connection.execute("select count(*) from monitor_observation").fetchone()[0]
    return deliveries, observations


def _baselines(folder: Path) -> list[tuple[str, Path, str]]:
    from zicht.core.catalog import load_catalog
    from zicht.core.deliveries.templates import template_rows

    catalog = load_catalog(REPO / "catalog")
    rows = template_rows(catalog, AGGREGATE_PARTNER, YEAR)
    small = folder / "gewoon.csv"
    small.write_text("\n".join(";".join([*r[:3], r[3] or "5"]) for r in rows) + "\n")
    sys.path.insert(0, str(REPO / "benchmarks"))
    import delivery_import  # the issue-2 benchmark's generator of 1,000,000 police cases

    big = folder / "politie.csv"
    delivery_import.write_delivery(big, REPO / "catalog")
    return [
        ("ordinary delivery (baseline)", small, AGGREGATE_PARTNER),
        ("1,000,000 police cases (largest real file)", big, "politie-rotterdam"),
    ]


def _row(name: str, size: int | None, result: dict, unchanged: bool, codes=None) -> dict:
    answer = result["answer"]
    errors = answer.get("errors") or []
    found = sorted({e["code"] for e in errors})
    refused = answer.get("accepted") is False and (codes is None or bool(set(found) & codes))
    return {
        "case": name,
        "size": size,
        "seconds": result["seconds"],
        "cpu_seconds": result["cpu_seconds"],
        "peak_mb": result["peak_mb"],
        "codes": ", ".join(found) or ("accepted" if answer.get("accepted") else "?"),
        "message": errors[0]["message"] if errors else "",
        "refused": refused,
        "unchanged": unchanged,
        "ok": (codes is None or refused)
        and unchanged
        and result["cpu_seconds"] < LIMIT_SECONDS
        and result["peak_mb"] < LIMIT_MB,
    }


def _size(path: Path, case: HostileCase) -> int:
    return 500 * 1024 * 1024 + len(HEADER) if case.name == STREAMED else path.stat().st_size


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="zicht-hostile-") as tmp:
        folder = Path(tmp)
        database = folder / "zicht.sqlite3"
        environment = os.environ | {
            "ZICHT_DATABASE_URL": f"sqlite:///{database}",
            "ZICHT_DATA_DIR": str(folder / "data"),
            "ZICHT_ENVIRONMENT": "development",
        }
        subprocess.run([str(ZICHT), "migrate"], env=environment, check=True)
        rows = []
        for name, path, partner in _baselines(folder):
            result = _run_measured(path, partner, environment)
            rows.append(_row(name, path.stat().st_size, result, True))
        before = _deliveries(database)
        for case in CASES:
            path = folder / "corpus" / case.filename
            if case.name == STREAMED:
                path.parent.mkdir(exist_ok=True)
                feeder = _stream_long_line(path)
            else:
                write_case(case, path.parent, big=True)
            result = _run_measured(path, case.partner, environment)
            unchanged = _deliveries(database) == before
            rows.append(_row(case.name, _size(path, case), result, unchanged, case.codes))
            if case.name == STREAMED:
                feeder.join(timeout=5)
            path.unlink()
            print(f"{case.name}: {rows[-1]['cpu_seconds']:.2f} s CPU, "
                  f"{rows[-1]['peak_mb']:.0f} MB, {rows[-1]['codes']}", flush=True)  # fmt: skip
    report = _markdown(rows)
    print(report)
    (REPO / "docs" / "benchmarks" / "hostile.md").write_text(report, encoding="utf-8")


def _megabytes(size: int | None) -> str:
    if size is None:
        return ""
    return f"{size / 1024 / 1024:,.1f} MB" if size >= 100_000 else f"{size:,} B"


def _markdown(rows: list[dict]) -> str:
    baseline = rows[0]
    lines = [
        "# Hostile delivery files",
        "",
        "Command: `.venv/bin/python benchmarks/run.py hostile_files` (part of `make bench`).",
        "Generator: `tests/core/deliveries/hostile.py` (the test suite runs the same cases with",
        "small files and small limits). Each file goes through `zicht deliver --json` in its own",
        "process against a migrated SQLite database with the default limits. Time is the",
        "command's CPU time (user + system, from `wait4`; it includes starting Python and Django,",
        "about as much as the whole ordinary delivery) and its wall-clock time, which grows",
        "with whatever else the machine runs (CPU does not); memory is the command's peak",
        "resident set.",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on the 2-core machine, load average "
        f"{os.getloadavg()[0]:.1f} when it was written.",
        "",
        "Goal for every hostile file: refused with a Dutch message, < 10 s CPU, < 1 GB, database",
        "unchanged (deliveries and observations counted before and after).",
        "",
        "| file | size | CPU s | × baseline | wall s | peak MB | answer (codes) | first message "
        "| ok |",
        "|---|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for row in rows:
        ratio = row["cpu_seconds"] / baseline["cpu_seconds"]
        lines.append(
            f"| {row['case']} | {_megabytes(row['size'])} | {row['cpu_seconds']:.2f} | "
            f"{ratio:.1f} | {row['seconds']:.1f} | {row['peak_mb']:.0f} | {row['codes']} | "
            f"{row['message'][:70]} | {'yes' if row['ok'] else '**NO**'} |"
        )
    hostile = rows[2:]
    passed = sum(row["ok"] for row in hostile)
    worst_seconds = max(row["cpu_seconds"] for row in hostile)
    worst_mb = max(row["peak_mb"] for row in hostile)
    lines += [
        "",
        f"**{passed} of {len(hostile)}** hostile files met the goal; slowest "
        f"{worst_seconds:.2f} s CPU, largest peak {worst_mb:.0f} MB; database unchanged: "
        f"{'yes' if all(row['unchanged'] for row in hostile) else 'NO'}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
