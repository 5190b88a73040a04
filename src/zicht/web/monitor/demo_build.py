"""Build the demo monitor through the same services real deliveries and runs go through.

The CLI (`zicht demo`) and the test suite share these steps; heavy inputs (ad analyses, linkage
overlaps) are computed by the caller, so tests can compute them once per session.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

import polars as pl

from zicht.core.catalog import Catalog, Text
from zicht.demo.ads import demo_corpus
from zicht.demo.deliveries import DemoFile
from zicht.web.logs import spawned_django_ready
from zicht.web.monitor.ad_analysis import ad_analysis_store, ads_partner, analyse_ad_corpus
from zicht.web.monitor.models import Delivery, Edition
from zicht.web.monitor.publishing import edition_publish
from zicht.web.monitor.services import delivery_import
from zicht.web.monitor.victim_estimate import (
    capture_table_from_overlap,
    estimate_partner,
    victim_estimate_store,
)

Advance = Callable[[], None]
ESTIMATE_SOURCE = Text(
    "koppeling van versleutelde lijsten van politie, Humanitas en MO-zorgtafel",
    "linkage of the encoded lists of the police, Humanitas and the care table for social "
    "shelter (MO)",
)


def _nothing() -> None:
    return None


def import_deliveries(
    catalog: Catalog, files: Iterable[DemoFile], advance: Advance = _nothing
) -> None:
    for file in files:
        delivery_import(
            catalog=catalog,
            partner=file.partner,
            year=file.year,
            filename=file.filename,
            content=file.content,
            note=file.note,
        )
        advance()


def missing_years(partner: str, years: Iterable[int]) -> list[int]:
    """Years for which an analysis partner has nothing stored yet (reruns skip the rest)."""
    return [y for y in years if not Delivery.objects.filter(partner_id=partner, year=y).exists()]


def _analyse_demo_year(year: int, folder: Path, catalog: Catalog, secret: bytes) -> dict:
    return analyse_ad_corpus(demo_corpus(year, folder), catalog=catalog, secret=secret)


def analyse_demo_ads(
    catalog: Catalog,
    years: Iterable[int],
    folder: Path,
    secret: bytes,
    advance: Advance = _nothing,
) -> dict[int, dict]:
    """Each year's synthetic ad corpus, generated when missing and analysed, the years side by
    side in processes of their own: one analysis is single-threaded Python, and four years
    take a minute on one core. Each result is the same as analysing that year alone."""
    years = sorted(years)
    workers = min(len(years), os.cpu_count() or 1)
    if workers < 2:
        results = {}
        for year in years:
            results[year] = _analyse_demo_year(year, folder, catalog, secret)
            advance()
        return results
    # Spawned, not forked: Polars' thread pool does not survive a fork; a fresh process sets
    # Django up (from DJANGO_SETTINGS_MODULE) before it can import the analysis, and logs at
    # the level of this process (`zicht demo` keeps its build quiet).
    level = logging.getLogger("zicht").getEffectiveLevel()
    with ProcessPoolExecutor(
        workers, get_context("spawn"), initializer=spawned_django_ready, initargs=(level,)
    ) as pool:
        futures = {
            pool.submit(_analyse_demo_year, year, folder, catalog, secret): year for year in years
        }
        done = {}
        for future in as_completed(futures):
            done[futures[future]] = future.result()
            advance()
    return {year: done[year] for year in years}


def store_ad_analyses(catalog: Catalog, results: Mapping[int, dict]) -> None:
    for year in missing_years(ads_partner(catalog), sorted(results)):
        ad_analysis_store(catalog=catalog, year=year, result=results[year])


def store_estimates(catalog: Catalog, overlaps: Mapping[int, pl.DataFrame]) -> None:
    for year in missing_years(estimate_partner(catalog), sorted(overlaps)):
        overlap = overlaps[year]
        victim_estimate_store(
            catalog=catalog,
            year=year,
            source=ESTIMATE_SOURCE,
            table=capture_table_from_overlap(overlap),
            extra={"overlap": overlap.to_dicts()},
        )


def publish_editions(catalog: Catalog, advance: Advance = _nothing) -> None:
    for year in sorted(catalog.editions):
        if not Edition.year_is_published(year):
            edition_publish(catalog=catalog, year=year)
        advance()
