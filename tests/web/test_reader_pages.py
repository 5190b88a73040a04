"""Issue 12, page by page: what a reader finds, checked against the published figures."""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from html import escape

import pytest

from tests.web.addresses import address, language_of
from zicht.web.monitor.models import Edition, EditionFigure

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="(/[^"#?]*)', html))


def crawl(client, start: str, depth: int) -> dict[str, int]:
    """Pages reachable from ``start`` within ``depth`` clicks (page → clicks)."""
    seen, queue = {start: 0}, deque([start])
    while queue:
        url = queue.popleft()
        if seen[url] >= depth or url.endswith((".csv", ".svg", ".png")):
            continue
        for link in _links(page(client, url)):
            if link.startswith("/editie/") and link not in seen:
                seen[link] = seen[url] + 1
                queue.append(link)
    return seen


def test_every_published_indicator_is_one_click_from_its_edition_page(client, demo_monitor):
    for edition in Edition.objects.filter(status=Edition.Status.PUBLISHED):
        published = set(
            EditionFigure.objects.filter(edition=edition).values_list("indicator_code", flat=True)
        )
        html = page(client, f"/editie/{edition.year}/")
        linked = set(re.findall(rf"/editie/{edition.year}/indicator/([\w-]+)/", html))
        assert published <= linked, (edition.year, published - linked)
    # Convictions (not a key figure) within two clicks of the home page.
    reached = crawl(client, "/", depth=2)
    assert reached.get("/editie/2020/indicator/convictions/", 9) <= 2


def test_the_region_publisher_and_synthetic_notice_are_on_the_pages(client, demo_monitor, catalog):
    region = catalog.regions[catalog.region].name
    home = page(client, "/")
    assert region.nl in home and 'data-testid="synthetic-notice"' in home
    assert region.en in page(client, "/en/")
    about = page(client, "/over/")
    assert catalog.publisher.name.nl in about and catalog.publisher.contact in about
    partners = re.findall(r'data-edition="(\d+)"', about)
    assert partners == ["2021", "2020", "2019", "2018"]
    assert "Politie eenheid Rotterdam" in about and "Gepubliceerd op" in about
    for url in ("/methode/", "/begrippen/", "/toegankelijkheid/"):
        assert 'data-testid="synthetic-notice"' in page(client, url)
        assert "<h1" in page(client, address(url, "en"))
    methods = page(client, "/methode/")
    assert "multiple systems estimation" in methods
    # Where to read more is a route a reader can take, not a path in a repository.
    more = methods.split('data-testid="methods-more"')[1].split("</p>")[0]
    assert 'href="/over/"' in more and "docs/" not in methods
    english = page(client, "/en/method/")
    assert 'href="/en/about/"' in english and "docs/" not in english
    assert "stroom over het jaar" in page(client, "/begrippen/")  # the old term, explained


def test_the_notice_follows_its_setting(client, demo_monitor, monkeypatch):
    monkeypatch.setenv("ZICHT_SYNTHETIC_DATA_NOTICE", "false")
    missing = client.get("/bestaat-niet/")
    assert missing.status_code == 404 and "synthetic-notice" not in missing.content.decode()
    monkeypatch.setenv("ZICHT_SYNTHETIC_DATA_NOTICE", "true")
    assert "synthetic-notice" in client.get("/bestaat-niet/").content.decode()


def test_tables_that_become_cards_on_a_phone_label_every_cell(client, demo_monitor):
    """On a phone the year table of an indicator and a municipality's table become cards,
    each value beside its column name (zicht.css, .zicht-cards): every cell needs its label,
    a year without a municipal figure too."""
    for url, testid in (
        ("/editie/2021/indicator/estimated_victims/", "trend-table"),
        ("/editie/2021/gemeente/GM0606/", "municipality-rows"),
    ):
        html = page(client, url)
        table = html.split(f'data-testid="{testid}"')[1].split("</table>")[0]
        assert 'class="utrecht-table' in html and "zicht-cards" in html.split(testid)[0][-200:]
        cells = re.findall(r"<td [^>]*>", table)
        assert cells and all("data-label=" in cell for cell in cells), url


