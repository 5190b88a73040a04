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


# Plain words first, the technical term in brackets, as the glossary and the methods page
# do ("Onzekerheidsmarge", "Vakterm: 95%-betrouwbaarheidsinterval").
_MODEL_WORDS = {
    "stepwise": Text(
        "Het rekenmodel is stap voor stap gekozen (stapsgewijze modelselectie)",
        "The model was chosen step by step (stepwise model selection)",
    ),
    "main": Text("Het rekenmodel is vooraf gekozen", "The model was chosen beforehand"),
    "fixed": Text(
        "Het rekenmodel is vooraf vastgelegd (vaste termen)",
        "The model was fixed beforehand (fixed terms)",
    ),
    "all": Text(
        "Het rekenmodel neemt elk paar van lijsten mee (alle paren)",
        "The model takes every pair of lists into account (all pairs)",
    ),
}
_INDEPENDENT = Text(
    "het behandelt de lijsten als onafhankelijk van elkaar (alleen hoofdeffecten)",
    "it treats the lists as independent of each other (main effects only)",
)
_NONE_NEEDED = Text(
    "er bleek geen samenhang tussen de lijsten nodig, dus het behandelt ze als onafhankelijk "
    "van elkaar (alleen hoofdeffecten)",
    "no link between the lists turned out to be needed, so it treats them as independent of "
    "each other (main effects only)",
)
_DEPENDENT = Text(
    "het houdt rekening met samenhang tussen {pairs}",
    "it allows for a link between {pairs}",
)
_INTERVAL_WORDS = {
    "asymptotic": Text(
        "uit de standaardfout (asymptotisch)", "from the standard error (asymptotic)"
    ),
    "profile": Text("met profiel-likelihood", "by profile likelihood"),
    "bootstrap": Text("met bootstrap", "by bootstrap"),
}


def method_notes(content: dict, catalog: Catalog) -> Text:
    """How the stored estimate was made, for readers, in Dutch and English: in the
    glossary's plain words ("onzekerheidsmarge"), the technical term in brackets.

    Lists are named by their partner's name when a list is named after a catalogue partner (as
    ``zicht encode --source`` advises), so a reader never sees a list code."""
    result = content["result"]
    source = Text(content.get("source", ""), content.get("source_en", ""))

    def list_name(code: str, language: str) -> str:
        partner = catalog.partners.get(code)
        return partner.name.get(language) if partner else code

    def term_words(term: str, language: str) -> str:
        joiner = " and " if language == "en" else " en "
        return joiner.join(list_name(code, language) for code in term_lists(term))

    def note(language: str) -> str:
        model = _MODEL_WORDS.get(result["method"])
        model_text = model.get(language) if model else result["method"]
        pairs = "; ".join(term_words(t, language) for t in result["model_terms"])
        if pairs:
            terms = _DEPENDENT.get(language).format(pairs=pairs)
        else:  # a stepwise search that added nothing says so, not "main effects" out of the blue
            terms = (_NONE_NEEDED if result["method"] == "stepwise" else _INDEPENDENT).get(language)
        interval = _INTERVAL_WORDS.get(result["interval"])
        how = interval.get(language) if interval else result["interval"]
        # A partner's name may hold a comma ("Humanitas, meldpunt ..."): lists are split by ";".
        lists = "; ".join(list_name(code, language) for code in result["lists"])
        count = len(result["lists"])
        if language == "en":
            return (
                f"Estimated from the overlap between {count} lists (multiple systems "
                f"estimation): {lists}. {model_text}; {terms}. The margin of uncertainty "
                f"(95% confidence interval) is computed {how}. Source: {source.get('en')}."
            )
        return (
            # The Dutch literature (Nationaal Rapporteur, UNODC) keeps the English name.
            f"Geschat uit de overlap tussen {count} lijsten (multiple systems estimation): "
            f"{lists}. {model_text}; {terms}. De onzekerheidsmarge "
            f"(95%-betrouwbaarheidsinterval) is berekend {how}. Bron: {source.get('nl')}."
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
