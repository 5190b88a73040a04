"""A new theme, partner or indicator is configuration: YAML alone reaches templates, import and
the dashboard."""

from __future__ import annotations

import pytest

from zicht.core.catalog import load_catalog
from zicht.core.deliveries.templates import template_rows
from zicht.web.monitor.publishing import edition_publish
from zicht.web.monitor.services import delivery_import

NEW_PARTNER = """
  - code: veilig-thuis
    name: {nl: Veilig Thuis Rotterdam Rijnmond, en: Safe at Home Rotterdam Rijnmond}
    kind: care
    format: aggregate
"""
NEW_INDICATOR = """indicators:
  - code: veilig_thuis_reports
    theme: signalling
    partner: veilig-thuis
    name: {nl: Meldingen mensenhandel bij Veilig Thuis, en: Trafficking reports at Safe at Home}
    definition: {nl: Aantal meldingen met signalen van mensenhandel., en: Number of reports.}
    unit: {nl: meldingen, en: reports}
    kind: flow
    area_level: municipality
    period_type: year
    additive: true
    disclosure: {rule: small_counts, threshold: 5}
    data_status: agreed
    tile: {order: 45, area: GM0599}
"""


@pytest.mark.django_db
def test_a_partner_and_indicator_added_in_yaml_appear_everywhere(catalog_copy, client, settings):
    with open(catalog_copy / "partners.yaml", "a", encoding="utf-8") as partners:
        partners.write(NEW_PARTNER)
    (catalog_copy / "indicators" / "veilig_thuis.yaml").write_text(NEW_INDICATOR, "utf-8")
    catalog = load_catalog(catalog_copy)

    rows = template_rows(catalog, "veilig-thuis", 2020)
    assert ["veilig_thuis_reports", "GM0599", "2020", ""] in rows

    lines = [";".join(r[:3] + ["77" if r[1] == "GM0599" else "5"]) for r in rows[1:]]
    content = ("indicator;area;period;value\n" + "\n".join(lines)).encode()
    delivery_import(
        catalog=catalog, partner="veilig-thuis", year=2020, filename="vt.csv", content=content
    )
    edition_publish(catalog=catalog, year=2020)

    html = client.get("/editie/2020/").content.decode()
    assert "Meldingen mensenhandel bij Veilig Thuis" in html and ">77<" in html
    detail = client.get("/editie/2020/indicator/veilig_thuis_reports/").content.decode()
    assert "Veilig Thuis Rotterdam Rijnmond" in detail
