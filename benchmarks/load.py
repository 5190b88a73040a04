"""Load on the public dashboard: the production server (gunicorn + per-process page cache)
against Django's development server as Zicht ran before (no page cache), measured in the same
run on the demo data in PostgreSQL, 50 concurrent clients on loopback for 60 s each.

Reproduce (needs a PostgreSQL database it may fill with the demo; loopback only):
``ZICHT_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zicht_bench \
.venv/bin/python benchmarks/run.py load``
Options: ``--seconds 60 --clients 50 --workers 3``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import socket
import statistics
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
    def __init__(self, name: str, requests: int, errors: int, seconds: float, latencies):
        self.name, self.requests, self.errors = name, requests, errors
        self.seconds, self.latencies = seconds, latencies

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


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
    key = data / "pseudonym.key"
    if not key.exists():
        key.write_bytes(secrets.token_bytes(32))
    return _environment(
        database_url,
        data,
        ZICHT_ENVIRONMENT="production",
        ZICHT_SECRET_KEY=secrets.token_urlsafe(64),
        ZICHT_ALLOWED_HOSTS=HOST,
        ZICHT_PSEUDONYM_KEY_FILE=str(key),
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


async def _load(base: str, urls: list[str], clients: int, seconds: float, name: str) -> Result:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = {"X-Forwarded-Proto": "https"}
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30, headers=headers) as http:
        deadline = time.perf_counter() + seconds

        async def client(offset: int) -> None:
            nonlocal errors
            i = offset
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                try:
                    answer = await http.get(urls[i % len(urls)])
                    if answer.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - start)
                i += 1

        started = time.perf_counter()
        await asyncio.gather(*(client(n * 7) for n in range(clients)))
        elapsed = time.perf_counter() - started
    return Result(name, len(latencies), errors, elapsed, latencies)


def _measure(name, command, env, urls, clients, seconds) -> Result:
    port = _free_port()
    server = _start([*command, "--host", HOST, "--port", str(port)], env, port)
    try:
        base = f"http://{HOST}:{port}"
        asyncio.run(_load(base, urls, clients, min(5.0, seconds), name))  # warm up
        return asyncio.run(_load(base, urls, clients, seconds, name))
    finally:
        _stop(server)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    options = parser.parse_args()
    database_url = os.environ.get("ZICHT_BENCH_DATABASE_URL", DEFAULT_DB)
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
    print("| server | requests/s | p50 ms | p95 ms | errors | × baseline |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.name} | {r.rps:.0f} | {statistics.median(r.latencies) * 1000:.1f} | "
            f"{r.percentile(0.95):.1f} | {r.errors} | {r.rps / baseline:.1f} |"
        )
    best = results[-1]
    verdict = best.percentile(0.95) < 200 and best.errors == 0 and best.rps >= 10 * baseline
    print(f"\ngoal (p95 < 200 ms, no errors, >= 10x baseline): {'met' if verdict else 'NOT met'}")


if __name__ == "__main__":
    main()
