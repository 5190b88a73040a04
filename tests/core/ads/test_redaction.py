"""Contact-free ad text for the restricted store: disguised contacts become pseudonyms."""

from __future__ import annotations

import pytest

from zicht.core.ads.contacts import Pseudonymiser
from zicht.core.ads.redaction import contact_token, redact_ad, redact_text

from .conftest import TEST_SECRET

PSEUDONYMISER = Pseudonymiser(TEST_SECRET)
PHONE_TOKEN = contact_token("phone", PSEUDONYMISER.pseudonym("phone", "+31612345678"))


@pytest.mark.parametrize(
    "written",
    [
        "0612345678",
        "06-12 34 56 78",
        "+31 6 12345678",
        "nul zes een twee drie vier vijf zes zeven acht",
        "zero six one two three four five six seven eight",
        "O6l2345678",
        "０６１２３４５６７８",
        "0 6 1 2 3 4 5 6 7 8",
    ],
)
def test_every_disguise_becomes_the_same_pseudonym(written: str) -> None:
    redacted = redact_text(f"Lieve dame, bel {written} nu, 23 jaar, 150 euro", PSEUDONYMISER)
    assert redacted == f"Lieve dame, bel {PHONE_TOKEN} nu, 23 jaar, 150 euro"


def test_email_becomes_a_pseudonym_whatever_its_case() -> None:
    upper = redact_text("mail Anna.B@Example.NL vandaag", PSEUDONYMISER)
    lower = redact_text("mail anna.b@example.nl vandaag", PSEUDONYMISER)
    assert upper == lower and "example" not in upper.lower() and "[email:" in upper


def test_a_disguised_email_gets_the_pseudonym_of_the_plain_address() -> None:
    plain = redact_text("mail anna.b@example.nl vandaag", PSEUDONYMISER)
    for written in ("anna.b (at) example (punt) nl", "Anna.B apenstaartje example punt nl"):
        redacted = redact_text(f"mail {written} vandaag", PSEUDONYMISER)
        assert redacted == plain and "anna" not in redacted.lower()


def test_long_digit_runs_the_scanner_does_not_read_are_blanked() -> None:
    redacted = redact_text("ref 1234567 and 12.34.56.78.90.12", PSEUDONYMISER)
    assert redacted == "ref [nummer] and [nummer]"
    assert redact_text("21 jaar, 100 rozen", PSEUDONYMISER) == "21 jaar, 100 rozen"


def test_field_contacts_are_removed_from_title_and_text() -> None:
    record = {
        "title": "Nieuw: bel 0612345678",
        "text": "contact: dame@example.org of 06 1234 5678",
        "phones": ["06 1234 5678"],
        "emails": ["dame@example.org"],
    }
    title, text = redact_ad(record, PSEUDONYMISER)
    assert "0612345678" not in title and "1234" not in text and "dame@" not in text
    assert PHONE_TOKEN in title and PHONE_TOKEN in text
