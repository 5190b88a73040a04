"""Aggregates per municipality and year."""

from __future__ import annotations

from zicht.core.ads import UNKNOWN_MUNICIPALITY, aggregate_by_municipality_year

from .conftest import make_ad

MAPPING = {"Rotterdam": "GM0599", "Schiedam": "GM0606"}


def test_cells_count_unique_ads_risk_and_clusters(analyse) -> None:
    records = [
        make_ad("r1", "Jong en fris, alles mogelijk, bel 0612345678", city="Rotterdam"),
        make_ad("r1-repost", "Jong en fris, alles mogelijk, bel 0612345678", city="Rotterdam"),
        make_ad("r2", "Rustige dame, bel 0612345678", city="rotterdam"),
        make_ad("r3", "Massage in het centrum, bel 0687654321", city="Rotterdam",
                first_seen="2021-01-05"),
        make_ad("s1", "Lieve dame, bel 0611112222", city="Schiedam"),
        make_ad("x1", "Dame zonder plaats, bel 0633334444"),
    ]  # fmt: skip
    analysis = analyse(records)
    cells = {
        (c.municipality_code, c.year): c for c in aggregate_by_municipality_year(analysis, MAPPING)
    }
    assert set(cells) == {("GM0599", 2020), ("GM0599", 2021), ("GM0606", 2020),
                          (UNKNOWN_MUNICIPALITY, 2020)}  # fmt: skip
    rotterdam = cells[("GM0599", 2020)]
    assert rotterdam.n_unique_ads == 2
    assert rotterdam.n_high_risk == 1
    assert rotterdam.share_high_risk == 0.5
    assert rotterdam.n_clusters == 1  # r1 and r2 share a phone
    assert rotterdam.cluster_size_distribution == {"1": 0, "2-5": 1, "6-20": 0, "21+": 0}
    assert rotterdam.risk_rule_version == analysis.settings.risk.version
    assert cells[("GM0599", 2021)].n_unique_ads == 1
    assert sum(cell.n_unique_ads for cell in cells.values()) == analysis.n_unique


def test_cells_show_how_the_share_moves_with_the_threshold(analyse) -> None:
    records = [
        make_ad("a", "Jong en fris, alles mogelijk", city="Rotterdam"),  # 3.5
        make_ad("b", "Young and fresh girl", city="Rotterdam"),  # 1.5
        make_ad("c", "Rustige massage", city="Rotterdam"),  # 0.0
    ]
    analysis = analyse(records)
    (cell,) = aggregate_by_municipality_year(analysis, MAPPING, thresholds=[0.0, 1.5, 3.0, 4.0])
    assert cell.share_by_threshold == ((0.0, 1.0), (1.5, 2 / 3), (3.0, 1 / 3), (4.0, 0.0))
    assert cell.share_high_risk == 1 / 3


def test_corpus_file_to_cells_in_one_call(tmp_path) -> None:
    import json

    from zicht.core.ads import analyse_corpus_to_aggregates

    from .conftest import TEST_SECRET

    corpus = tmp_path / "ads.jsonl"
    rows = [
        {"ad_id": "1", "text": "Jong en fris, alles mogelijk", "city": "Rotterdam",
         "first_seen": "2020-01-02"},
        {"ad_id": "2", "text": "Rustige massage", "city": "Schiedam", "first_seen": "2020-03-04"},
    ]  # fmt: skip
    corpus.write_text("".join(json.dumps(row) + "\n" for row in rows))
    seen: list[str] = []
    cells, summary = analyse_corpus_to_aggregates(
        corpus,
        secret=TEST_SECRET,
        city_to_municipality=MAPPING,
        progress=lambda update: seen.append(update.stage),
        thresholds=[3.0],
    )
    by_code = {cell.municipality_code: cell for cell in cells}
    assert by_code["GM0599"].share_by_threshold == ((3.0, 1.0),)
    assert by_code["GM0606"].n_high_risk == 0
    assert summary["n_unique"] == 2
    assert {"import", "link", "score"} <= set(seen)
