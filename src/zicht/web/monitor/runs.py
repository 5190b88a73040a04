"""Background runs: the ad analysis and the linkage-and-estimate as queued tasks with progress.

``*_enqueue`` records a run and queues it; a worker (``zicht worker``) picks it up and reports
progress on the run, which the coordinator follows in the CLI (``zicht runs``) or the admin.

Faults: a worker claims a run (``attempt`` + 1) and a heartbeat thread marks it alive; results
are stored and the run marked done in one transaction, only while the claim still holds. A run
whose worker stopped beating (killed, machine gone, database unreachable) for longer than
``ZICHT_RUN_LEASE_SECONDS`` is marked failed with the reason by the next worker, keeping none of
its data (ad texts deleted); ``zicht runs retry`` queues it again, ``zicht runs cancel`` stops it.
"""

from __future__ import annotations

import logging
import math
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from zicht import config
from zicht.core.catalog import Text, load_catalog
from zicht.core.errors import ZichtError
from zicht.web.monitor.models import AdText, AnalysisRun, Delivery
from zicht.web.monitor.signals import analysis_run_changed

log = logging.getLogger("zicht.runs")
Status = AnalysisRun.Status


class RunAbandoned(Exception):
    """This worker's claim on the run was lost (cancelled, or taken as dead): stop, keep nothing."""


class _Claim:
    """A worker's hold on one attempt of a run, kept alive by a heartbeat thread."""

    def __init__(self, run_id: int, attempt: int):
        self.run_id, self.attempt = run_id, attempt
        self._checked = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"run-{run_id}-beat", daemon=True)

    def _mine(self):
        return AnalysisRun.objects.filter(
            pk=self.run_id, status=Status.RUNNING, attempt=self.attempt
        )

    def _beat(self) -> None:
        # Beats only; whether the claim still holds is checked by the working thread, which
        # sees the run in its own transaction (see ``check``).
        interval = max(0.5, config.value("ZICHT_RUN_LEASE_SECONDS") / 4)
        try:
            while not self._stop.wait(interval):
                try:
                    self._mine().update(heartbeat_at=timezone.now())
                except Exception:  # database away: no beat; the lease decides
                    log.warning("run heartbeat failed id=%s", self.run_id)
                    close_old_connections()
        finally:
            connection.close()  # this thread's own connection

    def check(self) -> None:
        """Raise RunAbandoned when the run was cancelled or taken as dead (read every 2 s)."""
        now = time.monotonic()
        if now - self._checked < 2.0:
            return
        self._checked = now
        if not self._mine().exists():
            raise RunAbandoned(f"run {self.run_id} is no longer held by this worker")

    def __enter__(self) -> _Claim:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


def _claim(run_id: int) -> _Claim | None:
    """Take a queued run; None when it was cancelled or another worker has it."""
    taken = AnalysisRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        attempt=F("attempt") + 1,
        heartbeat_at=timezone.now(),
        worker=_worker_name(),
        message="",
        message_en="",
    )
    if not taken:
        log.info("run not claimed id=%s (cancelled or taken)", run_id)
        return None
    attempt = AnalysisRun.objects.values_list("attempt", flat=True).get(pk=run_id)
    return _Claim(run_id, attempt)


class _Reporter:
    """Writes progress to the run at most twice a second, so reporting never slows the job."""

    def __init__(self, claim: _Claim):
        self.claim, self.last = claim, 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        self.claim.check()
        now = time.monotonic()
        if now - self.last < 0.5 and not (total and done >= total):
            return
        self.last = now
        fraction = min(1.0, done / total) if total else 0.0
        self.claim._mine().update(stage=stage[:64], progress=fraction)


@dataclass(frozen=True)
class Stored:
    """What a run stored: its delivery, and its headline figures (counts only) for the page."""

    delivery: Delivery
    result: dict[str, float | int | None]


