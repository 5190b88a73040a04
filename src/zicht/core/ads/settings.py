"""Frozen, versioned settings for the ad pipeline: import, linking and the risk rule.

Every run stores the settings it used, so a published share of high-risk ads can always be
traced back to the exact rule and thresholds that produced it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

AD_INDICATORS: tuple[str, ...] = (
    "trust_wording",
    "obscured_phone",
    "youth_wording",
    "young_stated_age",
    "stated_ethnicity",
    "available_24_7",
    "unprotected_services",
    "third_person_text",
    "new_in_town",
)
CLUSTER_INDICATORS: tuple[str, ...] = (
    "many_names_per_operator",
    "many_cities_per_operator",
    "many_nationalities_per_operator",
)
ALL_INDICATORS: tuple[str, ...] = AD_INDICATORS + CLUSTER_INDICATORS


def _default_weights() -> Mapping[str, float]:
    # Weights follow the strength of the evidence in docs/methodology/ads.md: the four
    # predictors of the 2024 case-outcome study and the Dutch police's screening signals weigh
    # most; a stated young age weighs less because that study found it not predictive while
    # Dutch screening still uses it; "new in town" is detected but weighs nothing (the study
    # found movement wording less common in trafficking ads, not more).
    return MappingProxyType(
        {
            "trust_wording": 1.0,
            "obscured_phone": 1.0,
            "youth_wording": 1.5,
            "young_stated_age": 1.0,
            "stated_ethnicity": 1.0,
            "available_24_7": 1.0,
            "unprotected_services": 2.0,
            "third_person_text": 1.0,
            "new_in_town": 0.0,
            "many_names_per_operator": 1.5,
            "many_cities_per_operator": 1.0,
            "many_nationalities_per_operator": 1.0,
        }
    )


@dataclass(frozen=True)
class RiskRule:
    """The explicit, versioned "hoog risico" rule: weighted indicators against a threshold."""

    version: str = "ads-risk-1.0"
    weights: Mapping[str, float] = field(default_factory=_default_weights)
    high_risk_threshold: float = 3.0
    # An operator counts as using many names, cities or nationalities from these counts on.
    min_names_per_operator: int = 3
    min_cities_per_operator: int = 3
    min_nationalities_per_operator: int = 2
    # Stated ages up to this value fire the young-age indicator (Dutch police screening).
    young_age_limit: int = 20

    def __post_init__(self) -> None:
        unknown = set(self.weights) - set(ALL_INDICATORS)
        if unknown:
            raise ValueError(f"unknown indicators in risk rule: {sorted(unknown)}")


@dataclass(frozen=True)
class ImportSettings:
    """How a corpus is read: batch size and the phone region used to parse local numbers."""

    batch_size: int = 20_000
    default_region: str = "NL"


@dataclass(frozen=True)
class LinkSettings:
    """Thresholds for repost removal and operator linking (see docs/adr/0006)."""

    shingle_size: int = 3
    num_permutations: int = 64
    rows_per_band: int = 2
    # Two ads are text-linked only when their estimated Jaccard similarity on masked,
    # informative shingles reaches this value; a shared stock phrase contributes a few
    # shingles out of dozens and so stays far below it.
    jaccard_threshold: float = 0.35
    min_informative_shingles: int = 4
    # A shingle found in more unique ads than max(common_shingle_min_ads, share * n_unique)
    # is treated as stock wording and ignored for text linking.
    common_shingle_min_ads: int = 500
    common_shingle_share: float = 0.001
    # A contact or image shared by more unique ads than this is a hub (agency switchboard,
    # stock photo, placeholder) and does not link on its own.
    max_ads_per_contact: int = 300
    max_ads_per_image: int = 60
    seed: int = 6_2021

    def __post_init__(self) -> None:
        if self.num_permutations % self.rows_per_band:
            raise ValueError("num_permutations must be a multiple of rows_per_band")
        if not 0.0 < self.jaccard_threshold <= 1.0:
            raise ValueError("jaccard_threshold must lie in (0, 1]")


@dataclass(frozen=True)
class AdsSettings:
    """All settings of one analysis run."""

    importing: ImportSettings = field(default_factory=ImportSettings)
    linking: LinkSettings = field(default_factory=LinkSettings)
    risk: RiskRule = field(default_factory=RiskRule)
