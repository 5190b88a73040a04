"""An indicator the previous edition has no figure of at all is new in this edition: every page
and document that compares with the year before says so, instead of blaming a figure that is
missing or withheld. A previous figure withheld (<5) or missing for one area keeps the old
words: the topic was counted then, the comparison just cannot be made."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess

import pytest
from django.core.cache import caches

from zicht.core.publication.factsheet import factsheet_content
from zicht.core.publication.pdf_report import report_content
from zicht.web.monitor.models import EditionFigure
from zicht.web.publication import cache

pytestmark = pytest.mark.django_db

FIU = "fiu_suspicious_transactions"  # new in the demo's 2021 edition, for the region only
NEW = {"nl": "nieuw in deze editie", "en": "new in this edition"}
BLAMED = {
    "nl": "geen vergelijking met 2020: een cijfer ontbreekt of is afgeschermd",
    "en": "no comparison with 2020: a figure is missing or withheld",
}
MUNICIPALITY = {
    "nl": "/editie/2021/gemeente/GM0606/",
    "en": "/en/edition/2021/municipality/GM0606/",
}


@pytest.fixture
def fresh_pages(demo_monitor):
    """Pages are cached per process, keyed by what is published: a test that takes figures
    out of a published edition must not see, nor leave, pages of the other state."""
    caches["pages"].clear()
    yield demo_monitor
    caches["pages"].clear()


def _take_out_2020(indicator: str, area: str | None = None) -> None:
    """Remove 2020 figures as if that edition had never published them (the model refuses to
    change a published edition; the test writes the state it wants to read)."""
    figures = EditionFigure.objects.filter(edition__year=2020, indicator_code=indicator)
    if area is not None:
        figures = figures.filter(area_code=area)
    assert figures.exists()
    figures.delete()


def _row(html: str, code: str) -> str:
    """The municipality table's row of one indicator."""
    rows = re.findall(
        r'<tr class="utrecht-table__row" data-indicator="([\w-]+)">(.*?)</tr>', html, re.S
    )
    return next(row for found, row in rows if found == code)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_municipality_row_of_an_indicator_new_in_the_edition_says_so(
    client, fresh_pages, language
):
    _take_out_2020("police_signals")  # of every area: as if counted from 2021 on
    html = client.get(MUNICIPALITY[language]).content.decode()
    row = _row(html, "police_signals")
    assert NEW[language] in row and BLAMED[language] not in row
    # A figure withheld the one year or the other is still no comparison, not new.
    assert BLAMED[language] in _row(html, "humanitas_reports")  # <5 in 2021


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_previous_figure_missing_for_this_municipality_only_is_not_new(
    client, fresh_pages, language
):
    _take_out_2020("police_signals", "GM0606")  # the region and the others still have one
    html = client.get(MUNICIPALITY[language]).content.decode()
    row = _row(html, "police_signals")
    assert BLAMED[language] in row and NEW[language] not in row


@pytest.mark.parametrize(
    ("url", "new", "blamed"),
    [
        (f"/editie/2021/indicator/{FIU}/", "nieuw in de editie 2021", "geen vergelijking"),
        (f"/en/edition/2021/indicator/{FIU}/", "new in the 2021 edition", "no comparison"),
    ],
)
def test_the_year_table_of_an_indicator_says_in_which_edition_it_is_new(
    client, fresh_pages, url, new, blamed
):
    html = client.get(url).content.decode()
    assert new in html and blamed not in html


def _without(edition, keep):
    """The edition with only the figures ``keep`` accepts (a fresh copy: no cached index)."""
    return dataclasses.replace(edition, figures=tuple(f for f in edition.figures if keep(f)))


def _hidden(edition, indicator: str):
    """The edition with an indicator's totals withheld, in every area."""
    figures = tuple(
        dataclasses.replace(f, value=None, symbol="<5")
        if f.indicator == indicator and not f.dimension
        else f
        for f in edition.figures
    )
    return dataclasses.replace(edition, figures=figures)


def _report_changes(edition, history, language: str) -> dict[str, str]:
    data, _charts = report_content(edition, history, language)
    themes = data["themes"] + data["other_themes"]
    return {row["code"]: row["change"] for theme in themes for row in theme["rows"]}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_report_says_an_indicator_is_new_and_keeps_the_old_words_otherwise(
    demo_monitor, language
):
    edition, history = cache.edition(2021), cache.history(2021)
    assert not any(f.indicator == FIU for f in cache.edition(2020).figures)
    changes = _report_changes(edition, history, language)
    assert changes[FIU] == NEW[language]
    # The police signals withheld in 2020: no comparison, not new.
    hidden = [e if e.year != 2020 else _hidden(e, "police_signals") for e in history]
    assert _report_changes(edition, hidden, language)["police_signals"] == BLAMED[language]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_factsheet_says_an_indicator_is_new_only_when_no_area_had_it(demo_monitor, language):
    edition, previous = cache.edition(2021), cache.edition(2020)

    def change(before, code: str) -> str:
        rows = factsheet_content(edition, before, "GM0606", language)["rows"]
        return next(row["change"] for row in rows if row["code"] == code)

    no_police = _without(previous, lambda f: f.indicator != "police_signals")
    assert change(no_police, "police_signals") == NEW[language]
    # Missing for Schiedam alone: not new, and said in the words the municipality's web page
    # uses (the factsheet left the cell empty).
    elsewhere = _without(previous, lambda f: f.key != ("police_signals", "GM0606", ""))
    assert change(elsewhere, "police_signals") == BLAMED[language]
    # Withheld in 2021 (<5): no comparison, as before.
    assert change(previous, "humanitas_reports") == BLAMED[language]


def _pdf_text(pdf: bytes, tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(out.split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils needed")
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_printed_report_says_the_financial_signals_are_new(
    client, demo_monitor, tmp_path, language
):
    response = client.get(f"/publicaties/2021/monitor-2021-{language}.pdf")
    assert response.status_code == 200
    text = _pdf_text(response.content, tmp_path, f"report-{language}.pdf")
    assert NEW[language] in text
