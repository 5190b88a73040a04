"""Open data: CSVW metadata validated by the csvw package; the CSV reads back to the figures."""

from __future__ import annotations

import json

import pytest

from tests.core.publication.synthetic_edition import synthetic_edition
from zicht.core.publication import opendata
from zicht.core.publication.metadata import csvw_metadata, dcat_dataset

BASE = "https://monitor.example.nl"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    edition = synthetic_edition()
    folder = tmp_path_factory.mktemp("open-data")
    for name, render in opendata.CSV_FILES.items():
        (folder / name).write_text(render(edition), encoding="utf-8", newline="")
    (folder / "csv-metadata.json").write_text(json.dumps(csvw_metadata(edition, BASE)))
    return edition, folder


def test_csvw_validates_the_metadata_against_every_csv(written):
    csvw = pytest.importorskip("csvw")
    edition, folder = written
    validated = csvw.CSVW(str(folder / "csv-metadata.json"), validate=True, strict=True)
    assert validated.is_valid, [str(w.message) for w in validated.warnings]
    group = csvw.TableGroup.from_file(folder / "csv-metadata.json")
    assert group.check_referential_integrity(strict=True) is True
    tables = {t.url.string: list(t.iterdicts(strict=True)) for t in group.tables}
    assert len(tables["figures.csv"]) == len(edition.figures)
    assert len(tables["notes.csv"]) == len(edition.notes)
    # Typed by the metadata: withheld values are nulls, intervals integers, note refs lists.
    by_key = {
        (r["indicator"], r["area"], r["dimension"] or "", r["category"] or ""): r
        for r in tables["figures.csv"]
    }
    hidden = by_key[("signals", "GM0002", "", "")]
    assert hidden["value"] is None and hidden["symbol"] == "<5" and hidden["status"] == "hidden"
    estimate = by_key[("victims", "RE-TST", "", "")]
    assert (estimate["value"], estimate["lower"], estimate["upper"]) == (331, 250, 481)
    assert by_key[("checks", "RE-TST", "", "")]["notes"] == ["N1", "N2"]


def test_csvw_refuses_a_csv_that_breaks_its_metadata(written):
    csvw = pytest.importorskip("csvw")
    _edition, folder = written
    broken = folder.parent / "broken"
    broken.mkdir(exist_ok=True)
    for path in folder.iterdir():
        (broken / path.name).write_bytes(path.read_bytes())
    text = (broken / "figures.csv").read_text(encoding="utf-8")
    (broken / "figures.csv").write_text(text.replace(",92,", ",veel,"), encoding="utf-8")
    validated = csvw.CSVW(str(broken / "csv-metadata.json"), validate=True, strict=True)
    with pytest.raises(ValueError, match="figures.csv:7:6 value: Invalid value for decimal"):
        validated.is_valid  # noqa: B018 (the property reads and checks every row)


def test_reading_the_csv_back_reproduces_the_published_figures():
    edition = synthetic_edition()
    back = opendata.read_figures_csv(opendata.figures_csv(edition))
    assert [f.key for f in back] == [f.key for f in edition.figures]
    for original, read in zip(edition.figures, back, strict=True):
        for language in ("nl", "en"):
            assert read.shown(language) == original.shown(language)
        assert read.symbol == original.symbol
        assert read.status == original.status
        assert read.notes == original.notes


def test_json_carries_the_same_figures_and_code_lists():
    edition = synthetic_edition()
    document = json.loads(opendata.edition_json_text(edition))
    assert len(document["figures"]) == len(edition.figures)
    share = next(f for f in document["figures"] if f["indicator"] == "share")
    assert share["value"] == 8.5
    assert {i["code"] for i in document["indicators"]} == set(edition.indicators)
    assert document["indicators"][0]["definition"]["nl"]
    assert {a["code"] for a in document["areas"]} == set(edition.areas)
    assert [n["id"] for n in document["notes"]] == ["N1", "N2"]


def test_dcat_dataset_has_permanent_urls_and_distributions():
    edition = synthetic_edition()
    dataset = dcat_dataset(edition, BASE, f"{BASE}/editie/2020/")
    assert dataset["@id"] == f"{BASE}/api/v1/editions/2020"
    urls = [d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]]
    assert f"{BASE}/open-data/2020/figures.csv" in urls
    assert dataset["dct:language"]["@id"].endswith("/NLD")
    assert {t["@language"] for t in dataset["dct:title"]} == {"nl", "en"}
