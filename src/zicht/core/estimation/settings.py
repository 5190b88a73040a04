"""Frozen, typed settings for an estimation run; stored with every result that used them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class SelectionMethod(StrEnum):
    STEPWISE = "stepwise"  # SparseMSE stepwisefit: add two-list terms while p < threshold
    MAIN = "main"  # main effects only: lists independent given the population
    FIXED = "fixed"  # the two-list terms given in ``fixed_terms``
    ALL_PAIRS = "all"  # every two-list term (SparseMSE ``method="fixed", mX=0``)


class IntervalMethod(StrEnum):
    ASYMPTOTIC = "asymptotic"  # exp(intercept +/- z * se), as estimatepopulation.0
    PROFILE = "profile"  # profile likelihood in the intercept (the dark figure)
    BOOTSTRAP = "bootstrap"  # BCa bootstrap, model re-selected in every replicate


class BootstrapKind(StrEnum):
    NONPARAMETRIC = "nonparametric"  # resample observed persons (SparseMSE estimatepopulation)
    PARAMETRIC = "parametric"  # simulate whole populations from the fitted model


@dataclass(frozen=True)
class SelectionSettings:
    method: SelectionMethod = SelectionMethod.STEPWISE
    p_threshold: float = 0.02
    fixed_terms: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", SelectionMethod(self.method))
        if not 0.0 <= self.p_threshold <= 1.0:
            raise ValueError("De p-drempel moet tussen 0 en 1 liggen (p_threshold in [0, 1]).")
        if self.method is SelectionMethod.FIXED and not self.fixed_terms:
            raise ValueError(
                "Methode 'fixed' heeft minstens één term nodig, bijvoorbeeld 'A:B' "
                "(method 'fixed' needs --terms)."
            )


@dataclass(frozen=True)
class IntervalSettings:
    method: IntervalMethod = IntervalMethod.ASYMPTOTIC
    level: float = 0.95
    bootstrap_replicates: int = 1000
    bootstrap_kind: BootstrapKind = BootstrapKind.NONPARAMETRIC
    seed: int = 1234

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", IntervalMethod(self.method))
        object.__setattr__(self, "bootstrap_kind", BootstrapKind(self.bootstrap_kind))
        if not 0.5 < self.level < 1.0:
            raise ValueError("Het betrouwbaarheidsniveau moet tussen 0,5 en 1 liggen (level).")
        if self.bootstrap_replicates < 50:
            raise ValueError("Gebruik minstens 50 bootstrapherhalingen (at least 50 replicates).")


@dataclass(frozen=True)
class AlternativeSettings:
    """The model-averaging comparison that shows model uncertainty."""

    enabled: bool = True
    max_enumerated_models: int = 1024  # above this, a BIC neighbourhood search is used
    occam_window: float = 20.0  # models with BIC more than this above the best get no weight
    disagreement_ratio: float = 1.25  # point estimates further apart than this are flagged


@dataclass(frozen=True)
class EstimationSettings:
    selection: SelectionSettings = field(default_factory=SelectionSettings)
    interval: IntervalSettings = field(default_factory=IntervalSettings)
    alternatives: AlternativeSettings = field(default_factory=AlternativeSettings)
    small_total_warning: int = 50  # observed persons below which the estimate is called thin

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
