"""Turn streamed ad batches into compact per-ad features; raw text and contacts stay behind.

Per unique ad Zicht keeps only: year, city, an indicator bit mask, keyed contact and image
pseudonyms, name and nationality ids (for cluster signals) and hashed masked shingles. Reposts
(identical wording) are folded into the first ad with that wording as they stream in. Ad ids and
shingles go to temporary files (``spool``), so memory holds a few dozen bytes per ad.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from zicht.core.ads.contacts import Pseudonymiser, normalise_email, normalise_field_phone
from zicht.core.ads.indicators import ad_indicator_bits
from zicht.core.ads.reader import RawAd
from zicht.core.ads.settings import AdsSettings
from zicht.core.ads.spool import AdIdSpool, ArraySpool
from zicht.core.ads.text import repost_fingerprint, scan_ad_text

DOCUMENT_FREQUENCY_BUCKETS = 1 << 22
_MIX = (
    np.uint64(0x9E3779B97F4A7C15),
    np.uint64(0xC2B2AE3D27D4EB4F),
    np.uint64(0x165667B19E3779F9),
    np.uint64(0xFF51AFD7ED558CCD),
)


@dataclass
class CorpusFeatures:
    """Everything the linking and scoring steps need, without any text or contact value."""

    ad_ids: AdIdSpool
    unique_of_ad: np.ndarray
    year_of_unique: np.ndarray
    city_of_unique: np.ndarray
    city_names: list[str]
    ad_bits: np.ndarray
    contact_pairs: tuple[np.ndarray, np.ndarray]
    image_pairs: tuple[np.ndarray, np.ndarray]
    name_pairs: tuple[np.ndarray, np.ndarray]
    nationality_pairs: tuple[np.ndarray, np.ndarray]
    shingle_chunks: ArraySpool
    document_frequency: np.ndarray

    @property
    def n_unique(self) -> int:
        return len(self.year_of_unique)


class _PairBuffer:
    """(ad, key) pairs in two typed arrays: 32-bit ad numbers ("I" raises beyond 2**32), keys
    64-bit for contact and image pseudonyms, 32-bit for name and nationality vocabulary ids."""

    def __init__(self, key_type: str = "q") -> None:
        self.ads = array("I")
        self.keys = array(key_type)

    def add(self, ad: int, key: int) -> None:
        self.ads.append(ad)
        self.keys.append(key)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        key_dtype = np.int64 if self.keys.typecode == "q" else np.uint32
        return np.frombuffer(self.ads, dtype=np.uint32), np.frombuffer(self.keys, dtype=key_dtype)


class CorpusAccumulator:
    """Collect features batch by batch; call finish() once the corpus is read."""

    def __init__(self, secret: bytes, settings: AdsSettings, *, keep_ad_ids: bool = True) -> None:
        self._pseudonymiser = Pseudonymiser(secret)
        self._settings = settings
        self._keep_ad_ids = keep_ad_ids
        self.ad_ids = AdIdSpool()
        self.n_ads = 0
        self._unique_of_ad = array("I")  # 4 bytes per ad: unique ads are numbered below 2**32
        self._seen_fingerprints = np.zeros(0, dtype=np.int64)
        self._seen_uniques = np.zeros(0, dtype=np.uint32)
        self._year = array("h")
        self._city = array("i")
        self._city_ids: dict[str, int] = {}
        self._bits = array("H")
        self._contacts, self._images = _PairBuffer(), _PairBuffer()
        self._names, self._nationalities = _PairBuffer("I"), _PairBuffer("I")
        self._vocabulary_ids: dict[str, int] = {}
        self._shingle_chunks = ArraySpool()
        self._document_frequency = np.zeros(DOCUMENT_FREQUENCY_BUCKETS, dtype=np.uint32)

    def add_batch(self, batch: Iterable[RawAd]) -> None:
        records = list(batch)
        if self._keep_ad_ids:
            self.ad_ids.append([record["ad_id"] for record in records])
        fingerprints = [
            repost_fingerprint(record.get("title") or "", record.get("text") or "")
            for record in records
        ]
        earlier = self._unique_in_earlier_batches(fingerprints)
        new_in_batch: dict[int, int] = {}
        first_unique = len(self._year)
        token_ids, token_counts = array("I"), array("i")
        for record, fingerprint, known in zip(records, fingerprints, earlier, strict=True):
            unique = known if known >= 0 else new_in_batch.get(fingerprint, -1)
            if unique >= 0:
                self._add_repost(unique, record)
            else:
                new_in_batch[fingerprint] = len(self._year)
                self._add_ad(record, token_ids, token_counts)
        self._remember_fingerprints(new_in_batch)
        if token_counts:
            self._add_shingles(first_unique, token_ids, token_counts)

    def _unique_in_earlier_batches(self, fingerprints: list[int]) -> list[int]:
        """Unique ad of each fingerprint seen in an earlier batch, -1 for new wording."""
        if not len(self._seen_fingerprints):
            return [-1] * len(fingerprints)
        wanted = np.array(fingerprints, dtype=np.int64)
        position = np.searchsorted(self._seen_fingerprints, wanted)
        position[position == len(self._seen_fingerprints)] = 0
        found = self._seen_fingerprints[position] == wanted
        unique = self._seen_uniques[position].astype(np.int64)  # -1 must stay -1
        return np.where(found, unique, -1).tolist()

    def _remember_fingerprints(self, new: dict[int, int]) -> None:
        # Two sorted numpy arrays (12 bytes per unique ad) instead of a dict of Python ints
        # (about 100 bytes); merging a batch in is a linear insert, not a re-sort.
        if not new:
            return
        keys = np.fromiter(new.keys(), dtype=np.int64, count=len(new))
        values = np.fromiter(new.values(), dtype=np.uint32, count=len(new))
        order = np.argsort(keys)
        keys, values = keys[order], values[order]
        at = np.searchsorted(self._seen_fingerprints, keys)
        self._seen_fingerprints = np.insert(self._seen_fingerprints, at, keys)
        self._seen_uniques = np.insert(self._seen_uniques, at, values)

    def _add_repost(self, unique: int, record: RawAd) -> None:
        self.n_ads += 1
        self._unique_of_ad.append(unique)
        year = year_of(record.get("first_seen"))
        if year >= 0 and (self._year[unique] < 0 or year < self._year[unique]):
            self._year[unique] = year

    def _add_ad(self, record: RawAd, token_ids: array, token_counts: array) -> None:
        self.n_ads += 1
        title, text = record.get("title") or "", record.get("text") or ""
        unique = len(self._year)
        self._unique_of_ad.append(unique)
        self._year.append(year_of(record.get("first_seen")))
        self._city.append(self._city_id(record.get("city")))
        full_text = f"{title}\n{text}"
        scanned = scan_ad_text(full_text, self._settings.importing.default_region)
        self._bits.append(
            ad_indicator_bits(
                full_text.lower(),
                record.get("age"),
                scanned.phone_obscured,
                self._settings.risk.young_age_limit,
                set(scanned.tokens),
            )
        )
        self._add_contacts(unique, record, scanned.phones, scanned.emails)
        for name in scanned.names:
            self._names.add(unique, self._vocabulary_id("name:" + name))
        for nationality in scanned.nationalities:
            self._nationalities.add(unique, self._vocabulary_id("nat:" + nationality))
        token_ids.extend(scanned.masked_ids)
        token_counts.append(len(scanned.masked_ids))

    def _add_contacts(
        self, unique: int, record: RawAd, text_phones: list[str], text_emails: list[str]
    ) -> None:
        region = self._settings.importing.default_region
        phones = set(text_phones)
        phones.update(
            filter(None, (normalise_field_phone(raw, region) for raw in record["phones"]))
        )
        emails = set(text_emails)
        emails.update(filter(None, (normalise_email(raw) for raw in record["emails"])))
        pseudonym = self._pseudonymiser.pseudonym
        for phone in phones:
            self._contacts.add(unique, pseudonym("phone", phone))
        for email in emails:
            self._contacts.add(unique, pseudonym("email", email))
        for image_hash in {str(value).strip().lower() for value in record["image_hashes"]}:
            self._images.add(unique, pseudonym("image", image_hash))

    def _city_id(self, city: object) -> int:
        if city in (None, ""):
            return -1
        name = " ".join(str(city).lower().split())
        return self._city_ids.setdefault(name, len(self._city_ids))

    def _vocabulary_id(self, key: str) -> int:
        return self._vocabulary_ids.setdefault(key, len(self._vocabulary_ids))

    def _add_shingles(self, first_unique: int, token_ids: array, token_counts: array) -> None:
        tokens = np.frombuffer(token_ids, dtype=np.uint32).astype(np.uint64)
        counts = np.frombuffer(token_counts, dtype=np.int32).astype(np.int64)
        shingles, shingle_counts = hash_shingles(
            tokens, counts, self._settings.linking.shingle_size
        )
        buckets = (shingles & np.uint32(DOCUMENT_FREQUENCY_BUCKETS - 1)).astype(np.int64)
        self._document_frequency += np.bincount(
            buckets, minlength=DOCUMENT_FREQUENCY_BUCKETS
        ).astype(np.uint32)
        self._shingle_chunks.append(np.array([first_unique]), shingles, shingle_counts)

    def finish(self) -> CorpusFeatures:
        city_names = [""] * len(self._city_ids)
        for name, city_id in self._city_ids.items():
            city_names[city_id] = name
        return CorpusFeatures(
            ad_ids=self.ad_ids,
            unique_of_ad=np.frombuffer(self._unique_of_ad, dtype=np.uint32),
            year_of_unique=np.frombuffer(self._year, dtype=np.int16),
            city_of_unique=np.frombuffer(self._city, dtype=np.int32),
            city_names=city_names,
            ad_bits=np.frombuffer(self._bits, dtype=np.uint16),
            contact_pairs=self._contacts.arrays(),
            image_pairs=self._images.arrays(),
            name_pairs=self._names.arrays(),
            nationality_pairs=self._nationalities.arrays(),
            shingle_chunks=self._shingle_chunks,
            document_frequency=self._document_frequency,
        )


def hash_shingles(
    tokens: np.ndarray, counts: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the word n-grams of each ad (uint32) and how many each ad has."""
    starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
    per_ad = np.maximum(counts - size + 1, 0)
    total = int(per_ad.sum())
    offsets_in_ad = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(per_ad) - per_ad, per_ad)
    positions = np.repeat(starts, per_ad) + offsets_in_ad
    mixed = np.zeros(total, dtype=np.uint64)
    for offset in range(size):
        mixed = (mixed ^ tokens[positions + offset]) * _MIX[offset % 3]
        mixed ^= mixed >> np.uint64(31)
    mixed *= _MIX[3]
    return (mixed >> np.uint64(32)).astype(np.uint32), per_ad.astype(np.int32)


def year_of(value: object) -> int:
    """Calendar year of an ISO date/time string or a Unix timestamp; -1 when unknown."""
    if value is None or value == "":
        return -1
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value  # milliseconds are common in exports
        return datetime.fromtimestamp(seconds, tz=UTC).year
    text = str(value).strip()
    if len(text) >= 4 and text[:4].isdigit():
        return int(text[:4])
    return -1
