"""A refused upload is explained in the page's language: English reasons on the English portal,
Dutch on the Dutch one, and an upload refused before the English was kept still shows its
Dutch reasons (marked as Dutch) on either."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web.portal_setup import PARTNER_A, partner_and_coordinator, sign_in_verified
from zicht.web.portal.models import UploadAttempt

YEAR = 2020
HEADER = "municipality;period;sex;age_group;exploitation_form"
SECRET = "Onbekend-Jansen"  # what the partner typed into a cell: never shown in either language


@pytest.fixture
def people(db, catalog):
    return partner_and_coordinator(catalog)


def _bad_file() -> SimpleUploadedFile:
    rows = [
        HEADER,
        f"GM0599;{YEAR}-04-01;vrouw;18-23;seksueel",
        f"RE-RTM;{YEAR}-04-01;vrouw;18-23;seksueel",  # a region where a municipality belongs
        f"GM0599;{YEAR}-04-01;{SECRET};18-23;seksueel",
        f"GM0599;{YEAR - 1}-04-01;man;18-23;seksueel",
    ]
    return SimpleUploadedFile("h.csv", ("\n".join(rows) + "\n").encode())


def _reason_cells(page: str) -> list[tuple[str, str]]:
    """(lang, text) of every cell in the column that says what is wrong."""
    return re.findall(
        r'data-label="(?:Wat er niet klopt|What is wrong)" class="utrecht-table__cell" '
        r'lang="(\w+)">([^<]*)<',
        page,
    )


def test_the_english_portal_gives_the_reasons_in_english_and_the_dutch_in_dutch(people, client):
    sign_in_verified(client, people["partner"])
    url = reverse("portal:upload_file", args=[PARTNER_A, YEAR])
    english = client.post("/en" + url, {"file": _bad_file()}, follow=True).content.decode()
    assert ">What is wrong<" in english and "(in Dutch)" not in english
    cells = _reason_cells(english)
    assert [lang for lang, _ in cells] == ["en", "en", "en"]
    reasons = " | ".join(text for _, text in cells)
    assert "fill in the municipality, not the region" in reasons
    assert "unknown category; choose from:" in reasons
    assert "the period is not in the delivery year 2020" in reasons
    for dutch in ("vul de gemeente in", "onbekende categorie", "leveringsjaar"):
        assert dutch not in english
    assert "reasons in English" not in english  # no note about older, Dutch-only reasons
    assert "Jansen" not in english

    dutch = client.post(url, {"file": _bad_file()}, follow=True).content.decode()
    cells = _reason_cells(dutch)
    assert [lang for lang, _ in cells] == ["nl", "nl", "nl"]
    reasons = " | ".join(text for _, text in cells)
    assert "vul de gemeente in, niet de regio" in reasons
    assert "onbekende categorie; kies uit:" in reasons
    assert "de periode valt niet in het leveringsjaar 2020" in reasons
    assert "unknown category" not in dutch and "delivery year" not in dutch
    assert "Jansen" not in dutch
    # Both languages are stored with the attempt, whichever page it was uploaded from.
    stored = UploadAttempt.objects.order_by("pk").first()
    assert stored is not None and all(e["message"] and e["message_en"] for e in stored.errors)


def test_an_upload_refused_before_english_was_kept_still_shows_its_dutch_reasons(people, client):
    attempt = UploadAttempt.objects.create(
        partner_id=PARTNER_A,
        year=YEAR,
        uploaded_by=people["partner"],
        filename="oud.csv",
        outcome=UploadAttempt.Outcome.REFUSED,
        error_count=2,
        errors=[
            {
                "row": 3,
                "column": "sex",
                "code": "unknown_category",
                "message": "onbekende categorie",
            },
            {"row": None, "column": None, "code": "duplicate_row", "message": "dubbele rij"},
        ],
    )
    sign_in_verified(client, people["partner"])
    address = reverse("portal:upload", args=[attempt.pk])
    english = client.get("/en" + address)
    assert english.status_code == 200
    page = english.content.decode()
    assert _reason_cells(page) == [("nl", "onbekende categorie"), ("nl", "dubbele rij")]
    assert ">What is wrong<" in page
    assert "before Zicht also kept the reasons in English" in page
    dutch = client.get(address).content.decode()
    assert _reason_cells(dutch) == [("nl", "onbekende categorie"), ("nl", "dubbele rij")]
    assert "voordat Zicht de redenen ook in het Engels bewaarde" not in dutch
