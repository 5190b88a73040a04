"""Normalisation of identifying values before encoding.

Partners write the same person differently: diacritics lost or kept, Dutch name prefixes
(tussenvoegsels) in front or after a comma, first and family name swapped, day and month
swapped. Everything that can be made equal before hashing is made equal here, so that the
encoding only has to absorb real typos.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from zicht.core.privacy import particles

# Prefixes are dropped rather than encoded: "van der Berg", "Berg, van der", "v.d. Berg" and
# "Berg" all occur for one person, and the prefix carries little identity of its own.
DUTCH_NAME_PREFIXES: frozenset[str] = (
    particles.DUTCH
    | particles.DUTCH_PREPOSITIONS
    | particles.FOREIGN
    | {"t", "bij", "onder", "uit", "voor", "vd", "v", "d"}  # "in 't", "v.d." once split
)

_NON_LETTER = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")
_DATE_DIGITS = re.compile(r"\d+")


def fold_text(value: str) -> str:
    """Lower-case ASCII letters and single spaces; diacritics and punctuation removed."""
    decomposed = unicodedata.normalize("NFKD", value)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_only = ascii_only.replace("ß", "ss").replace("ø", "o").replace("æ", "ae")
    lowered = ascii_only.lower().replace("-", " ").replace("'", " ").replace(".", " ")
    letters = _NON_LETTER.sub(" ", lowered)
    return _SPACES.sub(" ", letters).strip()


def name_tokens(value: str) -> list[str]:
    """Name parts without prefixes, with "Berg, van der" read as "van der Berg"."""
    if "," in value:
        head, _, tail = value.partition(",")
        value = f"{tail} {head}"
    words = fold_text(value).split()
    kept = [word for word in words if word not in DUTCH_NAME_PREFIXES]
    # A name that consists only of prefix-like words ("De") is kept as written.
    return kept or words


@dataclass(frozen=True)
class BirthDate:
    """A date of birth split into parts; any part may be unknown (None)."""

    year: int | None
    month: int | None
    day: int | None


def parse_birth_date(value: str) -> BirthDate:
    """Read YYYY-MM-DD, YYYYMMDD or DD-MM-YYYY; unreadable or empty gives all None.

    Month and day are kept even when they are out of range for their role (a month of 13
    is a swapped day), because the encoder treats the pair without order.
    """
    text = value.strip()
    if not text:
        return BirthDate(None, None, None)
    groups = _DATE_DIGITS.findall(text)
    if len(groups) == 1 and len(groups[0]) == 8:
        digits = groups[0]
        groups = [digits[:4], digits[4:6], digits[6:]]
    if len(groups) != 3 or any(len(group) > 4 for group in groups):
        # A run of thousands of digits would also break int() (Python's digit limit).
        return BirthDate(None, None, None)
    if len(groups[0]) == 4:
        year_text, month_text, day_text = groups
    elif len(groups[2]) == 4:
        day_text, month_text, year_text = groups
    else:
        return BirthDate(None, None, None)
    year, month, day = int(year_text), int(month_text), int(day_text)
    return BirthDate(
        year=year if 1000 <= year <= 2999 else None,
        month=month if 1 <= month <= 31 else None,
        day=day if 1 <= day <= 31 else None,
    )


def fold_code(value: str) -> str:
    """Codes such as sex, country or postal code: folded, without spaces."""
    return fold_text(value).replace(" ", "") if value else ""


def fold_alphanumeric(value: str) -> str:
    """Numbers with letters (postal code, identity number): lower-case, no separators."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed.lower() if ch.isascii() and ch.isalnum())


def fold_alphanumeric_words(value: str) -> list[str]:
    """Words of letters and digits, lower-case ASCII; everything else separates words."""
    decomposed = unicodedata.normalize("NFKD", value)
    kept = "".join(
        ch if ch.isascii() and ch.isalnum() else " "
        for ch in decomposed.lower()
        if not unicodedata.combining(ch)
    )
    return kept.split()
