"""The ad analysis as a source of observations: a corpus in, only aggregates stored.

The corpus (ads as scraped) is analysed in memory by :mod:`zicht.core.ads`; what is stored is
a delivery of the ``analysis`` kind whose content is the run's summary (aggregates, settings,
rule version; no ad, phone number or text) and whose checksum is that of the corpus file, so
every figure can be traced to the exact corpus and rule that produced it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from zicht.core.ads.aggregates import AdsAreaYearAggregate, aggregate_by_municipality_year
from zicht.core.ads.analysis import AdsProgress, analyse_corpus
from zicht.core.catalog import Catalog
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.monitor.services import DeliveryResult, store_delivery

PARTNER = "advertentiemonitor"
THRESHOLDS = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)


def analyse_ad_corpus(
    path: Path,
    *,
    catalog: Catalog,
    secret: bytes,
    progress: Callable[[AdsProgress], None] | None = None,
) -> dict:
    """Analyse a corpus file; return only what may be stored: aggregates and a summary."""
    analysis = analyse_corpus(path, secret=secret, progress=progress, keep_ad_ids=False)
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
        "corpus_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "corpus_name": path.name,
    }


def _observations(cells: list[AdsAreaYearAggregate], catalog: Catalog, year: int):
    for cell in cells:
        area = catalog.current_area_code(cell.municipality_code)
        if cell.year != year or area not in catalog.partner_areas(PARTNER):
            continue
        yield ("sex_ads", area, str(year), "", float(cell.n_unique_ads))
        yield ("sex_ads_high_risk", area, str(year), "", float(cell.n_high_risk))
        yield ("sex_ad_operators", area, str(year), "", float(cell.n_clusters))
        for band, count in cell.cluster_size_distribution.items():
            yield ("sex_ad_operators", area, str(year), f"cluster_size={band}", float(count))


def ad_analysis_store(*, catalog: Catalog, year: int, result: dict) -> DeliveryResult:
    """Store the aggregates of an analysis run for one year as observations."""
    catalog_sync(catalog=catalog)
    cells = [AdsAreaYearAggregate(**c) for c in result["cells"]]
    content = json.dumps(
        {"summary": result["summary"], "cells": result["cells"]},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    ).encode()
    return store_delivery(
        partner=PARTNER,
        year=year,
        delivery_format="analysis",
        filename=result["corpus_name"],
        checksum=result["corpus_sha256"],
        content=content,
        row_count=int(result["summary"]["n_ads"]),
        observations=list(_observations(cells, catalog, year)),
        note=f"risicoregel {result['summary']['risk_rule_version']}",
    )
