"""Phone numbers and e-mail addresses: undo obfuscation, normalise, pseudonymise.

Raw contact values live only inside these functions and the caller's current batch; what
leaves the import is a keyed pseudonym (HMAC-SHA256 with a secret the coordinator holds), so
two ads with the same phone still link while no one can read the number back.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from zicht.core.ads.vocabulary import SPELLED_DIGITS
from zicht.core.emails import EmailPattern
from zicht.core.errors import ZichtError

# Linear in the length of the text (see zicht.core.emails): one ad can be 100 KB of text.
EMAIL_PATTERN = EmailPattern.build(r"[\w.+-]", r"[\w-]+(?:\.[\w-]+)+")

# E-mail addresses written to dodge scrapers: "naam (at) gmail (punt) com", "naam[at]mail[.]nl",
# "naam apenstaartje hotmail punt nl", "naam at gmail dot com". Bare words ("at", "dot",
# "punt") count only between address-like parts ending in a common top-level domain, so
# "meet me at the hotel" is never read as an address.
_BRACKETED = r"[\(\[\{{<]\s*(?:{words})\s*[\)\]\}}>]"
_DISGUISED_DOT = r"\s*(?:\.|" + _BRACKETED.format(words=r"dot|punt|\.") + r")\s*|\s+(?:dot|punt)\s+"
_COMMON_TLDS = "nl|com|net|org|be|de|eu|info|biz|uk|fr|es|it|ro|bg|pl|hu|ru|ua|io|me|co"
# Found by their "at", then read outwards. The "at" is looked up with str.find, which is
# several times faster than a regular expression over the whole text of every ad.
_AT_LITERALS = ("@", "＠", " at ", " apenstaartje ")
_BRACKETED_AT = re.compile(_BRACKETED.format(words="at|a|@"), re.IGNORECASE)
_AT_ANCHOR = re.compile(
    r"[@＠]|" + _BRACKETED.format(words="at|a|@") + r"| (?:at|apenstaartje) ", re.IGNORECASE
)
_LOCAL_BEFORE = re.compile(r"(?<![\w.+-])(?P<local>[a-z0-9][a-z0-9._+-]*)\s*$", re.IGNORECASE)
_DOMAIN_AFTER = re.compile(
    rf"\s*(?P<domain>[a-z0-9][a-z0-9-]*(?:(?:{_DISGUISED_DOT})[a-z0-9][a-z0-9-]*)*)"
    rf"(?:{_DISGUISED_DOT})(?P<tld>{_COMMON_TLDS})(?![\w-])",
    re.IGNORECASE,
)
_DOT_SEPARATOR = re.compile(_DISGUISED_DOT, re.IGNORECASE)
_LONGEST_LOCAL_PART = 64
# Cheap substring test before any pattern: most ads hold none of these at all.
_DISGUISE_HINTS = ("@", "＠", " at ", "apenstaartje", "(", "[", "{", "<")
_HAS_DIGIT = re.compile(r"\d")
# Lower-cased letters that stand in for digits ("O6l2..."), only inside a token that also
# holds a real digit, so ordinary words are never read as numbers.
_LETTERS_FOR_DIGITS = str.maketrans({"o": "0", "l": "1", "i": "1", "|": "1"})
MIN_PHONE_DIGITS = 10
_MAX_PHONE_DIGITS = 14
_SPACED_DIGIT_TOKENS = 4


def _unicode_digit_table() -> dict[int, str]:
    # Fullwidth, mathematical, circled and other non-ASCII digits, as used in emoji-styled ads.
    table: dict[int, str] = {}
    for code in range(0x80, sys.maxunicode + 1):
        value = unicodedata.digit(chr(code), None)
        if value is not None:
            table[code] = str(value)
    return table


_UNICODE_DIGITS = _unicode_digit_table()


class SecretTooShortError(ZichtError, ValueError):
    """The pseudonymisation secret is too short to resist guessing."""

    code = "secret_too_short"


class Pseudonymiser:
    """Keyed pseudonyms: HMAC-SHA256 of a namespaced value, truncated to 64 bits."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise SecretTooShortError("the pseudonymisation secret needs at least 16 bytes")
        # The keyed state is built once and copied per value: same HMAC, half the cost.
        self._keyed = hmac.new(secret, digestmod=hashlib.sha256)

    def pseudonym(self, kind: str, value: str) -> int:
        keyed = self._keyed.copy()
        keyed.update(f"{kind}:{value}".encode())
        digest = keyed.digest()
        # Signed 64-bit so that pseudonyms fit numpy int64 arrays without conversion.
        return int.from_bytes(digest[:8], "little", signed=True)


