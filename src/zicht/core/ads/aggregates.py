"""Aggregates per municipality and year: the only ad figures that leave the analysis.

Cells hold counts of unique ads, the share "hoog risico" under the versioned rule, and the
number and size distribution of operator clusters active in the cell. The caller passes the
city-to-CBS-code mapping so the core holds no geography of its own; cells still go through
the disclosure gate before publication.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from zicht.core.ads.analysis import AdsAnalysis, AdsProgress, analyse_corpus
from zicht.core.ads.scoring import share_above_thresholds
from zicht.core.ads.settings import AdsSettings

UNKNOWN_MUNICIPALITY = "onbekend"
UNKNOWN_YEAR = -1
CLUSTER_SIZE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("1", 1, 1),
    ("2-5", 2, 5),
    ("6-20", 6, 20),
    ("21+", 21, 2**31),
)


@dataclass(frozen=True)
class AdsAreaYearAggregate:
    """One cell: unique ads in a municipality in a year, under one risk rule version."""

    municipality_code: str
    year: int
    n_unique_ads: int
    n_high_risk: int
    share_high_risk: float
    n_clusters: int
    cluster_size_distribution: Mapping[str, int] = field(default_factory=dict)
    risk_rule_version: str = ""
    # (threshold, share of the cell's ads at or above it), when thresholds were asked for.
    share_by_threshold: tuple[tuple[float, float], ...] = ()


def aggregate_by_municipality_year(
    analysis: AdsAnalysis,
    city_to_municipality: Mapping[str, str],
    *,
    thresholds: Sequence[float] = (),
) -> list[AdsAreaYearAggregate]:
    """Aggregate an analysis into municipality-year cells (city names matched case-blind).

    A unique ad counts in the year it was first seen (over all its reposts) and in the
    municipality of its stated city; unmapped cities go to ``UNKNOWN_MUNICIPALITY``. With
    ``thresholds``, each cell also says how its high-risk share moves with the threshold.
    """
    code_of_city = _municipality_code_per_city(analysis.features.city_names, city_to_municipality)
    area_labels = sorted(set(code_of_city) | {UNKNOWN_MUNICIPALITY})
    area_of_city = np.array([area_labels.index(code) for code in code_of_city], dtype=np.int64)
    city = analysis.features.city_of_unique
    unknown_area = area_labels.index(UNKNOWN_MUNICIPALITY)
    area = (
        np.where(city >= 0, area_of_city[np.maximum(city, 0)], unknown_area)
        if len(area_of_city)
        else np.full(len(city), unknown_area, dtype=np.int64)
    )
    year = analysis.features.year_of_unique.astype(np.int64)
    scores = analysis.risk_scores_of_unique()
    high = analysis.high_risk_of_unique()
    clusters = analysis.cluster_of_unique
    sizes = analysis.cluster_sizes()
    cell_key = area * 100_000 + (year - UNKNOWN_YEAR)
    cells: list[AdsAreaYearAggregate] = []
    for key in np.unique(cell_key):
        members = np.flatnonzero(cell_key == key)
        cell = _cell(
            area_labels[int(key // 100_000)],
            int(key % 100_000) + UNKNOWN_YEAR,
            members,
            high,
            clusters,
            sizes,
            analysis.settings.risk.version,
        )
        if thresholds:
            shares = share_above_thresholds(scores[members], [t - 1e-9 for t in thresholds])
            cell = replace(cell, share_by_threshold=tuple(zip(thresholds, shares, strict=True)))
        cells.append(cell)
    return cells


def _cell(
    municipality_code: str,
    year: int,
    members: np.ndarray,
    high: np.ndarray,
    clusters: np.ndarray,
    sizes: np.ndarray,
    rule_version: str,
) -> AdsAreaYearAggregate:
    active = np.unique(clusters[members])
    active_sizes = sizes[active]
    distribution = {
        label: int(((active_sizes >= low) & (active_sizes <= high_bound)).sum())
        for label, low, high_bound in CLUSTER_SIZE_BANDS
    }
    n_high = int(high[members].sum())
    return AdsAreaYearAggregate(
        municipality_code=municipality_code,
        year=year,
        n_unique_ads=len(members),
        n_high_risk=n_high,
        share_high_risk=n_high / len(members),
        n_clusters=len(active),
        cluster_size_distribution=distribution,
        risk_rule_version=rule_version,
    )


def _municipality_code_per_city(
    city_names: list[str], city_to_municipality: Mapping[str, str]
) -> list[str]:
    lookup = {" ".join(name.lower().split()): code for name, code in city_to_municipality.items()}
    return [lookup.get(name, UNKNOWN_MUNICIPALITY) for name in city_names]


def analyse_corpus_to_aggregates(
    path: Path | str,
    *,
    secret: bytes,
    city_to_municipality: Mapping[str, str],
    settings: AdsSettings | None = None,
    column_mapping: Mapping[str, str] | None = None,
    progress: Callable[[AdsProgress], None] | None = None,
    thresholds: Sequence[float] = (),
) -> tuple[list[AdsAreaYearAggregate], dict[str, object]]:
    """Corpus file in, municipality-year cells and the run summary out (for the web task)."""
    analysis = analyse_corpus(
        path,
        secret=secret,
        settings=settings,
        column_mapping=column_mapping,
        progress=progress,
        keep_ad_ids=False,
    )
    cells = aggregate_by_municipality_year(analysis, city_to_municipality, thresholds=thresholds)
    return cells, analysis.summary()
