"""The public side shows only disclosure-controlled edition data: a crawl of every public URL
and every download finds no count between 1 and threshold − 1 for person-count indicators, and
none of the ad text kept in the restricted store for analysts."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.utils import timezone

from zicht.web.monitor.models import AdText, AnalysisRun

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.figures: list[tuple[str, str]] = []
        self._figure: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if "zicht-figure" in (attributes.get("class") or "").split():
            self._figure, self._text = attributes["data-indicator"], []

    def handle_data(self, data):
        if self._figure is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._figure is not None and tag in ("span", "td"):
            self.figures.append((self._figure, "".join(self._text).strip()))
            self._figure = None


#: A chart's PNG is its SVG rasterised (``charts.render_png``): the crawl reads the SVG, whose
#: text a check can read, and leaves the raster, whose pixels none can, to the download test.
RASTERS = (".png",)


def _crawl(client, *, skip: tuple[str, ...] = RASTERS) -> dict[str, object]:
    """Every public address reachable from the two home pages, except those ending in ``skip``."""
    seen: dict[str, object] = {}
    queue = ["/", "/en/"]
    while queue:
        url = queue.pop()
        if url in seen or url.endswith(skip):
            continue
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        seen[url] = response
        if response["Content-Type"].startswith("text/html"):
            page = _Page()
            page.feed(response.content.decode())
            response.figures = page.figures
            for link in page.links:
                target = urlparse(urljoin(url, link))
                if (
                    target.scheme in ("", "http", "https")
                    and not target.netloc
                    and not (target.path.startswith(("/beheer", "/static")))
                ):
                    queue.append(target.path)
    return seen


def _small(catalog, code: str, text: str) -> bool:
    rule = catalog.indicators[code].disclosure
    number = text.replace(".", "").replace(",", "")
    return rule.protects_small_counts and number.isdigit() and 0 < int(number) < rule.threshold


# The Excel variant speaks the reader's language; the checks read every variant the same way.
_DUTCH_COLUMNS = {
    "waarde": "value",
    "ondergrens": "lower",
    "bovengrens": "upper",
    "symbool": "symbol",
}


def _figure_rows(response) -> list[dict[str, str]] | None:
    """The rows of a download that carries figures (indicator and value), else None."""
    text = response.content.decode().lstrip("\ufeff")
    delimiter = ";" if ";" in text.partition("\n")[0] else ","
    rows = [
        {_DUTCH_COLUMNS.get(key, key): value for key, value in row.items()}
        for row in csv.DictReader(io.StringIO(text), delimiter=delimiter)
    ]
    return rows if rows and {"indicator", "value"} <= set(rows[0]) else None


def _json_figures(value) -> list[dict]:
    """Every object in a JSON document that carries a figure of an indicator."""
    if isinstance(value, list):
        return [found for item in value for found in _json_figures(item)]
    if isinstance(value, dict):
        own = [value] if {"indicator", "value"} <= set(value) else []
        return own + [found for item in value.values() for found in _json_figures(item)]
    return []


#: Stands in the restricted ad text store while the crawl runs (see test_ad_text_store).
STORED_AD_TEXT = "zzopgeslagenadvertentiezz"


def test_no_public_page_or_download_shows_a_small_person_count_or_stored_ad_text(
    client, demo_monitor
):
    run = AnalysisRun.objects.create(kind=AnalysisRun.Kind.ADS, year=2020, keep_text_days=5)
    AdText.objects.create(
        run=run,
        ad_id="ad-1",
        title=f"{STORED_AD_TEXT} titel",
        text=f"{STORED_AD_TEXT} tekst",
        expires_at=timezone.now() + timedelta(days=5),
    )
    pages = _crawl(client)
    # Pages, downloads and SVG charts are text that can be searched; compressed PDFs cannot
    # (their text is read back in test_documents), so they are left out here.
    searchable = [u for u in pages if not pages[u]["Content-Type"].startswith("application/pdf")]
    assert len(searchable) > 200
    assert [u for u in searchable if STORED_AD_TEXT.encode() in pages[u].content] == []
    html_pages = [u for u in pages if pages[u]["Content-Type"].startswith("text/html")]
    csv_files = [u for u in pages if pages[u]["Content-Type"].startswith("text/csv")]
    notes = [u for u in csv_files if u.endswith("-toelichtingen.csv")]
    downloads = {u: rows for u in csv_files if (rows := _figure_rows(pages[u])) is not None}
    # Every edition, indicator and municipality page in Dutch and English; per edition and
    # language its figures and its notes; the open data; every indicator's own downloads.
    per_edition = [u for u in downloads if re.search(r"/(editie|edition)/\d+/zicht-\d+\.csv$", u)]
    assert len(html_pages) > 200 and len(per_edition) == 8 and len(notes) == 8
    assert any(u.startswith("/open-data/") for u in downloads)
    assert any("/indicator/" in u for u in downloads)
    for url in notes:  # text beside the figures, no figure of its own
        rows = list(csv.DictReader(io.StringIO(pages[url].content.decode())))
        assert rows and set(rows[0]) == {"indicator", "theme", "kind", "text_nl", "text_en"}
    figures = [(u, code, text) for u in html_pages for code, text in pages[u].figures]
    assert any(text.startswith("<") for _u, _c, text in figures)  # suppression is visible
    leaks = [(u, code, text) for u, code, text in figures if _small(demo_monitor, code, text)]
    assert leaks == []
    for url, rows in downloads.items():
        leaks = [r for r in rows if _small(demo_monitor, r["indicator"], r["value"])]
        assert leaks == [], url
        assert all((r["value"] == "") == bool(r["symbol"]) for r in rows), url
        # An estimate travels with its interval, in whole persons; counts have none.
        for row in (r for r in rows if r["indicator"] == "estimated_victims" and r["value"]):
            low, value, high = (int(row[key]) for key in ("lower", "value", "upper"))
            assert low < value < high, url
        assert all(
            r["lower"] == r["upper"] == "" for r in rows if r["indicator"] == "police_signals"
        ), url
    for url in per_edition:
        assert any(r["indicator"] == "estimated_victims" for r in downloads[url]), url
    documents = [json.loads(pages[u].content) for u in pages if "json" in pages[u]["Content-Type"]]
    json_figures = [figure for document in documents for figure in _json_figures(document)]
    assert json_figures  # the open-data JSON is read, not skipped
    leaks = [
        f
        for f in json_figures
        if isinstance(f["value"], int) and _small(demo_monitor, f["indicator"], str(f["value"]))
    ]
    assert leaks == []


def test_admin_and_unpublished_data_need_a_signed_in_role(client, demo_monitor):
    response = client.get("/beheer/monitor/observation/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert re.search(r"/beheer/login/", client.get("/beheer/").get("Location", ""))


def test_staff_see_deliveries_but_cannot_change_them_or_published_texts(demo_monitor, admin_client):
    from zicht.web.monitor.models import Delivery, EditionText

    delivery = Delivery.objects.first()
    assert admin_client.get("/beheer/monitor/delivery/").status_code == 200
    page = admin_client.get(f"/beheer/monitor/delivery/{delivery.pk}/change/")
    assert page.status_code == 200 and b'name="filename"' not in page.content
    text = EditionText.objects.filter(edition__status="published").first()
    page = admin_client.get(f"/beheer/monitor/editiontext/{text.pk}/change/")
    assert b'name="markdown"' not in page.content
