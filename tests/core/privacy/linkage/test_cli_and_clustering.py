"""The ``zicht link`` commands end to end, and clustering that resists chaining."""

from __future__ import annotations

import numpy as np
import polars as pl
from typer.testing import CliRunner

import zicht.cli.main  # noqa: F401  (the entry point guards every command: refusals, exit codes)
from zicht.cli.link import app
from zicht.core.privacy.linkage import LinkageSettings, link_encodings
from zicht.core.privacy.linkage.blocking import BlockingSettings
from zicht.core.privacy.linkage.clustering import cluster_links
from zicht.core.privacy.linkage.consistency import age_bounds, birth_year_bounds
from zicht.core.privacy.linkage.similarity import CandidatePairs, bit_counts, similarity_pairs

from .conftest import TEST_SECRET


def test_encode_check_and_match_from_the_command_line(tmp_path):
    runner = CliRunner()
    lists = tmp_path / "lists"
    assert (
        runner.invoke(app, ["synthetic", "--out-dir", str(lists), "--population", "1500"]).exit_code
        == 0
    )
    key = tmp_path / "key"
    key.write_bytes(TEST_SECRET)
    encoded = []
    for name in ("politie", "zorg", "humanitas"):
        out = tmp_path / f"{name}.jsonl"
        outcome = runner.invoke(
            app,
            ["encode", str(lists / f"{name}.csv"), "--secret-file", str(key), "--out", str(out)],
        )
        assert outcome.exit_code == 0, outcome.output
        assert runner.invoke(app, ["check", str(out)]).exit_code == 0
        encoded.append(str(out))
    links, overlap = tmp_path / "links.csv", tmp_path / "overlap.csv"
    outcome = runner.invoke(
        app, ["match", *encoded, "--out", str(links), "--overlap", str(overlap)]
    )
    assert outcome.exit_code == 0, outcome.output
    table = pl.read_csv(links)
    assert table.columns == ["source", "record_ref", "person_id"]
    assert set(table["source"]) == {"politie", "zorg", "humanitas"}
    histories = pl.read_csv(overlap)
    assert histories.columns == ["politie", "zorg", "humanitas", "count"]
    assert histories["count"].sum() == table["person_id"].n_unique()


def test_a_short_secret_is_refused_without_showing_it(tmp_path):
    key = tmp_path / "key"
    key.write_text("kortXQ")
    persons = tmp_path / "p.csv"
    persons.write_text("record_ref,given_name\nA,Emma\n")
    outcome = CliRunner().invoke(
        app, ["encode", str(persons), "--secret-file", str(key), "--out", str(tmp_path / "o")]
    )
    assert outcome.exit_code == 2
    assert "kortXQ" not in outcome.output


def test_a_list_in_another_layout_is_refused_with_its_missing_columns(tmp_path):
    key = tmp_path / "key"
    key.write_bytes(TEST_SECRET)
    persons = tmp_path / "p.csv"
    persons.write_text("nummer;voornaam;achternaam\nA1;Emma;Visser\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    outcome = CliRunner().invoke(
        app, ["encode", str(persons), "--secret-file", str(key), "--out", str(out)]
    )
    assert outcome.exit_code == 2
    assert "ontbrekende kolommen" in outcome.output and "--columns" in outcome.output
    assert "Emma" not in outcome.output and not out.exists()


def _bits(start: int, stop: int) -> np.ndarray:
    bits = np.zeros(256, dtype=np.uint8)
    bits[start:stop] = 1
    return np.packbits(bits).view(np.uint64)


def test_a_chain_of_weak_links_does_not_merge_its_ends():
    words = np.stack([_bits(0, 100), _bits(30, 130), _bits(60, 160)])
    counts = bit_counts(words)
    left, right = np.array([0, 1, 0]), np.array([1, 2, 2])
    scores = similarity_pairs(words, counts, left, right)
    # 256 bits: neighbours differ in 60 bits, the ends in 120.
    assert scores[0] == scores[1] == np.float32(1 - 60 / 256) and scores[2] == 1 - 120 / 256
    pairs = CandidatePairs(left, right, scores)
    for one_per_source, sources in ((False, np.zeros(3, int)), (True, np.arange(3))):
        result = cluster_links(pairs, 0.7, words, counts, sources, one_per_source)
        assert len(set(result.person_index.tolist())) == 2
        assert result.rejected_by_cohesion == 1


def test_one_record_per_person_per_partner():
    words = np.stack([_bits(0, 100), _bits(0, 100), _bits(0, 100)])
    counts = bit_counts(words)
    pairs = CandidatePairs(np.array([0, 0, 1]), np.array([1, 2, 2]), np.ones(3, np.float32))
    sources = np.array([0, 1, 1])  # records 1 and 2 come from the same partner
    result = cluster_links(pairs, 0.9, words, counts, sources, True)
    assert len(set(result.person_index.tolist())) == 2
    assert result.rejected_by_source >= 1


def test_lsh_blocking_finds_the_same_persons_as_comparing_everything(
    three_lists, three_lists_result
):
    exhaustive = three_lists_result
    blocked = link_encodings(
        three_lists.records,
        LinkageSettings(exhaustive_pair_limit=0, blocking=BlockingSettings()),
    )
    assert blocked.blocking_used == "lsh"
    assert abs(blocked.person_count - exhaustive.person_count) <= 0.005 * exhaustive.person_count


def test_unique_person_counts_per_source_area_and_year(three_lists, three_lists_result):
    result = three_lists_result
    counts = result.unique_persons()
    assert counts.columns == ["source", "municipality", "year", "persons"]
    together = counts.filter(pl.col("source") == "*")["persons"].sum()
    assert together >= result.person_count  # a person in two areas counts in each
    per_source = counts.filter(pl.col("source") == "politie")["persons"].sum()
    assert per_source == int((three_lists.records.source_index == 0).sum())


def test_age_group_and_year_bound_the_birth_year():
    assert age_bounds("<18") == (0, 17) and age_bounds("18-22") == (18, 22)
    assert age_bounds("30+")[0] == 30 and age_bounds("onbekend") is None
    # the catalogue's codes of the age_group dimension
    assert age_bounds("minderjarig") == (0, 17) and age_bounds("24-30") == (24, 30)
    assert age_bounds("31-plus")[0] == 31 and age_bounds("31 jaar of ouder")[0] == 31
    bounds = birth_year_bounds(
        {"year": ["2024", "2025", "", "2024"], "age_group": ["<18", "30+", "30+", "?"]}, 4
    )
    assert bounds[0].tolist() == [2007, 2024] and bounds[1, 1] == 1995
    assert bounds[2, 0] < 0 < 10**5 < bounds[2, 1]  # no year: unbounded
    assert bounds[3, 0] < 0 < 10**5 < bounds[3, 1]  # unreadable age group: unbounded


def test_records_whose_birth_years_cannot_overlap_are_not_linked():
    words = np.stack([_bits(0, 100)] * 3)
    counts = bit_counts(words)
    pairs = CandidatePairs(np.array([0, 0]), np.array([1, 2]), np.ones(2, np.float32))
    birth_years = np.array([[2007, 2024], [1900, 1995], [2000, 2010]])
    result = cluster_links(pairs, 0.9, words, counts, np.arange(3), True, birth_years)
    assert result.person_index.tolist() == [0, 1, 0]
    assert result.rejected_by_attributes == 1
