"""A partner may tell the coordinator something with a file (what was corrected, why a figure
jumped): the note is checked for personal data with the file, and the coordinator reads it on
the delivery's page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web.portal_setup import PARTNER_A, partner_and_coordinator, record_csv, sign_in_verified
from zicht.web.monitor.models import Delivery
from zicht.web.portal.models import UploadAttempt

YEAR = 2020
NOTE = "Rij 14 verbeterd: de gemeente was Schiedam, niet Vlaardingen.\nTotaal nu 12 <b>"


@pytest.fixture
def people(db, catalog):
    return partner_and_coordinator(catalog)


def _upload(client, note: str, prefix: str = ""):
    url = prefix + reverse("portal:upload_file", args=[PARTNER_A, YEAR])
    file = SimpleUploadedFile("h.csv", record_csv(YEAR))
    return client.post(url, {"file": file, "note": note}, follow=True)


def test_the_partner_s_note_goes_with_the_file_to_the_coordinator(people, client):
    sign_in_verified(client, people["partner"])
    result = _upload(client, f"  {NOTE}  ").content.decode()
    # The result page offers the next version with a note box of its own, tied to its hint.
    assert 'name="note"' in result and "Toelichting voor de coördinator" in result
    assert 'aria-describedby="correctie-' in result
    delivery = Delivery.objects.get(partner_id=PARTNER_A)
    assert delivery.note == NOTE  # kept as written, without the white space around it

    client.logout()
    sign_in_verified(client, people["coordinator"])
    page = client.get(reverse("portal:delivery", args=[delivery.pk])).content.decode()
    shown = page.split('id="toelichting"')[1].split("</div>")[0]
    assert "Toelichting van de partner" in shown
    assert "Rij 14 verbeterd" in shown and "Totaal nu 12 &lt;b&gt;" in shown  # escaped
    english = client.get("/en" + reverse("portal:delivery", args=[delivery.pk])).content.decode()
    assert "Note from the partner" in english


def test_a_note_naming_a_person_refuses_the_upload_without_repeating_it(people, client):
    sign_in_verified(client, people["partner"])
    page = _upload(client, "Jan de Vries stond er dubbel in; e-mail jan.devries@example.nl")
    html = page.content.decode()
    assert not Delivery.objects.exists()
    attempt = UploadAttempt.objects.get()
    assert attempt.outcome == UploadAttempt.Outcome.REFUSED
    assert "de toelichting bevat persoonsgegevens" in html
    assert "Vries" not in html and "example.nl" not in html
    assert "Vries" not in str(attempt.errors)
    # The file itself passed the checks: the partner is told so, not to correct the file.
    assert "Het bestand is in orde, maar de toelichting bevat persoonsgegevens." in html
    assert "Verbeter het bestand" not in html and ">toelichting</td>" in html
    english = _upload(client, "Jan de Vries, 06-12345678", prefix="/en").content.decode()
    assert "The file is in order, but the note holds personal data." in english
    assert ">note</td>" in english and "12345678" not in english
    assert "Upload the file again" in english and "corrected file" not in english


def test_a_bad_file_with_a_bad_note_is_told_both_at_once(people, client):
    sign_in_verified(client, people["partner"])
    url = reverse("portal:upload_file", args=[PARTNER_A, YEAR])
    file = SimpleUploadedFile("h.csv", record_csv(YEAR, wrong_row=3))
    html = client.post(url, {"file": file, "note": "Jan de Vries belde"}, follow=True)
    html = html.content.decode()
    attempt = UploadAttempt.objects.get()
    codes = [error["code"] for error in attempt.errors]
    assert codes[0] == "personal_data_in_note" and "unknown_category" in codes
    assert attempt.error_count == len(codes)
    assert "Het bestand is geweigerd: 2 fouten" in html and "Verbeter het bestand" in html
    assert "Vries" not in html


def test_a_note_longer_than_the_limit_is_refused_in_the_page_s_language(people, client):
    sign_in_verified(client, people["partner"])
    html = _upload(client, "a" * 2001, prefix="/en").content.decode()
    assert "The note is too long: at most 2000 characters." in html
    assert not Delivery.objects.exists() and not UploadAttempt.objects.exists()


def test_without_a_note_the_delivery_page_shows_no_note(people, client):
    sign_in_verified(client, people["partner"])
    _upload(client, "")
    delivery = Delivery.objects.get(partner_id=PARTNER_A)
    assert delivery.note == ""
    page = client.get(reverse("portal:delivery", args=[delivery.pk])).content.decode()
    assert 'id="toelichting"' not in page
