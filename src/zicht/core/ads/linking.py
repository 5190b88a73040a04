"""Link ads of one operator: shared contact pseudonyms, shared images, near-duplicate text.

Every edge must be strong on its own before union-find may use it: a contact or image shared
by a hub (agency switchboard, stock photo) is ignored, and text links need a high Jaccard
similarity on masked shingles from which stock wording (very common shingles) is removed. A
shared junk phrase therefore never merges two operators, and no weak edge can chain them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from zicht.core.ads.features import DOCUMENT_FREQUENCY_BUCKETS, CorpusFeatures
from zicht.core.ads.settings import LinkSettings
from zicht.core.ads.spool import ColumnStore

_EMPTY_SIGNATURE = np.iinfo(np.uint32).max


@dataclass(frozen=True)
class LinkResult:
    """Operator cluster per unique ad and counts that explain how they were formed."""

    cluster_of_unique: np.ndarray
    n_clusters: int
    contact_edges: int
    image_edges: int
    text_edges: int
    text_candidates: int
    hub_contacts_ignored: int
    hub_images_ignored: int
    ads_without_text_signature: int


def link_operators(
    features: CorpusFeatures,
    settings: LinkSettings,
    on_step: Callable[[str], None] | None = None,
    signatures: ColumnStore | None = None,
) -> LinkResult:
    """Cluster unique ads into operators (signatures are computed here unless given)."""
    step = on_step or (lambda _name: None)
    n_unique = features.n_unique
    contact_left, contact_right, hub_contacts = shared_key_edges(
        *features.contact_pairs, max_ads=settings.max_ads_per_contact
    )
    image_left, image_right, hub_images = shared_key_edges(
        *features.image_pairs, max_ads=settings.max_ads_per_image
    )
    step("contacts")
    if signatures is None:
        signatures = minhash_signatures(features, settings)
    step("signatures")
    candidates_left, candidates_right = lsh_candidate_pairs(signatures, settings.rows_per_band)
    similar = estimated_jaccard(signatures, candidates_left, candidates_right)
    strong = similar >= settings.jaccard_threshold
    text_left, text_right = candidates_left[strong], candidates_right[strong]
    step("text")
    left = np.concatenate([contact_left, image_left, text_left])
    right = np.concatenate([contact_right, image_right, text_right])
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n_unique,) * 2)
    n_clusters, labels = connected_components(graph, directed=False)
    return LinkResult(
        cluster_of_unique=_number_by_first_appearance(labels),
        n_clusters=int(n_clusters),
        contact_edges=len(contact_left),
        image_edges=len(image_left),
        text_edges=len(text_left),
        text_candidates=len(candidates_left),
        hub_contacts_ignored=hub_contacts,
        hub_images_ignored=hub_images,
        ads_without_text_signature=int((signatures.column(0) == _EMPTY_SIGNATURE).sum()),
    )


def shared_key_edges(
    ads: np.ndarray, keys: np.ndarray, *, max_ads: int
) -> tuple[np.ndarray, np.ndarray, int]:
    """Edges between consecutive ads sharing a key; keys on more than max_ads ads are hubs."""
    if len(ads) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, 0
    order = np.lexsort((ads, keys))
    sorted_keys, sorted_ads = keys[order], ads[order]
    _, group_start, group_size = np.unique(sorted_keys, return_index=True, return_counts=True)
    hub = group_size > max_ads
    size_of_row = np.repeat(group_size, group_size)
    same_key = sorted_keys[1:] == sorted_keys[:-1]
    usable = same_key & (size_of_row[1:] <= max_ads) & (sorted_ads[1:] != sorted_ads[:-1])
    return sorted_ads[:-1][usable], sorted_ads[1:][usable], int(hub.sum())


def minhash_signatures(features: CorpusFeatures, settings: LinkSettings) -> ColumnStore:
    """MinHash signature per unique ad over its informative masked shingles (uint32).

    The signatures go to a temporary column store batch by batch: linking reads one
    permutation for all ads at a time, so they never need to be in memory at once.
    """
    rng = np.random.default_rng(settings.seed)
    multipliers = rng.integers(1, 2**63, size=settings.num_permutations, dtype=np.uint64) | 1
    increments = rng.integers(0, 2**63, size=settings.num_permutations, dtype=np.uint64)
    cap = max(settings.common_shingle_min_ads, settings.common_shingle_share * features.n_unique)
    common = features.document_frequency > cap
    store = ColumnStore(settings.num_permutations)
    for first, shingles, counts in features.shingle_chunks:
        block = np.full((len(counts), settings.num_permutations), _EMPTY_SIGNATURE, np.uint32)
        bucket = (shingles & np.uint32(DOCUMENT_FREQUENCY_BUCKETS - 1)).astype(np.int64)
        keep = ~common[bucket]
        owner = np.repeat(np.arange(len(counts)), counts)[keep]
        kept = shingles[keep].astype(np.uint64)
        kept_counts = np.bincount(owner, minlength=len(counts))
        selected = kept_counts[owner] >= settings.min_informative_shingles
        if selected.any():
            _fill_signatures(block, owner[selected], kept[selected], multipliers, increments)
        store.append_rows(int(first[0]), block)
    if store.n_rows < features.n_unique:  # ads after the last chunk have no text at all
        empty = np.full((features.n_unique - store.n_rows, settings.num_permutations),
                        _EMPTY_SIGNATURE, np.uint32)  # fmt: skip
        store.append_rows(store.n_rows, empty)
    return store


def _fill_signatures(
    block: np.ndarray,
    owner: np.ndarray,
    shingles: np.ndarray,
    multipliers: np.ndarray,
    increments: np.ndarray,
) -> None:
    # owner is sorted (shingles are stored ad by ad), so each ad is one contiguous segment.
    segment_start = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    rows = owner[segment_start]
    shift = np.uint64(32)
    for permutation, (multiplier, increment) in enumerate(
        zip(multipliers, increments, strict=True)
    ):
        hashed = (shingles * multiplier + increment) >> shift
        block[rows, permutation] = np.minimum.reduceat(hashed, segment_start)


def lsh_candidate_pairs(
    signatures: ColumnStore, rows_per_band: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of ads that agree on at least one band (consecutive within each bucket)."""
    has_signature = np.flatnonzero(signatures.column(0) != _EMPTY_SIGNATURE)
    pair_codes = []
    n_unique = np.int64(signatures.n_rows)
    for band_start in range(0, signatures.n_columns, rows_per_band):
        band_stop = min(band_start + rows_per_band, signatures.n_columns)
        keys = np.zeros(len(has_signature), dtype=np.uint64)
        for column in range(band_start, band_stop):
            values = signatures.column(column)[has_signature].astype(np.uint64)
            keys = (keys * np.uint64(0x100000001B3)) ^ values
        order = np.argsort(keys, kind="stable")
        same = keys[order][1:] == keys[order][:-1]
        left = has_signature[order[:-1][same]]
        right = has_signature[order[1:][same]]
        pair_codes.append(np.minimum(left, right) * n_unique + np.maximum(left, right))
    if not pair_codes:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    codes = np.unique(np.concatenate(pair_codes))
    return codes // n_unique, codes % n_unique


def estimated_jaccard(signatures: ColumnStore, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Share of MinHash values two ads have in common, one permutation at a time."""
    agree = np.zeros(len(left), dtype=np.uint16)
    for column in range(signatures.n_columns):
        values = signatures.column(column)
        agree += values[left] == values[right]
    return (agree / max(signatures.n_columns, 1)).astype(np.float32)


def _number_by_first_appearance(labels: np.ndarray) -> np.ndarray:
    _, first_index, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first_index), dtype=np.int64)
    rank[np.argsort(first_index)] = np.arange(len(first_index))
    return rank[inverse]
