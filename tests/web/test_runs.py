"""Heavy jobs run as queued background tasks with progress, through the database queue."""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from zicht.core.privacy.linkage import encode_csv
from zicht.core.privacy.linkage.synthetic import (
    SyntheticListSettings,
    generate_lists,
    write_list_csv,
)
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
    # The headline figures are kept with the run for the coordinator's page.
    assert run.result["ads"] == 800 and 0 < run.result["unique"] <= 800
    assert 0 < run.result["clusters"] <= run.result["unique"]
    assert 0 <= run.result["share_high_risk"] <= 1


@pytest.mark.django_db(transaction=True)
def test_a_refused_corpus_keeps_zichts_own_reason_in_dutch_and_english(tmp_path):
    corpus = tmp_path / "ads.csv"
    corpus.write_text("id;body\n1;Sanne 0612345678\n", encoding="utf-8")
    run = ad_analysis_enqueue(corpus=corpus, year=2020)
    _work_off_the_queue()
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.FAILED
    assert run.message == (
        "regel 1: geen kolom 'text' of 'title' (wijs andere namen toe met een kolomtoewijzing)"
    )
    assert run.message_en == (
        "line 1: no column 'text' or 'title' (map other names with a column mapping)"
    )
    assert "Error" not in run.message + run.message_en


@pytest.mark.django_db(transaction=True)
def test_an_unexpected_error_leaves_a_generic_reason_that_repeats_nothing(tmp_path, monkeypatch):
    from zicht.web.monitor import ad_analysis

    def broken(*args, **kwargs):
        raise KeyError("Sanne 0612345678")  # as if an ad's words reached an error

    monkeypatch.setattr(ad_analysis, "analyse_ad_corpus", broken)
    corpus = write_jsonl(
        generate_corpus(SyntheticCorpusSettings(n_ads=10, seed=5, year=2020)),
        tmp_path / "ads.jsonl",
    )
    run = ad_analysis_enqueue(corpus=corpus, year=2020)
    _work_off_the_queue()
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.FAILED
    assert run.message.startswith("de taak is mislukt door een onverwachte fout")
    assert run.message_en.startswith("the run failed on an unexpected error")
    for text in (run.message, run.message_en):
        assert "Sanne" not in text and "KeyError" not in text


def _encoded_lists(folder, secret: bytes) -> tuple[list, object]:
    lists = generate_lists(
        SyntheticListSettings(
            population=900, capture_probabilities=(0.4, 0.3, 0.25), source_names=SOURCES, seed=3
        )
    )
    files = []
    for source, rows in lists.records.items():
        plain = folder / f"{source}.csv"
        write_list_csv(rows, plain)
        files.append(encode_csv(plain, folder / f"{source}.jsonl", secret, source=source))
        plain.unlink()
    return [folder / f"{source}.jsonl" for source in lists.records], lists


@pytest.mark.django_db(transaction=True)
def test_a_linkage_run_stores_the_estimate_and_shows_its_quality_as_distributions(
    tmp_path, admin_client
):
    files, lists = _encoded_lists(tmp_path, b"test-secret-for-the-background-run")
    run = linkage_enqueue(encodings=files, year=2020)
    _work_off_the_queue()
    run.refresh_from_db()
    assert (run.status, run.progress) == (AnalysisRun.Status.DONE, 1.0), run.message
    assert Observation.objects.filter(delivery=run.delivery, indicator_id="estimated_victims")
    report = json.loads(bytes(run.delivery.content))["linkage"]
    assert report["records"] == sum(len(rows) for rows in lists.records.values())
    estimate = Observation.objects.get(delivery=run.delivery, indicator_id="estimated_victims")
    assert run.result["records"] == report["records"]
    assert run.result["persons"] == report["persons"]
    assert run.result["estimate"] == pytest.approx(estimate.value)
    assert (run.result["lower"], run.result["upper"]) == pytest.approx(
        (estimate.lower, estimate.upper)
    )
    assert report["quality"]["links_accepted"] > 0
    assert sum(report["score_histogram"]["counts"]) == report["candidate_pairs"]
    page = admin_client.get(f"/beheer/monitor/analysisrun/{run.pk}/change/").content.decode()
    assert "koppelingskwaliteit" in page.lower() and page.count("<svg") >= 2
    assert "Waarschijnlijk onterecht" in page
    # Counts and distributions only: no record reference or name reaches the page.
    row = lists.records[SOURCES[0]][0]
    for value in (row["record_ref"], row["family_name"]):
        assert value not in page and value not in json.dumps(report)


@pytest.mark.django_db(transaction=True)
def test_a_linkage_run_refuses_a_file_that_holds_more_than_encodings(tmp_path):
    bad = tmp_path / f"{SOURCES[0]}.jsonl"
    bad.write_text('{"record_ref": "A1", "given_name": "Jan"}\n', encoding="utf-8")
    run = linkage_enqueue(encodings=[bad], year=2020)
    _work_off_the_queue()
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.FAILED and run.message
    assert "Jan" not in run.message
    assert run.message.startswith("Coderingsbestand") and "Error" not in run.message
    assert not Observation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_linkage_of_one_source_is_refused_with_its_reason_in_both_languages(tmp_path):
    files, _ = _encoded_lists(tmp_path, b"test-secret-for-the-background-run")
    run = linkage_enqueue(encodings=files[:1], year=2020)
    _work_off_the_queue()
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.FAILED
    assert run.message.startswith("Koppelen tussen partners vraagt minstens twee bronnen")
    assert run.message_en.startswith("Linking between partners needs at least two sources")


@pytest.mark.django_db
def test_runs_failed_before_lose_the_class_name_and_keep_only_a_safe_reason():
    migration = importlib.import_module("zicht.web.monitor.migrations.0010_run_message_en_result")
    old = {
        "AdsImportError: de taak is mislukt": ("de taak is mislukt door een onverwachte fout"),
        "ValueError: Koppelen vraagt twee bronnen.": "Koppelen vraagt twee bronnen.",
        "KeyError: 'Sanne'": "de taak is mislukt door een onverwachte fout",
        "geannuleerd": "geannuleerd",
    }
    made = {
        text: AnalysisRun.objects.create(
            kind=AnalysisRun.Kind.ADS, year=2020, status=AnalysisRun.Status.FAILED, message=text
        ).pk
        for text in old
    }
    migration.drop_class_names(django_apps, None)
    for text, expected in old.items():
        run = AnalysisRun.objects.get(pk=made[text])
        assert run.message.startswith(expected), text
        assert "Error" not in run.message and "Sanne" not in run.message
    generic = AnalysisRun.objects.get(pk=made["KeyError: 'Sanne'"])
    assert generic.message_en.startswith("the run failed on an unexpected error")
