"""The pure parts of publishing: the disclosure summary and which notes travel along."""

from __future__ import annotations

import pytest

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
    expected = sum(len(n.indicators) + len(n.themes) for n in catalog.notes if n.applies_to(2020))
    assert len(planned) == expected > 0
    assert all(bool(n.indicator) != bool(n.theme) for n in planned)


CAVEAT = "Een signaal of melding is geen bewezen mensenhandel"


@pytest.mark.parametrize("year", [2018, 2020, 2021, 2030])
def test_the_signal_is_not_proof_caveat_goes_with_every_edition_also_future_ones(catalog, year):
    caveats = [n for n in catalogue_notes(catalog, year) if n.text.nl.startswith(CAVEAT)]
    assert caveats and all(
        n.text.en.startswith("A signal or report is not proven trafficking") for n in caveats
    )


def _reached_by(catalog, notes) -> set[str]:
    """The indicators whose figures a note is printed on: named, or in a theme it names (as
    the public gate attaches notes to figures)."""
    themes = {n.theme for n in notes if n.theme}
    named = {n.indicator for n in notes if n.indicator}
    return {c for c, i in catalog.indicators.items() if c in named or i.theme in themes}


@pytest.mark.parametrize("year", [2020, 2021])
def test_the_signal_is_not_proof_caveat_is_on_counts_of_signals_and_reports_only(catalog, year):
    """ "A signal or report is not proven trafficking; partners' numbers do not add up" is true
    of the partners' counts of signals and reports, not of the context figures (ads, sex
    workers, the estimate), which a footnote would make read as unproven signals, nor of
    suspicious transactions, which count no persons."""
    caveats = [n for n in catalogue_notes(catalog, year) if n.text.nl.startswith(CAVEAT)]
    reached = _reached_by(catalog, caveats)
    signals = {c for c, i in catalog.indicators.items() if i.unit.nl in {"signalen", "meldingen"}}
    assert reached == signals
    assert {"police_signals", "humanitas_reports", "care_table_new_signals"} <= reached
    context = {c for c, i in catalog.indicators.items() if i.theme == "context"}
    assert "sex_workers" in context and not reached & context
    assert "fiu_suspicious_transactions" not in reached


def test_a_note_with_a_year_stays_with_that_edition(catalog):
    covid = [n for n in catalog.notes if "COVID-19" in n.text.nl]
    assert covid and all(n.applies_to(2020) and not n.applies_to(2021) for n in covid)
    assert not [n for n in catalogue_notes(catalog, 2021) if "COVID-19" in n.text.nl]
