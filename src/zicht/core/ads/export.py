"""The only files an analysis writes: per-ad scores (ids, no content) and a summary."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from zicht.core.ads.analysis import AdsAnalysis
from zicht.core.ads.indicators import indicator_names
from zicht.core.csvfiles import safe_cell

ADS_CSV_COLUMNS: tuple[str, ...] = ("ad_id", "cluster_id", "risk_score", "high_risk", "indicators")
SUMMARY_KEYS: tuple[str, ...] = ("n_ads", "n_unique", "n_clusters", "share_high_risk")
_SLICE = 65_536


def write_ads_csv(analysis: AdsAnalysis, path: Path | str) -> Path:
    """One row per input ad (reposts share their original's cluster and score)."""
    path = Path(path)
    features = analysis.features
    if len(features.ad_ids) != analysis.n_ads:
        raise ValueError("this analysis was run without keeping ad ids")
    bits = analysis.indicator_bits_of_unique()
    scores = analysis.risk_scores_of_unique()
    high = analysis.high_risk_of_unique()
    clusters = analysis.cluster_of_unique
    names_by_bits: dict[int, str] = {}
    unique_of_ad = features.unique_of_ad
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ADS_CSV_COLUMNS)
        ad_ids = iter(features.ad_ids)
        # Row by row from the id spool, in slices, so no per-ad Python objects pile up.
        for start in range(0, len(unique_of_ad), _SLICE):
            uniques = unique_of_ad[start : start + _SLICE]
            rows = zip(
                clusters[uniques].tolist(),
                scores[uniques].tolist(),
                high[uniques].tolist(),
                bits[uniques].tolist(),
                strict=True,
            )
            for cluster, score, is_high, ad_bits in rows:
                if ad_bits not in names_by_bits:
                    names_by_bits[ad_bits] = "|".join(indicator_names(ad_bits))
                writer.writerow(
                    # The ad id comes from the corpus: text a spreadsheet must not run.
                    (
                        safe_cell(next(ad_ids)),
                        cluster,
                        f"{score:.2f}",
                        int(is_high),
                        names_by_bits[ad_bits],
                    )
                )
    return path


def write_summary_json(analysis: AdsAnalysis, path: Path | str) -> Path:
    """Headline counts first, then the rule version, linking counts and settings."""
    path = Path(path)
    path.write_text(json.dumps(analysis.summary(), indent=2, sort_keys=False) + "\n")
    return path
