"""Background runs: the ad analysis and the linkage-and-estimate as queued tasks with progress.

``*_enqueue`` records a run and queues it; a worker (``zicht worker``) picks it up and reports
progress on the run, which the coordinator follows in the CLI (``zicht runs``) or the admin.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.utils import timezone
from django_tasks import task

from zicht import config
from zicht.core.catalog import Text, load_catalog
from zicht.web.monitor.models import AdText, AnalysisRun

log = logging.getLogger("zicht.runs")


class _Reporter:
    """Writes progress to the run at most twice a second, so reporting never slows the job."""

    def __init__(self, run: AnalysisRun):
        self.run, self.last = run, 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.last < 0.5 and not (total and done >= total):
            return
        self.last = now
        fraction = min(1.0, done / total) if total else 0.0
        AnalysisRun.objects.filter(pk=self.run.pk).update(stage=stage[:64], progress=fraction)


def _finish(run: AnalysisRun, *, delivery=None, error: str = "") -> None:
    status = AnalysisRun.Status.FAILED if error else AnalysisRun.Status.DONE
    AnalysisRun.objects.filter(pk=run.pk).update(
        status=status,
        delivery=delivery,
        message=error,
        finished_at=timezone.now(),
        progress=run.progress if error else 1.0,
    )
    log.info("run finished id=%s kind=%s status=%s", run.pk, run.kind, status)


@task()
def run_ad_analysis(run_id: int) -> None:
    from zicht.web.monitor.ad_analysis import (
        ad_analysis_store,
        ad_text_store,
        analyse_ad_corpus,
    )

    run = AnalysisRun.objects.get(pk=run_id)
    AnalysisRun.objects.filter(pk=run_id).update(status=AnalysisRun.Status.RUNNING)
    _purge_expired_texts()
    report = _Reporter(run)
    try:
        catalog = load_catalog(config.catalog_dir())
        secret = config.pseudonym_secret()
        days = _keep_text_days(run)
        result = analyse_ad_corpus(
            Path(run.inputs[0]),
            catalog=catalog,
            secret=secret,
            progress=lambda p: report(p.stage, p.done, p.total),
            text_store=ad_text_store(run, secret=secret, days=days) if days else None,
        )
        stored = ad_analysis_store(catalog=catalog, year=run.year, result=result)
    except Exception as error:  # the run records why; the worker keeps going
        AdText.objects.filter(run=run).delete()  # a failed run keeps no text either
        _finish(run, error=f"{type(error).__name__}: de analyse is mislukt")
        raise
    _finish(run, delivery=stored.delivery)


@task()
def run_linkage_estimate(run_id: int) -> None:
    from zicht.core.privacy.linkage import link_files
    from zicht.web.monitor.victim_estimate import capture_table_from_overlap, victim_estimate_store

    run = AnalysisRun.objects.get(pk=run_id)
    AnalysisRun.objects.filter(pk=run_id).update(status=AnalysisRun.Status.RUNNING)
    _purge_expired_texts()
    try:
        result = link_files([Path(p) for p in run.inputs], progress=_Reporter(run))
        stored, _ = victim_estimate_store(
            catalog=load_catalog(config.catalog_dir()),
            year=run.year,
            table=capture_table_from_overlap(result.overlap()),
            source=Text(
                f"koppeling van {len(run.inputs)} versleutelde lijsten",
                f"linkage of {len(run.inputs)} encoded lists",
            ),
            # Counts and distributions only: the coordinator's view of the linkage quality.
            extra={"linkage": result.report()},
        )
    except Exception as error:
        _finish(run, error=f"{type(error).__name__}: {error}"[:500])
        raise
    _finish(run, delivery=stored.delivery)


def _purge_expired_texts() -> None:
    from zicht.web.monitor.ad_analysis import purge_expired_ad_texts

    purged = purge_expired_ad_texts()
    if purged:
        log.info("ad text store: %d expired rows purged", purged)


def _keep_text_days(run: AnalysisRun) -> int | None:
    # The maximum may have been lowered since the run was queued: the lower bound wins, and
    # a store switched off in the meantime keeps nothing.
    if not run.keep_text_days:
        return None
    return min(run.keep_text_days, config.ad_text_max_retention_days()) or None


def ad_analysis_enqueue(
    *, corpus: Path, year: int, keep_text_days: int | None = None
) -> AnalysisRun:
    """Queue an ad analysis; ``keep_text_days`` enables the restricted text store for it."""
    from zicht.web.monitor.ad_analysis import allowed_keep_text_days

    run = AnalysisRun.objects.create(
        kind=AnalysisRun.Kind.ADS,
        year=year,
        inputs=[str(corpus.resolve())],
        keep_text_days=allowed_keep_text_days(keep_text_days),
    )
    run_ad_analysis.enqueue(run.pk)
    return run


def linkage_enqueue(*, encodings: list[Path], year: int) -> AnalysisRun:
    run = AnalysisRun.objects.create(
        kind=AnalysisRun.Kind.LINKAGE, year=year, inputs=[str(p.resolve()) for p in encodings]
    )
    run_linkage_estimate.enqueue(run.pk)
    return run
