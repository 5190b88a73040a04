"""Scale-out on one PostgreSQL: two gunicorn web processes and two `zicht worker` processes; a
queue of runs is drained by both workers, no run is done twice, both web processes serve the
same pages (the web tier keeps no state of its own)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from zicht.demo.ads_corpus import SyntheticCorpusSettings, generate_corpus, write_jsonl
from zicht.web.monitor.models import AnalysisRun, Delivery
from zicht.web.monitor.runs import ad_analysis_enqueue

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ZICHT = [sys.executable, "-m", "zicht.cli.main"]
RUNS = 8


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answering(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()[-2000:]
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"no answer from {url}")


def test_two_web_processes_and_two_workers_share_one_database(tmp_path):
    if connection.vendor != "postgresql":
        pytest.fail("scale-out is shown on PostgreSQL (ZICHT_DATABASE_URL=postgres://...)")
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    url = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    env = {**os.environ, "ZICHT_DATABASE_URL": url, "ZICHT_DATA_DIR": str(tmp_path)}
    runs = []
    for seed in range(RUNS):
        ads = generate_corpus(SyntheticCorpusSettings(n_ads=1_500, seed=100 + seed, year=2020))
        corpus = write_jsonl(ads, tmp_path / f"ads-{seed}.jsonl")
        runs.append(ad_analysis_enqueue(corpus=corpus, year=2020))
    # A run queued twice by mistake must still be done once.
    from zicht.web.monitor.runs import run_ad_analysis

    run_ad_analysis.enqueue(runs[0].pk)

    ports = [_port(), _port()]
    web = [
        subprocess.Popen(
            [*ZICHT, "serve", "--production", "--workers", "1", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for port in ports
    ]
    workers = []
    try:
        for port, process in zip(ports, web, strict=True):
            _answering(f"http://127.0.0.1:{port}/gezond/", process)
        workers = [
            subprocess.Popen(
                [*ZICHT, "worker", "--batch"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for worker in workers:
            assert worker.wait(600) == 0, worker.stderr.read()[-2000:]
        pages = [httpx.get(f"http://127.0.0.1:{port}/", timeout=10) for port in ports]
        assert [p.status_code for p in pages] == [200, 200]
        assert pages[0].text == pages[1].text
    finally:
        for process in [*web, *workers]:
            process.terminate()
            process.wait(30)

    done = list(AnalysisRun.objects.filter(pk__in=[r.pk for r in runs]))
    assert {r.status for r in done} == {AnalysisRun.Status.DONE}
    assert {r.attempt for r in done} == {1}  # each run claimed once
    assert len({r.worker for r in done}) == 2  # both workers took runs
    revisions = Delivery.objects.filter(partner_id="advertentiemonitor", year=2020)
    assert sorted(revisions.values_list("revision", flat=True)) == list(range(1, RUNS + 1))
    for task in DBTaskResult.objects.all():
        assert len(task.worker_ids) == 1  # no queue entry taken by two workers
