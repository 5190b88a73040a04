"""``zicht estimate`` through Typer's test runner."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from tests.core.estimation.conftest import table_of
from zicht.cli.estimate import EXIT_BAD_TABLE, EXIT_NO_ESTIMATE, estimate

runner = CliRunner()


def estimate_app() -> typer.Typer:
    """The command as registered in ``zicht.cli.main``, under a group as in the real CLI."""
    app = typer.Typer()

    @app.callback()
    def group() -> None:
        """Zicht."""

    app.command("estimate")(estimate)
    return app


def write_csv(path, case) -> None:
    table = table_of(case)
    lines = [",".join([*table.list_names, "count"])]
    for pattern, count in zip(table.pattern_strings(), table.counts.tolist(), strict=True):
        if count:
            lines.append(",".join([*pattern, str(count)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("name", ["UKdat", "Ned"])
def test_json_output_matches_sparsemse_reference(tmp_path, reference_cases, name):
    case = reference_cases[name]
    path = tmp_path / f"{name}.csv"
    write_csv(path, case)
    outcome = runner.invoke(
        estimate_app(),
        [
            "estimate",
            str(path),
            "--json",
            "--method",
            "stepwise",
            "--pthresh",
            "0.02",
            "--interval",
            "asymptotic",
        ],
    )
    assert outcome.exit_code == 0, outcome.output
    payload = json.loads(outcome.stdout)
    reference = case["reference_run"]
    for key in ("estimate", "ci_low", "ci_high"):
        assert payload[key] == pytest.approx(reference[key], rel=0.005)
    assert payload["model_terms"] == reference["model_terms"]
    assert payload["method"] == "stepwise"
    assert isinstance(payload["warnings"], list)
    marked = [t.removesuffix(" (-Inf)") for t in reference["model_terms"] if "(-Inf)" in t]
    assert payload["minus_infinity_terms"] == marked


def test_human_output_is_dutch_and_always_shows_the_interval(tmp_path, reference_cases):
    path = tmp_path / "kosovo.csv"
    write_csv(path, reference_cases["Kosovo"])
    outcome = runner.invoke(estimate_app(), ["estimate", str(path), "--interval", "profile"])
    assert outcome.exit_code == 0, outcome.output
    assert "Geschat totaal aantal slachtoffers" in outcome.stdout
    assert "95%-interval" in outcome.stdout
    assert "Andere methoden" in outcome.stdout


def test_table_without_estimate_exits_non_zero_and_explains(tmp_path):
    path = tmp_path / "disjoint.csv"
    path.write_text("A,B,C,count\n1,0,0,30\n0,1,0,20\n0,0,1,10\n", encoding="utf-8")
    outcome = runner.invoke(estimate_app(), ["estimate", str(path), "--json"])
    assert outcome.exit_code == EXIT_NO_ESTIMATE
    payload = json.loads(outcome.stdout)
    assert payload["estimate"] is None
    assert payload["estimate_exists"] is False
    assert "Niemand staat op meer dan één lijst" in payload["error"]
    assert "Geen schatting mogelijk" in outcome.stderr


def test_malformed_table_exits_with_a_message(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("A,B\n1,0\n", encoding="utf-8")
    outcome = runner.invoke(estimate_app(), ["estimate", str(path)])
    assert outcome.exit_code == EXIT_BAD_TABLE
    assert "Kolom 'count' ontbreekt" in outcome.stderr


def test_bootstrap_option_uses_the_seed(tmp_path, reference_cases):
    path = tmp_path / "korea.csv"
    write_csv(path, reference_cases["Korea"])
    arguments = [
        "estimate",
        str(path),
        "--json",
        "--interval",
        "bootstrap",
        "--bootstrap-replicates",
        "60",
        "--seed",
        "11",
        "--no-compare",
    ]
    first = json.loads(runner.invoke(estimate_app(), arguments).stdout)
    second = json.loads(runner.invoke(estimate_app(), arguments).stdout)
    assert first["ci_low"] == second["ci_low"]
    assert first["settings"]["interval"]["seed"] == 11


def test_command_is_registered_in_the_main_app():
    from zicht.cli import main

    names = [command.name for command in main.app.registered_commands]
    assert "estimate" in names
