"""Shared helpers for the ad-analysis tests: tiny corpora built in memory."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from zicht.core.ads import AdsAnalysis, analyse_batches
from zicht.core.ads.reader import CANONICAL_FIELDS

TEST_SECRET = b"test-secret-0123456789abcdef"


def make_ad(ad_id: str, text: str, **fields: object) -> dict:
    """A canonical record with empty defaults, as the reader would produce."""
    record: dict = {name: None for name in CANONICAL_FIELDS}
    record.update({"phones": [], "emails": [], "languages": [], "image_hashes": []})
    record.update({"ad_id": ad_id, "text": text, "title": "", "first_seen": "2020-05-01"})
    record.update(fields)
    return record


def analyse_records(records: Iterable[dict], **options: object) -> AdsAnalysis:
    return analyse_batches([list(records)], secret=TEST_SECRET, **options)


@pytest.fixture
def analyse():
    return analyse_records
