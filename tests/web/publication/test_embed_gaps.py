"""An indicator with nothing to draw has no chart anywhere: its page offers no embed, no chart
image and (when nothing is published) no figure downloads, and its embed addresses answer 404
with a sentence that says why instead of an empty chart, whose "0" tick would be quoted."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches

from zicht.core.publication.embed import embed_area
from zicht.web.monitor.models import EditionFigure
from zicht.web.publication import cache

pytestmark = pytest.mark.django_db
EMPTY = "criminal_exploitation_minors_signals"  # new in 2021, not delivered in the demo


def _page(client, year: int, code: str) -> str:
    answer = client.get(f"/editie/{year}/indicator/{code}/")
    assert answer.status_code == 200
    return answer.content.decode()


def _offers_chart_or_files(page: str, code: str) -> list[str]:
    offered = [f"/embed/2021/{code}", f"/indicator/{code}/trend.", "cijfers-"]
    offered += ['data-testid="embed"', 'data-testid="trend-chart"', "<svg"]
    return [o for o in offered if o in page]


def test_page_without_figures_offers_no_embed_image_or_download(demo, client):
    page = _page(client, 2021, EMPTY)
    assert 'data-testid="no-data"' in page
    assert _offers_chart_or_files(page, EMPTY) == []


@pytest.mark.parametrize(
    ("prefix", "sentence"), [("", "Nog geen cijfers"), ("/en", "No figures yet")]
)
def test_embed_without_figures_answers_404_saying_so(demo, client, prefix, sentence):
    frame = client.get(f"{prefix}/embed/2021/{EMPTY}/")
    assert frame.status_code == 404
    body = frame.content.decode()
    assert sentence in body and "<svg" not in body
    assert f"/indicator/{EMPTY}/" in body  # the way to the figure's page and its explanation
    svg = client.get(f"{prefix}/embed/2021/{EMPTY}.svg")
    assert svg.status_code == 404 and svg["Content-Type"] == "image/svg+xml"
    text = svg.content.decode()
    assert sentence in text
    assert "role-axis" not in text and "mark-symbol" not in text  # no axes, no empty points
    assert re.search(r'<svg role="img" aria-label="[^"]*' + sentence, text)
    png = client.get(f"{prefix}/embed/2021/{EMPTY}.png")
    assert png.status_code == 404 and png.content.startswith(b"\x89PNG")


@pytest.mark.parametrize("year", [2020, 2021])
def test_page_offers_the_embed_exactly_when_the_embed_has_a_chart(demo, client, year):
    edition = cache.edition(year)
    assert edition is not None
    for code in edition.indicators:
        offered = 'data-testid="embed"' in _page(client, year, code)
        answer = client.get(f"/embed/{year}/{code}/")
        assert offered == (answer.status_code == 200), code
        if answer.status_code == 200:
            assert "mark-line" in answer.content.decode()


def test_every_figure_withheld_shows_the_symbols_and_no_chart(demo, client, monkeypatch, request):
    """No demo indicator is withheld throughout; withhold one, in every edition. A published
    figure never changes outside a test, so the pages cached under the same published state
    are dropped afterwards too: the next test in this process must not read them."""
    code, year = "police_signals", 2020
    edition = cache.edition(year)
    assert edition is not None
    area = embed_area(edition, edition.indicators[code])
    withheld = EditionFigure.objects.filter(indicator_code=code, area_code=area, breakdown="")
    assert withheld.update(value=None, lower=None, upper=None, symbol="x")
    monkeypatch.setattr(cache, "_EDITIONS", {})  # the typed editions kept per process
    caches["pages"].clear()
    request.addfinalizer(caches["pages"].clear)

    page = _page(client, year, code)
    assert 'data-testid="no-chart"' in page and 'data-testid="no-data"' not in page
    assert 'data-testid="trend-chart"' not in page and 'data-testid="embed"' not in page
    assert 'data-testid="trend-table"' in page  # the table says "x" for each year
    assert "cijfers-lang.csv" in page  # the files hold the symbols: still offered
    frame = client.get(f"/embed/{year}/{code}/")
    assert frame.status_code == 404 and "afgeschermd" in frame.content.decode()
    svg = client.get(f"/en/embed/{year}/{code}.svg")
    assert svg.status_code == 404 and "every figure is withheld" in svg.content.decode()
    assert "role-axis" not in svg.content.decode()
