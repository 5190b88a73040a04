"""Many small LPs on one model: the same constraints, one cell's objective after another.

The audit and the cut generation minimise and maximise cell after cell over the same cluster
of hidden cells. ``scipy.optimize.linprog`` rebuilds and re-checks the model on every call
(about 2 ms of Python for 0.5 ms of HiGHS on these sizes). Here the model is passed to HiGHS
once per cluster and only the objective changes; HiGHS starts each solve from the previous
basis, through HiGHS's own public Python package ``highspy`` (not the private bindings inside
SciPy). Should HiGHS report anything but optimal or unbounded, ``linprog`` decides.
"""

from __future__ import annotations

import highspy
import numpy as np
from scipy import sparse
from scipy.optimize import linprog

OPTIMAL, UNBOUNDED = "optimal", "unbounded"


class ClusterLP:
    """``min ± y[column] : a_eq y = b_eq, lower <= y <= upper`` for any column, repeatedly."""

    def __init__(self, a_eq, b_eq, lower: np.ndarray, upper: np.ndarray) -> None:
        self.a_eq = sparse.csc_matrix(a_eq) if a_eq is not None else None
        self.b_eq = np.asarray(b_eq, dtype=float) if b_eq is not None else np.zeros(0)
        self.lower = np.asarray(lower, dtype=float)
        self.upper = np.asarray(upper, dtype=float)
        self.n = len(self.lower)
        self._model: highspy.Highs | None = self._build()
        self._last: int | None = None

    def _build(self):
        lp = highspy.HighsLp()
        rows = 0 if self.a_eq is None else self.a_eq.shape[0]
        lp.num_col_, lp.num_row_ = self.n, rows
        lp.col_cost_ = np.zeros(self.n)
        lp.col_lower_ = np.where(np.isinf(self.lower), -highspy.kHighsInf, self.lower)
        lp.col_upper_ = np.where(np.isinf(self.upper), highspy.kHighsInf, self.upper)
        lp.row_lower_ = lp.row_upper_ = self.b_eq
        matrix = self.a_eq if self.a_eq is not None else sparse.csc_matrix((0, self.n))
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = self.n, rows
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = matrix.indptr
        lp.a_matrix_.index_ = matrix.indices
        lp.a_matrix_.value_ = matrix.data
        model = highspy.Highs()
        model.setOptionValue("output_flag", False)
        model.setOptionValue("presolve", "off")  # tiny models; keeps unbounded distinct
        model.passModel(lp)
        return model

    def minimise(self, column: int, sign: float) -> tuple[str, float, np.ndarray]:
        """Status, min of ``sign · y[column]`` and the row duals (d objective / d b_eq)."""
        if self._model is None:  # no reusable model (tests compare both paths)
            return self._with_linprog(column, sign)
        if self._last is not None and self._last != column:
            self._model.changeColCost(self._last, 0.0)
        self._model.changeColCost(column, sign)
        self._last = column
        self._model.run()
        status = self._model.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            solution = self._model.getSolution()
            value = self._model.getInfo().objective_function_value
            return OPTIMAL, value, np.asarray(solution.row_dual, dtype=float)
        if status == highspy.HighsModelStatus.kUnbounded:
            return UNBOUNDED, -np.inf, np.zeros(0)
        # Anything else (rare numerical trouble): the plain path decides.
        return self._with_linprog(column, sign)

    def _with_linprog(self, column: int, sign: float) -> tuple[str, float, np.ndarray]:
        objective = np.zeros(self.n)
        objective[column] = sign
        columns = np.column_stack([self.lower, self.upper])
        bounds = [(lo, None if np.isinf(hi) else hi) for lo, hi in columns]
        a_eq, b_eq = (self.a_eq, self.b_eq) if self.a_eq is not None else (None, None)
        result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if result.status == 3:
            return UNBOUNDED, -np.inf, np.zeros(0)
        if result.status != 0:
            raise ArithmeticError("the published figures are inconsistent (LP infeasible)")
        duals = result.eqlin.marginals if a_eq is not None else np.zeros(0)
        return OPTIMAL, result.fun, np.asarray(duals, dtype=float)
