"""The pure parts of publishing: the disclosure summary and which notes travel along."""

from __future__ import annotations

from zicht.core.catalog.model import AnalysisMethod, Text
from zicht.core.publication.report import (
    DisclosureSummary,
    NoteKind,
    catalogue_notes,
    method_notes,
)


def test_a_summary_stored_by_the_previous_version_reads_typed():
    stored = {
        "cells": 120,
        "hidden": 7,
        "primary": 5,
        "secondary": 2,
        "audit_passed": True,
        "audited_cells": 40,
        "statement": {"nl": "Kleine aantallen", "en": "Small counts"},
    }
    summary = DisclosureSummary.from_dict(stored)
    assert summary.hidden == 7 and summary.audit_passed is True
    assert summary.statement == Text("Kleine aantallen", "Small counts")
    assert summary.to_dict() == stored


def test_the_estimate_s_method_note_is_not_put_on_the_registered_count(catalog):
    partner = catalog.analysis_partner(AnalysisMethod.POPULATION_ESTIMATE)
    notes = method_notes(catalog, partner.code, 2020, Text("MSE", "MSE"))
    estimate = partner.analysis.indicator("estimate")
    registered = partner.analysis.indicator("registered")
    assert [n.indicator for n in notes] == [estimate]
    assert registered not in {n.indicator for n in notes}
    assert all(n.kind is NoteKind.METHOD for n in notes)


def test_catalogue_notes_go_to_each_indicator_and_theme_they_name(catalog):
    planned = catalogue_notes(catalog, 2020)
    expected = sum(len(n.indicators) + len(n.themes) for n in catalog.notes if n.year == 2020)
    assert len(planned) == expected > 0
    assert all(bool(n.indicator) != bool(n.theme) for n in planned)
