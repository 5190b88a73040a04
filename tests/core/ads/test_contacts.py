"""Phone de-obfuscation, normalisation and keyed pseudonyms."""

from __future__ import annotations

import hashlib
import hmac
import random

import phonenumbers
import pytest

from zicht.core.ads.contacts import (
    Pseudonymiser,
    SecretTooShortError,
    classify_phone,
    find_disguised_emails,
    normalise_email,
    normalise_field_phone,
    replace_emails,
)
from zicht.core.ads.text import scan_ad_text

NUMBER = "+31612345678"


@pytest.mark.parametrize(
    ("text", "obscured"),
    [
        ("bel 0612345678 schat", False),
        ("bel 06-12345678", False),
        ("app 06 12 34 56 78", False),
        ("call +31 6 1234 5678 now", False),
        ("call 0031612345678", False),
        ("bel nul zes een twee drie vier vijf zes zeven acht", True),
        ("call zero six one two three four five six seven eight", True),
        ("bel 0 6 1 2 3 4 5 6 7 8", True),
        ("bel 0\ufe0f\u20e36\ufe0f\u20e31\ufe0f\u20e32\ufe0f\u20e33\ufe0f\u20e3"
         "4\ufe0f\u20e35\ufe0f\u20e36\ufe0f\u20e37\ufe0f\u20e38\ufe0f\u20e3", True),
        ("bel O6l2345678", True),
        ("bel \uff10\uff16\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", True),
        ("bel nul zes 12 34 56 78", True),
    ],
)  # fmt: skip
def test_phone_found_in_text_whatever_the_disguise(text: str, obscured: bool) -> None:
    scanned = scan_ad_text(text)
    assert scanned.phones == [NUMBER]
    assert scanned.phone_obscured is obscured
    assert "<phone>" in scanned.masked_tokens


@pytest.mark.parametrize(
    "text",
    [
        "ik ben een lieve meid van 25 jaar, prijs 150 euro",
        "one night only, two hours, 24/7",
        "lol ik ben 100% echt",
        "bel 061234 voor info",
    ],
)
def test_no_phone_invented_from_ordinary_numbers_and_words(text: str) -> None:
    scanned = scan_ad_text(text)
    assert scanned.phones == []
    assert not scanned.phone_obscured


def test_age_after_phone_is_not_swallowed_into_the_number() -> None:
    scanned = scan_ad_text("bel 06 12 34 56 78 19 jaar")
    assert scanned.phones == [NUMBER]
    assert scanned.masked_tokens[-2:] == ["<num>", "jaar"]


def test_field_phones_and_emails_are_normalised() -> None:
    assert normalise_field_phone("06-1234 5678") == NUMBER
    assert normalise_field_phone("+31 (0)6 12345678") == NUMBER
    assert normalise_field_phone("nul zes 12345678") == NUMBER
    assert normalise_field_phone("geen nummer") is None
    assert normalise_email(" Anna@Mail.Example ") == "anna@mail.example"
    assert normalise_email("not an address") is None


def test_dutch_mobile_shortcut_agrees_with_phonenumbers() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        digits = "06" + "".join(rng.choices("0123456789", k=8))
        number = phonenumbers.parse(digits, "NL")
        expected_valid = phonenumbers.is_valid_number(number)
        formatted, valid = classify_phone(digits)
        assert valid == expected_valid, digits
        assert formatted == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def test_dutch_prefix_shortcut_agrees_with_phonenumbers() -> None:
    # Every four-digit national prefix, each with random subscriber digits and in the three
    # written forms: the per-prefix answer must be the library's answer for every number.
    rng = random.Random(11)
    for prefix in range(1000, 10000):
        for form in ("0", "+31", "0031"):
            digits = form + str(prefix) + "".join(rng.choices("0123456789", k=5))
            formatted, valid = classify_phone.__wrapped__(digits)
            number = phonenumbers.parse(digits, "NL")
            if not phonenumbers.is_possible_number(number):
                assert formatted is None, digits
                continue
            expected = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            assert (formatted, valid) == (expected, phonenumbers.is_valid_number(number)), digits


def test_pseudonyms_match_a_plain_hmac() -> None:
    secret = b"s" * 32
    digest = hmac.new(secret, f"phone:{NUMBER}".encode(), hashlib.sha256).digest()
    expected = int.from_bytes(digest[:8], "little", signed=True)
    pseudonymiser = Pseudonymiser(secret)
    assert pseudonymiser.pseudonym("phone", NUMBER) == expected
    assert pseudonymiser.pseudonym("phone", NUMBER) == expected  # the keyed state is reused


def test_pseudonyms_are_keyed_and_stable() -> None:
    first, second = Pseudonymiser(b"a" * 32), Pseudonymiser(b"b" * 32)
    assert first.pseudonym("phone", NUMBER) == first.pseudonym("phone", NUMBER)
    assert first.pseudonym("phone", NUMBER) != second.pseudonym("phone", NUMBER)
    assert first.pseudonym("phone", NUMBER) != first.pseudonym("email", NUMBER)
    with pytest.raises(SecretTooShortError):
        Pseudonymiser(b"short")


@pytest.mark.parametrize(
    ("written", "address"),
    [
        ("mail naam (at) gmail (punt) com", "naam@gmail.com"),
        ("Mail: Lisa.B[at]Hotmail[.]nl!", "lisa.b@hotmail.nl"),
        ("lisa apenstaartje hotmail punt nl", "lisa@hotmail.nl"),
        ("write anna at gmail dot com tonight", "anna@gmail.com"),
        ("roos {at} mail {dot} co {dot} uk", "roos@mail.co.uk"),
        ("info＠escort-rdam.nl", "info@escort-rdam.nl"),
    ],
)
def test_disguised_email_addresses_are_read(written: str, address: str) -> None:
    assert [found for _, _, found in find_disguised_emails(written)] == [address]


@pytest.mark.parametrize(
    "written",
    [
        "meet me at the hotel near the station",
        "ik ben er om 10 uur, punt uit",
        "at home dot",
        "kamer (at) station",
        "Lees punt 3 van de voorwaarden at length",
    ],
)
def test_ordinary_text_is_no_email_address(written: str) -> None:
    assert find_disguised_emails(written) == []


def test_replace_emails_finds_plain_and_disguised_in_order() -> None:
    text, found = replace_emails("a@b.nl of c (at) d (punt) nl", lambda _: "<e>")
    assert text == "<e> of <e>" and found == ["a@b.nl", "c@d.nl"]
