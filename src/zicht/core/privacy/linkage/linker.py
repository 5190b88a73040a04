"""Linking encodings of any number of partners into persons: the public entry point.

``link_files`` (or ``link_encodings`` for data already in memory) runs candidate generation
(exhaustive in chunks for small inputs, LSH blocking for large ones), fits the threshold
from the score distribution, clusters, and returns a ``LinkageResult`` that yields the
links, the overlap table for the MSE and unique-person counts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from zicht.core.privacy.linkage.blocking import BlockingSettings, lsh_candidate_pairs
from zicht.core.privacy.linkage.clustering import ClusteringResult, cluster_links
from zicht.core.privacy.linkage.consistency import birth_year_bounds
from zicht.core.privacy.linkage.encoding_file import (
    EncodingFile,
    LinkageRefused,
    check_files_belong_together,
    read_encoding_file,
)
from zicht.core.privacy.linkage.outputs import links_table, overlap_table, unique_person_counts
from zicht.core.privacy.linkage.quality import LinkageQuality, estimate_quality
from zicht.core.privacy.linkage.similarity import (
    CandidatePairs,
    best_pairs_between,
    best_per_record_and_source,
    bit_counts,
    keep_best_per_record,
    pack_words,
)
from zicht.core.privacy.linkage.threshold import ThresholdFit, ThresholdSettings, fit_threshold

logger = logging.getLogger(__name__)
ProgressCallback = Callable[[str, int, int], None]


@dataclass(frozen=True)
class LinkageSettings:
    """Everything that shapes a linkage run; stored with the run's results."""

    blocking: BlockingSettings = field(default_factory=BlockingSettings)
    threshold: ThresholdSettings = field(default_factory=ThresholdSettings)
    #: Below this many record pairs every pair is compared; above it LSH blocking is used.
    exhaustive_pair_limit: int = 60_000_000
    #: Best candidates kept per record and per other partner (bounds memory and the fit).
    candidates_per_record: int = 3
    #: Pairs scoring below this are never kept: random pairs of hardened encodings sit
    #: near 0.5, matches far above.
    similarity_floor: float = 0.5
    #: True for partner lists; False to deduplicate within a list (FEBRL3-style data).
    one_record_per_source: bool = True
    #: Only for sensitivity analyses; normally None so the threshold comes from the data.
    fixed_threshold: float | None = None
    #: With blocking, the threshold is fitted on this many records compared with every
    #: other record, so that the score distribution is the same as without blocking.
    threshold_sample_records: int = 4000
    #: Use year and age group as weak evidence: records whose birth-year bounds do not
    #: overlap are not linked.
    use_attributes: bool = True
    seed: int = 5


@dataclass(frozen=True)
class EncodedRecords:
    """Records of all partners together; ``source_index`` points into ``source_names``."""

    source_names: list[str]
    source_index: np.ndarray
    record_refs: list[str]
    words: np.ndarray
    attributes: dict[str, list[str]]

    @staticmethod
    def from_files(files: Sequence[EncodingFile]) -> EncodedRecords:
        check_files_belong_together(list(files))
        sources = [source for file in files for source in file.sources]
        names = list(dict.fromkeys(sources))
        lookup = {name: position for position, name in enumerate(names)}
        attributes = {
            key: [value for file in files for value in file.attributes[key]]
            for key in files[0].attributes
        }
        return EncodedRecords(
            source_names=names,
            source_index=np.array([lookup[source] for source in sources], dtype=np.int64),
            record_refs=[reference for file in files for reference in file.record_refs],
            words=pack_words(np.concatenate([file.encodings for file in files])),
            attributes=attributes,
        )


@dataclass(frozen=True)
class LinkageResult:
    records: EncodedRecords
    person_index: np.ndarray
    threshold: ThresholdFit
    candidates: CandidatePairs
    clustering: ClusteringResult
    settings: LinkageSettings
    blocking_used: str
    quality: LinkageQuality

    @property
    def person_count(self) -> int:
        return int(self.person_index.max(initial=-1) + 1)

    def links(self) -> pl.DataFrame:
        """``source, record_ref, person_id`` per record."""
        records = self.records
        return links_table(
            records.source_names, records.source_index, records.record_refs, self.person_index
        )

    def overlap(self) -> pl.DataFrame:
        """Capture histories (one 0/1 column per source) with ``count``: the MSE input."""
        return overlap_table(
            self.records.source_names, self.records.source_index, self.person_index
        )

    def report(self) -> dict:
        """What the coordinator sees of a run: counts, the threshold, the score histogram and
        the quality estimates. Only counts and distributions, never a record or a person."""
        fit = self.threshold
        return {
            "records": len(self.records.record_refs),
            "sources": list(self.records.source_names),
            "persons": self.person_count,
            "blocking": self.blocking_used,
            "candidate_pairs": len(self.candidates),
            "threshold": round(fit.threshold, 4),
            "threshold_method": fit.method,
            "score_histogram": {"edges": fit.histogram_edges, "counts": fit.histogram_counts},
            "quality": asdict(self.quality),
            "settings": asdict(self.settings),
        }

    def unique_persons(self, by: Sequence[str] = ("municipality", "year")) -> pl.DataFrame:
        """Unique persons per source (and ``*`` for all) and per cell of ``by``."""
        records = self.records
        return unique_person_counts(
            records.source_names, records.source_index, self.person_index, records.attributes, by
        )


