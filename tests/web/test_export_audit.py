"""An outside reader audits `zicht export 2020` of the demo with an LP of its own.

Written independently of ``zicht.core.privacy.disclosure``: the reader reads the open-data CSV,
knows that breakdowns add up to their margin and that the municipalities of additive
indicators add up to the region, that a hidden cell is at least 1 (zeros are shown) and that
``<k`` means at most k - 1. For every hidden cell it minimises and maximises the cell with
SciPy's HiGHS; no cell may be narrowed to fewer than three possible values (range >= 2).
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict

import numpy as np
import pytest
from scipy.optimize import linprog
from typer.testing import CliRunner

from zicht.cli.main import app

pytestmark = pytest.mark.django_db(transaction=True)
TOTAL = "totaal"


def _rows(path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _bounds(row: dict[str, str]) -> tuple[float, float | None]:
    if row["value"] != "":
        return float(row["value"]), float(row["value"])
    if row["symbol"].startswith("<"):
        return 1.0, float(int(row["symbol"][1:]) - 1)
    return 1.0, None  # 'x': the acceptance's weaker reader (>= 1), so ranges only widen


def _equations(rows, dimensions, catalog) -> list[tuple[int, list[int]]]:
    """(total, parts) of every sum the published tables must satisfy."""
    index = {
        (r["indicator"], r["area"], r["period"], *(r[d] for d in dimensions)): i
        for i, r in enumerate(rows)
    }
    equations = []
    for (indicator, area, period, *codes), i in index.items():
        if any(code != TOTAL for code in codes):
            continue
        for position in range(len(dimensions)):  # breakdown parts -> margin
            parts = [
                j
                for (ind, a, p, *other), j in index.items()
                if (ind, a, p) == (indicator, area, period)
                and other[position] != TOTAL
                and all(c == TOTAL for k, c in enumerate(other) if k != position)
            ]
            if parts:
                equations.append((i, parts))
        if area == catalog.region and catalog.indicators[indicator].additive:
            members = catalog.region_members(catalog.region)
            parts = [index.get((indicator, m, period, *codes)) for m in members]
            if all(j is not None for j in parts):
                equations.append((i, parts))
    return equations


def _ranges(rows, equations) -> dict[int, tuple[float, float]]:
    hidden = [i for i, r in enumerate(rows) if r["value"] == "" and r["symbol"]]
    groups = defaultdict(set)  # solve per indicator and period: the tables are independent
    for i in hidden:
        groups[(rows[i]["indicator"], rows[i]["period"])].add(i)
    out = {}
    for key, members in groups.items():
        cells = [i for i, r in enumerate(rows) if (r["indicator"], r["period"]) == key]
        where = {i: n for n, i in enumerate(cells)}
        eqs = [(t, ps) for t, ps in equations if t in where]
        matrix = np.zeros((len(eqs), len(cells)))
        for row, (total, parts) in enumerate(eqs):
            matrix[row, where[total]] = 1.0
            for part in parts:
                matrix[row, where[part]] -= 1.0
        bounds = [_bounds(rows[i]) for i in cells]
        for i in members:
            objective = np.zeros(len(cells))
            objective[where[i]] = 1.0
            args = {
                "A_eq": matrix if len(eqs) else None,
                "b_eq": np.zeros(len(eqs)) if len(eqs) else None,
            }
            low = linprog(objective, bounds=bounds, method="highs", **args)
            high = linprog(-objective, bounds=bounds, method="highs", **args)
            assert low.status == 0, (key, low.message)
            out[i] = (low.fun, math.inf if high.status == 3 else -high.fun)
    return out


def test_no_hidden_cell_of_the_2020_export_narrows_to_fewer_than_three_values(
    demo_monitor, tmp_path
) -> None:
    result = CliRunner().invoke(app, ["export", "2020", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    header, rows = _rows(tmp_path / "zicht-2020.csv")
    dimensions = header[header.index("period") + 1 : header.index("value")]
    equations = _equations(rows, dimensions, demo_monitor)
    ranges = _ranges(rows, equations)
    hidden = [r for r in rows if r["value"] == "" and r["symbol"]]
    assert len(ranges) == len(hidden) > 10  # the demo hides cells, and every one is audited
    assert any(r["symbol"] == "x" for r in hidden)
    narrow = {
        (
            rows[i]["indicator"],
            rows[i]["area"],
            *(rows[i][d] for d in dimensions),
            rows[i]["symbol"],
        ): (low, high)
        for i, (low, high) in ranges.items()
        if high - low < 2 - 1e-6
    }
    assert not narrow, narrow
