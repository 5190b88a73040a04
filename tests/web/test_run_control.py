"""Run control on either database: stale runs are marked failed with the reason and keep no
text, cancelled runs are never worked on, retries only of failed runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from zicht.demo.ads_corpus import SyntheticCorpusSettings, generate_corpus, write_jsonl
from zicht.web.monitor.models import AdText, AnalysisRun
from zicht.web.monitor.runs import (
    RunStateError,
    ad_analysis_enqueue,
    recover_stale_runs,
    run_cancel,
    run_retry,
)

pytestmark = pytest.mark.django_db(transaction=True)
Status = AnalysisRun.Status


def _corpus(tmp_path):
    ads = generate_corpus(SyntheticCorpusSettings(n_ads=300, seed=3, year=2020))
    return write_jsonl(ads, tmp_path / "ads.jsonl")


def test_a_run_without_heartbeat_beyond_the_lease_is_failed_with_reason_and_no_text(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("ZICHT_RUN_LEASE_SECONDS", "60")
    run = ad_analysis_enqueue(corpus=_corpus(tmp_path), year=2020, keep_text_days=5)
    now = timezone.now()
    AnalysisRun.objects.filter(pk=run.pk).update(
        status=Status.RUNNING,
        attempt=1,
        worker="host:123",
        heartbeat_at=now - timedelta(seconds=30),
    )
    AdText.objects.create(run=run, ad_id="a1", expires_at=now + timedelta(days=5))
    assert recover_stale_runs() == []  # 30 s without a beat is within the lease
    AnalysisRun.objects.filter(pk=run.pk).update(heartbeat_at=now - timedelta(seconds=90))
    assert recover_stale_runs() == [run.pk]
    run.refresh_from_db()
    assert run.status == Status.FAILED and "host:123" in run.message
    assert f"zicht runs retry {run.pk}" in run.message
    assert not AdText.objects.filter(run=run).exists()


def test_a_cancelled_run_is_never_worked_on(tmp_path):
    run = ad_analysis_enqueue(corpus=_corpus(tmp_path), year=2020)
    run_cancel(run.pk)
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    run.refresh_from_db()
    assert (run.status, run.message, run.attempt) == (Status.FAILED, "geannuleerd", 0)
    assert run.delivery is None
    with pytest.raises(RunStateError, match="al afgerond"):
        run_cancel(run.pk)


def test_only_a_failed_run_is_retried_and_then_done_once(tmp_path):
    run = ad_analysis_enqueue(corpus=_corpus(tmp_path), year=2020)
    with pytest.raises(RunStateError, match="niet mislukt"):
        run_retry(run.pk)
    run_cancel(run.pk)
    run_retry(run.pk)
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    run.refresh_from_db()
    # The cancelled attempt's queued task found the run queued again and did it; the retry's
    # own task then found nothing to claim: one attempt, one delivery.
    assert (run.status, run.attempt) == (Status.DONE, 1), run.message
    assert run.delivery is not None and run.delivery.revision == 1