def _commit(claim: _Claim, store: Callable[[], Stored]) -> None:
    """Store the results and mark the run done in one transaction, if the claim still holds."""
    with transaction.atomic():
        run = AnalysisRun.objects.select_for_update().get(pk=claim.run_id)
        if run.status != Status.RUNNING or run.attempt != claim.attempt:
            raise RunAbandoned(f"run {claim.run_id} was taken away before it was stored")
        stored = store()
        AnalysisRun.objects.filter(pk=run.pk).update(
            status=Status.DONE,
            delivery=stored.delivery,
            result=stored.result,
            finished_at=timezone.now(),
            progress=1.0,
        )
    log.info("run finished id=%s status=done", claim.run_id)
    _announce(claim.run_id)


#: Said of a run that failed on anything but one of Zicht's own refusals, whose message
#: might quote what it read (an ad); the worker's log has the rest.
FAILED_WITHOUT_REASON = Text(
    "de taak is mislukt door een onverwachte fout; de beheerder vindt de oorzaak in het "
    "logboek van de verwerker",
    "the run failed on an unexpected error; the administrator finds the cause in the worker's log",
)


def failure_reason(error: BaseException) -> Text:
    """Why a run failed, for the coordinator: the message of one of Zicht's own refusals
    (written never to repeat a value, Dutch and, where written, English), or a generic one."""
    if isinstance(error, ZichtError) and error.message:
        return Text(error.message[:1000], (error.message_en or "")[:1000])
    return FAILED_WITHOUT_REASON


def _fail(claim: _Claim, reason: Text) -> None:
    """A failed run keeps no text; a run taken away from this worker is left as it is."""
    with transaction.atomic():
        mine = claim._mine().update(
            status=Status.FAILED,
            message=reason.nl,
            message_en=reason.en,
            finished_at=timezone.now(),
        )
        if mine:
            AdText.objects.filter(run_id=claim.run_id).delete()
    log.info("run finished id=%s status=failed", claim.run_id)
    _announce(claim.run_id)


def _announce(run_id: int) -> None:
    """Tell listeners (the audit trail) how a run ended; a lost database connection, the very
    fault a failing run may be reporting, must not hide the run's own error."""
    try:
        analysis_run_changed.send(AnalysisRun, run=AnalysisRun.objects.get(pk=run_id))
    except DatabaseError:
        log.warning("run end not announced id=%s", run_id)


def _execute(run_id: int, work: Callable[[AnalysisRun, _Reporter], Callable[[], Stored]]) -> None:
    """Claim, work, store; a failure records its reason (see ``failure_reason``)."""
    recover_stale_runs()
    _purge_expired_texts()
    claim = _claim(run_id)
    if claim is None:
        return
    run = AnalysisRun.objects.get(pk=run_id)
    with claim:
        try:
            store = work(run, _Reporter(claim))
            claim.check()
            _commit(claim, store)
        except RunAbandoned:
            log.warning("run abandoned id=%s attempt=%s", run_id, claim.attempt)
        except BaseException as error:  # the run records why; the worker keeps going
            log.warning("run failed id=%s error=%s", run_id, type(error).__name__)
            _fail(claim, failure_reason(error))
            raise


@task()
def run_ad_analysis(run_id: int) -> None:
    from zicht.web.monitor.ad_analysis import (
        ad_analysis_store,
        ad_text_store,
        analyse_ad_corpus,
    )

    def work(run: AnalysisRun, report: _Reporter):
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
        summary = result["summary"]
        figures = {
            "ads": int(summary["n_ads"]),
            "unique": int(summary["n_unique"]),
            "clusters": int(summary["n_clusters"]),
            "share_high_risk": float(summary["share_high_risk"]),
        }

        def store() -> Stored:
            stored = ad_analysis_store(catalog=catalog, year=run.year, result=result)
            return Stored(stored.delivery, figures)

        return store

    _execute(run_id, work)


