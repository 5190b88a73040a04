"""Load on the public dashboard: the production server (gunicorn + per-process page cache)
against Django's development server as Zicht ran before (no page cache), measured in the same
run on the demo data in PostgreSQL, 50 concurrent clients on loopback for 60 s each.

The load comes from wrk (Debian's package; `make bench` installs it), a C load generator that
keeps 50 connections busy with little CPU of its own. A Python client (httpx) was tried first:
on a two-core machine it took most of a core itself, so it measured the client, not the server
(the same gunicorn answered 369 requests/s to httpx and 1,720 to wrk on one machine, together).

Reproduce (needs a PostgreSQL database it may fill with the demo; loopback only):
``ZICHT_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zicht_bench \
.venv/bin/python benchmarks/run.py load``
Options: ``--seconds 60 --clients 50 --workers 3``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ZICHT = [sys.executable, "-m", "zicht.cli.main"]
HOST = "127.0.0.1"  # loopback only: this script never loads another machine
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/zicht_bench"


class Result:
    # A plain class: benchmarks/run.py loads this file without registering it as a module,
    # which dataclasses need.
    def __init__(self, name: str, measured: dict):
        self.name = name
        self.requests, self.errors = measured["requests"], measured["errors"]
        self.seconds = measured["duration_us"] / 1e6
        self.p50, self.p95, self.p99 = (measured[q] / 1000 for q in ("p50", "p95", "p99"))

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


# wrk runs this per thread: each request takes the next page of the list; at the end it prints
# one JSON line with what the table needs (latencies in microseconds).
WRK_SCRIPT = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["X-Forwarded-Proto"] = "https"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\n{"requests": %%d, "duration_us": %%d, "p50": %%d, "p95": %%d, ' ..
    '"p99": %%d, "errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _environment(database_url: str, data: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "ZICHT_DATABASE_URL": database_url,
        "ZICHT_DATA_DIR": str(data),
        "ZICHT_LOG_LEVEL": "WARNING",
        **extra,
    }


def _production(database_url: str, data: Path) -> dict[str, str]:
    key, audit_key = data / "pseudonym.key", data / "audit.key"
    for file in (key, audit_key):
        if not file.exists():
            file.write_bytes(secrets.token_bytes(32))
            file.chmod(0o600)  # production refuses a key file others may read
    return _environment(
        database_url,
        data,
        ZICHT_ENVIRONMENT="production",
        ZICHT_SECRET_KEY=secrets.token_urlsafe(64),
        ZICHT_ALLOWED_HOSTS=HOST,
        ZICHT_PSEUDONYM_KEY_FILE=str(key),
        ZICHT_AUDIT_KEY_FILE=str(audit_key),
        # As behind the municipality's TLS proxy: the client sends X-Forwarded-Proto.
        ZICHT_BEHIND_TLS_PROXY="true",
    )


def _ensure_demo(database_url: str, data: Path) -> None:
    env = _environment(database_url, data)
    probe = (
        "import django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','zicht.web.settings');"
        "django.setup();from django.core.management import call_command;"
        "call_command('migrate',verbosity=0);from zicht.web.monitor.models import Edition;"
        "print(Edition.objects.filter(status='published').count())"
    )
    published = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    if published in ("", "0"):
        print("building the demo monitor in the benchmark database ...", flush=True)
        subprocess.run([*ZICHT, "demo", "--no-serve"], env=env, check=True, capture_output=True)


def _start(command: list[str], env: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(server.stderr.read().decode()[-2000:])
        try:
            httpx.get(f"http://{HOST}:{port}/gezond/", timeout=2)
            return server
        except httpx.HTTPError:
            time.sleep(0.5)
    server.kill()
    raise TimeoutError(f"no server on port {port}")


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()


def _dashboard_urls(base: str) -> list[str]:
    """The public pages a visitor reaches from the latest edition (editions, indicators,
    municipalities, both languages)."""
    headers = {"X-Forwarded-Proto": "https"}
    first = httpx.get(base + "/", headers=headers, follow_redirects=True, timeout=30)
    first.raise_for_status()
    links = set(re.findall(r'href="(/(?:en/)?editie/\d+/[^"#?]*)"', first.text))
    links.add(first.url.path)
    pages = sorted(u for u in links if not u.endswith(".csv"))
    return pages + [f"/en{u}" for u in pages if not u.startswith("/en/")][:20]


def _load(base: str, urls: list[str], clients: int, seconds: float, name: str) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(json.dumps(u) for u in urls))
    try:
        done = subprocess.run(
            ["wrk", "-t2", f"-c{clients}", f"-d{seconds:.0f}s", "--timeout", "30s",
             "-s", script.name, base],  # fmt: skip
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    finally:
        os.unlink(script.name)
    return Result(name, json.loads(done.stdout.strip().splitlines()[-1]))


def _measure(name, command, env, urls, clients, seconds) -> Result:
    port = _free_port()
    server = _start([*command, "--host", HOST, "--port", str(port)], env, port)
    try:
        base = f"http://{HOST}:{port}"
        _load(base, urls, clients, min(5.0, seconds), name)  # warm up
        return _load(base, urls, clients, seconds, name)
    finally:
        _stop(server)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    options = parser.parse_args()
    database_url = os.environ.get("ZICHT_BENCH_DATABASE_URL", DEFAULT_DB)
    if shutil.which("wrk") is None:
        print("load benchmark not run: wrk is not installed (`make bench` installs it)")
        return
    try:
        import psycopg

        psycopg.connect(database_url.replace("postgres://", "postgresql://", 1), connect_timeout=3)
    except Exception as error:  # no database: say so instead of measuring nothing
        print(f"load benchmark not run: PostgreSQL at ZICHT_BENCH_DATABASE_URL ({error})")
        return
    data = Path(tempfile.mkdtemp(prefix="zicht-load-"))
    _ensure_demo(database_url, data)

    production = _production(database_url, data)
    port = _free_port()
    probe = _start(
        [*ZICHT, "serve", "--host", HOST, "--port", str(port)],
        _environment(database_url, data),
        port,
    )
    try:
        urls = _dashboard_urls(f"http://{HOST}:{port}")
    finally:
        _stop(probe)
    uncached = _environment(database_url, data, ZICHT_PUBLIC_PAGE_CACHE="false")
    runs = [
        ("development server, no page cache (before)", [*ZICHT, "serve"], uncached),
        (
            f"production: gunicorn {options.workers} workers + page cache",
            [*ZICHT, "serve", "--production", "--workers", str(options.workers)],
            production,
        ),
    ]
    results = [
        _measure(name, command, env, urls, options.clients, options.seconds)
        for name, command, env in runs
    ]
    baseline = results[0].rps
    print(f"{len(urls)} dashboard pages, {options.clients} clients, {options.seconds:.0f} s each\n")
    print("| server | requests/s | p50 ms | p95 ms | p99 ms | errors | × baseline |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.name} | {r.rps:.0f} | {r.p50:.1f} | {r.p95:.1f} | {r.p99:.1f} | {r.errors} | "
            f"{r.rps / baseline:.1f} |"
        )
    best = results[-1]
    verdict = best.p95 < 200 and best.errors == 0 and best.rps >= 10 * baseline
    print(f"\ngoal (p95 < 200 ms, no errors, >= 10x baseline): {'met' if verdict else 'NOT met'}")


if __name__ == "__main__":
    main()
