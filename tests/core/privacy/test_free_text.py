"""The free-text check: kinds and positions, never values; recall on names from many locales."""

from __future__ import annotations

import pytest

from zicht.core.privacy.guard import PersonalDataKind as K
from zicht.core.privacy.guard.free_text import check_free_text, describe_findings
from zicht.demo.free_text_corpus import LOCALES, measure


def test_a_name_outside_every_list_is_found_where_it_is() -> None:
    text = "Gisteren sprak de zorgcoördinator met Zsófia Kovács over opvang."
    findings = check_free_text(text)
    assert [f.kind for f in findings] == [K.PERSON_NAME]
    assert text[findings[0].start : findings[0].end] == "Zsófia Kovács"
    message = describe_findings(findings)
    assert "Kovács" not in message and "teken 39 tot 51" in message


def test_a_title_and_a_surname_is_a_name() -> None:
    text = "Contact opgenomen met mevrouw Nagy over de aangifte."
    (finding,) = check_free_text(text)
    assert finding.kind is K.PERSON_NAME
    assert text[finding.start : finding.end] in ("Nagy", "mevrouw Nagy")  # Deduce keeps the title


def test_pattern_kinds_get_their_position_too() -> None:
    text = "Bel 06 12345678 of mail naar iemand@voorbeeld.nl voor de levering."
    findings = check_free_text(text)
    spans = {f.kind: text[f.start : f.end] for f in findings}
    assert spans == {K.PHONE_NUMBER: "06 12345678", K.EMAIL_ADDRESS: "iemand@voorbeeld.nl"}


@pytest.mark.parametrize(
    "text",
    [
        "Het Openbaar Ministerie en de Koninklijke Marechaussee hielden in Capelle aan den "
        "IJssel een actie aan de Kerkstraat.",
        "Volgens CoMensha en het Rode Kruis is de Land- en Tuinbouw moeilijk zichtbaar.",
        "Cijfers over 2020 zijn voorlopig; de Zorgtafel levert in maart opnieuw.",
        "",
    ],
)
def test_clean_notes_pass(text: str) -> None:
    assert check_free_text(text) == []


def test_corpus_recall_and_false_refusals_hold_on_a_fixed_seed() -> None:
    """Docs/benchmarks/privacy.md records the full run; here a smaller one on the same seed."""
    assert len(LOCALES) >= 10
    result = measure(per_locale=30, clean=500, seed=16)
    assert result.recall >= 0.95, (result.names_found, result.names, result.missed_by_locale)
    assert result.false_refusal_rate < 0.02, (result.clean_refused, result.clean)


def test_english_text_gets_the_pattern_checks_only() -> None:
    text = "Given its complexity, the Monitor asks Partners to mail iemand@voorbeeld.nl."
    assert [f.kind for f in check_free_text(text, language="en")] == [K.EMAIL_ADDRESS]
