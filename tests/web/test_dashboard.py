from __future__ import annotations

import re

import pytest

from zicht.web.monitor.models import Edition

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_opens_the_latest_edition_and_says_so(client, demo_monitor):
    html = page(client, "/")
    assert "Monitor mensenhandel 2021" in html
    assert "Dit is de nieuwste editie: de cijfers over 2021" in html
    assert "Dit is een eerdere editie" in page(client, "/editie/2019/")


def test_edition_page_shows_tiles_by_theme_with_level_change_and_notes(client, demo_monitor):
    html = page(client, "/editie/2020/")
    for figure in ("523", "92", "331", "95", "14", "32.951", "6"):
        tile = rf'zicht-tile__value zicht-figure" data-indicator="\w+">{re.escape(figure)}<'
        assert re.search(tile, html), figure
    assert "waarvan 8% hoog risico" in html
    assert "t.o.v. 2019" in html
    assert "Preventie en bewustwording" in html and "Signalering" in html
    assert "Aanleiding" in html or "Wat is de aanleiding?" in html


def test_the_2021_edition_shows_the_new_themes_and_what_is_still_missing(client, demo_monitor):
    html = page(client, "/editie/2021/")
    assert "Financiële signalen" in html and "412" in html
    assert "Criminele uitbuiting" in html and "In voorbereiding" in html
    assert "Financiële signalen" not in page(client, "/editie/2020/")


def test_indicator_page_has_definition_source_status_chart_and_table(client, demo_monitor):
    html = page(client, "/editie/2021/indicator/police_signals/")
    assert "Aantal signalen van vermoedelijke mensenhandel" in html
    assert "Politie eenheid Rotterdam" in html and "De bron levert deze cijfers" in html
    assert "<svg" in html and 'data-testid="trend-table"' in html
    table = html.split('data-testid="trend-table"')[1]
    for year, value in ((2018, 287), (2019, 305), (2020, 331), (2021, 362)):
        assert re.search(rf">{year}</th>\s*<td[^>]*>{value}<", table), year


def test_an_edition_s_trend_stops_at_its_own_year(client, demo_monitor):
    # A published edition reads as published: the 2020 page does not grow a 2021 row later.
    table = page(client, "/editie/2020/indicator/police_signals/").split("trend-table")[1]
    assert re.search(r">2020</th>\s*<td[^>]*>331<", table)
    assert ">2021</th>" not in table and "362" not in table


def test_a_year_s_context_note_stays_beside_it_in_later_editions(client, demo_monitor):
    covid = "Door de COVID-19-maatregelen zijn in 2020 minder bestuurlijke controles"
    table = page(client, "/editie/2021/indicator/administrative_checks/").split("trend-table")[1]
    rows = {
        int(year): row
        for year, row in re.findall(r'scope="row">(\d{4})</th>(.*?)</tr>', table, re.S)
    }
    assert covid in rows[2020]
    assert all(covid not in rows[year] for year in (2018, 2019, 2021))
    # The 2021 change is measured against that year, so the comparison names the note.
    rotterdam = page(client, "/editie/2021/gemeente/GM0599/")
    row = re.search(r"indicator/administrative_checks/.*?</tr>", rotterdam, re.S).group(0)
    assert "t.o.v. 2020" in row and f"In 2020: {covid}" in row
    police = re.search(r"indicator/police_signals/.*?</tr>", rotterdam, re.S).group(0)
    assert "COVID" not in police
    english = page(client, "/en/edition/2021/municipality/GM0599/")
    assert "In 2020: Because of the COVID-19 measures, fewer administrative checks" in english
    # Comparisons with an ordinary year carry no such note.
    assert "In 2019:" not in page(client, "/editie/2020/gemeente/GM0599/")


def test_every_municipality_page_renders(client, demo_monitor):
    edition = Edition.objects.get(year=2020)
    for code in demo_monitor.municipalities:
        html = page(client, f"/editie/2020/gemeente/{code}/")
        assert edition.catalog_snapshot["areas"][code] in html
    assert client.get("/editie/2020/gemeente/GM9999/").status_code == 404


def test_english_switch(client, demo_monitor):
    html = page(client, "/en/edition/2020/")
    assert "Preventive presentations to pupils" in html and "32,951" in html
    assert "compared with 2019" in html and "of which 8% high risk" in html
    assert 'lang="en"' in html and 'href="/editie/2020/"' in html


def test_pages_request_nothing_from_outside_hosts(client, demo_monitor):
    for url in (
        "/editie/2020/",
        "/editie/2020/indicator/sex_ads/",
        "/editie/2020/gemeente/GM0599/",
    ):
        html = page(client, url)
        assert not re.search(r'(src|href)="(https?:)?//', html), url