def test_a_change_that_cannot_be_computed_says_why(client, demo_monitor):
    """A row whose figure is withheld or missing in one of the two years says so, rather than
    "not comparable", which a reader takes for a change of definition."""
    html = page(client, "/editie/2021/gemeente/GM0606/")
    assert "geen vergelijking met 2020: een cijfer ontbreekt of is afgeschermd" in html
    assert "niet te vergelijken" not in html
    english = page(client, "/en/edition/2021/municipality/GM0606/")
    assert "no comparison with 2020: a figure is missing or withheld" in english


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_municipality_page_offers_its_factsheet(client, demo_monitor, prefix):
    html = page(client, address("/editie/2020/gemeente/GM0606/", language_of(prefix)))
    language = "en" if prefix else "nl"
    link = re.search(r'data-testid="factsheet"><a class="utrecht-link" href="([^"]+)"', html)
    assert link and link.group(1) == f"/publicaties/2020/factsheet-GM0606-{language}.pdf"
    response = client.get(link.group(1))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_what_leaves_the_site_says_its_figures_are_made_up(client, demo_monitor, monkeypatch):
    """An embedded chart, a chart image pasted into slides and the open-data page carry the
    demo's notice themselves; on a real installation (setting off) none of them does."""
    monkeypatch.setenv("ZICHT_SYNTHETIC_DATA_NOTICE", "true")
    made_up = {
        "/embed/2020/convictions/": "Demonstratie: alle cijfers zijn verzonnen",
        "/embed/2020/convictions.svg": "Demonstratie: alle cijfers zijn verzonnen",
        "/en/embed/2020/convictions.svg": "Demonstration: every figure is made up",
        "/editie/2020/indicator/convictions/trend.svg": "Demonstratie: alle cijfers",
        "/open-data/2020/": 'data-testid="synthetic-notice"',
    }
    for url, words in made_up.items():
        assert words in page(client, url), url
    # Pages kept by the page cache are kept per setting: none is served with the old notice.
    monkeypatch.setenv("ZICHT_SYNTHETIC_DATA_NOTICE", "false")
    for url in made_up:
        text = page(client, url)
        assert "verzonnen" not in text and "made up" not in text, url


def test_a_reader_finds_the_page_of_a_municipality_from_the_top(client, demo_monitor):
    html = page(client, "/editie/2020/")
    chooser = html[html.index('data-testid="choose-municipality"') :]
    chooser = chooser[: chooser.index("</details>")]
    assert chooser.index("Cijfers van uw gemeente") < chooser.index("<li>")
    assert html.index('data-testid="choose-municipality"') < html.index('class="zicht-theme"')
    links = re.findall(r'href="(/editie/2020/gemeente/(GM\d{4})/)">([^<]+)<', chooser)
    names = [name for _url, _code, name in links]
    assert len(links) == len(demo_monitor.municipalities) and names == sorted(names)
    assert all(client.get(url).status_code == 200 for url, _code, _name in links[:3])
    english = page(client, "/en/edition/2020/")
    assert "Figures for your municipality" in english
    assert 'href="/en/edition/2020/municipality/' in english


def test_the_privacy_block_leads_with_one_sentence_and_folds_the_audit(client, demo_monitor):
    html = page(client, "/editie/2020/")
    block = html.split('data-testid="privacy-statement"', 1)[1].split("</section>", 1)[0]
    lead, folded = block.split("<details", 1)
    assert "beschermd tegen onthulling van kleine aantallen" in lead
    assert "Beschermingsinterval" not in lead and "Beschermingsinterval" in folded
    assert "De volledige verantwoording" in folded


def test_the_open_data_page_reads_in_english_and_links_the_same_files(client, demo_monitor):
    """An English reader follows 'open data' from the English edition page to an English page;
    the files it lists keep their one language-neutral address."""
    edition = page(client, "/en/edition/2020/")
    assert 'href="/en/open-data/2020/"' in edition
    english = page(client, "/en/open-data/2020/")
    dutch = page(client, "/open-data/2020/")
    assert 'lang="en"' in english and "All public figures of this edition" in english
    assert 'lang="nl"' in dutch and "Alle openbare cijfers van deze editie" in dutch
    files = re.findall(r'href="(/open-data/2020/[^"/]+)"', english)
    assert files and files == re.findall(r'href="(/open-data/2020/[^"/]+)"', dutch)
    assert all(client.get(url).status_code == 200 for url in files)
    assert 'hreflang="nl" href="/open-data/2020/"' in english
    # Each file says what it holds before a reader downloads it.
    assert "figures.csv</a>: every published figure" in english
    assert "figures.csv</a>: alle gepubliceerde cijfers" in dutch
    assert "zicht-2020.json</a>: de hele editie in één JSON-bestand" in dutch


def test_the_open_data_folder_lists_every_published_edition(client, demo_monitor):
    """/open-data/ (an address cut back to its folder) leads to each edition's open data,
    newest first, in the reader's language; every public page carries the site's icon."""
    dutch, english = page(client, "/open-data/"), page(client, "/en/open-data/")
    years = sorted(Edition.objects.filter(status="published").values_list("year", flat=True))
    linked = [int(y) for y in re.findall(r'href="/open-data/(\d{4})/"', dutch)]
    assert linked == sorted(years, reverse=True)
    assert [int(y) for y in re.findall(r'href="/en/open-data/(\d{4})/"', english)] == linked
    assert 'lang="en"' in english and "Per edition" in english
    assert 'href="/open-data/"' in page(client, f"/open-data/{years[0]}/")
    # The header's editions run oldest first there too, as on every other page.
    for url in ("/open-data/", f"/open-data/{years[0]}/", f"/editie/{years[0]}/"):
        header = page(client, url).split("zicht-nav--editions")[1].split("</nav>")[0]
        assert [int(y) for y in re.findall(r">(\d{4})</a>", header)] == years, url
    for url in ("/open-data/", f"/open-data/{years[0]}/", "/", "/portaal/aanmelden/"):
        assert 'rel="icon"' in client.get(url, follow=True).content.decode(), url


