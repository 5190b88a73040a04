"""Link ads of one operator: shared contact pseudonyms, shared images, near-duplicate text.

Every edge must be strong on its own before union-find may use it: a contact or image shared
by a hub (agency switchboard, stock photo) is ignored, and text links need a high Jaccard
similarity on masked shingles from which stock wording (very common shingles) is removed. A
shared junk phrase therefore never merges two operators, and no weak edge can chain them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

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
    """Cluster unique ads into operators (signatures are computed here unless given).

    Edges go into an array union-find as they are found, so no list of all edges and no graph
    is ever built: contact and image edges first, then text candidates band by band, and a
    candidate whose ads are already in one cluster is not compared at all (it cannot change
    the clusters). The clusters are the connected components of the same edges as before.
    """
    step = on_step or (lambda _name: None)
    components = UnionFind(features.n_unique)
    contact_left, contact_right, hub_contacts = shared_key_edges(
        *features.contact_pairs, max_ads=settings.max_ads_per_contact
    )
    contact_edges = len(contact_left)
    components.merge(contact_left, contact_right)
    del contact_left, contact_right
    image_left, image_right, hub_images = shared_key_edges(
        *features.image_pairs, max_ads=settings.max_ads_per_image
    )
    image_edges = len(image_left)
    components.merge(image_left, image_right)
    del image_left, image_right
    step("contacts")
    if signatures is None:
        signatures = minhash_signatures(features, settings)
    step("signatures")
    text_candidates, text_edges = _link_similar_text(signatures, settings, components)
    step("text")
    return LinkResult(
        cluster_of_unique=components.labels_by_first_appearance(),
        n_clusters=components.n_components(),
        contact_edges=contact_edges,
        image_edges=image_edges,
        text_edges=text_edges,
        text_candidates=text_candidates,
        hub_contacts_ignored=hub_contacts,
        hub_images_ignored=hub_images,
        ads_without_text_signature=int((signatures.column(0) == _EMPTY_SIGNATURE).sum()),
    )


class UnionFind:
    """Connected components over numpy arrays: every root is its component's smallest ad.

    ``merge`` takes a whole array of edges at once: each round hooks every root that an edge
    touches onto the smallest root it is joined to (``np.minimum.at``), then halves all paths
    until every ad points at its root. Roots only ever point to smaller ads, so no cycle can
    form, and every round with an unjoined edge removes at least one component.
    """

    def __init__(self, n: int) -> None:
        self.index_dtype = _index_dtype(n)
        self.parent = np.arange(n, dtype=self.index_dtype)

    def roots(self, ads: np.ndarray) -> np.ndarray:
        return self.parent[ads]  # parent is kept fully compressed between calls

    def merge(self, left: np.ndarray, right: np.ndarray) -> None:
        parent = self.parent
        while len(left):
            left_root, right_root = parent[left], parent[right]
            apart = left_root != right_root
            left_root, right_root = left_root[apart], right_root[apart]
            if not len(left_root):
                return
            low = np.minimum(left_root, right_root)
            high = np.maximum(left_root, right_root)
            del left_root, right_root, apart
            np.minimum.at(parent, high, low)
            self._compress()
            left, right = low, high

    def _compress(self) -> None:
        parent = self.parent
        while True:
            grandparent = parent[parent]
            if np.array_equal(grandparent, parent):
                return
            parent[:] = grandparent

    def n_components(self) -> int:
        return int(np.count_nonzero(self.parent == np.arange(len(self.parent))))

    def labels_by_first_appearance(self) -> np.ndarray:
        """Component number per ad, numbered in the order of each component's first ad."""
        is_root = self.parent == np.arange(len(self.parent), dtype=self.index_dtype)
        # Ad 0 is always a root, so the count minus one never goes below zero (unsigned).
        number_of_root = np.cumsum(is_root, dtype=self.index_dtype)
        del is_root
        number_of_root -= 1
        return number_of_root[self.parent]


def _index_dtype(n: int) -> type[np.unsignedinteger]:
    return np.uint32 if n < 2**32 else np.uint64


