"""The ad analysis as one call: stream a corpus, link operators, score risk.

``analyse_corpus`` is what the web layer's background task and the CLI call; it reports
progress through a plain callback so that the core needs no task framework.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from zicht.core.ads.features import CorpusAccumulator, CorpusFeatures
from zicht.core.ads.linking import LinkResult, link_operators, minhash_signatures
from zicht.core.ads.reader import RawAd, iter_ad_batches
from zicht.core.ads.scoring import cluster_indicator_bits, scores_from_bits, share_above_thresholds
from zicht.core.ads.settings import AdsSettings

logger = logging.getLogger(__name__)
_SCORE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class AdsProgress:
    """One progress report: stage name, work done and total (None when unknown)."""

    stage: str
    done: int
    total: int | None


ProgressCallback = Callable[[AdsProgress], None]


@dataclass(frozen=True)
class AdsAnalysis:
    """Result of one run. Holds ids, pseudonym-free features and scores; no text, no contacts."""

    settings: AdsSettings
    features: CorpusFeatures
    links: LinkResult
    cluster_bits: np.ndarray
    seconds: float

    @property
    def n_ads(self) -> int:
        return len(self.features.unique_of_ad)

    @property
    def n_unique(self) -> int:
        return self.features.n_unique

    @property
    def n_clusters(self) -> int:
        return self.links.n_clusters

    @property
    def cluster_of_unique(self) -> np.ndarray:
        return self.links.cluster_of_unique

    def indicator_bits_of_unique(self) -> np.ndarray:
        """Ad-level indicators plus those of the ad's operator cluster."""
        return self.features.ad_bits | self.cluster_bits[self.links.cluster_of_unique]

    def risk_scores_of_unique(self) -> np.ndarray:
        return scores_from_bits(self.indicator_bits_of_unique(), self.settings.risk)

    def high_risk_of_unique(self, threshold: float | None = None) -> np.ndarray:
        """Whether each unique ad is "hoog risico" under the rule (or another threshold)."""
        limit = self.settings.risk.high_risk_threshold if threshold is None else threshold
        return self.risk_scores_of_unique() >= limit - _SCORE_TOLERANCE

    def share_high_risk(self) -> float:
        return float(self.high_risk_of_unique().mean()) if self.n_unique else 0.0

    def share_high_risk_by_threshold(self, thresholds: Sequence[float]) -> list[float]:
        """Share of unique ads at or above each threshold: how the share moves with the rule."""
        adjusted = [threshold - _SCORE_TOLERANCE for threshold in thresholds]
        return share_above_thresholds(self.risk_scores_of_unique(), adjusted)

    def cluster_sizes(self) -> np.ndarray:
        """Number of unique ads in each operator cluster."""
        return np.bincount(self.links.cluster_of_unique, minlength=self.n_clusters)

    def summary(self) -> dict[str, object]:
        """The run's headline figures and the settings that produced them."""
        sizes = self.cluster_sizes()
        return {
            "n_ads": self.n_ads,
            "n_unique": self.n_unique,
            "n_clusters": self.n_clusters,
            "n_clusters_with_several_ads": int((sizes >= 2).sum()),
            # Counted in no year: their first_seen is missing or unreadable.
            "n_unique_without_year": int((self.features.year_of_unique < 0).sum()),
            "share_high_risk": round(self.share_high_risk(), 6),
            "risk_rule_version": self.settings.risk.version,
            "high_risk_threshold": self.settings.risk.high_risk_threshold,
            "linking": {
                item.name: getattr(self.links, item.name)
                for item in fields(self.links)
                if item.name != "cluster_of_unique"
            },
            "settings": _settings_as_dict(self.settings),
            "seconds": round(self.seconds, 3),
        }


def analyse_corpus(
    path: Path | str,
    *,
    secret: bytes,
    settings: AdsSettings | None = None,
    column_mapping: Mapping[str, str] | None = None,
    progress: ProgressCallback | None = None,
    keep_ad_ids: bool = True,
) -> AdsAnalysis:
    """Analyse a JSON Lines or CSV corpus file (optionally .gz) and return the analysis."""
    settings = settings or AdsSettings()
    batches = iter_ad_batches(
        path, batch_size=settings.importing.batch_size, column_mapping=column_mapping
    )
    return analyse_batches(
        batches, secret=secret, settings=settings, progress=progress, keep_ad_ids=keep_ad_ids
    )


def analyse_batches(
    batches: Iterable[list[RawAd]],
    *,
    secret: bytes,
    settings: AdsSettings | None = None,
    progress: ProgressCallback | None = None,
    keep_ad_ids: bool = True,
) -> AdsAnalysis:
    """Analyse ads arriving as batches of canonical records (the import total is unknown)."""
    settings = settings or AdsSettings()
    report = progress or (lambda _progress: None)
    started = time.perf_counter()
    accumulator = CorpusAccumulator(secret, settings, keep_ad_ids=keep_ad_ids)
    for batch in batches:
        accumulator.add_batch(batch)
        report(AdsProgress("import", accumulator.n_ads, None))
        logger.info("ads import: %d ads read", accumulator.n_ads)
    features = accumulator.finish()
    del accumulator  # frees the repost index, which linking does not need
    signatures = minhash_signatures(features, settings.linking)
    # The shingles live on only in the signatures; their temporary file can go.
    features.shingle_chunks.close()
    link_steps = ("contacts", "signatures", "text")
    links = link_operators(
        features,
        settings.linking,
        on_step=lambda name: report(AdsProgress("link", link_steps.index(name) + 1, 3)),
        signatures=signatures,
    )
    signatures.close()
    cluster_bits = cluster_indicator_bits(
        links.cluster_of_unique,
        links.n_clusters,
        name_pairs=features.name_pairs,
        nationality_pairs=features.nationality_pairs,
        city_of_unique=features.city_of_unique,
        rule=settings.risk,
    )
    analysis = AdsAnalysis(settings, features, links, cluster_bits, time.perf_counter() - started)
    report(AdsProgress("score", 1, 1))
    logger.info(
        "ads analysis: %d ads, %d unique, %d clusters, %.1f s",
        analysis.n_ads,
        analysis.n_unique,
        analysis.n_clusters,
        analysis.seconds,
    )
    return analysis


def _settings_as_dict(settings: AdsSettings) -> dict[str, object]:
    # asdict() cannot copy the read-only weights mapping, so each part is spelled out.
    return {
        "importing": asdict(settings.importing),
        "linking": asdict(settings.linking),
        "risk": {
            item.name: (
                dict(settings.risk.weights)
                if item.name == "weights"
                else getattr(settings.risk, item.name)
            )
            for item in fields(settings.risk)
        },
    }