def test_open_data_pages_keep_the_sites_menus_and_name_the_region(client, demo_monitor, catalog):
    """A reader who follows 'open data' keeps the monitor's menus and sees whose monitor it is,
    in the page's language; the menu marks no edition as the page the reader is on."""
    region = catalog.regions[catalog.region].name
    languages = (("nl", region.nl, "Kerncijfers"), ("en", region.en, "Key figures"))
    for language, name, menu in languages:
        for url, year in (("/open-data/", 2021), ("/open-data/2020/", 2020)):
            html = page(client, address(url, language))
            header = html.split("<header", 1)[1].split("</header>", 1)[0]
            assert name in header and menu in header, (language, url)
            assert f'href="{address("/over/", language)}"' in header
            assert re.findall(r'href="([^"]+)"[^>]*>2021<', header) == [
                address("/editie/2021/", language)
            ]
            assert "aria-current" not in header
            footer = html.split("<footer", 1)[1]
            assert f'href="{address("/begrippen/", language)}"' in footer
            assert f'href="{address(f"/editie/{year}/gemeente/GM0599/", language)}"' in footer


@pytest.mark.django_db
def test_the_open_data_folder_is_not_found_before_anything_is_published(client):
    assert client.get("/open-data/").status_code == 404


def test_error_pages_speak_the_site_s_language_in_its_layout(client, demo_monitor):
    dutch = client.get("/editie/1999/")
    assert dutch.status_code == 404
    assert "Deze pagina bestaat niet" in dutch.content.decode()
    assert "zicht.css" in dutch.content.decode()
    english = client.get("/en/edition/1999/").content.decode()
    assert "This page does not exist" in english and 'lang="en"' in english
    assert "favicon.svg" in page(client, "/")


def _rotterdam_row(html: str, code: str) -> str:
    row = rf'<tr class="utrecht-table__row" data-indicator="{code}">.*?</tr>'
    return re.search(row, html, re.S)[0]


def _without_figure(html: str, reason: str) -> dict:
    """The group of topics without a municipal figure for one reason: heading and codes."""
    section = html.split('data-testid="without-figure"')[1].split("</section>")[0]
    part = section.split(f'data-reason="{reason}">', 1)[1].split("<h3")[0]
    heading = part.split("</h3>")[0]
    return {"heading": heading, "codes": re.findall(r'data-indicator="([\w-]+)"', part)}


def test_a_small_municipality_s_table_holds_its_figures_and_lists_the_rest_by_reason(
    client, demo_monitor
):
    """Goeree-Overflakkee has 2 figures of 18 in 2021: the table holds those two, the other
    sixteen are listed by why they have none, the region's figure beside a region-only one."""
    html = page(client, "/editie/2021/gemeente/GM1924/")
    tables = "".join(
        part.split("</table>")[0] for part in html.split('data-testid="municipality-rows"')[1:]
    )
    in_table = re.findall(r'<tr class="utrecht-table__row" data-indicator="([\w-]+)"', tables)
    figures = EditionFigure.objects.filter(
        edition__year=2021, area_code="GM1924", breakdown=""
    ).values_list("indicator_code", flat=True)
    assert in_table and sorted(in_table) == sorted(figures)
    assert 'data-testid="absent"' not in html and "zicht-cards__empty" not in tables
    region_only = _without_figure(html, "region_only")
    elsewhere = _without_figure(html, "collected_elsewhere")
    preparing = _without_figure(html, "not_agreed")
    assert region_only["heading"] == "Alleen voor de hele regio"
    assert elsewhere["heading"] == "Alleen verzameld voor de gemeente Rotterdam"
    assert preparing["heading"].startswith("In voorbereiding")
    listed = region_only["codes"] + elsewhere["codes"] + preparing["codes"]
    assert len(listed) + len(in_table) == 18 and not set(listed) & set(in_table)
    # A region-only topic shows the region's figure and links to its indicator page.
    region = EditionFigure.objects.get(
        edition__year=2021, indicator_code="convictions", area_code="RE-RTM", breakdown=""
    )
    row = _rotterdam_row(html, "convictions")
    assert f">{int(region.value)} " in row and 'href="/editie/2021/indicator/convictions/"' in row
    assert "Hele regio, 2021" in html
    assert 'href="#zonder-cijfer"' in html and 'id="zonder-cijfer"' in html
    english = page(client, "/en/edition/2021/municipality/GM1924/")
    heading = "Collected for the municipality of Rotterdam only"
    assert f'data-reason="collected_elsewhere">{heading}</h3>' in english


