"""Blocking by locality-sensitive hashing (bit sampling) on the published encodings.

Two encodings of one person agree on most bits, so they share the same values on a small
random sample of bit positions far more often than two different persons do. Each band
samples ``bits_per_band`` positions; records with equal band keys become candidates.
Bands run one after the other and pairs are scored immediately, so memory holds only the
pairs that pass the similarity floor, never the raw candidate set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from zicht.core.privacy.linkage.similarity import (
    CandidatePairs,
    keep_best_per_record,
    similarity_pairs,
)

ProgressCallback = Callable[[str, int, int], None]
_PAIRS_PER_CHUNK = 200_000


@dataclass(frozen=True)
class BlockingSettings:
    bands: int = 200
    #: None: log2(records) + 1, so that about one random pair per record shares a band key.
    bits_per_band: int | None = None
    #: Records further apart than this in a sorted bucket are not paired (giant buckets
    #: mean an uninformative key, not a likely match).
    max_bucket_distance: int = 64
    seed: int = 5


def _band_keys(words: np.ndarray, positions: np.ndarray) -> np.ndarray:
    keys = np.zeros(words.shape[0], dtype=np.uint64)
    for shift, position in enumerate(positions.tolist()):
        word, bit = divmod(position, 64)
        sampled = (words[:, word] >> np.uint64(bit)) & np.uint64(1)
        keys |= sampled << np.uint64(shift)
    return keys


def _band_pairs(
    keys: np.ndarray,
    sources: np.ndarray,
    allow_same_source: bool,
    max_distance: int,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Pairs with equal keys, one sorted-order distance at a time (never all at once)."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    for distance in range(1, max_distance + 1):
        same = sorted_keys[:-distance] == sorted_keys[distance:]
        if not same.any():
            return
        left = order[:-distance][same]
        right = order[distance:][same]
        if not allow_same_source:
            different = sources[left] != sources[right]
            left, right = left[different], right[different]
        yield left, right


def _scored(words, counts, left, right, floor) -> Iterator[CandidatePairs]:
    # Chunks bound the gathered encodings (two per pair) to a few hundred megabytes.
    for start in range(0, left.size, _PAIRS_PER_CHUNK):
        chunk_left = left[start : start + _PAIRS_PER_CHUNK]
        chunk_right = right[start : start + _PAIRS_PER_CHUNK]
        scores = similarity_pairs(words, counts, chunk_left, chunk_right)
        passing = scores >= floor
        yield CandidatePairs(chunk_left[passing], chunk_right[passing], scores[passing])


def lsh_candidate_pairs(
    words: np.ndarray,
    counts: np.ndarray,
    sources: np.ndarray,
    settings: BlockingSettings,
    floor: float,
    allow_same_source: bool = False,
    progress: ProgressCallback | None = None,
    keep_per_record: int = 3,
) -> CandidatePairs:
    """Scored candidate pairs at or above ``floor`` from all LSH bands, deduplicated.

    Random pairs of hardened encodings score about 0.5, so many band collisions pass the
    floor; the kept set is cut back to each record's best few after every band, which holds
    memory to a few pairs per record.
    """
    rng = np.random.default_rng(settings.seed)
    total_bits = words.shape[1] * 64
    bits_per_band = settings.bits_per_band or max(12, int(np.ceil(np.log2(len(words)))) + 1)
    kept: list[CandidatePairs] = []
    for band in range(settings.bands):
        positions = rng.choice(total_bits, size=bits_per_band, replace=False)
        keys = _band_keys(words, positions)
        for left, right in _band_pairs(
            keys, sources, allow_same_source, settings.max_bucket_distance
        ):
            kept.extend(_scored(words, counts, left, right, floor))
        # Deduplicate and cut back after every band: memory stays a few pairs per record.
        merged = CandidatePairs.concatenate(kept).deduplicated()
        kept = [keep_best_per_record(merged, sources, keep_per_record)]
        if progress is not None:
            progress("blocking", band + 1, settings.bands)
    return kept[0] if kept else CandidatePairs.empty()