def token_digits(token: str) -> tuple[str | None, bool]:
    """Digits a token stands for, and whether they were disguised (spelled, letters, emoji)."""
    if token.isascii():
        if token.isdigit():
            return token, False
        if token[0] == "+" and token[1:].isdigit():
            return token, False
        spelled = SPELLED_DIGITS.get(token)
        if spelled is not None:
            return spelled, True
        if _HAS_DIGIT.search(token):
            swapped = token.translate(_LETTERS_FOR_DIGITS)
            if swapped.lstrip("+").isdigit():
                return swapped, True
        return None, False
    spelled = SPELLED_DIGITS.get(token)
    if spelled is not None:
        return spelled, True
    converted = token.translate(_UNICODE_DIGITS)
    if converted != token and converted.isascii():
        digits, _ = token_digits(converted)
        return digits, digits is not None
    return None, False


# Dutch mobile numbers (06-1 to 06-6 and 06-8) are most of what ads carry; this shortcut gives
# the same answer as phonenumbers (a test compares them) at a fraction of the cost.
_DUTCH_MOBILE = re.compile(r"(?:\+31|0031|0)(6[1-68]\d{7})")
# Any other Dutch number with nine national digits: whether phonenumbers accepts it and calls it
# valid depends only on its first four national digits (a test checks this against the
# library), so each prefix is asked once.
_DUTCH_NATIONAL = re.compile(r"(?:\+31|0031|0)([1-9]\d{8})")
_dutch_prefix_valid: dict[str, tuple[bool, bool]] = {}


@lru_cache(maxsize=1 << 16)
def classify_phone(digits: str, region: str = "NL") -> tuple[str | None, bool]:
    """E.164 form when the digits are a possible phone number, and whether it is valid."""
    if region == "NL":
        mobile = _DUTCH_MOBILE.fullmatch(digits)
        if mobile is not None:
            return "+31" + mobile.group(1), True
        national = _DUTCH_NATIONAL.fullmatch(digits)
        if national is not None:
            return _classify_dutch_national(national.group(1))
    bare = digits.lstrip("+")
    if not (MIN_PHONE_DIGITS <= len(bare) <= _MAX_PHONE_DIGITS and digits[0] in "0+"):
        return None, False
    return _classify_with_library(digits, region)


def _classify_dutch_national(significant: str) -> tuple[str | None, bool]:
    prefix = significant[:4]
    known = _dutch_prefix_valid.get(prefix)
    if known is None:
        number, valid = _classify_with_library("0" + significant, "NL")
        known = _dutch_prefix_valid[prefix] = (number is not None, valid)
    possible, valid = known
    return ("+31" + significant if possible else None), valid


def _classify_with_library(digits: str, region: str) -> tuple[str | None, bool]:
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None, False
    if not phonenumbers.is_possible_number(number):
        return None, False
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return formatted, phonenumbers.is_valid_number(number)


def normalise_phone(digits: str, region: str = "NL") -> str | None:
    """E.164 form of a digit string when it is a possible phone number, else None."""
    return classify_phone(digits, region)[0]


@dataclass(frozen=True, slots=True)
class PhoneSpan:
    """A phone number found in a token sequence: token positions [start, stop)."""

    start: int
    stop: int
    number: str
    obscured: bool


def find_phone_spans(
    digit_values: Sequence[tuple[str | None, bool]], region: str = "NL"
) -> list[PhoneSpan]:
    """Phone numbers in runs of consecutive digit-like tokens, longest valid match first."""
    spans: list[PhoneSpan] = []
    position, count = 0, len(digit_values)
    while position < count:
        if digit_values[position][0] is None:
            position += 1
            continue
        span = _longest_phone_from(digit_values, position, region)
        if span is None:
            position += 1
        else:
            spans.append(span)
            position = span.stop
    return spans