def test_a_region_only_topic_shows_the_region_s_change_and_its_notes(client, demo_monitor):
    """As the factsheet does: a topic the municipality has only as part of the region gives
    the region's change since the previous edition, and the previous year's context note
    that goes with it (the 2020 dip in convictions was COVID-19, not a trend)."""

    def region(year: int, code: str) -> float:
        return EditionFigure.objects.get(
            edition__year=year, indicator_code=code, area_code="RE-RTM", breakdown=""
        ).value

    html = page(client, "/editie/2021/gemeente/GM1924/")
    row = _rotterdam_row(html, "convictions")
    difference = int(region(2021, "convictions") - region(2020, "convictions"))
    assert f'<span class="zicht-row-change">{difference:+d} (' in row and "t.o.v. 2020" in row
    assert "In 2020: Door de COVID-19-maatregelen" in row
    english = page(client, "/en/edition/2021/municipality/GM1924/")
    assert "In 2020: Because of the COVID-19 measures" in _rotterdam_row(english, "convictions")


def _municipal_series(year: int) -> dict[tuple[str, str], list]:
    rows = EditionFigure.objects.filter(
        breakdown="", area_code__startswith="GM", edition__year__lte=year
    ).values_list("indicator_code", "area_code", "edition__year", "value", "symbol")
    series: dict[tuple[str, str], dict[int, tuple]] = {}
    for indicator, area, edition_year, value, symbol in rows:
        series.setdefault((indicator, area), {})[edition_year] = (value, symbol)
    return {
        key: [by_year.get(y, (None, "—")) for y in range(2018, year + 1)]
        for key, by_year in series.items()
    }


def test_a_trend_with_hidden_years_between_its_figures_is_written_out_not_drawn(
    client, demo_monitor
):
    """A figure, then fewer than 5, then a figure again: two dots with a gap looked like a
    trend (Goeree-Overflakkee's police signals in the review). The years are written out."""
    gapped = []
    for (indicator, area), values in _municipal_series(2021).items():
        known = [n for n, (value, _symbol) in enumerate(values) if value is not None]
        if values[-1][0] is not None and known[-1] - known[0] + 1 != len(known):
            gapped.append((indicator, area, values))
    assert gapped
    for indicator, area, values in gapped:
        row = _rotterdam_row(page(client, f"/editie/2021/gemeente/{area}/"), indicator)
        trend = row.split('data-testid="trend"')[1].split("</td>")[0]
        words = "; ".join(
            f"{year}: {int(value) if value is not None else escape(symbol)}"
            for year, (value, symbol) in zip(range(2018, 2022), values, strict=True)
        )
        assert "<svg" not in trend and words in re.sub(r"<[^>]+>", "", trend), (indicator, area)
    # Where every year has a figure the line is drawn, and its values are there in words.
    rotterdam = _rotterdam_row(page(client, "/editie/2021/gemeente/GM0599/"), "police_signals")
    assert "<svg" in rotterdam and 'class="zicht-visually-hidden">2018: ' in rotterdam


def test_rotterdam_s_page_says_why_a_topic_has_no_region_figure(client, demo_monitor):
    """A topic collected for Rotterdam alone has no region figure: the cell says so."""
    html = page(client, "/editie/2020/gemeente/GM0599/")
    rows = re.findall(
        r'<tr class="utrecht-table__row" data-indicator="([\w-]+)">(.*?)</tr>', html, re.S
    )
    explained = [code for code, row in rows if "niet voor de hele regio verzameld" in row]
    snapshot = demo_monitor_snapshot(2020)
    assert explained and all(snapshot.indicators[code].collected_for for code in explained)


