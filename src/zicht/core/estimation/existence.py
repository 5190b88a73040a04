"""Does the estimate exist, and is it identifiable? Checked before fitting.

The test is the one SparseMSE's ``checkident`` applies (Fienberg and Rinaldo 2012, as used by
Chan, Silverman and Vincent 2021): the extended maximum likelihood estimate exists exactly when
some strictly positive table has the same sufficient statistics as the data, i.e. when the
linear programme ``max s subject to A'y = A'n, y >= s, s >= 0`` has a positive optimum. The
model is identifiable when its design matrix has full column rank. We solve the programme with
HiGHS through ``scipy.optimize.linprog``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from scipy.optimize import linprog

from zicht.core.estimation.design import Term, build_design
from zicht.core.estimation.table import CaptureTable

# The LP optimum is a ratio of small integers when positive (SparseMSE's smallest reference
# value is about 0.02), so anything below this is zero up to solver round-off.
LP_ZERO_TOLERANCE = 1e-9


class ExistenceCode(IntEnum):
    """Same codes as SparseMSE's ``checkident``."""

    OK = 0
    MLE_DOES_NOT_EXIST = 1
    NOT_IDENTIFIABLE = 2
    BOTH = 3


@dataclass(frozen=True)
class ExistenceCheck:
    code: ExistenceCode
    lp_objective: float
    rank_deficiency: int

    @property
    def ok(self) -> bool:
        return self.code == ExistenceCode.OK

    def explanation(self) -> str:
        """A Dutch explanation (with English gloss) of what went wrong, for users."""
        parts = []
        if self.code in (ExistenceCode.MLE_DOES_NOT_EXIST, ExistenceCode.BOTH):
            parts.append(
                "De schatting bestaat niet: met dit model en deze tabel loopt het geschatte "
                "aantal onzichtbare slachtoffers weg naar oneindig of is het niet eindig te "
                "bepalen (the maximum likelihood estimate does not exist; LP optimum 0)."
            )
        if self.code in (ExistenceCode.NOT_IDENTIFIABLE, ExistenceCode.BOTH):
            parts.append(
                "Het model is niet identificeerbaar: de tabel bevat te weinig overlap tussen "
                "lijsten om alle gekozen interacties te schatten (design not of full rank)."
            )
        return " ".join(parts) or "De schatting bestaat en is identificeerbaar."


def lp_existence_objective(design_matrix: np.ndarray, counts: np.ndarray) -> float:
    """Optimum of max s s.t. A'y = A'n, y - s >= 0, y >= 0, s >= 0."""
    cell_count, parameter_count = design_matrix.shape
    sufficient_statistics = design_matrix.T @ counts
    objective = np.zeros(cell_count + 1)
    objective[-1] = -1.0
    equality = np.hstack([design_matrix.T, np.zeros((parameter_count, 1))])
    inequality = np.hstack([-np.eye(cell_count), np.ones((cell_count, 1))])
    solution = linprog(
        objective,
        A_ub=inequality,
        b_ub=np.zeros(cell_count),
        A_eq=equality,
        b_eq=sufficient_statistics,
        bounds=(0, None),
        method="highs",
    )
    if solution.status != 0:
        return 0.0
    return float(-solution.fun)


def check_existence(
    table: CaptureTable, terms: Sequence[Term] = (), exact_objective: bool = False
) -> ExistenceCheck:
    """SparseMSE ``checkident`` for main effects plus ``terms`` on ``table``.

    With ``exact_objective`` the linear programme is always solved, so that ``lp_objective``
    equals SparseMSE's ``lp$objval``; otherwise a table without empty cells skips it.
    """
    design = build_design(table, terms)
    rank_deficiency = design.matrix.shape[1] - int(np.linalg.matrix_rank(design.matrix))
    if not exact_objective and np.all(design.counts > 0):
        # The data themselves are a strictly positive solution: no programme needed.
        objective = float(design.counts.min())
    else:
        objective = lp_existence_objective(design.matrix, design.counts)
    code = int(objective <= LP_ZERO_TOLERANCE) + 2 * int(rank_deficiency > 0)
    return ExistenceCheck(ExistenceCode(code), objective, rank_deficiency)


def describe_table_problems(table: CaptureTable) -> list[str]:
    """Plain reasons why even the main-effects estimate cannot exist, for the error message."""
    reasons = []
    totals = table.list_totals()
    for name, total in zip(table.list_names, totals, strict=True):
        if total == 0:
            reasons.append(f"Lijst {name} bevat niemand (list {name} is empty).")
        elif total == table.observed_total:
            reasons.append(
                f"Lijst {name} bevat iedereen; dan is er geen informatie over wie gemist wordt "
                f"(list {name} contains every observed person)."
            )
    if table.observed_total and not np.any(table.patterns.sum(axis=1)[table.counts > 0] > 1):
        reasons.append(
            "Niemand staat op meer dan één lijst; zonder overlap valt niets te schatten "
            "(no person appears on two lists)."
        )
    if table.observed_total == 0:
        reasons.append("De tabel is leeg (no persons at all).")
    return reasons
