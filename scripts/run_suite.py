"""The whole test suite, as `make test` runs it: core and web on SQLite, web on PostgreSQL, and
the browser tests beside them.

The browser tests keep about one core busy (one pytest process driving one Chromium and one
server) while the two xdist runs keep both cores busy only part of the time, so the browser
tests start first and run beside the others; their report is printed when they finish. Every
part runs to the end and the exit status is non-zero when any part failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]


@dataclass(frozen=True)
class Part:
    name: str
    command: list[str]
    database_url: str | None = None


@dataclass(frozen=True)
class Outcome:
    part: Part
    returncode: int
    seconds: float


def _env(part: Part) -> dict[str, str]:
    env = dict(os.environ)
    if part.database_url:
        env["ZICHT_DATABASE_URL"] = part.database_url
    return env


def _postgres_answers(url: str) -> bool:
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception:  # any failure means: not reachable here
        return False
    return True


def _run(part: Part) -> Outcome:
    print(f"\n=== {part.name}: {' '.join(part.command[2:])}", flush=True)
    start = time.monotonic()
    returncode = subprocess.run(part.command, cwd=ROOT, env=_env(part)).returncode
    return Outcome(part, returncode, time.monotonic() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sqlite-url", required=True)
    parser.add_argument("--postgres-url", required=True)
    parser.add_argument("--xdist", default="-n auto", help="pytest-xdist options ('' for none)")
    parser.add_argument("--log", type=Path, default=ROOT / "var" / "browser-tests.log")
    args = parser.parse_args()
    xdist = args.xdist.split()

    # One scratch folder per run, emptied first, so that every run starts cold: the parts share
    # rendered charts (as an installation's processes do) and the seeded demo inputs that
    # tests/web/conftest.py computes once.
    scratch = ROOT / "var" / "suite"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    os.environ["ZICHT_CHART_CACHE_DIR"] = str(scratch / "charts")
    os.environ["ZICHT_TEST_SHARED_DIR"] = str(scratch / "shared")

    browser = Part("browser tests (Chromium)", [*PYTEST, "tests/e2e"])
    args.log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with args.log.open("wb") as log:
        # A session of its own, so that an interrupt stops its servers and browser too.
        background = subprocess.Popen(
            browser.command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    print(f"=== {browser.name}: started beside the rest, report in {args.log}", flush=True)
    # When the browser tests end, not when the others do: its time is its own.
    browser_ended: list[float] = []
    waiter = threading.Thread(
        target=lambda: (background.wait(), browser_ended.append(time.monotonic())), daemon=True
    )
    waiter.start()
    outcomes = []
    try:
        outcomes.append(
            _run(
                Part(
                    "core and web on SQLite",
                    [*PYTEST, *xdist, "-m", "not postgres", "tests/core", "tests/web"],
                    args.sqlite_url,
                )
            )
        )
        if _postgres_answers(args.postgres_url):
            outcomes.append(
                _run(Part("web on PostgreSQL", [*PYTEST, *xdist, "tests/web"], args.postgres_url))
            )
        else:
            print(f"PostgreSQL at {args.postgres_url} not reachable: web tests ran on SQLite only")
        waiter.join()
        returncode = background.returncode
    except KeyboardInterrupt:
        os.killpg(background.pid, signal.SIGTERM)
        raise
    outcomes.append(Outcome(browser, returncode, browser_ended[0] - started))
    print(f"\n=== {browser.name}\n{args.log.read_text(errors='replace')}", flush=True)

    print("=== the suite")
    for outcome in outcomes:
        result = "passed" if outcome.returncode == 0 else f"FAILED (exit {outcome.returncode})"
        print(f"{outcome.part.name:<28} {outcome.seconds:6.0f} s  {result}")
    print(f"{'wall':<28} {time.monotonic() - started:6.0f} s")
    return 0 if all(o.returncode == 0 for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