def test_a_municipality_page_has_rates_region_previous_year_and_absences(
    client, demo_monitor, catalog
):
    html = page(client, "/editie/2020/gemeente/GM0599/")
    assert "<h1" in html and "GM0599</h1>" not in html and "Gemeente Rotterdam" in html
    figure = EditionFigure.objects.get(
        edition__year=2020, indicator_code="police_signals", area_code="GM0599", breakdown=""
    )
    before = EditionFigure.objects.get(
        edition__year=2019, indicator_code="police_signals", area_code="GM0599", breakdown=""
    )
    region = EditionFigure.objects.get(
        edition__year=2020, indicator_code="police_signals", area_code="RE-RTM", breakdown=""
    )
    inhabitants = catalog.population.for_year(2020)[1]["GM0599"]
    row = _rotterdam_row(html, "police_signals")
    rate = f"{figure.value / inhabitants * 10_000:.1f}".replace(".", ",")
    assert f">{int(figure.value)}<" in row and f">{rate}<" in row
    assert f">{int(before.value)}<" in row and f"{int(region.value)}" in row
    assert "zicht-spark" in row
    assert "benaderingen, geen officiële inwonertallen" in html  # said, never pretended
    assert f"Bron: {catalog.population.source.nl}." in html
    # The year's own inhabitants are used, so nothing more is said; another year's figures
    # would be named as such (the 2021 edition, for which the catalogue has none).
    assert "Deze installatie heeft geen inwonertallen" not in html
    later = page(client, "/editie/2021/gemeente/GM0599/")
    used = catalog.population.for_year(2021)[0]
    assert used != 2021
    assert f"geen inwonertallen voor 2021; daarom zijn die van {used} gebruikt" in later
    # A figure the care table collects for Rotterdam alone says so on Schiedam's page: it is
    # not a delivery Schiedam still waits for.
    schiedam = page(client, "/editie/2020/gemeente/GM0606/")
    elsewhere = _without_figure(schiedam, "collected_elsewhere")
    assert elsewhere["heading"] == "Alleen verzameld voor de gemeente Rotterdam"
    assert "care_table_new_signals" in elsewhere["codes"]
    assert "Nog niet geleverd" not in elsewhere["heading"]
    # The region's estimate per 10,000 is a range like the estimate, never a bare point.
    victims = _rotterdam_row(schiedam, "estimated_victims")
    assert re.search(r"\(\d+,\d–\d+,\d per 10\.000\)", re.sub(r"<[^>]+>", "", victims))
    assert "zicht-cards__empty" not in _rotterdam_row(schiedam, "police_signals")
    # A figure delivered for other municipalities, or for none yet, is still to come.
    from zicht.web.dashboard.municipality_page import _absent

    snapshot = demo_monitor_snapshot(2020)
    meta = snapshot.indicators["police_signals"]  # delivered for the whole region
    assert _absent(meta, "GM0606", snapshot, "nl") == "Nog niet geleverd voor Schiedam."
    care = snapshot.indicators["care_table_new_signals"]  # collected for Rotterdam alone
    assert _absent(care, "GM0599", snapshot, "nl") == "Nog niet geleverd voor Rotterdam."


def demo_monitor_snapshot(year: int):
    from zicht.web.monitor.models import Edition

    return Edition.objects.get(year=year).snapshot


def test_breakdowns_are_bars_with_shares_in_catalogue_order(client, demo_monitor, catalog):
    html = page(client, "/editie/2020/indicator/police_signals/")
    section = html.split('id="uitsplitsing-age_group"')[1].split("</section>")[0]
    assert 'data-testid="breakdown-chart"' in section and "<svg" in section
    labels = re.findall(r'scope="row">([^<]+)</th>', section.split("breakdown-table")[1])
    order = [c.label.nl for c in catalog.dimensions["age_group"].categories]
    assert labels == [label for label in order if label in labels] and len(labels) >= 3
    assert re.search(r">\d+%<", section)


def test_an_indicator_without_data_says_so_instead_of_an_empty_chart(client, demo_monitor):
    html = page(client, "/editie/2021/indicator/criminal_exploitation_minors_signals/")
    assert 'data-testid="no-data"' in html and "Nog niet geleverd" in html
    assert 'data-testid="trend-chart"' not in html
    english = page(client, "/en/edition/2021/indicator/criminal_exploitation_minors_signals/")
    assert "No data yet" in english


def test_the_ad_share_on_the_tile_and_in_the_table_are_explained_side_by_side(client, demo_monitor):
    html = page(client, "/editie/2020/indicator/sex_ads/")
    note = html.split('data-testid="ad-share-explained"')[1].split("</div>")[0]
    assert "8%" in note and "32.951" in note
    current = re.search(r"punten\s*\(gehanteerd\).*?<td[^>]*>([\d,]+%)<", html, re.S)[1]
    assert current in note  # the corpus-wide share at the threshold in use, named as such


def test_downloads_open_in_dutch_excel_and_hold_every_year(client, demo_monitor):
    response = client.get("/editie/2020/alle-jaren-excel.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    data = response.content
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:4] == ["editie", "indicator", "naam", "eenheid"]
    assert {row[0] for row in rows[1:]} == {"2018", "2019", "2020"}
    estimate = next(r for r in rows[1:] if r[1] == "estimated_victims" and r[0] == "2020")
    assert estimate[2] == "Geschat aantal slachtoffers" and estimate[11].isdigit()
    # The English page's file is for English Excel: ',' between cells, a decimal point.
    english = client.get("/en/edition/2020/alle-jaren-excel.csv").content.decode("utf-8-sig")
    rows_en = list(csv.reader(io.StringIO(english)))
    assert rows_en[0][:4] == ["edition", "indicator", "name", "unit"]
    assert len(rows_en) == len(rows) and all(len(r) == len(header) for r in rows_en)
    assert ";" not in english.splitlines()[0]  # decimals: tests/core/publication/test_spreadsheet
    long = client.get("/editie/2020/alle-jaren-lang.csv").content.decode()
    assert long.startswith("edition,indicator,indicator_name")
    one = client.get("/editie/2020/indicator/convictions/cijfers-excel.csv").content
    assert {r.split(b";")[1] for r in one.splitlines()[1:]} == {b"convictions"}
    svg = client.get("/editie/2020/indicator/police_signals/trend.svg")
    png = client.get("/editie/2020/indicator/police_signals/uitsplitsing-sex.png")
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<svg")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    # The PNG is the same chart's SVG, rasterised at twice its size.
    same_svg = client.get("/editie/2020/indicator/police_signals/uitsplitsing-sex.svg").content
    svg_width = float(re.search(rb'<svg[^>]* width="([\d.]+)"', same_svg).group(1))
    png_width = int.from_bytes(png.content[16:20], "big")
    assert png_width == round(2 * svg_width)
    assert "Zo verwijst u naar dit cijfer" in page(client, "/editie/2020/indicator/convictions/")


