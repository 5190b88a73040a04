"""The ad analysis as a source of observations: a corpus in, only aggregates stored.

The corpus (ads as scraped) is analysed in memory by :mod:`zicht.core.ads`; what is stored is
a delivery of the ``analysis`` kind whose content is the run's summary (aggregates, settings,
rule version; no ad, phone number or text) and whose checksum is that of the corpus file, so
every figure can be traced to the exact corpus and rule that produced it. Only when the
coordinator enables it for a run does the restricted store (``AdText``) keep ad wording, with
contacts pseudonymised and an expiry date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path

from django.utils import timezone

from zicht import config
from zicht.core.ads.aggregates import AdsAreaYearAggregate, aggregate_by_municipality_year
from zicht.core.ads.analysis import AdsProgress, analyse_batches
from zicht.core.ads.contacts import Pseudonymiser
from zicht.core.ads.reader import RawAd, iter_ad_batches
from zicht.core.ads.redaction import redact_ad
from zicht.core.breakdowns import Breakdown
from zicht.core.catalog import AnalysisMethod, Catalog, Text
from zicht.core.deliveries import ObservationRow
from zicht.core.errors import ZichtError
from zicht.core.publication.formatting import format_number
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.monitor.models import AdText, AnalysisRun
from zicht.web.monitor.services import DeliveryResult, analysis_content, store_delivery

THRESHOLDS = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)


def analyse_ad_corpus(
    path: Path,
    *,
    catalog: Catalog,
    secret: bytes,
    progress: Callable[[AdsProgress], None] | None = None,
    text_store: Callable[[list[RawAd]], None] | None = None,
) -> dict:
    """Analyse a corpus file; return only what may be stored: aggregates and a summary.

    ``text_store`` (the restricted analysis store, off by default) sees each batch of ads as
    it streams past and keeps their contact-free wording; nothing else of an ad is kept.
    """
    batches = iter_ad_batches(path)
    if text_store is not None:
        batches = _passing(batches, text_store)
    analysis = analyse_batches(batches, secret=secret, progress=progress, keep_ad_ids=False)
    cells = aggregate_by_municipality_year(analysis, catalog.city_to_municipality())
    summary = analysis.summary()
    summary["share_high_risk_by_threshold"] = dict(
        zip(
            [str(t) for t in THRESHOLDS],
            analysis.share_high_risk_by_threshold(THRESHOLDS),
            strict=True,
        )
    )
    return {
        "cells": [asdict(c) for c in cells],
        "summary": summary,
        "corpus_sha256": _sha256_of_file(path),
        "corpus_name": path.name,
    }


def _sha256_of_file(path: Path) -> str:
    # In blocks: a million-ad corpus is over half a gigabyte.
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _passing(
    batches: Iterable[list[RawAd]], store: Callable[[list[RawAd]], None]
) -> Iterator[list[RawAd]]:
    for batch in batches:
        store(batch)
        yield batch


class TextStoreNotAllowed(ZichtError, ValueError):
    """The restricted ad text store was asked for beyond what the configuration allows."""

    code = "text_store_not_allowed"


def allowed_keep_text_days(days: int | None) -> int | None:
    """The retention a run may use: None (nothing kept) or 1 up to the configured maximum."""
    if days is None:
        return None
    maximum = config.ad_text_max_retention_days()
    if maximum == 0:
        raise TextStoreNotAllowed(
            "de beperkte tekstopslag staat uit (ZICHT_AD_TEXT_MAX_RETENTION_DAYS=0)"
        )
    if not 1 <= days <= maximum:
        raise TextStoreNotAllowed(f"bewaartermijn moet tussen 1 en {maximum} dagen liggen")
    return days


def ad_text_store(run: AnalysisRun, *, secret: bytes, days: int) -> Callable[[list[RawAd]], None]:
    """A batch writer for the restricted store: wording with contacts pseudonymised, expiring."""
    pseudonymiser = Pseudonymiser(secret)
    expires_at = timezone.now() + timedelta(days=days)

    def store(batch: list[RawAd]) -> None:
        rows = []
        for record in batch:
            title, text = redact_ad(record, pseudonymiser)
            rows.append(
                AdText(
                    run=run,
                    ad_id=str(record["ad_id"])[:255],
                    site=str(record.get("site") or "")[:255],
                    title=title,
                    text=text,
                    expires_at=expires_at,
                )
            )
        AdText.objects.bulk_create(rows, batch_size=2_000)

    return store


def purge_expired_ad_texts(now: datetime | None = None) -> int:
    """Delete stored ad texts whose retention has passed; returns how many went."""
    deleted, _ = AdText.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def ads_partner(catalog: Catalog) -> str:
    """The partner the catalogue declares for the ad analysis's figures."""
    return catalog.analysis_partner(AnalysisMethod.ADS).code


def _observations(cells: list[AdsAreaYearAggregate], catalog: Catalog, year: int):
    partner = catalog.analysis_partner(AnalysisMethod.ADS)
    produced = partner.analysis.indicator
    unique, high_risk, operators = (
        produced(role) for role in ("unique_ads", "high_risk_ads", "operators")
    )
    period = str(year)
    # The size bands are the categories of the operators indicator's one breakdown.
    (bands,) = catalog.indicators[operators].breakdowns
    for cell in cells:
        area = catalog.current_area_code(cell.municipality_code)
        if cell.year != year or area not in catalog.partner_areas(partner.code):
            continue
        yield ObservationRow(unique, area, period, "", float(cell.n_unique_ads))
        yield ObservationRow(high_risk, area, period, "", float(cell.n_high_risk))
        yield ObservationRow(operators, area, period, "", float(cell.n_clusters))
        for band, count in cell.cluster_size_distribution.items():
            breakdown = str(Breakdown(bands, band))
            yield ObservationRow(operators, area, period, breakdown, float(count))


def ad_analysis_store(*, catalog: Catalog, year: int, result: dict) -> DeliveryResult:
    """Store the aggregates of an analysis run for one year as observations."""
    catalog_sync(catalog=catalog)
    cells = [AdsAreaYearAggregate(**c) for c in result["cells"]]
    payload = {"summary": result["summary"], "cells": result["cells"]}
    content = analysis_content(payload)
    return store_delivery(
        partner=ads_partner(catalog),
        year=year,
        delivery_format="analysis",
        filename=result["corpus_name"],
        checksum=result["corpus_sha256"],
        content=content,
        row_count=int(result["summary"]["n_ads"]),
        observations=list(_observations(cells, catalog, year)),
        note=method_notes(payload, catalog).nl,
    )


def method_notes(content: dict, catalog: Catalog) -> Text:
    """Which risk rule scored the ads, for readers, in Dutch and English (the catalogue is
    not needed here; the estimate's notes use it to name its lists)."""
    summary = content["summary"]
    version = summary["risk_rule_version"]
    threshold = summary.get("high_risk_threshold")
    if threshold is None:  # stored before the threshold was kept with the run
        return Text(
            f"Risico beoordeeld met de vastgestelde risicoregel (versie van de risicoregel: "
            f"{version}).",
            f"Risk assessed with the adopted risk rule (version of the risk rule: {version}).",
        )
    return Text(
        "Hoog risico: een risicoscore van minstens "
        f"{format_number(threshold, 'nl', 1)} punten volgens de vastgestelde risicoregel "
        f"(versie van de risicoregel: {version}).",
        f"High risk: a risk score of at least {format_number(threshold, 'en', 1)} points "
        f"under the adopted risk rule (version of the risk rule: {version}).",
    )
