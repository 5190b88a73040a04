"""Detectors for one cell value or one piece of free text.

Every detector answers yes or no; none returns or logs the value. ``CANDIDATE_PATTERN`` is a
cheap necessary condition shared with the vectorised path: a value that does not match it
holds none of the pattern-based kinds (names are gated separately in ``names.py``).
"""

from __future__ import annotations

import datetime as dt
import re
import string

import phonenumbers

from zicht.core.emails import EmailPattern
from zicht.core.privacy.guard.kinds import ColumnContext, GuardSettings, PersonalDataKind

# Anything with '@', six or more digit-ish characters, a postcode shape, a dashed plate shape,
# a six-character letter/digit mix or a written-out date: a superset of every pattern below.
CANDIDATE_PATTERN = (
    r"@|\d[\d\s().\-/+]{4,}\d|\d{4}\s?[A-Za-z]{2}|[A-Za-z0-9]{1,3}-[A-Za-z0-9]{2,3}-[A-Za-z0-9]{1,3}"
    r"|[A-Z0-9]{6}|\d{1,2}\.?\s+[A-Za-z]{3,9}\.?\s+\d{4}"
)
_CANDIDATE = re.compile(CANDIDATE_PATTERN)

# Linear in the length of the text (see zicht.core.emails): cells can be a megabyte long.
_EMAIL = EmailPattern.build(
    r"[A-Za-z0-9._%+\-]", r"[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}\b")
_IBAN_LENGTHS = {
    "NL": 18,
    "BE": 16,
    "DE": 22,
    "FR": 27,
    "GB": 22,
    "ES": 24,
    "IT": 27,
    "PL": 28,
    "RO": 24,
    "BG": 22,
    "LU": 20,
    "PT": 25,
    "AT": 20,
    "HU": 28,
    "CZ": 24,
    "LT": 20,
}
_BSN = re.compile(
    r"(?<![\d.\-])(\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .\-]\d{3}[ .\-]\d{3})(?![\d\-]|\.\d)"
)
_POSTCODE = re.compile(r"\b[1-9]\d{3}(?: ?[A-Z]{2}|[a-z]{2})\b")
_HOUSE_NUMBER = re.compile(r"(?<![\d\-/.])\d{1,5}(?: ?[a-zA-Z])?\b(?![\-/.]\d)")
_PLATE_SHAPES = (
    "LL-DD-DD",
    "DD-DD-LL",
    "DD-LL-DD",
    "LL-DD-LL",
    "LL-LL-DD",
    "DD-LL-LL",
    "DD-LLL-D",
    "D-LLL-DD",
    "LL-DDD-L",
    "L-DDD-LL",
    "LLL-DD-L",
    "L-DD-LLL",
    "D-LL-DDD",
    "DDD-LL-D",
)
# Plates issued since 1999 use these letters only; undashed shapes are accepted with them only.
_PLATE_LETTERS = "BDFGHJKLMNPRSTVXZ"


def _plate_regex(shape: str, letters: str, separator: str) -> str:
    parts = ["".join(r"\d" if c == "D" else f"[{letters}]" for c in p) for p in shape.split("-")]
    return separator.join(parts)


_PLATE_DASHED = re.compile(
    r"(?<![\w\-])(?:"
    + "|".join(_plate_regex(shape, "A-Z", "-") for shape in _PLATE_SHAPES)
    + r")(?![\w\-])",
    re.IGNORECASE,
)
_PLATE_UNDASHED = re.compile(
    r"(?<!\w)(?:"
    + "|".join(_plate_regex(s, _PLATE_LETTERS, "") for s in _PLATE_SHAPES[6:])
    + r")(?!\w)"
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "january", "jan"),
            ("februari", "february", "feb"),
            ("maart", "march", "mrt", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("augustus", "august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_DATE_PATTERNS = (
    (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<![\d\-/.])(\d{1,2})[\-/.](\d{1,2})[\-/.](\d{4})(?!\d)"), "dmy"),
    (re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})\.?\s+([A-Za-z]{3,9})\.?\s+(\d{4})(?!\d)"), "d-month-y"),
)


def might_hold_personal_data(value: str) -> bool:
    """Cheap gate shared with the vectorised path (see module docstring)."""
    return _CANDIDATE.search(value) is not None


def holds_email_address(text: str) -> bool:
    return _EMAIL.search(text) is not None


def mask_email_addresses(text: str) -> str:
    return _EMAIL.sub(" ", text)


# Upper-casing ASCII only keeps every offset: str.upper() turns "ß" into "SS", which shifted
# the matches that mask_ibans cuts out of the original text.
_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


def mask_ibans(text: str) -> str:
    for start, end in reversed(_iban_spans(text)):
        text = text[:start] + " " + text[end:]
    return text


def _iban_spans(text: str) -> list[tuple[int, int]]:
    """Where the IBANs in ``text`` are, as (start, end) offsets into ``text``."""
    spans = []
    upper = text.translate(_ASCII_UPPER)
    position = 0
    while (match := _IBAN.search(upper, position)) is not None:
        length = _iban_length(match.group(0))
        if length is None:
            position = match.end()
            continue
        spans.append((match.start(), match.start() + length))
        # The pattern may have run on into an IBAN written straight after this one: look
        # again from where this one ends, not from where the match did.
        position = match.start() + length
    return spans