def test_the_effort_view_says_which_years_a_context_note_is_about(client, demo_monitor):
    """Fewer checks in 2020 because of COVID-19: the enforcement view's table shows the dip,
    so it says why, with the year; a note every edition carries is not repeated there."""
    page_2021 = page(client, "/editie/2021/thema/enforcement/")
    notes = page_2021.split('data-testid="year-notes"')
    assert len(notes) >= 2
    said = " ".join(notes[1:])
    assert "Bestuurlijke controles prostitutie, 2020: Door de COVID-19-maatregelen" in said
    # Only the editions up to the page's own: the 2019 view knows nothing of 2020.
    assert 'data-testid="year-notes"' not in page(client, "/editie/2019/thema/enforcement/")
    english = page(client, "/en/edition/2021/theme/enforcement/")
    assert "Notes on some years" in english and ", 2020: Because of the COVID-19" in english


def test_the_chain_and_effort_views_come_with_their_caveat(client, demo_monitor):
    chain = page(client, "/editie/2020/keten/")
    assert "Lees dit niet als één stroom" in chain
    assert "/editie/2020/indicator/convictions/" in chain and "Nog niet geleverd" in chain
    efforts = page(client, "/editie/2020/thema/prevention/")
    assert "bewijst dat niet" in efforts
    assert efforts.count('data-testid="years-table"') == 2
    assert client.get("/editie/2020/thema/context/").status_code == 404
    # Per municipality where the indicators are counted per municipality.
    schiedam = page(client, "/editie/2020/thema/prevention/?gemeente=GM0606")
    assert "(gemeente Schiedam)" in schiedam and "(hele regio, 24 gemeenten)" in schiedam
    assert client.get("/editie/2020/thema/prevention/?gemeente=GM9999").status_code == 404
    # A figure collected for Rotterdam alone stays Rotterdam's, named as such, on another
    # municipality's view: not a row of dashes said to be "not published that year".
    small = page(client, "/editie/2021/thema/prevention/?gemeente=GM1924")
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", small.split('data-testid="years-table"')[1], re.S)
    presentations = next(r for r in rows if "Preventieve voorlichtingen" in r)
    assert "(gemeente Rotterdam)" in presentations
    assert "(gemeente Goeree-Overflakkee)" not in presentations
    assert re.search(r">\s*\d[\d.]*\s*<", presentations)
    # The page says that those rows are about another area and no comparison.
    note = small.split('data-testid="other-areas">')[1].split("</p>")[0]
    assert "Een rij met een ander gebied dan de gemeente Goeree-Overflakkee achter" in note
    assert "geen vergelijking met Goeree-Overflakkee" in note
    english = page(client, "/en/edition/2021/theme/prevention/?gemeente=GM1924")
    assert "A row with another area than the municipality of Goeree-Overflakkee" in english
    # The region's view has no such note: every row is the region's or a key figure.
    assert 'data-testid="other-areas"' not in page(client, "/editie/2021/thema/prevention/")


LEGEND = {
    "—": "— betekent: dat jaar niet gepubliceerd.",
    "<": "<5 betekent: minder dan 5",
    "x": "x betekent: afgeschermd",
    "≈": "≈ betekent: met ruis",
}


def test_a_theme_page_explains_the_marks_its_tables_show_and_no_others(client, demo_monitor):
    seen = set()
    for theme in ("prevention", "enforcement"):
        for area in ("", "GM0599", "GM0606", "GM1924"):
            html = page(client, f"/editie/2021/thema/{theme}/?gemeente={area}")
            tables = "".join(
                part.split("</table>")[0] for part in html.split('data-testid="years-table"')[1:]
            )
            cells = [
                re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td [^>]*>(.*?)</td>", tables)
            ]
            shown = {
                "—": "—" in cells,
                "<": any(cell.startswith("&lt;") for cell in cells),
                "x": "x" in cells,
                "≈": any("≈" in cell for cell in cells),
            }
            legend = html.split('class="utrecht-paragraph zicht-muted zicht-symbols"')
            legend_text = legend[1].split("</p>")[0] if len(legend) > 1 else ""
            for mark, used in shown.items():
                assert (LEGEND[mark] in legend_text) == used, (theme, area, mark)
            seen |= {mark for mark, used in shown.items() if used}
    assert seen  # some page shows a mark, so the legend's presence is tested too


