"""The baked static site passes the dashboard's browser tests, served without Django.

Every public-page test of ``test_dashboard`` and ``test_readers`` runs again here, with
``demo_server`` pointing at the baked site under ``python -m http.server``.
"""

from __future__ import annotations

import json

import pytest

from tests.e2e import test_dashboard, test_readers

pytestmark = pytest.mark.e2e

for _module in (test_dashboard, test_readers):
    for _name in dir(_module):
        if _name.startswith("test_") or _name == "axe_source":
            globals()[_name] = getattr(_module, _name)


@pytest.fixture(scope="session")
def demo_server(baked_server) -> str:
    return baked_server


def test_the_baked_site_has_downloads_pdfs_and_api_files(baked_site):
    assert (baked_site / "open-data" / "2020" / "figures.csv").is_file()
    assert (baked_site / "open-data" / "2020" / "csv-metadata.json").is_file()
    assert (baked_site / "publicaties" / "2020" / "monitor-2020-nl.pdf").read_bytes()[
        :5
    ] == b"%PDF-"
    assert (baked_site / "publicaties" / "2020" / "factsheet-GM0599-nl.pdf").is_file()
    editions = json.loads((baked_site / "api" / "v1" / "editions.json").read_text())
    assert [e["year"] for e in editions] == [2018, 2019, 2020, 2021]
    assert (baked_site / "embed" / "2020" / "police_signals" / "index.html").is_file()
    assert (baked_site / "static" / "zicht" / "zicht.css").is_file()


def test_the_baked_site_holds_nothing_private(baked_site):
    names = {p.relative_to(baked_site).parts[0] for p in baked_site.iterdir()}
    assert "beheer" not in names and "portaal" not in names
    for path in baked_site.rglob("*"):
        if path.suffix in (".html", ".json", ".csv"):
            text = path.read_text(encoding="utf-8")
            # Raw observations and deliveries never leave the gate: no delivery file names,
            # checksums or record-level fields appear anywhere.
            assert "checksum" not in text and "sha256" not in text, path
