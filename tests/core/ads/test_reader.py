"""Streaming import: JSON Lines, CSV with a column mapping, gzip, batches, missing fields."""

from __future__ import annotations

import csv
import gzip
import json

import pytest

from zicht.core.ads import AdsImportError, analyse_corpus, iter_ad_batches
from zicht.core.ads.reader import MAX_LINE_CHARACTERS

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


def test_a_semicolon_csv_is_read_by_its_own_separator_with_lists_split_by_bars(tmp_path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "ad_id;text;phones;first_seen\n"
        "a1;Lieve dame in het centrum;0612345678|0687654321;2020-01-01\n"
        "a2;Nieuwe dame, bel snel;0687654321;2020-02-01\n",
        encoding="utf-8",
    )
    first, second = next(iter_ad_batches(path))
    assert first["text"] == "Lieve dame in het centrum"
    assert first["phones"] == ["0612345678", "0687654321"] and second["phones"] == ["0687654321"]
    analysis = analyse_corpus(path, secret=TEST_SECRET)
    assert (analysis.n_unique, analysis.n_clusters) == (2, 1)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ads.csv", "id,tekst\na1,Lieve dame\n"),
        ("ads.jsonl", '{"ad_id": "a1", "text": "hoi"}\n{"id": "a2", "tekst": "hoi"}\n'),
    ],
)
def test_a_corpus_in_another_layout_is_refused_not_read_as_empty_ads(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AdsImportError, match="kolomtoewijzing") as refused:
        analyse_corpus(path, secret=TEST_SECRET)
    assert "regel" in str(refused.value) and "Lieve" not in str(refused.value)


def test_ads_without_a_readable_date_are_counted_in_the_summary(tmp_path) -> None:
    path = tmp_path / "ads.jsonl"
    lines = [{"ad_id": "a1", "text": "hoi", "first_seen": "gisteren"},
             {"ad_id": "a2", "text": "dag", "first_seen": "2020-03-01"}]  # fmt: skip
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert analyse_corpus(path, secret=TEST_SECRET).summary()["n_unique_without_year"] == 1


@pytest.mark.parametrize("cell", ["[" * 3000, "[" + "1" * 5000 + "]"])
def test_a_list_cell_that_broke_the_json_decoder_is_read_as_text(tmp_path, cell) -> None:
    """Found by fuzzing: nesting past the decoder's recursion limit and a number past
    Python's digit limit escaped as RecursionError and ValueError."""
    path = tmp_path / "export.csv"
    path.write_text(f"ad_id;text;phones\na1;Lieve dame;{cell}\n", encoding="utf-8")
    (record,) = next(iter_ad_batches(path))
    assert record["phones"] == [cell]


def test_a_damaged_gzip_stream_is_refused_not_a_crash(tmp_path) -> None:
    """Found by fuzzing: a sound gzip header over a damaged deflate stream raised zlib.error."""
    lines = b"".join(b'{"ad_id": "%d", "text": "Lieve dame %d"}\n' % (i, i) for i in range(50))
    packed = bytearray(gzip.compress(lines))
    packed[12] ^= 0xFF  # inside the first deflate block, past the ten-byte gzip header
    path = tmp_path / "ads.jsonl.gz"
    path.write_bytes(bytes(packed))
    with pytest.raises(AdsImportError) as refused:
        list(iter_ad_batches(path))
    assert "Lieve" not in str(refused.value)


def test_a_gzip_file_that_unpacks_past_the_limit_stops_there(tmp_path, monkeypatch) -> None:
    """A gzip bomb (kilobytes that unpack to terabytes) is refused at the limit, in bounded
    time, not read to its end; a corpus under the limit reads as before."""
    from zicht.core.ads import reader

    lines = b"".join(b'{"ad_id": "%d", "text": "Lieve dame"}\n' % i for i in range(2_000))
    path = tmp_path / "ads.jsonl.gz"
    path.write_bytes(gzip.compress(lines))
    assert sum(len(batch) for batch in iter_ad_batches(path)) == 2_000
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", len(lines) // 2)
    with pytest.raises(AdsImportError, match="het corpus is uitgepakt groter dan"):
        list(iter_ad_batches(path))


@pytest.mark.parametrize("name", ["ads.jsonl", "ads.csv"])
def test_a_line_of_many_megabytes_is_refused_before_it_is_held_whole(tmp_path, name) -> None:
    path = tmp_path / name
    with path.open("w", encoding="utf-8") as out:
        out.write("ad_id;text\n" if name.endswith(".csv") else '{"ad_id": "1", "text": "a"}\n')
        out.write("x" * (MAX_LINE_CHARACTERS * 3) + "\n")
    with pytest.raises(AdsImportError, match="regel 2: de regel is langer dan 1.000.000 tekens"):
        list(iter_ad_batches(path))