def test_a_municipality_page_explains_the_marks_it_shows_and_no_others(client, demo_monitor):
    for area in ("GM0599", "GM0606", "GM1924"):
        html = page(client, f"/editie/2021/gemeente/{area}/")
        body = html.split('class="utrecht-heading-1"')[1].split("zicht-symbols")[0]
        text = re.sub(r"<[^>]+>", " ", body)
        legend = html.split("zicht-symbols")[1].split("</p>")[0]
        assert ("— betekent: geen cijfer." in legend) == ("—" in text), area
        assert ("<5 betekent" in legend) == ("&lt;5" in text), area


def test_the_map_shades_every_municipality_of_the_region_with_its_source(
    client, demo_monitor, catalog
):
    html = page(client, "/editie/2020/kaart/")
    chart = html.split('data-testid="map-chart"')[1].split("</figure>")[0]
    wide = chart.split('class="zicht-chart__narrow"')[0]
    shapes = [
        shape
        for shape in re.findall(r"<path [^>]*>", wide)
        if 'transform="translate(0,0)"' in shape and "aria-hidden" not in shape
    ]
    grey = [shape for shape in shapes if 'fill="#d9d9d9"' in shape]
    table = html.split('data-testid="map-table"')[1].split("</table>")[0]
    rows = re.findall(r"<tr class=\"utrecht-table__row\"><th[^>]*scope=\"row\">(.*?)</tr>", table)
    without_rate = [row for row in rows if row.endswith(">—</td>")]
    # One shape per municipality of the region, grey exactly where the table has no rate.
    members = len(catalog.region_members(catalog.region))
    assert len(rows) == members and len(shapes) == members
    # It opens on a subject most municipalities have a figure for.
    assert 0 < len(grey) == len(without_rate) < members / 2
    # The shading's accessible label reads as a rate, not as a raw float.
    assert not re.search(r'aria-label="[^"]*\d,\d{3,}', wide)
    # Each shaded shape says which municipality it is, with its rate (and so does its tooltip).
    shaded = "".join(shape for shape in shapes if shape not in grey)
    labels = re.findall(r'aria-label="([^"]*)"', shaded)
    assert labels and all(re.fullmatch(r"[^:]+: \d+,\d per 10\.000 inwoners", x) for x in labels)
    assert "Rotterdam: " in " ".join(labels)
    # A mouse pointed at a municipality shows the same words as a tooltip (an SVG title).
    titles = re.findall(r'<path aria-label="([^"]*)"[^>]*><title>([^<]*)</title></path>', wide)
    assert len(titles) == members and all(label == title for label, title in titles)
    assert sum(label.endswith(": geen cijfer") for label, _title in titles) == len(grey)
    assert "CBS en Kadaster" in chart and "CC BY 4.0" in chart
    english = page(client, "/en/edition/2020/map/")
    assert "Municipal boundaries: CBS and Kadaster" in english


def test_the_signal_is_not_proof_caveat_is_on_every_edition_and_the_home_page(client, demo_monitor):
    years = Edition.objects.filter(status=Edition.Status.PUBLISHED).values_list("year", flat=True)
    assert 2021 in years
    for url in ["/", *(f"/editie/{year}/" for year in years)]:
        assert "Een signaal of melding is geen bewezen mensenhandel" in page(client, url), url
    assert "A signal or report is not proven trafficking" in page(client, "/en/edition/2021/")


def test_a_chart_on_a_dutch_page_is_named_in_dutch_and_vega_s_english_is_switched_off(
    client, demo_monitor
):
    html = page(client, "/editie/2020/indicator/police_signals/")
    chart = html.split('data-testid="trend-chart"')[1].split("</figure>")[0]
    assert re.search(r'<svg role="img" aria-label="Lijndiagram van [^"]+ per jaar, ', chart)
    for words in ("X-axis titled", "Y-axis titled", "for a discrete scale", "legend titled"):
        assert words not in html, words
    english = page(client, "/en/edition/2020/indicator/police_signals/")
    assert '<svg role="img" aria-label="Line chart of ' in english
    map_page = page(client, "/editie/2020/kaart/")
    assert "Gradient legend" not in map_page and '<svg role="img" aria-label="Kaart: ' in map_page


