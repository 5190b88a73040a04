"""A coordinator rejects a delivery: only with a reason free of personal data, which the partner
then reads on its page, told apart from a refusal by the checks at upload, with what to do next."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from tests.web.portal_setup import (
    PARTNER_A,
    partner_and_coordinator,
    record_csv,
    sign_in_verified,
)
from zicht.web.monitor.models import Delivery
from zicht.web.monitor.services import ReviewRefused, delivery_import, delivery_review
from zicht.web.portal import services
from zicht.web.portal.models import AuditEvent
from zicht.web.portal.selectors import Status, round_board

YEAR = 2020
REASON = "het totaal voor Rotterdam is tien keer zo hoog als vorig jaar"
PERSON = "Jan de Vries staat er dubbel in"


@pytest.fixture
def people(db, catalog):
    return partner_and_coordinator(catalog)


@pytest.fixture
def waiting(people, catalog) -> Delivery:
    """A delivery the partner uploaded in the portal, waiting for review."""
    return delivery_import(
        catalog=catalog, partner=PARTNER_A, year=YEAR, filename="h.csv",
        content=record_csv(YEAR), delivered_by=people["partner"],
    ).delivery  # fmt: skip


def _unchanged(delivery: Delivery) -> bool:
    delivery.refresh_from_db()
    return delivery.review == "pending" and delivery.reviewed_by is None


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_rejecting_without_a_reason_is_refused_by_the_service(people, waiting, reason):
    with pytest.raises(ReviewRefused):
        delivery_review(
            delivery=waiting, reviewer=people["coordinator"], accept=False, reason=reason
        )
    assert _unchanged(waiting)
    assert not AuditEvent.objects.filter(action="refusal").exists()


@pytest.mark.parametrize(
    ("prefix", "error"),
    [
        ("", "Vul de reden bij afwijzen in."),
        ("/en", "Fill in the reason for rejecting."),
    ],
)
def test_rejecting_with_an_empty_reason_box_shows_a_form_error_and_changes_nothing(
    people, waiting, client, prefix, error
):
    sign_in_verified(client, people["coordinator"])
    url = prefix + reverse("portal:review", args=[waiting.pk])
    response = client.post(url, {"decision": "refuse", "reason": "  ", "back": "/portaal/"})
    assert response.status_code == 200  # the delivery's page again, not on to the next
    page = response.content.decode()
    assert error in page
    # Said at the top of the long page, linking to the box; and by the box, tied to it for a
    # screen reader.
    summary = page.split('role="alert"')[1].split("</div>")[0]
    assert error in summary and 'href="#reden"' in summary
    assert 'id="reden-fout"' in page and 'aria-invalid="true"' in page
    assert "reden-fout" in page.split('id="reden"')[1].split(">")[0]
    assert _unchanged(waiting)
    assert not AuditEvent.objects.filter(action="refusal").exists()
    # The form shown again leads back to the delivery's page (not to the form's own address,
    # which answers POST only), in the page's language. Accepting needs no reason.
    with translation.override("nl"):
        back = prefix + reverse("portal:delivery", args=[waiting.pk])
    assert f'name="back" value="{back}"' in page
    response = client.post(url, {"decision": "accept", "reason": "", "back": back})
    assert response.status_code == 302 and response["Location"] == back
    waiting.refresh_from_db()
    assert waiting.review == "accepted"


def test_a_reason_naming_a_person_is_refused_without_sending_the_text_back(people, waiting, client):
    sign_in_verified(client, people["coordinator"])
    url = reverse("portal:review", args=[waiting.pk])
    response = client.post(url, {"decision": "refuse", "reason": PERSON})
    page = response.content.decode()
    assert response.status_code == 200
    assert "De reden bevat persoonsgegevens" in page and "niet afgewezen" in page
    assert "Vries" not in page  # neither in the message nor back in the box
    assert _unchanged(waiting)
    assert not AuditEvent.objects.filter(detail__contains="Vries").exists()
    assert not AuditEvent.objects.filter(action="refusal").exists()
    english = client.post("/en" + url, {"decision": "refuse", "reason": PERSON}).content.decode()
    assert "The reason holds personal data" in english and "Vries" not in english
    # The coordinator "rejects", as the partner reads it; "refused" is what the checks do.
    assert ">Reject</button>" in english and "Reason for rejecting" in english
    assert ">Refuse<" not in english and "when refusing" not in english


def _reject(client, people, delivery: Delivery) -> None:
    sign_in_verified(client, people["coordinator"])
    client.post(
        reverse("portal:review", args=[delivery.pk]), {"decision": "refuse", "reason": REASON}
    )
    delivery.refresh_from_db()


def test_the_partner_reads_who_rejected_when_why_and_what_to_do_next(
    people, waiting, client, catalog
):
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() + dt.timedelta(5))
    delivery_round = services.round_open(catalog=catalog, plan=plan)
    _reject(client, people, waiting)
    assert waiting.review == "refused" and waiting.review_reason == REASON
    # The rejection is audited: which delivery and by whom, never the reason's text.
    event = AuditEvent.objects.get(action="refusal")
    assert event.target == f"levering {waiting.pk}" and event.actor_name == "coordinator"
    assert REASON not in event.detail

    sign_in_verified(client, people["partner"])
    page = client.get(reverse("portal:partner", args=[PARTNER_A])).content.decode()
    with translation.override("nl"):
        on = date_format(waiting.reviewed_at, "j F Y")
    assert f"Afgewezen door de coördinator op {on}: {REASON}" in page
    assert "upload een nieuwe versie over 2020" in page
    assert f'<label for="nieuwe-versie-{waiting.pk}">Nieuwe versie over 2020 uploaden' in page
    assert f'<input id="nieuwe-versie-{waiting.pk}" type="file"' in page
    assert "afgewezen door de coördinator</span>" in page  # the board's status
    assert "Geweigerd bij controle" not in page and ">geweigerd<" not in page
    rows = round_board(delivery_round=delivery_round, partner=PARTNER_A)
    assert {row.status for row in rows} == {Status.REJECTED}
    assert {row.reason for row in rows} == {REASON}

    english = client.get(f"/en/portaal/partner/{PARTNER_A}/").content.decode()
    with translation.override("en"):
        on = date_format(waiting.reviewed_at, "j F Y")
    assert f"Rejected by the coordinator on {on}: {REASON}" in english
    assert "upload a new version for 2020" in english
    # The delivery's own review status says the same word, not "refused" (the checks' word).
    delivery = client.get(f"/en/portaal/levering/{waiting.pk}/").content.decode()
    assert "Rejected (coordinator" in delivery and "Refused" not in delivery


def test_the_board_tells_a_refusal_by_the_checks_from_a_rejection_by_the_coordinator(
    people, client, catalog
):
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() + dt.timedelta(5))
    delivery_round = services.round_open(catalog=catalog, plan=plan)
    sign_in_verified(client, people["partner"])
    url = reverse("portal:upload_file", args=[PARTNER_A, YEAR])
    client.post(url, {"file": SimpleUploadedFile("h.csv", record_csv(YEAR, wrong_row=3))})
    rows = round_board(delivery_round=delivery_round, partner=PARTNER_A)
    assert {(row.status, row.status.label) for row in rows} == {
        (Status.REFUSED, "geweigerd bij controle")
    }
    page = client.get(reverse("portal:partner", args=[PARTNER_A])).content.decode()
    assert "geweigerd bij controle</span>" in page and "Afgewezen door" not in page
    # Still owed: a rejected delivery is reminded of like a refused upload.
    client.post(url, {"file": SimpleUploadedFile("h.csv", record_csv(YEAR))})
    _reject(client, people, Delivery.objects.get(partner_id=PARTNER_A))
    assert services.rounds_remind(base_url="https://zicht.example.nl") == 1


def test_the_rejected_file_uploaded_again_goes_back_to_the_coordinator_for_review(
    people, waiting, client, catalog
):
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() + dt.timedelta(5))
    delivery_round = services.round_open(catalog=catalog, plan=plan)
    _reject(client, people, waiting)
    sign_in_verified(client, people["partner"])
    url = reverse("portal:upload_file", args=[PARTNER_A, YEAR])
    response = client.post(
        url, {"file": SimpleUploadedFile("h.csv", record_csv(YEAR))}, follow=True
    )
    page = response.content.decode()
    assert "U biedt het opnieuw ter beoordeling aan, als revisie 2" in page
    assert f"Reden van de afwijzing: {REASON}" in page
    assert "er is niets veranderd" not in page
    # A new revision of the same file, waiting for review; the rejection stays as history.
    again = Delivery.objects.get(partner_id=PARTNER_A, status="current")
    assert (again.revision, again.review, again.supersedes_id) == (2, "pending", waiting.pk)
    assert again.checksum == waiting.checksum and again.reviewed_by is None
    waiting.refresh_from_db()
    assert (waiting.status, waiting.review, waiting.review_reason) == (
        "superseded", "refused", REASON,
    )  # fmt: skip
    assert again.observations.count() == waiting.observations.count()
    event = AuditEvent.objects.filter(action="delivery", target=f"levering {again.pk}").get()
    assert "zelfde bestand als de afgewezen revisie 1" in event.detail
    rows = round_board(delivery_round=delivery_round, partner=PARTNER_A)
    assert {row.status for row in rows} == {Status.RECEIVED}
    assert (
        "Afgewezen door de coördinator"
        not in client.get(reverse("portal:partner", args=[PARTNER_A])).content.decode()
    )
    # Four eyes still: the partner cannot accept it; the coordinator is told what it is.
    with pytest.raises(ReviewRefused):
        delivery_review(delivery=again, reviewer=people["partner"], accept=True)
    sign_in_verified(client, people["coordinator"])
    assert again in client.get(reverse("portal:reviews")).context["deliveries"]
    detail = client.get(reverse("portal:delivery", args=[again.pk])).content.decode()
    assert "Dit is hetzelfde bestand als revisie 1" in detail and REASON in detail
    # The same file once more, now that it waits for review: nothing changes.
    sign_in_verified(client, people["partner"])
    client.post(url, {"file": SimpleUploadedFile("h.csv", record_csv(YEAR))})
    assert Delivery.objects.filter(partner_id=PARTNER_A).count() == 2
    english = client.post(
        "/en" + url, {"file": SimpleUploadedFile("h.csv", record_csv(YEAR))}, follow=True
    ).content.decode()
    assert "This file equals your current delivery; nothing changed." in english


def test_the_upload_page_in_english_says_the_rejected_file_is_offered_again(
    people, waiting, client
):
    _reject(client, people, waiting)
    sign_in_verified(client, people["partner"])
    url = "/en" + reverse("portal:upload_file", args=[PARTNER_A, YEAR])
    page = client.post(
        url, {"file": SimpleUploadedFile("h.csv", record_csv(YEAR))}, follow=True
    ).content.decode()
    assert "You are offering it for review again, as revision 2" in page
    assert f"Reason for the rejection: {REASON}" in page


def test_automation_delivering_a_rejected_file_again_never_makes_it_accepted(people, catalog):
    first = delivery_import(
        catalog=catalog, partner=PARTNER_A, year=YEAR, filename="h.csv",
        content=record_csv(YEAR), pending=True,
    ).delivery  # fmt: skip
    delivery_review(delivery=first, reviewer=people["coordinator"], accept=False, reason=REASON)
    # `zicht deliver` without --pending counts as accepted, but not for a file just rejected.
    result = delivery_import(
        catalog=catalog, partner=PARTNER_A, year=YEAR, filename="h.csv", content=record_csv(YEAR)
    )
    assert result.created and result.resubmitted
    assert (result.delivery.revision, result.delivery.review) == (2, "pending")