def _exhaustive_pairs(records, counts, settings, progress) -> CandidatePairs:
    members = [
        np.flatnonzero(records.source_index == index) for index in range(len(records.source_names))
    ]
    tasks = [
        (row, column)
        for row in range(len(members))
        for column in range(len(members))
        if row != column or not settings.one_record_per_source
    ]
    parts = []
    for done, (row, column) in enumerate(tasks, start=1):
        parts.append(
            best_pairs_between(
                records.words,
                counts,
                members[row],
                members[column],
                settings.candidates_per_record,
                settings.similarity_floor,
            )
        )
        if progress is not None:
            progress("compare", done, len(tasks))
    return CandidatePairs.concatenate(parts).deduplicated()


def _sampled_pairs(records, counts, settings) -> CandidatePairs:
    """Each sampled record's best pairs towards every other source, all pairs compared."""
    rng = np.random.default_rng(settings.seed)
    total = records.source_index.size
    sample = np.sort(rng.choice(total, min(total, settings.threshold_sample_records), False))
    parts = []
    for index in range(len(records.source_names)):
        members = np.flatnonzero(records.source_index == index)
        rows = (
            sample
            if not settings.one_record_per_source
            else sample[records.source_index[sample] != index]
        )
        parts.append(
            best_pairs_between(
                records.words,
                counts,
                rows,
                members,
                settings.candidates_per_record,
                settings.similarity_floor,
            )
        )
    return CandidatePairs.concatenate(parts)


def _fit(pairs: CandidatePairs, sources: np.ndarray, settings: LinkageSettings) -> ThresholdFit:
    """Threshold from the best candidates when they show near-misses, else from all kept.

    Only a record's best candidate can become its link, so the near-misses that matter are
    those of records without a match: the best candidates. When (nearly) every record has a
    match they show no near-miss pile, and the pooled candidates are used instead. The
    pooled threshold is an upper bound: the best candidates only ever relax it.
    """
    pooled = fit_threshold(pairs.score, settings.threshold)
    both_ends = pairs.both_ways()
    best_scores = both_ends.score[best_per_record_and_source(both_ends, sources)]
    best = fit_threshold(best_scores, settings.threshold)
    usable = (
        best.method != "fallback"
        and best.tail_count >= settings.threshold.minimum_scores
        and best.non_match_mode < pooled.threshold  # a real near-miss pile, not matches
        and best.threshold < pooled.threshold
    )
    if not usable:
        return pooled
    return ThresholdFit(**{**best.__dict__, "method": "local-false-link-rate/best-candidates"})


def _pairs_needed(records: EncodedRecords, settings: LinkageSettings) -> int:
    sizes = np.bincount(records.source_index, minlength=len(records.source_names))
    total = int(sizes.sum())
    cross = (total * total - int((sizes * sizes).sum())) // 2
    return cross if settings.one_record_per_source else total * (total - 1) // 2


def _candidates(records, counts, settings, progress) -> tuple[CandidatePairs, bool]:
    """Kept candidate pairs and whether every pair was compared (no blocking)."""
    exhaustive = _pairs_needed(records, settings) <= settings.exhaustive_pair_limit
    if exhaustive:
        pairs = _exhaustive_pairs(records, counts, settings, progress)
    else:
        pairs = lsh_candidate_pairs(
            records.words,
            counts,
            records.source_index,
            settings.blocking,
            settings.similarity_floor,
            not settings.one_record_per_source,
            progress,
            settings.candidates_per_record,
        )
    keep = settings.candidates_per_record
    return keep_best_per_record(pairs, records.source_index, keep), exhaustive


def link_encodings(
    records: EncodedRecords,
    settings: LinkageSettings | None = None,
    progress: ProgressCallback | None = None,
) -> LinkageResult:
    """Link records of all partners; see the module docstring for the steps."""
    settings = settings or LinkageSettings()
    if settings.one_record_per_source and len(records.source_names) < 2:
        raise LinkageRefused(
            "Koppelen tussen partners vraagt minstens twee bronnen; ontdubbel binnen één bron "
            "met de optie voor meerdere records per persoon per bron.",
            message_en="Linking between partners needs at least two sources; deduplicate "
            "within one source with the option for several records per person per source.",
        )
    counts = bit_counts(records.words)
    pairs, exhaustive = _candidates(records, counts, settings, progress)
    fit_pairs = pairs if exhaustive else _sampled_pairs(records, counts, settings)
    fit = _fit(fit_pairs, records.source_index, settings)
    if settings.fixed_threshold is not None:
        fit = ThresholdFit(**{**fit.__dict__, "threshold": settings.fixed_threshold})
    clustering = cluster_links(
        pairs,
        fit.threshold,
        records.words,
        counts,
        records.source_index,
        settings.one_record_per_source,
        birth_year_bounds(records.attributes, records.source_index.size)
        if settings.use_attributes
        else None,
    )
    quality = estimate_quality(
        pairs,
        clustering.accepted,
        clustering.person_index,
        fit,
        records.source_index,
        settings.one_record_per_source,
    )
    blocking_used = "exhaustive" if exhaustive else "lsh"
    result = LinkageResult(
        records, clustering.person_index, fit, pairs, clustering, settings, blocking_used, quality
    )
    logger.info(
        "linkage done",
        extra={
            "records": len(records.record_refs),
            "candidates": len(pairs),
            "persons": result.person_count,
            "threshold": round(fit.threshold, 4),
        },
    )
    return result


def link_files(
    paths: Sequence[Path],
    settings: LinkageSettings | None = None,
    progress: ProgressCallback | None = None,
) -> LinkageResult:
    """Validate and link encoding files; raises ``EncodingFileError`` on a refused file."""
    files = [read_encoding_file(path) for path in paths]
    if progress is not None:
        progress("read", len(files), len(files))
    return link_encodings(EncodedRecords.from_files(files), settings, progress)
