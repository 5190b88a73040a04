"""Temporary-file spools: what goes in comes back in order, and batching changes no result."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from zicht.core.ads import analyse_batches
from zicht.core.ads.export import write_ads_csv
from zicht.core.ads.spool import AdIdSpool, ArraySpool, ColumnStore
from zicht.demo.ads_corpus import VARIANTS, generate_corpus

from .conftest import TEST_SECRET, make_ad


def test_array_spool_returns_groups_in_order() -> None:
    spool = ArraySpool()
    spool.append(np.arange(3), np.array([1.5]))
    spool.append(np.zeros(0, dtype=np.uint32))
    groups = list(spool)
    assert len(groups) == 2
    assert groups[0][0].tolist() == [0, 1, 2] and groups[0][1].tolist() == [1.5]
    assert groups[1][0].dtype == np.uint32 and len(groups[1][0]) == 0
    spool.append(np.array([7]))  # appending after reading keeps the earlier groups
    assert [group[0].tolist() for group in spool] == [[0, 1, 2], [], [7]]
    spool.close()


def test_ad_id_spool_keeps_any_text() -> None:
    spool = AdIdSpool()
    ids = ["a", "", "ü-éé", "with\nnewline", "x" * 300]
    spool.append(ids[:2])
    spool.append(ids[2:])
    assert list(spool) == ids and len(spool) == 5
    spool.close()


def test_column_store_reads_columns_across_blocks() -> None:
    matrix = np.arange(5 * 3, dtype=np.uint32).reshape(5, 3)
    store = ColumnStore(3)
    store.append_rows(0, matrix[:2])
    store.append_rows(2, matrix[2:])
    for column in range(3):
        assert store.column(column).tolist() == matrix[:, column].tolist()
    with pytest.raises(ValueError):
        store.append_rows(0, matrix[:1])  # out of order
    store.close()


def test_reposts_fold_across_batches(tmp_path) -> None:
    text = "Lieve dame in het centrum, bel 0612345678"
    batches = [
        [make_ad("a", text, first_seen="2021-01-01"), make_ad("b", "andere tekst hier")],
        [make_ad("c", "nog een tekst"), make_ad("d", text.upper(), first_seen="2019-03-01")],
        [make_ad("e", "andere tekst hier"), make_ad("f", "nog een tekst")],
    ]
    analysis = analyse_batches(batches, secret=TEST_SECRET)
    assert analysis.features.unique_of_ad.tolist() == [0, 1, 2, 0, 1, 2]
    assert analysis.features.year_of_unique.tolist() == [2019, 2020, 2020]
    write_ads_csv(analysis, tmp_path / "ads.csv")
    lines = (tmp_path / "ads.csv").read_text().splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["a", "b", "c", "d", "e", "f"]


def test_batch_size_does_not_change_the_clusters() -> None:
    ads = generate_corpus(replace(VARIANTS["obfuscated"], n_ads=1_500, seed=5))
    records = [make_ad(**{k: v for k, v in ad.items() if k != "operator"}) for ad in ads]
    one = analyse_batches([records], secret=TEST_SECRET)
    many = analyse_batches(
        [records[start : start + 97] for start in range(0, len(records), 97)], secret=TEST_SECRET
    )
    assert one.features.unique_of_ad.tolist() == many.features.unique_of_ad.tolist()
    assert one.cluster_of_unique.tolist() == many.cluster_of_unique.tolist()
    assert one.risk_scores_of_unique().tolist() == many.risk_scores_of_unique().tolist()
