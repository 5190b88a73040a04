from __future__ import annotations

import pytest

from zicht.core.deliveries import DeliveryRejected
from zicht.web.monitor.models import Delivery, Immutable, Observation
from zicht.web.monitor.services import delivery_import

HEADER = "indicator;area;period;value\n"


def deliver(catalog, body: str, partner="gemeente-rotterdam", year=2020, note=""):
    return delivery_import(
        catalog=catalog,
        partner=partner,
        year=year,
        filename="g.csv",
        content=(HEADER + body).encode(),
        note=note,
    )


@pytest.mark.django_db
def test_a_file_with_one_bad_row_stores_nothing_and_names_that_row(catalog):
    body = "prevention_presentations;GM0599;2020;523\nprofessional_trainings;GM0599;2020;negen\n"
    with pytest.raises(DeliveryRejected) as raised:
        deliver(catalog, body)
    assert [(e.row, e.column) for e in raised.value.errors] == [(3, "value")]
    assert "Rij 3, kolom 'value'" in raised.value.summary()
    assert Delivery.objects.count() == 0
    assert Observation.objects.count() == 0


@pytest.mark.django_db
def test_a_revision_supersedes_and_keeps_history(catalog):
    first = deliver(catalog, "prevention_presentations;GM0599;2020;500\n").delivery
    second = deliver(
        catalog, "prevention_presentations;GM0599;2020;523\n", note="correctie"
    ).delivery
    first.refresh_from_db()
    assert (first.status, second.status) == ("superseded", "current")
    assert second.supersedes == first and second.revision == 2
    assert first.content == (HEADER + "prevention_presentations;GM0599;2020;500\n").encode()
    current = Observation.objects.filter(delivery__status="current").get()
    assert current.value == 523 and current.delivery == second
    assert Observation.objects.filter(delivery=first).get().value == 500  # history kept


@pytest.mark.django_db
def test_the_identical_file_twice_is_not_a_new_revision(catalog):
    body = "prevention_presentations;GM0599;2020;500\n"
    first = deliver(catalog, body)
    again = deliver(catalog, body)
    assert again.delivery == first.delivery and not again.created
    assert Delivery.objects.count() == 1


@pytest.mark.django_db
def test_a_stored_delivery_never_changes(catalog):
    delivery = deliver(catalog, "prevention_presentations;GM0599;2020;500\n").delivery
    delivery.filename = "other.csv"
    with pytest.raises(Immutable):
        delivery.save()


@pytest.mark.django_db
def test_record_level_rows_are_counted_and_not_kept(catalog):
    content = (
        "municipality;period;sex;age_group\n" + "GM0599;2020-03-01;vrouw;18-23\n" * 7
    ).encode()
    result = delivery_import(
        catalog=catalog, partner="mo-zorgtafel", year=2020, filename="mo.csv", content=content
    )
    assert result.delivery.content is None
    assert result.delivery.row_count == 7
    total = Observation.objects.get(breakdown="", area_id="GM0599")
    assert total.value == 7
    assert Observation.objects.get(breakdown="sex=vrouw").value == 7


@pytest.mark.django_db
def test_a_note_with_personal_data_refuses_the_delivery(catalog):
    with pytest.raises(DeliveryRejected) as raised:
        deliver(
            catalog,
            "prevention_presentations;GM0599;2020;500\n",
            note="Gebeld met 06-12345678 over de correctie",
        )
    assert "telefoonnummer" in raised.value.summary()
    assert "12345678" not in raised.value.summary()
    assert Delivery.objects.count() == 0


@pytest.mark.django_db
def test_a_note_naming_a_person_from_anywhere_refuses_the_delivery_with_the_position(catalog):
    with pytest.raises(DeliveryRejected) as raised:
        deliver(
            catalog,
            "prevention_presentations;GM0599;2020;500\n",
            note="Correctie na gesprek met Vilja Tamm van het wijkteam",
        )
    summary = raised.value.summary()
    assert "naam van een persoon (teken 26 tot 35)" in summary
    assert "Tamm" not in summary and "Vilja" not in summary
    assert Delivery.objects.count() == 0
