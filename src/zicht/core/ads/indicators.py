"""Ad-level risk indicators: Dutch and English wording patterns with a documented source.

Each pattern is a plain regular expression over the lower-cased ad text, so a reviewer can
read exactly what fires. Evidence and sources: docs/methodology/ads.md.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping

from zicht.core.ads.settings import AD_INDICATORS, ALL_INDICATORS
from zicht.core.ads.vocabulary import NATIONALITY_WORDS

INDICATOR_BITS: Mapping[str, int] = {name: 1 << index for index, name in enumerate(ALL_INDICATORS)}

_TEXT_PATTERNS: dict[str, re.Pattern[str]] = {
    # Trust wording: reassurance that the photos and person are real (2024 case-outcome study).
    "trust_wording": re.compile(
        r"\b(?:100\s*%\s*)?(?:real|echte?|genuine|verified|geverifieerde?)\s+"
        r"(?:pics?|photos?|pictures?|foto'?s|fotos|girl|meid)\b"
        r"|\bno\s+fakes?\b|\bgeen\s+(?:fake|nep)\b|\bfoto'?s\s+(?:zijn\s+)?(?:100\s*%\s*)?echt\b"
        r"|\bnot\s+fake\b|\bniet\s+(?:fake|nep)\b"
    ),
    # Youth wording (2024 study; Dutch police screening lists young appearance).
    "youth_wording": re.compile(
        r"\b(?:young|younger|teen|teenage|barely\s+legal|schoolgirl|fresh\s+girl|young\s+and\s+fresh"
        r"|petite\s+young|jong|jonge|jongedame|tiener|schoolmeisje|jong\s+en\s+fris|fris\s+en\s+jong"
        r"|vers\s+meisje|net\s+18|just\s+turned\s+18)\b"
    ),
    # Stated ethnicity or nationality (2024 study).
    "stated_ethnicity": re.compile(
        r"\b(?:asian|aziatische?|thai|thaise|chinese|chinees|japanese|japanse|latina|latijnse"
        r"|brazilian|braziliaanse?|colombian|colombiaanse|dominican|dominicaanse|ebony|african"
        r"|afrikaanse?|nigerian|nigeriaanse|russian|russische?|ukrainian|oekra[iï]ense"
        r"|romanian|roemeense?|bulgarian|bulgaarse?|hungarian|hongaarse?|polish|poolse?"
        r"|czech|tsjechische?|spanish|spaanse?|italian|italiaanse?|exotic|exotische?"
        r"|oost-?europese?|eastern[\s-]european)\b"
    ),
    # Round-the-clock availability (Dutch police screening).
    "available_24_7": re.compile(
        r"\b24\s*/\s*7\b|\b24\s*(?:uur|u|hours?|hrs?|h)\b|\bdag\s+en\s+nacht\b"
        r"|\bday\s+and\s+night\b|\bnight\s+and\s+day\b|\baltijd\s+beschikbaar\b"
        r"|\balways\s+available\b|\bround\s+the\s+clock\b|\bnon-?stop\b"
    ),
    # Unprotected or "everything possible" services (Dutch police screening).
    "unprotected_services": re.compile(
        r"\b(?:zonder\s+condoom|zonder\s+bescherming|onbeschermd|no\s+condoms?|without\s+condoms?"
        r"|bareback|bbbj|bbfs|alles\s+(?:is\s+)?mogelijk|alles\s+kan|everything\s+(?:is\s+)?possible"
        r"|anything\s+goes|no\s+limits|geen\s+grenzen|geen\s+taboes|no\s+taboos?)\b"
    ),
    # Text about the woman rather than by her (Dutch police screening, cluster literature).
    "third_person_text": re.compile(
        r"\b(?:she\s+is|she's|she\s+will|she\s+loves|she\s+offers|her\s+name|this\s+girl\s+is"
        r"|zij\s+is|ze\s+is|zij\s+heeft|ze\s+heeft|zij\s+biedt|ze\s+biedt|haar\s+naam"
        r"|dit\s+meisje\s+is|deze\s+dame\s+is)\b"
    ),
    # "New in town" is recorded but weighs nothing: it did not predict trafficking (2024 study).
    "new_in_town": re.compile(
        r"\b(?:new\s+in\s+(?:town|the\s+city)|just\s+arrived|nieuw\s+in\s+(?:de\s+)?(?:stad|town)"
        r"|net\s+aangekomen|pas\s+aangekomen)\b"
    ),
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that must occur as tokens before a pattern can match (plus a few substrings for forms
# a tokenizer splits differently, like "24uur"); they keep the regular expressions off the
# vast majority of ads, which carry none of these words. Every pattern alternative contains
# at least one of its trigger words; the positive examples in the tests check this.
_TOKEN_TRIGGERS: dict[str, frozenset[str]] = {
    "trust_wording": _words(
        "real echt echte genuine verified geverifieerd geverifieerde fake fakes nep"
    ),
    "youth_wording": _words(
        "young younger teen teenage barely schoolgirl fresh petite jong jonge jongedame "
        "tiener schoolmeisje fris vers net just"
    ),
    "stated_ethnicity": frozenset(NATIONALITY_WORDS)
    | _words("oost oosteuropese oosteuropees eastern latijnse oekraïense"),
    "available_24_7": _words("24 dag day night altijd always round non nonstop"),
    "unprotected_services": _words(
        "zonder onbeschermd no without bareback bbbj bbfs alles everything anything geen"
    ),
    "third_person_text": _words("she her this zij ze haar dit deze"),
    "new_in_town": _words("new just nieuw net pas"),
}
_SUBSTRING_TRIGGERS: dict[str, tuple[str, ...]] = {"available_24_7": ("24",)}
_TOKEN = re.compile(r"[^\W_]+")
_AGE_TRIGGERS = ("jaar", "jr", "year", "yr", "yo", "y.o", "age", "leeftijd")

_STATED_AGE_IN_TEXT = re.compile(
    r"\b(1[0-9]|2[0-9])\s*(?:jaar|jr|years?|yrs?|yo|y\.o\.)(?!\w)|\b(?:age|leeftijd)\s*:?\s*(\d{2})\b"
)


def text_indicator_bits(lowered_text: str, tokens: set[str] | None = None) -> int:
    """Bit mask of the wording indicators found in lower-cased ad text.

    ``tokens`` is the set of word tokens of the same text when the caller already has it.
    """
    words = set(_TOKEN.findall(lowered_text)) if tokens is None else tokens
    bits = 0
    for pattern, triggers, substrings, bit in _CHECKS:
        triggered = not words.isdisjoint(triggers) or (
            substrings is not None and substrings.search(lowered_text) is not None
        )
        if triggered and pattern.search(lowered_text):
            bits |= bit
    return bits


def stated_age(age_field: object, lowered_text: str) -> int | None:
    """The youngest age the ad states, from the age field or from the text."""
    ages: list[int] = []
    if age_field not in (None, ""):
        with contextlib.suppress(ValueError):  # an unreadable age field states no age
            ages.append(int(float(str(age_field))))
    if _AGE_TRIGGER_SEARCH is not None and _AGE_TRIGGER_SEARCH.search(lowered_text) is not None:
        for match in _STATED_AGE_IN_TEXT.finditer(lowered_text):
            ages.append(int(match.group(1) or match.group(2)))
    return min(ages) if ages else None


def ad_indicator_bits(
    lowered_text: str,
    age_field: object,
    phone_obscured: bool,
    young_age_limit: int,
    tokens: set[str] | None = None,
) -> int:
    """All ad-level indicators of one ad as a bit mask."""
    bits = text_indicator_bits(lowered_text, tokens)
    if phone_obscured:
        bits |= INDICATOR_BITS["obscured_phone"]
    age = stated_age(age_field, lowered_text)
    if age is not None and age <= young_age_limit:
        bits |= INDICATOR_BITS["young_stated_age"]
    return bits


def indicator_names(bits: int) -> list[str]:
    """Names of the indicators set in a bit mask, in the fixed documented order."""
    return [name for name in ALL_INDICATORS if bits & INDICATOR_BITS[name]]


def _substring_search(substrings: tuple[str, ...]) -> re.Pattern[str] | None:
    # One regular expression finds any of the substrings in a single C-level scan.
    return re.compile("|".join(map(re.escape, substrings))) if substrings else None


_AGE_TRIGGER_SEARCH = _substring_search(_AGE_TRIGGERS)
# One tuple per wording indicator, so the per-ad loop does no dictionary look-ups.
_CHECKS = tuple(
    (
        pattern,
        _TOKEN_TRIGGERS[name],
        _substring_search(_SUBSTRING_TRIGGERS.get(name, ())),
        INDICATOR_BITS[name],
    )
    for name, pattern in _TEXT_PATTERNS.items()
)

assert set(_TEXT_PATTERNS) | {"obscured_phone", "young_stated_age"} == set(AD_INDICATORS)
assert set(_TOKEN_TRIGGERS) == set(_TEXT_PATTERNS)
