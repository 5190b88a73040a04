"""A theme's notes stand where a reader of its figures is: under the theme's section on a
municipality's page and in an indicator's notes, each text once on a page; and a theme page for
a municipality none of whose figures is collected there says so."""

from __future__ import annotations

import re

import pytest
from django.utils.html import escape

from tests.web.addresses import address
from zicht.web.monitor.models import EditionNote

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _theme_notes(year: int, theme: str) -> list[EditionNote]:
    notes = EditionNote.objects.filter(edition__year=year, theme_code=theme, indicator_code="")
    assert notes, theme  # the catalogue's caveat on signals is on the theme Signalering
    return list(notes)


def _text(note: EditionNote, language: str) -> str:
    """The note as the page writes it (HTML-escaped: "partners&#x27; numbers")."""
    return escape(note.text_en if language == "en" and note.text_en else note.text_nl)


def _section(html: str, anchor: str) -> str:
    return html.split(f'id="{anchor}"')[1].split("</section>")[0]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("area", ["GM0606", "GM0599"])
def test_a_theme_s_notes_stand_once_under_its_section_on_a_municipality_page(
    client, demo_monitor, area, language
):
    html = page(client, address(f"/editie/2021/gemeente/{area}/", language))
    for note in _theme_notes(2021, "signalling"):
        said = _text(note, language)
        section = _section(html, "thema-signalling")
        assert f'data-testid="theme-note"><p class="utrecht-paragraph">{said}</p>' in section
        assert html.count(said) == 1, area  # not repeated beside a figure elsewhere


def test_a_figure_of_another_theme_that_carries_the_note_points_to_it(client, demo_monitor):
    """The care table's new signals carry the caveat as their own note; on a page that shows
    it under Signalering, the care row names that section instead of repeating it."""
    carried = EditionNote.objects.filter(
        edition__year=2021, indicator_code="care_table_new_signals"
    )
    theme = {_text(n, "nl") for n in _theme_notes(2021, "signalling")}
    assert any(_text(n, "nl") in theme for n in carried)
    for url in ("/editie/2021/gemeente/GM0599/", "/editie/2021/"):
        html = page(client, url)
        care = re.search(r'data-indicator="care_table_new_signals".*?</(tr|li)>', html, re.S)
        assert 'href="#thema-signalling"' in care.group(0), url
        assert all(html.count(said) == 1 for said in theme), url


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("code", ["police_signals", "humanitas_reports"])
def test_an_indicator_page_gives_its_theme_s_notes(client, demo_monitor, code, language):
    html = page(client, address(f"/editie/2021/indicator/{code}/", language))
    notes = _section(html, "toelichting")
    for note in _theme_notes(2021, "signalling"):
        assert _text(note, language) in notes
        assert html.count(_text(note, language)) == 1


def test_a_theme_page_says_when_none_of_its_figures_is_collected_for_the_municipality(
    client, demo_monitor
):
    dutch = page(client, "/editie/2021/thema/enforcement/?gemeente=GM0606")
    said = dutch.split('data-testid="none-collected">')[1].split("</div>")[0]
    assert "Geen van de cijfers van het thema handhaving en opsporing" in said
    assert "gemeente Schiedam" in said and "gemeente Rotterdam" in said and "hele regio" in said
    assert said.index("Geen van") < len(said) and dutch.index("none-collected") < dutch.index(
        'id="inzet"'
    )
    english = page(client, "/en/edition/2021/theme/enforcement/?gemeente=GM0606")
    said = english.split('data-testid="none-collected">')[1].split("</div>")[0]
    assert "None of the figures of the theme enforcement and investigation" in said
    assert "municipality of Schiedam" in said and "whole region" in said
    # A municipality with a figure of its own in the theme is not told so.
    assert "none-collected" not in page(client, "/editie/2021/thema/enforcement/?gemeente=GM0599")
    assert "none-collected" not in page(client, "/editie/2021/thema/enforcement/")
