"""Faults on PostgreSQL: a killed import or a dropped connection leaves nothing partial, a
publication waits for a delivery in progress instead of reading half of it, and a dead worker's
run is marked failed with the reason, keeps none of its ad texts and can be retried.

Marked ``postgres``: the SQLite run deselects them and the PostgreSQL run of `make test` runs
them; outside PostgreSQL they fail rather than skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from zicht.demo.ads_corpus import SyntheticCorpusSettings, generate_corpus, write_jsonl
from zicht.demo.deliveries import demo_files
from zicht.web.monitor.models import AdText, AnalysisRun, Delivery, EditionFigure, Observation
from zicht.web.monitor.runs import ad_analysis_enqueue
from zicht.web.monitor.services import delivery_import

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ZICHT = [sys.executable, "-m", "zicht.cli.main"]
PARTNER, YEAR = "politie-rotterdam", 2020


@pytest.fixture
def pg_url() -> str:
    if connection.vendor != "postgresql":
        pytest.fail("fault tests need PostgreSQL (ZICHT_DATABASE_URL=postgres://...)")
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _env(pg_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "ZICHT_DATABASE_URL": pg_url,
        "ZICHT_DATA_DIR": str(tmp_path),
        **extra,
    }


def _libpq(pg_url: str) -> str:
    return pg_url.replace("postgres://", "postgresql://", 1)


def _waiting_pids(admin: psycopg.Connection, table: str | None = None) -> list[int]:
    """Backends waiting for a lock (on ``table`` when given)."""
    # Only this test's database: other tests (xdist workers, other checkouts) share the server.
    query = (
        "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE NOT l.granted AND l.pid <> pg_backend_pid() AND a.datname = current_database()"
    )
    args: tuple = ()
    if table:
        query += " AND l.relation = %s::regclass"
        args = (table,)
    return [row[0] for row in admin.execute(query, args).fetchall()]


def _wait_for(condition, what: str, timeout: float = 180.0, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{what}: process ended early: {process.stderr.read()[-2000:]}")
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def deliveries_2020(catalog):
    """Every partner's 2020 demo delivery stored; returns the police file for a new revision."""
    files = [f for f in demo_files(catalog) if f.year == YEAR]
    for file in files:
        delivery_import(
            catalog=catalog,
            partner=file.partner,
            year=YEAR,
            filename=file.filename,
            content=file.content,
        )
    police = next(f for f in files if f.partner == PARTNER)
    # A second revision: the same file less its last case (another checksum, still valid).
    shorter = police.content.rstrip(b"\r\n").rsplit(b"\n", 1)[0] + b"\n"
    return police.filename, shorter