def _iban_length(candidate: str) -> int | None:
    """How much of ``candidate`` is an IBAN, or None. The pattern runs on into a following
    word ("NL91 ABNA 0417 1643 00 t.n.v."), so where the country's length is known the
    candidate is cut after that many characters, at a gap between words."""
    expected_length = _IBAN_LENGTHS.get(candidate[:2])
    if expected_length is None:
        return len(candidate) if passes_iban_checksum(candidate) else None
    seen = 0
    for position, char in enumerate(candidate):
        seen += not char.isspace()
        if seen == expected_length:
            end = position + 1
            at_gap = end == len(candidate) or candidate[end].isspace()
            return end if at_gap and passes_iban_checksum(candidate[:end]) else None
    return None


def passes_iban_checksum(candidate: str) -> bool:
    """ISO 13616 mod-97 check, with the country's IBAN length where known."""
    compact = "".join(candidate.split()).upper()  # the pattern allows any white space
    if not (compact.isascii() and compact.isalnum()):
        return False  # digits of other scripts match \d but are in no IBAN
    expected_length = _IBAN_LENGTHS.get(compact[:2])
    if expected_length is not None and len(compact) != expected_length:
        return False
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(char, 36)) for char in rearranged)
    return int(digits) % 97 == 1


def holds_iban(text: str) -> bool:
    return bool(_iban_spans(text))


def passes_eleven_test(digits: str) -> bool:
    """The BSN eleven-test: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11 (and not 0)."""
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def holds_citizen_service_number(text: str) -> bool:
    return any(passes_eleven_test(re.sub(r"\D", "", m.group(1))) for m in _BSN.finditer(text))


# Phone-shaped: from "+", "00" or "0", nine to fifteen digits in phone punctuation. Catches
# numbers that phonenumbers rejects (unassigned prefixes) but that no clean delivery holds.
_PHONE_SHAPED = re.compile(r"(?<![\w+])(?:\+|0)\d?[\d \t().\-/]{7,20}\d(?![\w])")


def _is_phone_shaped(text: str) -> bool:
    return any(
        9 <= sum(c.isdigit() for c in m.group(0)) <= 15 for m in _PHONE_SHAPED.finditer(text)
    )


def holds_phone_number(text: str) -> bool:
    """A possible Dutch or international number written as people write them: starting with
    ``0``, ``+`` or ``00`` (a bare 9-digit count is not a phone number)."""
    if sum(char.isdigit() for char in text) < 9:
        return False
    if _is_phone_shaped(text):
        return True
    for match in phonenumbers.PhoneNumberMatcher(text, "NL", phonenumbers.Leniency.POSSIBLE):
        glued_to_a_word = match.start > 0 and text[match.start - 1].isalnum()
        if match.raw_string.lstrip("( ").startswith(("0", "+")) and not glued_to_a_word:
            return True
    return False


def holds_postal_address(text: str) -> bool:
    """A six-position postcode together with a house number in the same value."""
    for postcode in _POSTCODE.finditer(text):
        rest = text[: postcode.start()] + " " + text[postcode.end() :]
        if _HOUSE_NUMBER.search(rest):
            return True
    return False


def holds_licence_plate(text: str) -> bool:
    return bool(_PLATE_DASHED.search(text) or _PLATE_UNDASHED.search(text))


def full_dates_in(text: str) -> list[dt.date]:
    """Every real calendar date (day, month and year) written in the text."""
    dates = []
    for pattern, order in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            date = _to_date(match.groups(), order)
            if date is not None:
                dates.append(date)
    return dates


def _to_date(groups: tuple[str, ...], order: str) -> dt.date | None:
    try:
        if order == "ymd":
            return dt.date(int(groups[0]), int(groups[1]), int(groups[2]))
        if order == "dmy":
            return dt.date(int(groups[2]), int(groups[1]), int(groups[0]))
        month = _MONTHS.get(groups[1].casefold())
        return None if month is None else dt.date(int(groups[2]), month, int(groups[0]))
    except ValueError:
        return None


def holds_date_of_birth(text: str, context: ColumnContext, settings: GuardSettings) -> bool:
    """Full dates are refused, except reference dates in a declared date column.

    Periods (``2020``, ``2020-Q1``, ``2020-03``) are not full dates and always pass.
    """
    dates = full_dates_in(text)
    if not dates:
        return False
    if context.is_free_text or not context.is_date_column:
        return True
    first_year, last_year = settings.reference_date_years
    return any(not first_year <= date.year <= last_year for date in dates)


def pattern_kind(
    text: str, context: ColumnContext, settings: GuardSettings
) -> PersonalDataKind | None:
    """The first pattern-based kind found in the text, most specific first."""
    if not might_hold_personal_data(text):
        return None
    checks = (
        (PersonalDataKind.EMAIL_ADDRESS, holds_email_address),
        (PersonalDataKind.IBAN, holds_iban),
        (PersonalDataKind.CITIZEN_SERVICE_NUMBER, holds_citizen_service_number),
        (PersonalDataKind.PHONE_NUMBER, holds_phone_number),
        (PersonalDataKind.POSTAL_ADDRESS, holds_postal_address),
        (PersonalDataKind.LICENCE_PLATE, holds_licence_plate),
    )
    for kind, check in checks:
        if check(text):
            return kind
    if holds_date_of_birth(text, context, settings):
        return PersonalDataKind.DATE_OF_BIRTH
    return None
