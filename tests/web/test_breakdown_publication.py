"""Publishing never raises anything but its own refusal, even on margins that do not add up."""

from __future__ import annotations

import pytest

from tests.web.stored import store_rows
from zicht.core.deliveries import ObservationRow
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.monitor.models import Edition
from zicht.web.monitor.publishing import PublicationRefused, edition_publish


@pytest.mark.django_db
def test_stored_margins_that_disagree_are_a_refusal_with_a_message(catalog):
    # Deliveries refuse such margins since they are checked on arrival; data stored before
    # that (or written past the delivery check) must still not crash the publication.
    catalog_sync(catalog=catalog)
    rows = [
        ObservationRow("humanitas_reports", area, "2020", breakdown, value)
        for area in catalog.region_members(catalog.region)
        for breakdown, value in (("", 30.0), ("sex=vrouw", 20.0), ("sex=man", 4.0))
    ]
    store_rows("humanitas", 2020, rows, delivery_format="record")
    with pytest.raises(PublicationRefused) as refused:
        edition_publish(catalog=catalog, year=2020)
    assert "humanitas_reports" in str(refused.value)
    assert "telt niet op tot het totaal" in str(refused.value)
    assert not Edition.objects.filter(status=Edition.Status.PUBLISHED).exists()
