"""The XLSX template's drop-down lists say, in the cell, what their codes mean."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from zicht.core.deliveries.templates import PROMPT_LIMIT, template_xlsx


def _lists(catalog, partner: str, language: str) -> dict[str, object]:
    """The first sheet's drop-down lists by the header of the column they sit in."""
    sheet = load_workbook(io.BytesIO(template_xlsx(catalog, partner, 2020, language))).worksheets[0]
    header = [c.value for c in sheet[1]]
    return {
        header[ord(str(dv.sqref)[0]) - ord("A")]: dv for dv in sheet.data_validations.dataValidation
    }


def test_a_short_list_names_its_codes_in_the_cell_in_the_template_s_language(catalog):
    dutch = _lists(catalog, "politie-rotterdam", "nl")["geslacht"]
    assert dutch.showInputMessage and dutch.promptTitle == "Kies een code"
    assert "vrouw = Vrouw" in dutch.prompt and "anders_onbekend = " in dutch.prompt
    english = _lists(catalog, "politie-rotterdam", "en")["sex"]
    assert english.promptTitle == "Choose a code" and "vrouw = Female" in english.prompt


def test_a_long_list_points_to_the_instructions_sheet_within_excel_s_limit(catalog):
    municipalities = _lists(catalog, "politie-rotterdam", "nl")["gemeente"]
    assert municipalities.prompt == "Wat elke code betekent, staat op het blad 'Toelichting'."
    for language in ("nl", "en"):
        for dv in _lists(catalog, "politie-rotterdam", language).values():
            assert len(dv.prompt) <= PROMPT_LIMIT and len(dv.promptTitle) <= 32
            assert len(dv.error) <= PROMPT_LIMIT and len(dv.errorTitle) <= 32


@pytest.mark.parametrize(
    ("language", "title", "sheet"),
    [("nl", "Onbekende code", "Toelichting"), ("en", "Unknown code", "Instructions")],
)
def test_a_refused_code_is_explained_in_the_template_s_language(catalog, language, title, sheet):
    for dv in _lists(catalog, "politie-rotterdam", language).values():
        assert dv.errorTitle == title and f"'{sheet}'" in dv.error


def test_the_english_instructions_promise_what_the_english_portal_does(catalog):
    """The English portal gives its reasons in English, and the title keeps partner and year
    apart as the Dutch does ("…, jaar 2020")."""
    workbook = load_workbook(io.BytesIO(template_xlsx(catalog, "politie-rotterdam", 2020, "en")))
    guide = [str(c.value) for c in workbook["Instructions"]["A"]]
    assert guide[0].startswith("Delivery template ") and guide[0].endswith(", year 2020")
    assert not any("Dutch)" in line or "(in Dutch" in line for line in guide)
