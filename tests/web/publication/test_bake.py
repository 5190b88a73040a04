"""`zicht bake`: the public site as files, holding nothing that the gate would not show."""

from __future__ import annotations

import pytest

from zicht.web.monitor.models import Edition, EditionFigure
from zicht.web.publication.bake import BakeFailed, bake_site
from zicht.web.publication.opendata_files import write_open_data

pytestmark = pytest.mark.django_db


def test_bake_writes_the_public_site_and_nothing_else(demo, tmp_path):
    draft = Edition.objects.create(year=2031, title_nl="Concept 2031")
    EditionFigure.objects.create(
        edition=draft,
        indicator_code="police_signals",
        area_code="GM0599",
        period="2031",
        value=987654.0,
    )
    site = tmp_path / "site"
    written = bake_site(years=[2020], out=site, base_url="https://monitor.example.nl")
    assert written > 50
    assert (site / "index.html").read_text().count("/editie/2020/") >= 1
    assert (site / "editie" / "2020" / "index.html").is_file()
    assert (site / "en" / "edition" / "2020" / "index.html").is_file()
    assert (site / "en" / "edition" / "2020" / "map" / "index.html").is_file()
    # The English pages' earlier addresses, with Dutch path segments, lead on to them.
    earlier = (site / "en" / "editie" / "2020" / "kaart" / "index.html").read_text()
    assert 'http-equiv="refresh" content="0; url=/en/edition/2020/map/"' in earlier
    assert (site / "editie" / "2020" / "gemeente" / "GM0599" / "index.html").is_file()
    assert (site / "api" / "v1" / "editions" / "2020" / "figures.json").is_file()
    assert (site / "publicaties" / "2020" / "monitor-2020-en.pdf").is_file()
    # The open data in the bake is the gate's, byte for byte.
    reference = write_open_data(
        year=2020, out=tmp_path / "ref", base_url="https://monitor.example.nl"
    )
    for name in ("figures.csv", "notes.csv", "indicators.csv"):
        assert (site / "open-data" / "2020" / name).read_bytes() == (reference / name).read_bytes()
    texts = [
        p.read_text("utf-8")
        for p in site.rglob("*")
        if p.suffix in (".html", ".json", ".csv", ".svg", ".jsonld")
    ]
    assert not any("987654" in t or "Concept 2031" in t for t in texts)
    assert not (site / "beheer").exists()
    assert not any("/editie/2021/" in p.as_posix() for p in site.rglob("*"))


def test_bake_refuses_to_empty_a_folder_it_did_not_write(demo, tmp_path):
    (tmp_path / "important.txt").write_text("keep me")
    with pytest.raises(BakeFailed):
        bake_site(years=[2020], out=tmp_path, base_url="http://127.0.0.1:8000")
    assert (tmp_path / "important.txt").read_text() == "keep me"
