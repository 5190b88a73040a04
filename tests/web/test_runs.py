"""Heavy jobs run as queued background tasks with progress, through the database queue."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from zicht.demo.ads_corpus import SyntheticCorpusSettings, generate_corpus, write_jsonl
from zicht.demo.linkage import SOURCES
from zicht.web.monitor.models import AnalysisRun, Observation
from zicht.web.monitor.runs import ad_analysis_enqueue, linkage_enqueue


def _work_off_the_queue() -> None:
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_an_ad_analysis_runs_in_the_background_and_reports_progress(tmp_path, settings):
    settings_for_corpus = SyntheticCorpusSettings(n_ads=800, seed=5, year=2020)
    corpus = write_jsonl(generate_corpus(settings_for_corpus), tmp_path / "ads.jsonl")
    run = ad_analysis_enqueue(corpus=corpus, year=2020)
    assert run.status == AnalysisRun.Status.QUEUED
    _work_off_the_queue()
    run.refresh_from_db()
    assert (run.status, run.progress) == (AnalysisRun.Status.DONE, 1.0)
    assert run.delivery is not None and run.delivery.format == "analysis"
    assert Observation.objects.filter(delivery=run.delivery, indicator_id="sex_ads").exists()


@pytest.mark.django_db(transaction=True)
def test_a_linkage_run_refuses_a_file_that_holds_more_than_encodings(tmp_path):
    bad = tmp_path / f"{SOURCES[0]}.jsonl"
    bad.write_text('{"record_ref": "A1", "given_name": "Jan"}\n', encoding="utf-8")
    run = linkage_enqueue(encodings=[bad], year=2020)
    _work_off_the_queue()
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.FAILED and run.message
    assert "Jan" not in run.message
    assert not Observation.objects.exists()
