"""Reading one ad's text in memory: contacts out, slot values masked, repost fingerprint.

The masked token sequence keeps an operator's template (its wording and word order) and drops
what changes from ad to ad: names, cities, numbers (ages, prices), phones and e-mails.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from itertools import compress, count
from operator import attrgetter, not_
from typing import cast

from zicht.core.ads.contacts import (
    MIN_PHONE_DIGITS,
    PhoneSpan,
    classify_phone,
    find_phone_spans,
    replace_emails,
    token_digits,
)
from zicht.core.ads.vocabulary import (
    CITY_NAMES,
    GIVEN_NAMES,
    MASK_TOKENS,
    NATIONALITY_WORDS,
    SPELLED_DIGITS,
)

TOKEN_PATTERN = re.compile(r"\+?[^\W_]+")
_EMAIL_PLACEHOLDER = "xxemailxx"
_SPELLED_WORDS = frozenset(SPELLED_DIGITS)
_SINGLE_WORD_CITIES = frozenset(name for name in CITY_NAMES if TOKEN_PATTERN.fullmatch(name))
# Multi-token place names as token tuples, found by their first token ("capelle aan den
# ijssel", "'s-gravenhage").
_MULTI_WORD_CITIES: dict[str, list[tuple[str, ...]]] = {}
for _name in sorted(CITY_NAMES, key=len, reverse=True):
    _tokens = tuple(TOKEN_PATTERN.findall(_name))
    if len(_tokens) > 1:
        _MULTI_WORD_CITIES.setdefault(_tokens[0], []).append(_tokens)
_TOKEN_CACHE_LIMIT = 200_000
_SHORT_TOKEN = 4


@dataclass(frozen=True, slots=True)
class _TokenInfo:
    digits: str | None
    disguised: bool
    masked: str
    masked_id: int
    name: str | None
    nationality: str | None


_token_info_cache: dict[str, _TokenInfo] = {}


@dataclass(slots=True)
class ScannedText:
    """What Zicht keeps in memory of one ad's text while its batch is processed."""

    tokens: list[str]
    masked_tokens: list[str]
    masked_ids: list[int]
    phones: list[str]
    emails: list[str]
    phone_obscured: bool
    names: set[str]
    nationalities: set[str]


