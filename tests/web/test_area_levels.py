"""Reader pages name an area with its level, as the dashboard's tiles do ("gemeente Rotterdam",
"hele regio (24 gemeenten)"): a bare "Rotterdam" reads as the Rotterdam region. Where the page
heading already says "Gemeente Rotterdam" the level is not repeated."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.web.addresses import address, language_of
from zicht.web.dashboard.presenters import headline_area
from zicht.web.monitor.models import Edition

pytestmark = pytest.mark.django_db

#: The words of ``presenters.level_label`` in brackets (their own brackets become commas).
WORDS = {
    "": ("gemeente {name}", "hele regio, {count} gemeenten"),
    "/en": ("municipality of {name}", "whole region, {count} municipalities"),
}


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def _labels(prefix: str, name: str = "Rotterdam") -> tuple[str, str]:
    count = len(Edition.objects.get(year=2021).snapshot.municipalities)
    municipality, region = WORDS[prefix]
    return municipality.format(name=name), region.format(count=count)


def _bracketed_areas(html: str) -> list[str]:
    """What stands in the muted brackets after each topic of a table or list."""
    return re.findall(r'<span class="zicht-muted">\(([^()]*)\)</span>', html)


def _region_name(prefix: str) -> str:
    return Edition.objects.get(year=2021).snapshot.region_name.get("en" if prefix else "nl")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_theme_page_names_each_row_s_area_with_its_level(client, demo_monitor, prefix):
    """The tester's case: "Bestuurlijke controles prostitutie (Rotterdam)" beside
    "Veroordelingen voor mensenhandel (Regio Rotterdam, eenheid Rotterdam)"."""
    municipality, region = _labels(prefix)
    html = page(client, address("/editie/2021/thema/enforcement/", language_of(prefix)))
    areas = _bracketed_areas(html.split('data-testid="years-table"', 1)[1])
    assert municipality in areas and region in areas
    assert set(areas) <= {municipality, region}
    assert "(Rotterdam)" not in html
    assert f"({_region_name(prefix).replace(' (', ', ').rstrip(')')})" not in html


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_theme_page_for_one_municipality_names_it_in_its_title_and_rows(
    client, demo_monitor, prefix
):
    name = "Goeree-Overflakkee"
    municipality, region = _labels(prefix, name)
    rotterdam, _region = _labels(prefix)
    html = page(
        client, address("/editie/2021/thema/prevention/", language_of(prefix)) + "?gemeente=GM1924"
    )
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
    assert municipality[:1].upper() + municipality[1:] in title
    areas = set(_bracketed_areas(html.split('data-testid="years-table"', 1)[1]))
    assert rotterdam in areas  # a figure collected for Rotterdam alone: named as Rotterdam's
    assert areas <= {municipality, rotterdam, region}
    note = html.split('data-testid="other-areas">')[1].split("</p>")[0]
    said = "dan de gemeente Goeree-Overflakkee" if not prefix else "than the municipality of"
    assert said in note


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_chain_names_each_step_s_area_with_its_level(client, demo_monitor, prefix):
    municipality, region = _labels(prefix)
    html = page(client, address("/editie/2021/keten/", language_of(prefix)))
    areas = _bracketed_areas(html.split('data-testid="chain"', 1)[1])
    assert areas and set(areas) <= {municipality, region}, areas
    assert region in areas


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("code", ["administrative_checks", "police_signals"])
def test_the_indicator_page_names_its_area_with_its_level_in_tables_charts_and_citation(
    client, demo_monitor, prefix, code
):
    municipality, region = _labels(prefix)
    snapshot = Edition.objects.get(year=2021).snapshot
    area = headline_area(snapshot.indicators[code], snapshot)
    expected = region if area == snapshot.region else municipality
    bracketed = expected.replace(", ", " (", 1) + ")" if expected == region else expected
    html = page(client, address(f"/editie/2021/indicator/{code}/", language_of(prefix)))
    caption = html.split('data-testid="trend-table"', 1)[1].split("</caption>")[0]
    assert f", {bracketed}, " in caption
    citation = html.split('data-testid="citation"', 1)[1].split("</q>")[0]
    assert f", {bracketed}. " in citation
    trend = html.split('data-testid="trend-chart"', 1)[1]
    alt = re.search(r'<svg role="img" aria-label="([^"]+)"', trend)[1]
    assert f", {expected}. " in alt
    for heading in re.findall(r'<h2[^>]*id="uitsplitsing-[^"]*">(.*?)</h2>', html):
        assert f" — {bracketed}, 2021" in heading
    for chart in html.split('data-testid="breakdown-chart"')[1:]:
        alt = re.search(r'<svg role="img" aria-label="([^"]+)"', chart)[1]
        assert f", {expected}. " in alt


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_municipality_page_s_title_says_municipality_and_names_rotterdam_as_one(
    client, demo_monitor, prefix
):
    """On Schiedam's page, "collected for Rotterdam only" read as the region Schiedam is in."""
    html = page(client, address("/editie/2021/gemeente/GM0606/", language_of(prefix)))
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
    assert title.startswith("Municipality of Schiedam ·" if prefix else "Gemeente Schiedam ·")
    elsewhere = re.findall(r'data-reason="collected_elsewhere">(.*?)</h3>', html)
    wanted = "the municipality of Rotterdam" if prefix else "de gemeente Rotterdam"
    assert elsewhere and all(wanted in heading for heading in elsewhere), elsewhere


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_an_embedded_chart_names_a_municipality_as_one(client, demo_monitor, prefix):
    municipality, _region = _labels(prefix)
    html = page(client, f"{prefix}/embed/2021/administrative_checks/")
    assert f"— {municipality}" in html
    assert "— Rotterdam<" not in html and '— Rotterdam"' not in html


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_edition_page_s_download_links_start_with_a_capital(client, demo_monitor, prefix):
    html = page(client, address("/editie/2021/", language_of(prefix)))
    links = []
    for part in ('data-testid="downloads-spreadsheet"', 'data-testid="downloads-software"'):
        block = html.split(part, 1)[1].split("</ul>")[0]
        links += re.findall(r'<a class="utrecht-link"[^>]*>([^<]+)</a>', block)
    assert len(links) == 6, links
    assert all(link[:1].isupper() or link[:1].isdigit() for link in links), links
    report = "Report 2021 (PDF)" if prefix else "Rapport 2021 (PDF)"
    assert report in links


@pytest.mark.parametrize("code", ["administrative_checks", "police_signals"])
def test_an_embed_is_one_main_landmark_with_one_heading(client, demo_monitor, code):
    """axe's best practices (landmark-one-main, page-has-heading-one, region) hold in a
    frame too: the embed's content stands in its main landmark, named by one heading."""
    html = page(client, f"/embed/2021/{code}/")
    body = html.split("<body", 1)[1]
    assert body.count("<main>") == 1 and html.count("<h1") == 1
    assert body.split("<main>", 1)[0].count("<") == 0  # nothing stands outside the landmark
