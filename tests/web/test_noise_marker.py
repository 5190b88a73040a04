"""A figure published with differential-privacy noise is shown as noisy, with its margin."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from zicht.web.monitor.models import Edition

pytestmark = pytest.mark.django_db


def test_a_noisy_tile_shows_its_margin_and_others_do_not(client, demo_monitor):
    edition = Edition.objects.get(year=2020)
    html = client.get("/editie/2020/").content.decode()
    assert "met ruis" not in html  # the demo catalogue chooses no noise
    record = {
        "indicator": "police_signals",
        "epsilon": 1.0,
        "partitions": 1,
        "epsilon_spent": 1.0,
        "margin": 3,
        "total_margin": 9,
    }
    # A published edition never changes through the model; the test writes the record as
    # publishing would have stored it.
    report = edition.disclosure_report | {"differential_privacy": [record]}
    Edition.objects.filter(pk=edition.pk).update(disclosure_report=report)
    caches["pages"].clear()  # rendered pages are cached per process
    html = client.get("/editie/2020/").content.decode()
    assert html.count("≈ met ruis: ± 9 (95%-marge)") == 1  # the region tile: the summed margin
    english = client.get("/en/edition/2020/").content.decode()
    assert "≈ with noise: ± 9 (95% margin)" in english
