"""The public side shows only disclosure-controlled edition data: a crawl of every public URL
and every download finds no count between 1 and threshold − 1 for person-count indicators."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest

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


def _crawl(client) -> dict[str, object]:
    seen: dict[str, object] = {}
    queue = ["/", "/en/"]
    while queue:
        url = queue.pop()
        if url in seen:
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
                if not target.netloc and not target.path.startswith(("/beheer", "/static")):
                    queue.append(target.path)
    return seen


def _small(catalog, code: str, text: str) -> bool:
    rule = catalog.indicators[code].disclosure
    number = text.replace(".", "").replace(",", "")
    return rule.protects_small_counts and number.isdigit() and 0 < int(number) < rule.threshold


def test_no_public_page_or_download_shows_a_small_person_count(client, demo_monitor):
    pages = _crawl(client)
    downloads = [u for u in pages if u.endswith(".csv") and not u.endswith("-toelichtingen.csv")]
    notes = [u for u in pages if u.endswith("-toelichtingen.csv")]
    html_pages = [u for u in pages if not u.endswith(".csv")]
    # Every edition, indicator and municipality page, in Dutch and English, and the downloads.
    assert len(html_pages) > 200 and len(downloads) == 8 and len(notes) == 8
    for url in notes:  # text beside the figures, no figure of its own
        rows = list(csv.DictReader(io.StringIO(pages[url].content.decode())))
        assert rows and set(rows[0]) == {"indicator", "theme", "kind", "text_nl", "text_en"}
    figures = [(u, code, text) for u in html_pages for code, text in pages[u].figures]
    assert any(text.startswith("<") for _u, _c, text in figures)  # suppression is visible
    leaks = [(u, code, text) for u, code, text in figures if _small(demo_monitor, code, text)]
    assert leaks == []
    for url in downloads:
        rows = list(csv.DictReader(io.StringIO(pages[url].content.decode())))
        assert rows and {"indicator", "area", "period", "value", "symbol"} <= set(rows[0])
        leaks = [r for r in rows if _small(demo_monitor, r["indicator"], r["value"])]
        assert leaks == [], url
        assert all((r["value"] == "") == bool(r["symbol"]) for r in rows)
        # An estimate travels with its interval, in whole persons; counts have none.
        estimates = [r for r in rows if r["indicator"] == "estimated_victims"]
        assert estimates, url
        for row in estimates:
            low, value, high = (int(row[key]) for key in ("lower", "value", "upper"))
            assert low < value < high
        assert all(
            r["lower"] == r["upper"] == "" for r in rows if r["indicator"] == "police_signals"
        )


def test_admin_and_unpublished_data_need_a_signed_in_role(client, demo_monitor):
    response = client.get("/beheer/monitor/observation/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert re.search(r"/beheer/login/", client.get("/beheer/").get("Location", ""))


def test_staff_see_deliveries_but_cannot_change_them_or_published_texts(admin_client, demo_monitor):
    from zicht.web.monitor.models import Delivery, EditionText

    delivery = Delivery.objects.first()
    assert admin_client.get("/beheer/monitor/delivery/").status_code == 200
    page = admin_client.get(f"/beheer/monitor/delivery/{delivery.pk}/change/")
    assert page.status_code == 200 and b'name="filename"' not in page.content
    text = EditionText.objects.filter(edition__status="published").first()
    page = admin_client.get(f"/beheer/monitor/editiontext/{text.pk}/change/")
    assert b'name="markdown"' not in page.content
