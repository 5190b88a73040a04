"""Online sex-advertisement analysis: normalise, link operators, score risk, aggregate.

The public facade. The web layer's background task calls ``analyse_corpus_to_aggregates``
(corpus file in, municipality-year cells out); the CLI calls ``analyse_corpus`` and the
writers. Nothing here stores ad text, phone numbers or e-mail addresses.
"""

from zicht.core.ads.aggregates import (
    CLUSTER_SIZE_BANDS,
    UNKNOWN_MUNICIPALITY,
    AdsAreaYearAggregate,
    aggregate_by_municipality_year,
    analyse_corpus_to_aggregates,
)
from zicht.core.ads.analysis import (
    AdsAnalysis,
    AdsProgress,
    ProgressCallback,
    analyse_batches,
    analyse_corpus,
)
from zicht.core.ads.contacts import Pseudonymiser, SecretTooShortError
from zicht.core.ads.evaluation import PairwiseScores, pairwise_scores
from zicht.core.ads.export import (
    ADS_CSV_COLUMNS,
    SUMMARY_KEYS,
    write_ads_csv,
    write_summary_json,
)
from zicht.core.ads.reader import CANONICAL_FIELDS, AdsImportError, iter_ad_batches
from zicht.core.ads.settings import (
    AD_INDICATORS,
    ALL_INDICATORS,
    CLUSTER_INDICATORS,
    AdsSettings,
    ImportSettings,
    LinkSettings,
    RiskRule,
)
from zicht.core.ads.text import repost_fingerprint

__all__ = [
    "ADS_CSV_COLUMNS",
    "AD_INDICATORS",
    "ALL_INDICATORS",
    "CANONICAL_FIELDS",
    "CLUSTER_INDICATORS",
    "CLUSTER_SIZE_BANDS",
    "SUMMARY_KEYS",
    "UNKNOWN_MUNICIPALITY",
    "AdsAnalysis",
    "AdsAreaYearAggregate",
    "AdsImportError",
    "AdsProgress",
    "AdsSettings",
    "ImportSettings",
    "LinkSettings",
    "PairwiseScores",
    "ProgressCallback",
    "Pseudonymiser",
    "RiskRule",
    "SecretTooShortError",
    "aggregate_by_municipality_year",
    "analyse_batches",
    "analyse_corpus",
    "analyse_corpus_to_aggregates",
    "iter_ad_batches",
    "pairwise_scores",
    "repost_fingerprint",
    "write_ads_csv",
    "write_summary_json",
]
