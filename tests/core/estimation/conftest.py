"""Shared fixtures: the published reference tables, vendored under data/ (see data/README.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from zicht.core.estimation import CaptureTable, capture_table_from_mapping

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "mse_cases.json"


def load_reference_cases() -> list[dict[str, Any]]:
    """The 13 published tables with the SparseMSE reference run; fails loudly if absent."""
    if not REFERENCE_FILE.is_file():
        pytest.fail(
            f"Reference data not found at {REFERENCE_FILE}. The estimation tests compare with "
            "the published SparseMSE outputs vendored there; restore it from version control."
        )
    return json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))


def reference_case_names(
    applies: Callable[[dict[str, Any]], bool] = lambda case: True,
) -> list[str]:
    """Names of the reference cases a test applies to, for parametrisation."""
    # Collection must not crash when the file is missing: the test then fails in the fixture.
    if not REFERENCE_FILE.is_file():
        return ["reference-file-missing"]
    cases = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    return [case["name"] for case in cases if applies(case)]


def table_of(case: dict[str, Any]) -> CaptureTable:
    return capture_table_from_mapping(
        case["lists"], {row["pattern"]: row["count"] for row in case["table"]}
    )


def extra_run(case: dict[str, Any], starts_with: str) -> dict[str, Any]:
    matches = [run for run in case["reference_runs_extra"] if run["what"].startswith(starts_with)]
    assert matches, f"{case['name']}: no reference run starting with {starts_with!r}"
    return matches[0]


@pytest.fixture(scope="session")
def reference_cases() -> dict[str, dict[str, Any]]:
    return {case["name"]: case for case in load_reference_cases()}
