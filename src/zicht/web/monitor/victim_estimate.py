"""The hidden number of victims as an observation: an MSE estimate with its interval.

The input is a capture-history table — from Zicht's own privacy-preserving linkage of the
partners' encoded lists, or uploaded by the coordinator. What is stored is an ``analysis``
delivery whose content holds the table (counts of persons per capture history, no persons),
the method, the selected model and the warnings, so every published estimate can be redone.
"""

from __future__ import annotations

import hashlib

import polars as pl

from zicht.core.catalog import AnalysisMethod, Catalog, Text
from zicht.core.deliveries import ObservationRow
from zicht.core.estimation import (
    CaptureTable,
    EstimationResult,
    EstimationSettings,
    capture_table_from_patterns,
    estimate_population,
)
from zicht.core.estimation.design import term_lists
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.monitor.services import DeliveryResult, analysis_content, store_delivery


def estimate_partner(catalog: Catalog) -> str:
    """The partner the catalogue declares for the estimate's figures."""
    return catalog.analysis_partner(AnalysisMethod.POPULATION_ESTIMATE).code


def capture_table_from_overlap(overlap: pl.DataFrame) -> CaptureTable:
    """The linkage's overlap table (0/1 per source and ``count``) as an MSE table."""
    sources = [c for c in overlap.columns if c != "count"]
    rows = [(list(r[:-1]), int(r[-1])) for r in overlap.select(*sources, "count").iter_rows()]
    return capture_table_from_patterns(sources, rows)


_METHOD_WORDS = {
    "stepwise": Text("stapsgewijze modelselectie", "stepwise model selection"),
    "main": Text("alleen hoofdeffecten", "main effects only"),
    "fixed": Text("vaste termen", "fixed terms"),
    "all": Text("alle paren van lijsten", "all pairs of lists"),
}
_INTERVAL_WORDS = {
    "asymptotic": Text("asymptotisch interval", "asymptotic interval"),
    "profile": Text("profiel-likelihoodinterval", "profile-likelihood interval"),
    "bootstrap": Text("bootstrapinterval", "bootstrap interval"),
}


def method_notes(content: dict, catalog: Catalog) -> Text:
    """How the stored estimate was made, for readers, in Dutch and English.

    Lists are named by their partner's name when a list is named after a catalogue partner (as
    ``zicht encode --source`` advises), so a reader never sees a list code."""
    result = content["result"]
    source = Text(content.get("source", ""), content.get("source_en", ""))

    def list_name(code: str, language: str) -> str:
        partner = catalog.partners.get(code)
        return partner.name.get(language) if partner else code

    def term_words(term: str, language: str) -> str:
        return " × ".join(list_name(code, language) for code in term_lists(term))

    def note(language: str) -> str:
        method = _METHOD_WORDS.get(result["method"])
        interval = _INTERVAL_WORDS.get(result["interval"])
        method_text = method.get(language) if method else result["method"]
        interval_text = interval.get(language) if interval else result["interval"]
        terms = "; ".join(term_words(t, language) for t in result["model_terms"])
        terms = terms or _METHOD_WORDS["main"].get(language)
        # A partner's name may hold a comma ("Humanitas, meldpunt ..."): lists are split by ";".
        lists = "; ".join(list_name(code, language) for code in result["lists"])
        count = len(result["lists"])
        if language == "en":
            return (
                f"Multiple systems estimation ({method_text}, {interval_text}) over "
                f"{count} lists: {lists}. Model: {terms}. Source: {source.get('en')}."
            )
        return (
            # The Dutch literature (Nationaal Rapporteur, UNODC) keeps the English name.
            f"Multiple systems estimation ({method_text}, {interval_text}) over "
            f"{count} lijsten: {lists}. Model: {terms}. Bron: {source.get('nl')}."
        )

    return Text(note("nl"), note("en"))


def victim_estimate_store(
    *,
    catalog: Catalog,
    year: int,
    table: CaptureTable,
    source: Text,
    settings: EstimationSettings | None = None,
    extra: dict | None = None,
) -> tuple[DeliveryResult, EstimationResult]:
    """Estimate and store ``estimated_victims`` (with interval) and ``registered_persons``.

    Raises ``EstimateDoesNotExistError`` (Dutch explanation) when the table supports no estimate.
    """
    result = estimate_population(table, settings)
    region, period = catalog.region, str(year)
    partner = catalog.analysis_partner(AnalysisMethod.POPULATION_ESTIMATE)
    produced = partner.analysis.indicator
    observations = [
        ObservationRow(
            produced("estimate"),
            region,
            period,
            "",
            result.estimate,
            lower=result.ci_low,
            upper=result.ci_high,
        ),
        ObservationRow(produced("registered"), region, period, "", float(result.observed_total)),
    ]
    payload = {"result": result.to_dict(), "source": source.nl, "source_en": source.en}
    payload |= extra or {}
    content = analysis_content(payload)
    catalog_sync(catalog=catalog)
    stored = store_delivery(
        partner=partner.code,
        year=year,
        delivery_format="analysis",
        filename=f"schatting-{year}.json",
        checksum=hashlib.sha256(content).hexdigest(),
        content=content,
        row_count=int(result.observed_total),
        observations=observations,
        note=method_notes(payload, catalog).nl,
    )
    return stored, result