def _blocked_delivery(pg_url, tmp_path, deliveries_2020):
    """Start `zicht deliver` of a new police revision and hold it inside its transaction, after
    it superseded the current revision and created the new one, before its observations."""
    filename, content = deliveries_2020
    path = tmp_path / filename
    path.write_bytes(content)
    blocker = psycopg.connect(_libpq(pg_url))
    blocker.execute("LOCK TABLE monitor_observation IN SHARE MODE")
    admin = psycopg.connect(_libpq(pg_url), autocommit=True)
    process = subprocess.Popen(
        [*ZICHT, "deliver", str(path), "--partner", PARTNER, "--year", str(YEAR)],
        env=_env(pg_url, tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    pids = _wait_for(
        lambda: _waiting_pids(admin, "monitor_observation"), "the delivery", process=process
    )
    return process, blocker, admin, pids[0]


def _police_state() -> tuple:
    deliveries = Delivery.objects.filter(partner_id=PARTNER, year=YEAR).order_by("revision")
    return (
        [(d.revision, d.status) for d in deliveries],
        Observation.objects.filter(delivery__partner_id=PARTNER, year=YEAR).count(),
    )


@pytest.mark.parametrize("fault", ["process killed", "connection dropped"])
def test_an_interrupted_delivery_leaves_nothing_partial(
    pg_url, tmp_path, deliveries_2020, catalog, fault
):
    before = _police_state()
    assert before[0] == [(1, Delivery.Status.CURRENT)]
    process, blocker, admin, pid = _blocked_delivery(pg_url, tmp_path, deliveries_2020)
    try:
        if fault == "process killed":
            process.kill()
        else:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        process.wait(60)
    finally:
        blocker.rollback()
        blocker.close()
    _wait_for(lambda: not _waiting_pids(admin), "the aborted transaction to go", timeout=30)
    admin.close()
    assert process.returncode != 0
    assert _police_state() == before  # old revision still current, no new rows at all
    # Nothing stuck either: the same delivery goes through afterwards.
    filename, content = deliveries_2020
    result = delivery_import(
        catalog=catalog, partner=PARTNER, year=YEAR, filename=filename, content=content
    )
    assert result.created and result.delivery.revision == 2


def test_a_publication_waits_for_a_delivery_in_progress_and_reads_it_whole(
    pg_url, tmp_path, deliveries_2020
):
    process, blocker, admin, delivery_pid = _blocked_delivery(pg_url, tmp_path, deliveries_2020)
    publication = subprocess.Popen(
        [*ZICHT, "publish", str(YEAR)],
        env=_env(pg_url, tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # The publication waits for the delivery's row lock instead of reading around it.
        _wait_for(
            lambda: set(_waiting_pids(admin)) - {delivery_pid},
            "the publication",
            process=publication,
        )
    finally:
        blocker.rollback()
        blocker.close()
        admin.close()
    assert process.wait(120) == 0, process.stderr.read()
    assert publication.wait(300) == 0, publication.stderr.read()
    current = set(Delivery.objects.filter(year=YEAR, status="current").values_list("pk", flat=True))
    police = Delivery.objects.get(partner_id=PARTNER, year=YEAR, status="current")
    assert police.revision == 2
    used = {d for f in EditionFigure.objects.filter(edition__year=YEAR) for d in f.deliveries}
    assert police.pk in used  # the edition read the new revision ...
    assert used <= current  # ... and nothing of a superseded one


def _small_corpus(tmp_path: Path, n_ads: int, seed: int = 7) -> Path:
    ads = generate_corpus(SyntheticCorpusSettings(n_ads=n_ads, seed=seed, year=YEAR))
    return write_jsonl(ads, tmp_path / f"ads-{seed}-{n_ads}.jsonl")


def test_a_dead_worker_run_is_marked_failed_keeps_no_text_and_can_be_retried(pg_url, tmp_path):
    run = ad_analysis_enqueue(corpus=_small_corpus(tmp_path, 6_000), year=YEAR, keep_text_days=5)
    env = _env(pg_url, tmp_path, ZICHT_RUN_LEASE_SECONDS="2")
    worker = subprocess.Popen(
        [*ZICHT, "worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        _wait_for(
            lambda: AdText.objects.filter(run=run).exists(), "ad texts being stored", process=worker
        )
    finally:
        worker.kill()  # the worker dies mid-run, with texts stored
        worker.wait(30)
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.RUNNING  # as the worker left it
    time.sleep(3)  # longer than the lease: no heartbeat any more

    batch = subprocess.run(
        [*ZICHT, "worker", "--batch"], env=env, capture_output=True, text=True, timeout=300
    )
    assert batch.returncode == 0, batch.stderr
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.FAILED
    assert "gestopt" in run.message and f"zicht runs retry {run.pk}" in run.message
    assert not AdText.objects.filter(run=run).exists()  # a failed run keeps no text
    assert run.delivery is None
    assert not Delivery.objects.filter(partner_id="advertentiemonitor", year=YEAR).exists()

    retry = subprocess.run(
        [*ZICHT, "runs", "retry", str(run.pk)], env=env, capture_output=True, text=True
    )
    assert retry.returncode == 0, retry.stderr
    subprocess.run(
        [*ZICHT, "worker", "--batch"], env=env, capture_output=True, text=True, timeout=600
    )
    run.refresh_from_db()
    assert (run.status, run.attempt) == (AnalysisRun.Status.DONE, 2), run.message
    assert run.delivery is not None and AdText.objects.filter(run=run).exists()
