"""Every CSV or XLSX Zicht writes is safe from formula injection: a text cell that a
spreadsheet would run (``=``, ``+``, ``-``, ``@``, tab, carriage return in front) gets a
leading apostrophe; numbers stay numbers."""

from __future__ import annotations

import csv
import json

import polars as pl
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from zicht.core.csvfiles import safe_cell, safe_frame, safe_row
from zicht.core.deliveries.templates import write_template

HOSTILE = ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_a_spreadsheet_would_run_is_neutralised(text) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["-5", "+5", "1.5", "-0,5", "1e6", 5, -5, 2.5, None, "GM0599", ""]
)
def test_numbers_and_ordinary_text_are_untouched(value) -> None:
    assert safe_cell(value) == value


def test_rows_and_frames_use_the_same_rule() -> None:
    assert safe_row(["a", "=1", 3]) == ["a", "'=1", 3]
    frame = pl.DataFrame({"ref": HOSTILE + ["-5", "ok"], "n": list(range(8))})
    safe = safe_frame(frame)
    assert safe.get_column("ref").to_list() == ["'" + t for t in HOSTILE] + ["-5", "ok"]
    assert safe.get_column("n").to_list() == list(range(8))


def test_templates_are_written_safe(catalog, tmp_path) -> None:
    # Catalogue codes are plain today; the writer still passes every cell through the rule.
    for suffix in ("csv", "xlsx"):
        path = write_template(catalog, "gemeente-rotterdam", 2020, tmp_path / f"t.{suffix}")
        if suffix == "xlsx":
            sheet = load_workbook(path).active
            assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        else:
            text = path.read_text(encoding="utf-8-sig")
            assert not any(line.startswith(tuple("=+-@")) for line in text.splitlines())


def test_ad_ids_from_a_corpus_are_written_safe(tmp_path, monkeypatch) -> None:
    from zicht.cli.ads import app

    corpus = tmp_path / "corpus.jsonl"
    ads = [
        {"ad_id": ad_id, "text": "mooie dame", "title": "t", "first_seen": "2020-05-01"}
        for ad_id in ['=HYPERLINK("http://x","klik")', "@SUM(1)", "gewoon"]
    ]
    corpus.write_text("".join(json.dumps(ad) + "\n" for ad in ads))
    monkeypatch.setenv("ZICHT_ADS_SECRET", "environment-secret-of-enough-length")
    result = CliRunner().invoke(app, ["analyse", str(corpus), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "ads.csv").open(encoding="utf-8") as handle:
        ids = [row["ad_id"] for row in csv.DictReader(handle)]
    assert ids == ['\'=HYPERLINK("http://x","klik")', "'@SUM(1)", "gewoon"]
