"""The demo corpora: the dashboard tile's numbers come out of the real analysis."""

from __future__ import annotations

import time
from dataclasses import replace

from zicht.core.ads import aggregate_by_municipality_year, analyse_corpus
from zicht.demo.ads_corpus import (
    DEMO_CITY_TO_MUNICIPALITY,
    VARIANTS,
    generate_corpus,
    generate_demo_corpus,
    write_jsonl,
)

from .conftest import TEST_SECRET


def test_rotterdam_2020_demo_corpus_yields_the_published_tile(tmp_path) -> None:
    corpus = write_jsonl(generate_demo_corpus(2020), tmp_path / "demo_2020.jsonl")
    started = time.perf_counter()
    analysis = analyse_corpus(corpus, secret=TEST_SECRET)
    seconds = time.perf_counter() - started
    cells = aggregate_by_municipality_year(analysis, DEMO_CITY_TO_MUNICIPALITY)
    rotterdam = next(c for c in cells if (c.municipality_code, c.year) == ("GM0599", 2020))
    assert analysis.n_ads > analysis.n_unique  # reposts were present and removed
    assert rotterdam.n_unique_ads == 32_951
    assert round(100 * rotterdam.share_high_risk) == 8
    assert seconds < 60


def test_generators_are_deterministic() -> None:
    settings = replace(VARIANTS["obfuscated"], n_ads=300, seed=3)
    assert generate_corpus(settings) == generate_corpus(settings)
    assert generate_corpus(settings) != generate_corpus(replace(settings, seed=4))