def test_unpublished_years_are_not_found(client, demo_monitor):
    assert client.get("/editie/2030/").status_code == 404


def test_the_ads_tile_comes_from_the_analysis_and_shows_the_threshold_curve(client, demo_monitor):
    from zicht.web.monitor.models import Delivery

    analysis = Delivery.objects.get(partner_id="advertentiemonitor", year=2020)
    assert analysis.format == "analysis" and analysis.row_count > 32951  # reposts included
    html = page(client, "/editie/2020/indicator/sex_ads/")
    table = html.split('data-testid="threshold-table"')[1].split("</table>")[0]
    assert "(gehanteerd)" in table and table.count("<tr") == 7
    # Each threshold says what it counts: the risk score, in points, not a bare "3,0".
    assert "Drempel (risicoscore)" in table and "minstens 3,0 punten (gehanteerd)" in table
    assert "Versie van de risicoregel: ads-risk" in html and "risicopunten" in html
    note = html.split('id="toelichting"')[1].split("</section>")[0]
    assert "risicoscore van minstens 3,0 punten" in note
    english = page(client, "/en/edition/2020/indicator/sex_ads/")
    assert "at least 3.0 points" in english and "Threshold (risk score)" in english


def test_analysis_notes_speak_the_reader_s_language_once_on_the_indicator_page(
    client, demo_monitor
):
    dutch = page(client, "/editie/2020/indicator/sex_ads/")
    english = page(client, "/en/edition/2020/indicator/sex_ads/")
    assert "versie van de risicoregel: ads-risk" in dutch
    assert "version of the risk rule: ads-risk" in english
    estimate = page(client, "/en/edition/2020/indicator/estimated_victims/")
    assert "risicoregel" not in english and "Bron:" not in estimate
    assert "Source: linkage of the encoded lists" in estimate
    # Stated once above the table, not again in every year's row.
    assert estimate.count("(multiple systems estimation)") == 1
    assert dutch.count("volgens de vastgestelde risicoregel") == 1
    # The legend explains "—" only where a year shows one (the web tests analyse the ads of
    # 2019 and 2020 only, so 2018 has no ad figure).
    assert "— means" not in estimate and "2018</th>" in estimate
    assert "— betekent: dat jaar niet gepubliceerd" in dutch
    # Tiles stay short: the method text is not repeated on the edition page, and the
    # registered count beside the estimate never carries the estimate's method.
    assert "multiple systems estimation)" not in page(client, "/editie/2020/")
    registered = page(client, "/editie/2020/indicator/registered_persons/")
    assert "multiple systems estimation)" not in registered


def test_operator_cluster_sizes_are_published_for_rotterdam(client, demo_monitor):
    html = page(client, "/editie/2020/indicator/sex_ad_operators/")
    assert "Aantal advertenties per exploitant" in html and "21 of meer" in html


def test_the_region_is_named_in_the_reader_s_language(client, demo_monitor, catalog):
    region = catalog.regions[catalog.region].name
    english = page(client, "/en/edition/2021/indicator/estimated_victims/")
    dutch = page(client, "/editie/2021/indicator/estimated_victims/")
    assert region.en in english and region.nl not in english
    assert region.nl in dutch


def test_an_edition_stored_by_the_previous_snapshot_version_still_renders(client, demo_monitor):
    """Editions published before the typed snapshot (version 1) stay readable."""
    import json
    from pathlib import Path

    data = Path(__file__).parents[1] / "core/publication/data/edition_snapshot_v1_2020.json"
    # A published edition never changes through the model; the test writes the old JSON
    # straight into the row, as the previous version had stored it.
    Edition.objects.filter(year=2020).update(
        catalog_snapshot=json.loads(data.read_text(encoding="utf-8"))
    )
    assert "32.951" in page(client, "/editie/2020/")
    ads = page(client, "/editie/2020/indicator/sex_ads/")
    assert 'data-testid="threshold-table"' in ads
    assert 'data-testid="threshold-table"' not in page(
        client, "/editie/2020/indicator/police_signals/"
    )


def test_a_tile_for_one_municipality_is_marked_among_the_region_s(client, demo_monitor):
    """The 2021 page mixes region-wide tiles with Rotterdam's own: the latter carry a marked
    label, so that a reader does not set Rotterdam's count beside the region's."""
    page = client.get("/editie/2021/").content.decode()
    labels = re.findall(r'<span class="zicht-tile__level([^"]*)">([^<]+)</span>', page)
    marked = {text for css, text in labels if "zicht-tile__level--municipality" in css}
    plain = {text for css, text in labels if "zicht-tile__level--municipality" not in css}
    assert marked == {"Gemeente Rotterdam"}
    assert plain and all(text.startswith("Hele regio") for text in plain)