@task()
def run_linkage_estimate(run_id: int) -> None:
    from zicht.core.privacy.linkage import link_files
    from zicht.web.monitor.victim_estimate import capture_table_from_overlap, victim_estimate_store

    def work(run: AnalysisRun, report: _Reporter):
        result = link_files([Path(p) for p in run.inputs], progress=report)

        def store() -> Stored:
            stored, estimate = victim_estimate_store(
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
            figures = {
                "records": len(result.records.record_refs),
                "persons": result.person_count,
                "estimate": _finite(estimate.estimate),
                "lower": _finite(estimate.ci_low),
                "upper": _finite(estimate.ci_high),
            }
            return Stored(stored.delivery, figures)

        return store

    _execute(run_id, work)


def _finite(value: float) -> float | None:
    """JSON has no infinity: an unbounded limit is kept as None."""
    return float(value) if math.isfinite(value) else None


def recover_stale_runs() -> list[int]:
    """Mark failed every running run whose worker stopped beating; returns their ids."""
    lease = timedelta(seconds=config.value("ZICHT_RUN_LEASE_SECONDS"))
    cutoff = timezone.now() - lease
    stale = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)
    recovered = []
    with transaction.atomic():
        runs = AnalysisRun.objects.select_for_update(skip_locked=True).filter(
            stale, status=Status.RUNNING
        )
        for run in runs:
            since = (
                timezone.localtime(run.heartbeat_at).strftime("%H:%M:%S")
                if (run.heartbeat_at)
                else "de start"
            )
            since_en = since if run.heartbeat_at else "the start"
            AnalysisRun.objects.filter(pk=run.pk).update(
                status=Status.FAILED,
                finished_at=timezone.now(),
                message=(
                    f"de verwerker ({run.worker or 'onbekend'}) is gestopt: geen teken van leven "
                    f"sinds {since}; opnieuw starten met 'zicht runs retry {run.pk}'"
                ),
                message_en=(
                    f"the worker ({run.worker or 'unknown'}) stopped: no sign of life since "
                    f"{since_en}; start it again with 'zicht runs retry {run.pk}'"
                ),
            )
            AdText.objects.filter(run=run).delete()
            recovered.append(run.pk)
    for run_id in recovered:
        log.warning("run marked failed id=%s reason=worker-stopped", run_id)
    return recovered


class RunStateError(ZichtError, ValueError):
    """A retry or cancel that does not fit the run's state (Dutch message)."""

    code = "run_state"


def run_retry(run_id: int) -> AnalysisRun:
    """Queue a failed run again (a new attempt); its earlier attempt kept nothing."""
    run = AnalysisRun.objects.filter(pk=run_id).first()
    if run is None:
        raise RunStateError(f"taak {run_id} bestaat niet")
    if run.status != Status.FAILED:
        raise RunStateError(f"taak {run_id} is niet mislukt ({run.get_status_display()})")
    AnalysisRun.objects.filter(pk=run_id, status=Status.FAILED).update(
        status=Status.QUEUED,
        stage="",
        progress=0.0,
        message="",
        message_en="",
        result={},
        finished_at=None,
        delivery=None,
    )
    _TASKS[run.kind].enqueue(run_id)
    return AnalysisRun.objects.get(pk=run_id)


def run_cancel(run_id: int) -> AnalysisRun:
    """Stop a queued or running run; a running worker notices at its next beat and stops."""
    with transaction.atomic():
        run = AnalysisRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            raise RunStateError(f"taak {run_id} bestaat niet")
        if run.status not in (Status.QUEUED, Status.RUNNING):
            raise RunStateError(f"taak {run_id} is al afgerond ({run.get_status_display()})")
        AnalysisRun.objects.filter(pk=run_id).update(
            status=Status.FAILED,
            message="geannuleerd",
            message_en="cancelled",
            finished_at=timezone.now(),
        )
        AdText.objects.filter(run=run).delete()
    return AnalysisRun.objects.get(pk=run_id)


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


_TASKS = {AnalysisRun.Kind.ADS: run_ad_analysis, AnalysisRun.Kind.LINKAGE: run_linkage_estimate}
