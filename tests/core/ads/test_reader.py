"""Streaming import: JSON Lines, CSV with a column mapping, gzip, batches, missing fields."""

from __future__ import annotations

import csv
import gzip
import json

import pytest

from zicht.core.ads import AdsImportError, analyse_corpus, iter_ad_batches

from .conftest import TEST_SECRET


def test_json_lines_in_batches_with_missing_fields(tmp_path) -> None:
    path = tmp_path / "ads.jsonl"
    lines = [{"ad_id": i, "text": f"tekst {i}"} for i in range(7)] + [{"text": "zonder id"}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n")
    batches = list(iter_ad_batches(path, batch_size=3))
    assert [len(batch) for batch in batches] == [3, 3, 2]
    last = batches[-1][-1]
    assert last["ad_id"] == "line-8"
    assert last["phones"] == [] and last["city"] is None


def test_csv_with_column_mapping_and_list_columns(tmp_path) -> None:
    path = tmp_path / "export.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "body", "tel", "plaats", "gezien"])
        writer.writerow(["x1", "Lieve dame", "0612345678;0687654321", "Rotterdam", "2019-04-02"])
        writer.writerow(["x2", "Andere dame", '["0612345678"]', "Schiedam", "2019-05-02"])
    mapping = {"ad_id": "id", "text": "body", "phones": "tel", "city": "plaats",
               "first_seen": "gezien"}  # fmt: skip
    record = next(iter(next(iter_ad_batches(path, column_mapping=mapping))))
    assert record["phones"] == ["0612345678", "0687654321"]
    analysis = analyse_corpus(path, secret=TEST_SECRET, column_mapping=mapping)
    assert analysis.n_unique == 2
    assert analysis.n_clusters == 1  # linked through the shared phone field
    assert analysis.features.year_of_unique.tolist() == [2019, 2019]


def test_unknown_mapping_field_is_refused(tmp_path) -> None:
    path = tmp_path / "ads.jsonl"
    path.write_text("{}\n")
    with pytest.raises(AdsImportError):
        list(iter_ad_batches(path, column_mapping={"telefoon": "tel"}))
