"""Operator linking recovers planted operators and resists junk phrases and hubs."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest

from zicht.core.ads import AdsSettings, LinkSettings, analyse_corpus, pairwise_scores
from zicht.core.ads.linking import shared_key_edges
from zicht.demo.ads_corpus import VARIANTS, generate_corpus, write_jsonl

from .conftest import TEST_SECRET, make_ad


@pytest.mark.parametrize("variant", ["easy", "hard", "obfuscated"])
def test_pairwise_precision_and_recall_on_generated_corpora(tmp_path, variant: str) -> None:
    ads = generate_corpus(replace(VARIANTS[variant], n_ads=4_000, seed=11))
    corpus = write_jsonl(ads, tmp_path / "corpus.jsonl")
    analysis = analyse_corpus(corpus, secret=TEST_SECRET)
    predicted = analysis.cluster_of_unique[analysis.features.unique_of_ad]
    scores = pairwise_scores(predicted.tolist(), [ad["operator"] for ad in ads])
    assert scores.true_pairs > 1_000  # the corpus really has operators to find
    assert scores.precision >= 0.95
    assert scores.recall >= 0.95


def test_text_alone_links_an_operator_that_changes_phones(analyse) -> None:
    template = (
        "hoi schatjes ik ben {name} kom gezellig langs in mijn mooie discrete kamer "
        "vlakbij het station parkeren voor de deur koffie staat klaar bel {phone} "
        "ik ontvang je graag met een glimlach en alle tijd"
    )
    names = ["anna", "olga", "mia", "lisa"]
    phones = ["0612345678", "0687654321", "0611112222", "0633334444"]
    records = [
        make_ad(f"ad-{i}", template.format(name=name, phone=phone))
        for i, (name, phone) in enumerate(zip(names, phones, strict=True))
    ]
    analysis = analyse(records)
    assert analysis.n_clusters == 1
    assert analysis.links.text_edges >= 3


def test_a_disguised_email_links_like_the_plain_one(analyse) -> None:
    records = [
        make_ad("ad-1", "nieuw in de stad, mail mij op roos.dame@example.nl voor een afspraak"),
        make_ad("ad-2", "heerlijke massage aan huis, schrijf roos.dame (at) example (punt) nl"),
        make_ad("ad-3", "sportieve studente zoekt leuke heren, mail iris (at) example (punt) nl"),
    ]
    cluster = analyse(records).cluster_of_unique.tolist()
    assert cluster[0] == cluster[1] != cluster[2]  # linked by the address alone


def _distinct_words(seed: int, count: int) -> str:
    rng = random.Random(seed)
    return " ".join("".join(rng.choices("bdfgklmnprstvz", k=3)) + "a" for _ in range(count))


def test_one_shared_junk_phrase_does_not_merge_operators(analyse) -> None:
    junk = "new in town available 24/7 real pictures"
    records = [
        make_ad("a", f"{junk} {_distinct_words(1, 25)}"),
        make_ad("b", f"{_distinct_words(2, 12)} {junk} {_distinct_words(3, 12)}"),
        make_ad("c", f"{_distinct_words(4, 25)} {junk}"),
    ]
    analysis = analyse(records)
    assert analysis.n_clusters == 3


def test_junk_wording_shared_across_many_operators_is_ignored(analyse) -> None:
    # Half of every ad is the same stock paragraph: only the corpus-wide frequency of its
    # shingles shows it is stock wording and not one operator's template.
    stock = _distinct_words(99, 20)
    records = [make_ad(f"ad-{i}", f"{stock} {_distinct_words(i, 20)}") for i in range(120)]
    settings = AdsSettings(linking=LinkSettings(common_shingle_min_ads=50))
    assert analyse(records, settings=settings).n_clusters == 120
    assert analyse(records).n_clusters < 120  # without the guard they would merge


def test_reposts_are_counted_once_in_their_first_year(analyse) -> None:
    text = "Lieve dame in het centrum, bel 0612345678"
    records = [
        make_ad("first", text, first_seen="2021-02-01"),
        make_ad(
            "repost", "  LIEVE dame in het   centrum, bel 0612345678 ", first_seen="2020-12-30"
        ),
        make_ad("other", "Heel andere tekst over massage, bel 0687654321"),
    ]
    analysis = analyse(records)
    assert analysis.n_ads == 3
    assert analysis.n_unique == 2
    assert analysis.features.unique_of_ad.tolist() == [0, 0, 1]
    assert analysis.features.year_of_unique.tolist() == [2020, 2020]


def test_hub_contact_links_nothing() -> None:
    ads = np.arange(10, dtype=np.int64)
    shared = np.full(10, 42, dtype=np.int64)
    left, right, hubs = shared_key_edges(ads, shared, max_ads=5)
    assert len(left) == 0 and hubs == 1
    left, right, hubs = shared_key_edges(ads, shared, max_ads=10)
    assert len(left) == 9 and hubs == 0


def test_stock_image_on_many_ads_does_not_merge_them(analyse) -> None:
    stock = "d41d8cd98f00b204"
    records = [
        make_ad(f"ad-{i}", f"unique text number {i} " + " ".join(f"w{i}x{j}" for j in range(12)),
                image_hashes=[stock])
        for i in range(80)
    ]  # fmt: skip
    analysis = analyse(records)
    assert analysis.links.hub_images_ignored == 1
    assert analysis.n_clusters == 80
