"""The outcome of an estimation run, ready to store, publish or print."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from zicht.core.errors import ZichtError
from zicht.core.estimation.settings import EstimationSettings

# How a term fixed at minus infinity (an empty overlap) is marked, as in SparseMSE output.
MINUS_INFINITY_MARK = " (-Inf)"


class EstimateDoesNotExistError(ZichtError, ValueError):
    """The table does not allow an estimate with the chosen model; ``str()`` explains why."""

    code = "estimate_does_not_exist"

    def __init__(self, explanation: str, reasons: tuple[str, ...] = ()) -> None:
        super().__init__(" ".join((explanation, *reasons)))
        self.explanation = explanation
        self.reasons = reasons


@dataclass(frozen=True)
class AlternativeEstimate:
    """Another way of estimating the same number, shown next to the main one."""

    method: str
    estimate: float
    ci_low: float
    ci_high: float
    model_terms: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EstimationResult:
    estimate: float
    ci_low: float
    ci_high: float
    model_terms: tuple[str, ...]
    method: str
    warnings: tuple[str, ...]
    interval: str
    ci_level: float
    observed_total: int
    list_names: tuple[str, ...]
    selection_steps: tuple[dict[str, Any], ...] = ()
    alternatives: tuple[AlternativeEstimate, ...] = ()
    settings: EstimationSettings | None = None

    @property
    def dark_figure(self) -> float:
        return self.estimate - self.observed_total

    def to_dict(self) -> dict[str, Any]:
        return {
            "estimate": _number(self.estimate),
            "ci_low": _number(self.ci_low),
            "ci_high": _number(self.ci_high),
            "ci_level": self.ci_level,
            "model_terms": list(self.model_terms),
            "minus_infinity_terms": [
                term.removesuffix(MINUS_INFINITY_MARK)
                for term in self.model_terms
                if term.endswith(MINUS_INFINITY_MARK)
            ],
            "method": self.method,
            "interval": self.interval,
            "warnings": list(self.warnings),
            "observed_total": self.observed_total,
            "lists": list(self.list_names),
            "selection_steps": list(self.selection_steps),
            "alternatives": [
                {
                    "method": alternative.method,
                    "estimate": _number(alternative.estimate),
                    "ci_low": _number(alternative.ci_low),
                    "ci_high": _number(alternative.ci_high),
                    "model_terms": list(alternative.model_terms),
                    **alternative.details,
                }
                for alternative in self.alternatives
            ],
            "settings": self.settings.to_dict() if self.settings else None,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def _number(value: float) -> float | None:
    """JSON has no infinity; an unbounded limit is written as null (and warned about)."""
    return None if not math.isfinite(value) else float(value)