def repost_fingerprint(title: str, text: str) -> int:
    """64-bit fingerprint of an ad's wording; reposts share it (case and spacing ignored)."""
    normalised = " ".join(f"{title}\n{text}".lower().split())
    digest = hashlib.blake2b(normalised.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _email_placeholder(_address: str) -> str:
    return f" {_EMAIL_PLACEHOLDER} "


def scan_ad_text(text: str, region: str = "NL") -> ScannedText:
    """Extract contacts, mask slot values and note names and nationalities in one pass."""
    lowered = text.lower()
    lowered, emails = replace_emails(lowered, _email_placeholder)
    tokens = TOKEN_PATTERN.findall(lowered)
    # Most words are cached; the comprehension and the attribute getters keep the per-token
    # work in C, which is most of the import's CPU time.
    infos = list(map(_token_info_cache.get, tokens))
    for position in list(compress(count(), map(not_, infos))):
        infos[position] = _token_info(tokens[position])
    filled = cast(list[_TokenInfo], infos)  # every None was replaced just above
    spans = _phone_spans(filled, region)
    masked = _mask(tokens, filled, spans)
    names = set(map(_NAME, infos))
    names.discard(None)
    nationalities = set(map(_NATIONALITY, infos))
    nationalities.discard(None)
    return ScannedText(
        tokens=tokens,
        masked_tokens=list(map(_MASKED, masked)),
        masked_ids=list(map(_MASKED_ID, masked)),
        phones=[span.number for span in spans],
        emails=emails,
        phone_obscured=any(span.obscured for span in spans),
        names=names,
        nationalities=nationalities,
    )


_DIGITS = attrgetter("digits")
_NAME = attrgetter("name")
_NATIONALITY = attrgetter("nationality")
_MASKED = attrgetter("masked")
_MASKED_ID = attrgetter("masked_id")


def _phone_spans(infos: list[_TokenInfo], region: str) -> list[PhoneSpan]:
    """Phone numbers in each run of digit-like tokens that holds enough digits for one."""
    positions = list(compress(count(), map(_DIGITS, infos)))
    spans: list[PhoneSpan] = []
    run_start = 0
    for index in range(1, len(positions) + 1):
        if index < len(positions) and positions[index] == positions[index - 1] + 1:
            continue
        first, last = positions[run_start], positions[index - 1]
        run_start = index
        if first == last:  # one token: a phone written in one piece, or a lone number
            single = infos[first]
            number = classify_phone(single.digits, region)[0]
            if number is not None:
                spans.append(PhoneSpan(first, first + 1, number, single.disguised))
            continue
        run = infos[first : last + 1]
        # An age or a price alone cannot be a phone number; most runs stop here.
        if sum(len(info.digits or "") for info in run) < MIN_PHONE_DIGITS:
            continue
        for span in find_phone_spans([(info.digits, info.disguised) for info in run], region):
            spans.append(
                PhoneSpan(first + span.start, first + span.stop, span.number, span.obscured)
            )
    return spans


def token_id(token: str) -> int:
    """Stable 32-bit id of a (masked) token, the same in every process."""
    return zlib.crc32(token.encode())


def _token_info(token: str) -> _TokenInfo:
    # Words repeat across a corpus, so each distinct word is classified once; tokens with
    # digits (phone numbers, prices) are mostly unique and would only fill the cache.
    info = _token_info_cache.get(token)
    if info is None:
        digits, disguised = token_digits(token)
        masked, name, nationality = _classify_word(token, digits)
        info = _TokenInfo(digits, disguised, masked, token_id(masked), name, nationality)
        # Short digit tokens (ages, prices, spaced phone digits) repeat as often as words.
        if token.isalpha() or len(token) <= _SHORT_TOKEN:
            if len(_token_info_cache) > _TOKEN_CACHE_LIMIT:
                _token_info_cache.clear()
            _token_info_cache[token] = info
    return info


def _classify_word(token: str, digits: str | None) -> tuple[str, str | None, str | None]:
    if digits is not None and token not in _SPELLED_WORDS:
        return MASK_TOKENS["number"], None, None
    if token in GIVEN_NAMES:
        return MASK_TOKENS["name"], token, None
    if token in _SINGLE_WORD_CITIES:
        return MASK_TOKENS["city"], None, None
    if token == _EMAIL_PLACEHOLDER:
        return MASK_TOKENS["email"], None, None
    return token, None, NATIONALITY_WORDS.get(token)


_PHONE_INFO = _TokenInfo(
    None, False, MASK_TOKENS["phone"], token_id(MASK_TOKENS["phone"]), None, None
)
_CITY_INFO = _TokenInfo(None, False, MASK_TOKENS["city"], token_id(MASK_TOKENS["city"]), None, None)


def _mask(tokens: list[str], infos: list[_TokenInfo], spans: list[PhoneSpan]) -> list[_TokenInfo]:
    """Token infos with each phone span, and each multi-word place name, folded into one."""
    masked = list(infos)
    replacements = [(span.start, span.stop, _PHONE_INFO) for span in spans]
    if not _MULTI_WORD_CITIES.keys().isdisjoint(tokens):
        for position, token in enumerate(tokens):
            if token in _MULTI_WORD_CITIES:
                length = _multi_word_city_length(tokens, position)
                if length:
                    replacements.append((position, position + length, _CITY_INFO))
    if not replacements:
        return infos
    # Right to left, so earlier positions stay valid; overlaps (a phone inside a place name)
    # cannot occur because place names hold no digits.
    for start, stop, info in sorted(replacements, reverse=True):
        masked[start:stop] = [info]
    return masked


def _multi_word_city_length(tokens: list[str], position: int) -> int:
    for candidate in _MULTI_WORD_CITIES[tokens[position]]:
        if tuple(tokens[position : position + len(candidate)]) == candidate:
            return len(candidate)
    return 0
