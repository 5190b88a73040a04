"""The `zicht` command end to end: template → deliver → publish → export, with --json."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from zicht.cli.main import app

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_template_deliver_publish_export(tmp_path):
    assert run("template", "2020", "--out", str(tmp_path)).exit_code == 0
    template = tmp_path / "gemeente-rotterdam-2020.csv"
    rows = list(csv.reader(template.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["indicator", "gebied", "periode", "aantal"]
    english = tmp_path / "en"
    assert run("template", "2020", "--english", "--out", str(english)).exit_code == 0
    header = (english / "gemeente-rotterdam-2020.csv").read_text(encoding="utf-8-sig")
    assert header.startswith("indicator;area;period;value\n")
    filled = [rows[0]] + [
        [*r[:3], "523" if r[0] == "prevention_presentations" else "92"] for r in rows[1:]
    ]
    template.write_text("\n".join(";".join(r) for r in filled), encoding="utf-8")

    result = run(
        "deliver", str(template), "--partner", "gemeente-rotterdam", "--year", "2020", "--json"
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["accepted"] and answer["revision"] == 1 and answer["observations"] == 2

    result = run("publish", "2020", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["published"] is True
    again = run("publish", "2020", "--json")
    assert again.exit_code == 1 and "al gepubliceerd" in json.loads(again.stdout)["reason"]

    assert run("export", "2020", "--out", str(tmp_path / "open")).exit_code == 0
    exported = (tmp_path / "open" / "zicht-2020.csv").read_text(encoding="utf-8")
    assert "prevention_presentations,GM0599,2020" in exported
    # The open data carries the notes a dashboard reader sees, in both languages.
    notes = (tmp_path / "open" / "zicht-2020-toelichtingen.csv").read_text(encoding="utf-8")
    covid = [line for line in notes.splitlines() if line.startswith("administrative_checks,")]
    assert covid and ",context," in covid[0] and "COVID-19" in covid[0]
    assert "Because of the COVID-19 measures" in covid[0]


def test_a_rejected_delivery_answers_in_json_with_row_column_and_reason(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator;area;period;value\nprevention_presentations;GM0599;2020;-1\n")
    result = run("deliver", str(bad), "--partner", "gemeente-rotterdam", "--year", "2020", "--json")
    assert result.exit_code == 1
    answer = json.loads(result.stdout)
    assert answer["accepted"] is False
    assert answer["errors"][0] == {
        "row": 2,
        "column": "value",
        "code": "negative_value",
        "message": "een aantal kan niet negatief zijn",
        "message_en": "a count cannot be negative",
        "repeats": 1,
    }


def test_help_and_catalogue_check_speak_dutch():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("catalog", "template", "deliver", "publish", "serve", "demo", "export"):
        assert command in result.output
    assert "Catalogus in orde" in run("catalog", "check").output