def _link_similar_text(
    signatures: ColumnStore, settings: LinkSettings, components: UnionFind
) -> tuple[int, int]:
    """Compare LSH candidates in groups of bands; join the similar ones. Returns the counts.

    Candidates collect over a few bands and are compared together, because every comparison
    reads all signature columns once. Pairs found dissimilar are remembered (a sorted array of
    pair codes) so that later bands do not compare them again.
    """
    n_rows = signatures.n_rows
    flush_at = max(_MIN_CANDIDATES_PER_COMPARISON, n_rows // 2)
    pending: list[np.ndarray] = []
    pending_count = 0
    dissimilar = np.zeros(0, dtype=np.uint64)
    compared = joined = 0
    n_bands = -(-signatures.n_columns // settings.rows_per_band)
    band_pairs = lsh_band_pairs(signatures, settings.rows_per_band)
    for band, (left, right) in enumerate(band_pairs):
        apart = components.roots(left) != components.roots(right)
        codes = _pair_codes(left[apart], right[apart], n_rows)
        del left, right, apart
        codes = codes[~_in_sorted(dissimilar, codes)]
        pending.append(codes)
        pending_count += len(codes)
        if pending_count < flush_at and band < n_bands - 1:
            continue
        codes = np.unique(np.concatenate(pending))
        pending, pending_count = [], 0
        left, right = _pair_ads(codes, n_rows, components.index_dtype)
        apart = components.roots(left) != components.roots(right)
        codes, left, right = codes[apart], left[apart], right[apart]
        strong = estimated_jaccard(signatures, left, right) >= settings.jaccard_threshold
        compared += len(codes)
        joined += int(strong.sum())
        components.merge(left[strong], right[strong])
        dissimilar = np.union1d(dissimilar, codes[~strong])
    return compared, joined


_MIN_CANDIDATES_PER_COMPARISON = 1 << 16


def _pair_codes(left: np.ndarray, right: np.ndarray, n_rows: int) -> np.ndarray:
    low = np.minimum(left, right).astype(np.uint64)
    low *= np.uint64(n_rows)
    low += np.maximum(left, right)
    return low


def _pair_ads(codes: np.ndarray, n_rows: int, dtype: type) -> tuple[np.ndarray, np.ndarray]:
    n = np.uint64(max(n_rows, 1))
    return (codes // n).astype(dtype), (codes % n).astype(dtype)


def _in_sorted(sorted_values: np.ndarray, values: np.ndarray) -> np.ndarray:
    if not len(sorted_values) or not len(values):
        return np.zeros(len(values), dtype=bool)
    position = np.searchsorted(sorted_values, values)
    np.minimum(position, len(sorted_values) - 1, out=position)
    return sorted_values[position] == values


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


def lsh_band_pairs(
    signatures: ColumnStore, rows_per_band: int
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Per LSH band, the pairs of ads that agree on it (consecutive within each bucket).

    One band's arrays are freed before the next band starts; indices are uint32 below 2**32 ads.
    """
    dtype = _index_dtype(signatures.n_rows)
    has_signature = np.flatnonzero(signatures.column(0) != _EMPTY_SIGNATURE).astype(dtype)
    every_ad = len(has_signature) == signatures.n_rows  # then no gather is needed
    for band_start in range(0, signatures.n_columns, rows_per_band):
        band_stop = min(band_start + rows_per_band, signatures.n_columns)
        keys = np.zeros(len(has_signature), dtype=np.uint64)
        for column in range(band_start, band_stop):
            values = signatures.column(column)
            if not every_ad:
                values = values[has_signature]
            keys *= np.uint64(0x100000001B3)
            keys ^= values
            del values
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        del keys
        same = np.flatnonzero(sorted_keys[1:] == sorted_keys[:-1])
        del sorted_keys
        left, right = order[same], order[same + 1]
        del order, same
        if every_ad:
            yield left.astype(dtype), right.astype(dtype)
        else:
            yield has_signature[left], has_signature[right]


def estimated_jaccard(signatures: ColumnStore, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Share of MinHash values two ads have in common, one permutation at a time."""
    agree = np.zeros(len(left), dtype=np.uint16)
    for column in range(signatures.n_columns):
        values = signatures.column(column)
        agree += values[left] == values[right]
    return (agree / max(signatures.n_columns, 1)).astype(np.float32)
