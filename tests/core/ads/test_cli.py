"""``zicht ads generate`` and ``zicht ads analyse`` end to end."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from zicht.cli.ads import app
from zicht.core.ads import ADS_CSV_COLUMNS, SUMMARY_KEYS


def test_generate_then_analyse(tmp_path, monkeypatch) -> None:
    runner = CliRunner()
    corpus = tmp_path / "corpus.jsonl"
    generated = runner.invoke(app, ["generate", str(corpus), "--variant", "hard", "--ads", "500"])
    assert generated.exit_code == 0, generated.output
    assert len(corpus.read_text().splitlines()) == 500
    monkeypatch.setenv("ZICHT_ADS_SECRET", "environment-secret-of-enough-length")
    analysed = runner.invoke(app, ["analyse", str(corpus), "--out", str(tmp_path / "out")])
    assert analysed.exit_code == 0, analysed.output
    with (tmp_path / "out" / "ads.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == ADS_CSV_COLUMNS
    assert len(rows) == 500
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert set(SUMMARY_KEYS) <= set(summary)
    assert summary["n_ads"] == 500
    high = sum(int(row["high_risk"]) for row in rows) / len(rows)
    assert abs(high - summary["share_high_risk"]) < 1e-6


def test_unreadable_corpus_exits_with_a_clear_code(tmp_path) -> None:
    corpus = tmp_path / "broken.jsonl"
    corpus.write_text("not json\n")
    result = CliRunner().invoke(app, ["analyse", str(corpus), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
