"""The pure parts of publishing an edition beside its snapshot: the disclosure summary a
reader sees in the colophon, and which catalogue notes travel with the edition's figures."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from zicht.core.catalog.model import Catalog, Text
from zicht.core.privacy.disclosure import privacy_statement
from zicht.core.publication.protect import ProtectedCells


@dataclass(frozen=True)
class DisclosureSummary:
    """How many of the edition's figures were hidden, and why; with the privacy statement."""

    cells: int
    hidden: int
    primary: int  # hidden because the count is small ("<5")
    secondary: int  # hidden so that a small count cannot be worked out ("x")
    audit_passed: bool | None = None  # None: no indicator had a small-count rule
    audited_cells: int | None = None
    statement: Text | None = None
    # Indicators published with differential-privacy noise: epsilon per count, the budget
    # this edition spent and the 95% margins (``NoiseRecord.to_dict``).
    noise: tuple[dict[str, Any], ...] = ()

    def noise_of(self, indicator: str) -> dict[str, Any] | None:
        return next((n for n in self.noise if n.get("indicator") == indicator), None)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DisclosureSummary:
        statement = data.get("statement")
        return cls(
            cells=int(data.get("cells", 0)),
            hidden=int(data.get("hidden", 0)),
            primary=int(data.get("primary", 0)),
            secondary=int(data.get("secondary", 0)),
            audit_passed=data.get("audit_passed"),
            audited_cells=data.get("audited_cells"),
            statement=Text(statement.get("nl", ""), statement.get("en", "")) if statement else None,
            noise=tuple(data.get("differential_privacy", ())),
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "cells": self.cells,
            "hidden": self.hidden,
            "primary": self.primary,
            "secondary": self.secondary,
        }
        if self.audit_passed is not None:
            data |= {"audit_passed": self.audit_passed, "audited_cells": self.audited_cells}
        if self.statement is not None:
            data["statement"] = {"nl": self.statement.nl, "en": self.statement.en}
        if self.noise:
            data["differential_privacy"] = list(self.noise)
        return data


def disclosure_summary(catalog: Catalog, protected: ProtectedCells) -> DisclosureSummary:
    hidden = [c for c in protected.cells if c.hidden]
    audit = protected.audit
    summary = DisclosureSummary(
        cells=len(protected.cells),
        hidden=len(hidden),
        primary=sum(1 for c in hidden if c.symbol.startswith("<")),
        secondary=sum(1 for c in hidden if c.symbol == "x"),
        noise=tuple(record.to_dict() for record in protected.noise),
    )
    if audit is None:
        return summary

    def statement(language: Literal["nl", "en"]) -> str:
        names = {code: i.name.get(language) for code, i in catalog.indicators.items()}
        spent = [(n.indicator, n.epsilon_spent) for n in protected.noise]
        return privacy_statement(audit, language, names=names, differential_privacy=spent)

    return DisclosureSummary(
        **(
            summary.__dict__
            | {
                "audit_passed": audit.passed,
                "audited_cells": len(audit.ranges),
                "statement": Text(statement("nl"), statement("en")),
            }
        )
    )


class NoteKind(StrEnum):
    CONTEXT = "context"  # about the year (fewer checks in 2020 because of COVID-19)
    METHOD = "method"  # how a computed figure was made


@dataclass(frozen=True)
class PlannedNote:
    """A note that goes with an edition: on one indicator or on one theme."""

    text: Text
    kind: NoteKind = NoteKind.CONTEXT
    indicator: str = ""
    theme: str = ""


def catalogue_notes(catalog: Catalog, year: int) -> list[PlannedNote]:
    """The catalogue's notes on the year, one per indicator or theme they are about."""
    planned = []
    for note in (n for n in catalog.notes if n.applies_to(year)):
        planned += [PlannedNote(note.text, indicator=code) for code in note.indicators]
        planned += [PlannedNote(note.text, theme=code) for code in note.themes]
    return planned


def method_notes(catalog: Catalog, partner: str, year: int, note: Text) -> list[PlannedNote]:
    """A computed source's method note, on the indicators its method computed (the
    registered count beside an estimate is a count, not an estimate)."""
    analysis = catalog.partners[partner].analysis
    if analysis is None:
        computed = {i.code for i in catalog.indicators_of(partner, year)}
    else:
        produced = dict(analysis.produces)
        computed = {produced[r] for r in analysis.method.computed_roles if r in produced}
    return [
        PlannedNote(note, NoteKind.METHOD, indicator=indicator.code)
        for indicator in catalog.indicators_of(partner, year)
        if indicator.code in computed
    ]
