"""Every published cell of the demo's 2020 edition is the same in every product: CSV, JSON,
API, dashboard, PDF report and factsheets — small numbers shown as the same symbol."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess

import pytest

from zicht.core.publication.opendata import read_figures_csv
from zicht.web.publication import cache

pytestmark = pytest.mark.django_db
YEAR = 2020


def _pdf_text(pdf: bytes, tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(out.split())


_MUNICIPAL_CELL = re.compile(r'zicht-figure" data-indicator="([\w-]+)"[^>]*>([^<]*)</td>')
_BREAKDOWN_TABLE = re.compile(
    r'aria-label="([^"]*)" tabindex="0">\s*<table class="utrecht-table" '
    r'data-testid="breakdown-table">(.*?)</table>',
    re.S,
)
_BREAKDOWN_ROW = re.compile(r'scope="row">([^<]*)</th><td[^>]*data-indicator="[\w-]+">([^<]*)</td>')


def _dashboard_cells(client, edition) -> dict[tuple[str, str, str], str]:
    """What the dashboard shows per cell: municipality pages (totals) and indicator pages
    (the breakdown tables of the indicator's area)."""
    from zicht.core.publication.embed import embed_area

    shown: dict[tuple[str, str, str], str] = {}
    for code, area in edition.areas.items():
        if area.level != "municipality":
            continue
        page = client.get(f"/editie/{YEAR}/gemeente/{code}/").content.decode()
        for indicator, text in _MUNICIPAL_CELL.findall(page):
            shown[(indicator, code, "")] = html.unescape(text).strip()
    dimensions = {c.dimension_name.nl.lower(): c.dimension for c in edition.categories}
    labels = {(c.dimension, c.label.nl): c.code for c in edition.categories}
    for code, indicator in edition.indicators.items():
        page = client.get(f"/editie/{YEAR}/indicator/{code}/").content.decode()
        area = embed_area(edition, indicator)
        for name, table in _BREAKDOWN_TABLE.findall(page):
            dimension = dimensions[html.unescape(name).lower()]
            for label, text in _BREAKDOWN_ROW.findall(table):
                category = labels[(dimension, html.unescape(label))]
                shown[(code, area, f"{dimension}={category}")] = html.unescape(text).strip()
    return shown


@pytest.fixture
def products(demo, client, tmp_path):
    edition = cache.edition(YEAR)
    csv_figures = read_figures_csv(client.get(f"/open-data/{YEAR}/figures.csv").content.decode())
    document = json.loads(client.get(f"/open-data/{YEAR}/zicht-{YEAR}.json").content)
    api = client.get(f"/api/v1/editions/{YEAR}/figures", {"limit": 1000}).json()["items"]
    return edition, csv_figures, document["figures"], api


def _key(item: dict) -> tuple[str, str, str]:
    breakdown = f"{item['dimension']}={item['category']}" if item["dimension"] else ""
    return (item["indicator"], item["area"], breakdown)


def test_open_data_and_api_hold_every_published_cell_unchanged(products):
    edition, csv_figures, json_figures, api_figures = products
    published = {f.key: f for f in edition.figures}
    assert {f.key for f in csv_figures} == set(published)
    assert {_key(i) for i in json_figures} == set(published)
    assert {_key(i) for i in api_figures} == set(published)
    json_by_key = {_key(i): i for i in json_figures}
    api_by_key = {_key(i): i for i in api_figures}
    for back in csv_figures:
        figure = published[back.key]
        assert back.shown("nl") == figure.shown("nl"), back.key
        assert back.symbol == figure.symbol
        assert json_by_key[back.key] == api_by_key[back.key], back.key
        assert (json_by_key[back.key]["symbol"] or "") == figure.symbol
        if figure.value is not None and figure.lower is None:
            assert json_by_key[back.key]["value"] == pytest.approx(figure.value)
    assert any(f.symbol == "<5" for f in edition.figures)  # small numbers are in the demo


def test_dashboard_shows_the_same_figures_and_symbols(products, client):
    edition, *_ = products
    shown = _dashboard_cells(client, edition)
    published = {f.key: f for f in edition.figures}
    assert set(shown) <= set(published)
    for key, text in shown.items():
        assert text == published[key].shown("nl"), key
    # Every municipal total and every breakdown of an indicator's own area is on a page.
    municipal = {
        k
        for k, f in published.items()
        if not f.dimension and edition.areas[f.area].level == "municipality"
    }
    assert municipal <= set(shown)
    assert any(f.dimension for f in published.values() if f.key in shown)  # breakdowns checked
    assert any(text == "<5" for text in shown.values())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils needed")
def test_report_and_factsheets_show_the_same_figures(products, tmp_path):
    from zicht.web.publication import products as pdfs

    edition, *_ = products
    report = _pdf_text(pdfs.report_pdf(YEAR, "nl"), tmp_path, "report.pdf")
    pages = subprocess.run(
        ["pdfinfo", str(tmp_path / "report.pdf")], capture_output=True, text=True, check=True
    ).stdout
    count = int(re.search(r"Pages:\s+(\d+)", pages).group(1))
    subprocess.run(
        ["pdftoppm", "-r", "20", "-png", str(tmp_path / "report.pdf"), str(tmp_path / "page")],
        check=True,
    )
    assert len(list(tmp_path.glob("page-*.png"))) == count > 10  # every page renders
    for indicator in edition.key_indicators():
        figure = edition.figure(indicator.code, indicator.tile_area)
        assert figure.shown("nl") in report, indicator.code
        for breakdown in (
            f
            for f in edition.figures
            if f.indicator == indicator.code and f.area == indicator.tile_area and f.dimension
        ):
            label = next(
                c.label.nl
                for c in edition.categories
                if (c.dimension, c.code) == (breakdown.dimension, breakdown.category)
            )
            assert f"{label} {breakdown.shown('nl')}" in report, breakdown.key
    for note in edition.notes:
        assert " ".join(note.text.nl.split()) in report, note.id
    towns = [c for c, a in edition.areas.items() if a.level == "municipality"]
    for town in towns:
        text = _pdf_text(pdfs.factsheet_pdf(YEAR, town, "nl"), tmp_path, f"{town}.pdf")
        for figure in (f for f in edition.figures if f.area == town and not f.dimension):
            indicator = edition.indicators[figure.indicator]
            name = " ".join(indicator.name.nl.split())
            source = f"Bron: {' '.join(edition.partners[indicator.partner].nl.split())}"
            # Under the name (its unit and notes between), the partner; then the figure.
            named, after = text.split(name, 1)[1].split(source, 1)
            assert len(named) < 40, (town, figure.key)
            assert figure.shown("nl") in after[:80], (town, figure.key)


def test_the_signal_caveat_is_a_footnote_of_signals_and_not_of_context_figures(products):
    """ "A signal or report is not proven trafficking" is footnoted on the police's signals,
    not on the number of sex workers (a context figure, no signal) nor on the estimate."""
    edition, *_ = products
    # One note per theme or indicator it names, all of one text (printed as one footnote).
    caveat = {n.id for n in edition.notes if n.text.nl.startswith("Een signaal of melding")}
    assert caveat & set(edition.figure("police_signals", edition.region).notes)
    assert caveat & set(edition.figure("care_table_new_signals", "GM0599").notes)
    for code in ("sex_workers", "estimated_victims", "registered_persons"):
        assert not caveat & set(edition.figure(code, edition.region).notes), code


CAVEAT = "Een signaal of melding is geen bewezen mensenhandel."
COVID = "Door de COVID-19-maatregelen zijn in 2020 minder bestuurlijke controles"


def _piece(page: str, pattern: str) -> str:
    return re.search(pattern, page, re.S).group(0)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils needed")
def test_the_notes_beside_a_compared_figure_are_the_same_on_the_site_and_in_the_pdfs(
    demo, client, tmp_path
):
    """2021 is compared with 2020, a COVID-19 year: the dashboard, the report and the
    factsheet all give 2020's note beside the checks. 2020's caveat on the care table's
    signals is the note 2021 carries itself: it stands once, not again as "In 2020: ..."."""
    from zicht.web.publication import products as pdfs

    edition_page = client.get("/editie/2021/").content.decode()
    tile = _piece(
        edition_page, r'<li class="zicht-tile" data-indicator="care_table_new_signals">.*?</li>'
    )
    # The caveat is the Signalering theme's note too: it stands once on a page, at that
    # theme's section, and the care table's figure (another theme) links to it.
    assert edition_page.count(CAVEAT) == 1 and "In 2020: " + CAVEAT not in edition_page
    assert 'href="#thema-signalling"' in tile and "In 2020" not in tile
    municipality = client.get("/editie/2021/gemeente/GM0599/").content.decode()
    care = _piece(municipality, r"indicator/care_table_new_signals/.*?</tr>")
    assert municipality.count(CAVEAT) == 1 and 'href="#thema-signalling"' in care
    assert "In 2020" not in care
    checks = _piece(municipality, r"indicator/administrative_checks/.*?</tr>")
    assert f"In 2020: {COVID}" in checks
    report = _pdf_text(pdfs.report_pdf(2021, "nl"), tmp_path, "report.pdf")
    sheet = _pdf_text(pdfs.factsheet_pdf(2021, "GM0599", "nl"), tmp_path, "sheet.pdf")
    for text in (report, sheet):
        assert f"In 2020: {COVID}" in text
        assert f"In 2020: {CAVEAT}" not in text and text.count(CAVEAT) == 1


def test_the_pdfs_use_the_note_ids_of_the_open_data(demo, client):
    """A reader who finds N3 beside the police's signals in the report finds N3 in
    figures.csv beside the same figure, and N3 in notes.csv is that note."""
    from zicht.core.publication.factsheet import factsheet_content
    from zicht.core.publication.pdf_report import report_content

    edition, history = cache.edition(2021), cache.history(2021)
    previous = next(e for e in history if e.year == 2020)
    figures = read_figures_csv(client.get("/open-data/2021/figures.csv").content.decode())
    # A figure's notes are its indicator's and its theme's, the same for every area.
    open_data = {f.indicator: list(f.notes) for f in figures}
    assert all(list(f.notes) == open_data[f.indicator] for f in figures)
    data, _charts = report_content(edition, history, "nl")
    rows = [r for theme in data["themes"] + data["other_themes"] for r in theme["rows"]]
    sheet = factsheet_content(edition, previous, "GM0599", "nl")["rows"]
    # A report row without a figure has no notes; a factsheet row always shows a figure (the
    # region's when the indicator is the region's only).
    expected = [(r, r["shown"] != "–") for r in rows] + [(r, True) for r in sheet]
    for row, has_figure in expected:
        this_edition = [n for n in row["notes"] if not n.endswith("(2020)")]
        assert this_edition == (open_data[row["code"]] if has_figure else []), row["code"]
    police = next(r for r in rows if r["code"] == "police_signals")
    assert police["notes"] == open_data["police_signals"] != []