def _nested_brackets(html: str) -> list[str]:
    """Stretches of the page's visible text where a bracket opens inside another."""
    text = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    found, depth = [], 0
    for at, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "(" and depth > 1:
            found.append(" ".join(text[max(0, at - 60) : at + 40].split()))
    return found


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_area_names_never_put_brackets_inside_brackets(client, demo_monitor, prefix):
    urls = [
        "/",
        "/editie/2021/",
        "/editie/2021/keten/",
        "/editie/2021/thema/prevention/",
        "/editie/2021/thema/prevention/?gemeente=GM0606",
        "/editie/2021/indicator/police_signals/",
        "/editie/2021/indicator/sex_ads_high_risk/",
        "/editie/2021/gemeente/GM0606/",
    ]
    for url in urls:
        translated = address(url, language_of(prefix))
        assert _nested_brackets(page(client, translated)) == [], translated
    heading = page(client, address("/editie/2021/indicator/police_signals/", language_of(prefix)))
    assert re.search(
        r"(Naar|By) [\w ]+ — (hele regio|whole region) \(24 (gemeenten|municipalities)\)", heading
    )


def test_the_colophon_link_leads_to_the_colophon_not_the_top_of_the_about_page(
    client, demo_monitor
):
    for prefix in ("", "/en"):
        home = page(client, f"{prefix}/")
        target = re.search(r'href="([^"]+)#colofon"', home)
        assert target, prefix
        assert 'id="colofon"' in page(client, target[1])


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_edition_page_tells_spreadsheet_files_from_files_for_software(
    client, demo_monitor, prefix
):
    """The comma-separated files with codes (``totaal``, GM codes) fall into one column in
    Dutch Excel: they stand apart, under a label that says they are for software."""
    html = page(client, address("/editie/2021/", language_of(prefix)))
    spreadsheet = html.split('data-testid="downloads-spreadsheet"')[1].split("</ul>")[0]
    software = html.split('data-testid="downloads-software"')[1].split("</div>")[0]
    assert "/alle-jaren-excel.csv" in spreadsheet
    assert "/zicht-2021.csv" not in spreadsheet and "/alle-jaren-lang.csv" not in spreadsheet
    for file in ("/zicht-2021.csv", "/zicht-2021-toelichtingen.csv", "/alle-jaren-lang.csv"):
        assert file in software
    label = "for software" if prefix else "voor software"
    assert label in software.split("</p>")[0]


@pytest.mark.parametrize(
    ("url", "dutch", "english"),
    [
        (
            "alle-jaren-excel.csv",
            "zicht-alle-jaren-t-m-2021-excel.csv",
            "zicht-all-years-to-2021-excel.csv",
        ),
        ("alle-jaren-lang.csv", "zicht-alle-jaren-t-m-2021.csv", "zicht-all-years-to-2021.csv"),
        ("zicht-2021-toelichtingen.csv", "zicht-2021-toelichtingen.csv", "zicht-2021-notes.csv"),
        ("zicht-2021.csv", "zicht-2021.csv", "zicht-2021.csv"),
        (
            "indicator/convictions/cijfers-excel.csv",
            "zicht-convictions-t-m-2021-excel.csv",
            "zicht-convictions-to-2021-excel.csv",
        ),
    ],
)
def test_a_download_is_named_in_the_page_language_at_one_address(
    client, demo_monitor, url, dutch, english
):
    for prefix, name in (("/editie/2021/", dutch), ("/en/edition/2021/", english)):
        response = client.get(prefix + url)
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'


@pytest.mark.parametrize(
    ("url", "new", "blamed"),
    [
        ("/editie/2021/", "nieuw in deze editie", "geen vergelijking met 2020"),
        ("/en/edition/2021/", "new in this edition", "no comparison with 2020"),
    ],
)
def test_a_tile_of_an_indicator_new_in_the_edition_says_so(client, demo_monitor, url, new, blamed):
    """The financial signals have no 2020 figure at all: nothing is missing or withheld."""
    assert not EditionFigure.objects.filter(
        edition__year=2020, indicator_code="fiu_suspicious_transactions"
    ).exists()
    html = page(client, url)
    tile = html.split('<li class="zicht-tile" data-indicator="fiu_suspicious_transactions"')[1]
    tile = tile.split("</li>")[0]
    assert new in tile and blamed not in tile


@pytest.mark.parametrize(
    ("url", "wanted", "unwanted"),
    [
        ("/en/edition/2021/", "Efforts and outcomes side by side", "beside outcomes"),
        ("/en/about/", "explains how this is done", "How, is explained"),
        (
            "/en/edition/2021/indicator/illegal_prostitution_dossiers/",
            "Enforcement cases on illegal prostitution in progress",
            "in treatment",
        ),
        (
            "/en/edition/2021/indicator/care_table_new_signals/",
            "care table for social shelter (MO)",
            "MO care table",
        ),
        (
            "/editie/2021/indicator/care_table_new_signals/",
            "MO-zorgtafel (maatschappelijke opvang)",
            "MO care table",
        ),
    ],
)
def test_english_pages_read_as_english(client, demo_monitor, url, wanted, unwanted):
    html = page(client, url)
    assert wanted in html and unwanted not in html
