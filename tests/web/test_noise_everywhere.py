"""A count published with differential-privacy noise says so, with its margin, everywhere the
public sees it: tile, indicator page (table and chart caption), municipality page, downloads,
open data (CSV and JSON) and the privacy statement with the budget spent (issue 16, item 4).

The catalogue variant chooses noise for ``registered_persons`` (persons counted once across
partners by the linkage) and the edition is published through the ordinary path, OpenDP and
all; the demo catalogue chooses none (docs/privacy/disclosure.md says why and how to switch).
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import re
import shutil
import subprocess

import pytest

from tests.web.stored import store_rows
from zicht.core.deliveries import ObservationRow
from zicht.core.privacy.dp import noise_margin
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.monitor.publishing import edition_publish

pytestmark = pytest.mark.django_db
CODE = "registered_persons"
NOISY = re.compile(r"≈ (\d+) \(± (\d+)\)")


@pytest.fixture
def noisy_edition(catalog):
    indicator = catalog.indicators[CODE]
    disclosure = dataclasses.replace(indicator.disclosure, noise_epsilon=1.0)
    noisy = dataclasses.replace(indicator, disclosure=disclosure)
    variant = dataclasses.replace(catalog, indicators={**catalog.indicators, CODE: noisy})
    catalog_sync(catalog=variant)
    store_rows(indicator.partner, 2020, [ObservationRow(CODE, catalog.region, "2020", "", 140.0)])
    return edition_publish(catalog=variant, year=2020), variant


def test_the_edition_records_and_states_the_budget_spent(client, noisy_edition) -> None:
    edition, _variant = noisy_edition
    (record,) = edition.disclosure.noise
    assert record["indicator"] == CODE and record["epsilon_spent"] == 1.0
    assert record["margin"] == record["total_margin"] == noise_margin(1.0) == 3
    page = html.unescape(client.get("/editie/2020/").content.decode())
    statement = page.split('data-testid="privacy-statement"', 1)[1]
    assert "ε = 1 per telling, ε = 1 in totaal voor deze editie" in statement
    assert "≈ met ruis: ± 3 (95%-marge)" in page  # the tile


def test_every_page_shows_the_noisy_figure_with_its_margin(client, noisy_edition, catalog) -> None:
    indicator = html.unescape(client.get(f"/editie/2020/indicator/{CODE}/").content.decode())
    table = indicator.split('data-testid="trend-table"', 1)[1].split("</table>", 1)[0]
    (value, margin), *_ = NOISY.findall(table)
    assert margin == "3" and abs(int(value) - 140) < 40
    assert 'data-testid="noise-caption"' in indicator  # under the chart
    assert "≈ betekent: met ruis (differential privacy, ε = 1 per telling)" in indicator
    english = html.unescape(client.get(f"/en/edition/2020/indicator/{CODE}/").content.decode())
    assert "≈ means: with noise (differential privacy, ε = 1 per count)" in english
    municipality = html.unescape(
        client.get(
            f"/editie/2020/gemeente/{catalog.region_members(catalog.region)[0]}/"
        ).content.decode()
    )
    row = municipality.split(f'data-indicator="{CODE}"', 1)[1].split("</tr>", 1)[0]
    assert NOISY.search(row), "the region column shows the noisy count with its margin"
    assert "≈ betekent: met ruis (differential privacy)" in municipality


def _rows(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))


def test_downloads_and_open_data_mark_the_figure_as_noisy(client, noisy_edition) -> None:
    (row,) = _rows(client.get("/open-data/2020/figures.csv").content.decode())
    assert row["indicator"] == CODE and row["status"] == "noisy" and row["noise_margin"] == "3"
    document = client.get("/open-data/2020/zicht-2020.json").json()
    (figure,) = document["figures"]
    assert figure["status"] == "noisy" and figure["noise_margin"] == 3
    (item,) = client.get("/api/v1/editions/2020/figures?status=noisy").json()["items"]
    assert item == figure  # the API answers what the open data holds
    metadata = client.get("/open-data/2020/csv-metadata.json").json()
    tables = {table["url"]: table for table in metadata["tables"]}
    columns = [c["name"] for c in tables["figures.csv"]["tableSchema"]["columns"]]
    assert "noise_margin" in columns
    (long,) = _rows(client.get(f"/editie/2020/indicator/{CODE}/cijfers-lang.csv").content.decode())
    assert long["noise_margin"] == "3"
    excel = client.get(f"/editie/2020/indicator/{CODE}/cijfers-excel.csv").content.decode()
    (dutch,) = _rows(excel, ";")
    assert dutch["ruismarge"] == "3"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils needed")
def test_the_pdf_report_shows_the_noisy_figure_with_its_margin(noisy_edition, tmp_path) -> None:
    from zicht.web.publication import products

    path = tmp_path / "report.pdf"
    path.write_bytes(products.report_pdf(2020, "nl"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert NOISY.search(" ".join(text.split())), "the report shows '≈ n (± 3)'"