def _longest_phone_from(
    digit_values: Sequence[tuple[str | None, bool]], start: int, region: str
) -> PhoneSpan | None:
    # A valid number beats a merely possible one, so trailing ages or prices that happen to
    # follow a phone number ("... 78 19 jaar") are not swallowed into it.
    accumulated = ""
    longest_valid: tuple[int, str] | None = None
    first_possible: tuple[int, str] | None = None
    for stop in range(start, len(digit_values)):
        digits = digit_values[stop][0]
        if digits is None or len(accumulated) > _MAX_PHONE_DIGITS:
            break
        accumulated += digits
        if len(accumulated) < MIN_PHONE_DIGITS:
            continue
        number, valid = classify_phone(accumulated, region)
        if number is not None and valid:
            longest_valid = (stop, number)
        elif number is not None and first_possible is None:
            first_possible = (stop, number)
    chosen = longest_valid or first_possible
    if chosen is None:
        return None
    stop, number = chosen
    return PhoneSpan(start, stop + 1, number, _is_obscured(digit_values, start, stop))


def _is_obscured(digit_values: Sequence[tuple[str | None, bool]], start: int, stop: int) -> bool:
    window = digit_values[start : stop + 1]
    if any(disguised for _, disguised in window):
        return True
    # "0 6 1 2 3 ..." spaced out digit by digit is a filter dodge, "06 12 34 56 78" is not.
    single_digit_tokens = sum(1 for digits, _ in window if digits is not None and len(digits) == 1)
    return single_digit_tokens >= _SPACED_DIGIT_TOKENS


def normalise_field_phone(raw: str, region: str = "NL") -> str | None:
    """E.164 form of a phone number given in a structured field (possibly disguised)."""
    tokens = re.findall(r"\+?[^\W_]+", raw.lower())
    digits = "".join(value for value, _ in map(token_digits, tokens) if value is not None)
    return normalise_phone(digits, region) if digits else None


def _at_anchors(text: str, lowered: str) -> list[tuple[int, int]]:
    """Start and end of every possible "at" of an address, in order."""
    if len(lowered) != len(text):  # lower-casing moved positions (rare letters): scan
        return [match.span() for match in _AT_ANCHOR.finditer(text)]
    anchors = []
    for literal in _AT_LITERALS:
        start = lowered.find(literal)
        while start != -1:
            anchors.append((start, start + len(literal)))
            start = lowered.find(literal, start + 1)
    for opener in "([{<":
        start = text.find(opener)
        while start != -1:
            if bracketed := _BRACKETED_AT.match(text, start):
                anchors.append(bracketed.span())
            start = text.find(opener, start + 1)
    return sorted(anchors)


def find_disguised_emails(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, address)`` of every disguised e-mail address in ``text``, lower-cased.

    Plain addresses are left to ``EMAIL_PATTERN``; call this on text where they are already
    replaced, or accept that a plain address is also found here.
    """
    probe = text.lower()
    if not any(hint in probe for hint in _DISGUISE_HINTS):
        return []
    found: list[tuple[int, int, str]] = []
    for at_start, at_end in _at_anchors(text, probe):
        if found and at_start < found[-1][1]:
            continue
        # The domain first: it fails at once after an ordinary "at" ("at the hotel").
        domain = _DOMAIN_AFTER.match(text, at_end)
        if domain is None:
            continue
        window = max(0, at_start - _LONGEST_LOCAL_PART)
        local = _LOCAL_BEFORE.search(text, window, at_start)
        if local is None:
            continue
        parts = ".".join(_DOT_SEPARATOR.split(domain["domain"]))
        address = f"{local['local']}@{parts}.{domain['tld']}".lower()
        if EMAIL_PATTERN.fullmatch(address):
            found.append((local.start(), domain.end(), address))
    return found


def replace_emails(text: str, replacement) -> tuple[str, list[str]]:
    """``text`` with plain and disguised addresses replaced by ``replacement(address)``,
    and the lower-cased addresses found, in order."""
    found: list[str] = []

    def plain(match: re.Match) -> str:
        found.append(match.group().lower())
        return replacement(found[-1])

    if "@" in text:
        text = EMAIL_PATTERN.sub(plain, text)
    disguised = find_disguised_emails(text)
    if disguised:
        pieces, position = [], 0
        for start, end, address in disguised:
            pieces += [text[position:start], replacement(address)]
            found.append(address)
            position = end
        text = "".join(pieces) + text[position:]
    return text, found


def normalise_email(raw: str) -> str | None:
    """Lower-cased e-mail address when the value looks like one, else None."""
    value = raw.strip().lower()
    return value if EMAIL_PATTERN.fullmatch(value) else None
