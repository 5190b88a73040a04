"""Turning one record's identifying values into weighted feature tokens.

Tokens are labelled by the kind of evidence, not by the input column, where the column is
unreliable: given and family name share one label, so a swapped name yields the same
tokens; day and month are taken as an unordered pair, so a swapped date does too.

Schema version 2 keeps the sex from forming a population-wide pattern (issue 16,
docs/benchmarks/linkage.md): it is salted with the record's name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from zicht.core.privacy.linkage.normalise import (
    fold_alphanumeric,
    fold_alphanumeric_words,
    fold_code,
    name_tokens,
    parse_birth_date,
)
from zicht.core.privacy.linkage.schema import (
    EncodingSchema,
    FeatureWeights,
    NameEnding,
    SexEncoding,
)

_SEX_CODES = {"m": "m", "man": "m", "male": "m", "v": "f", "vrouw": "f", "f": "f", "female": "f"}


def padded_bigrams(word: str) -> Iterator[str]:
    padded = f"_{word}_"
    for start in range(len(padded) - 1):
        yield padded[start : start + 2]


def _name_bigrams(token: str, ending: NameEnding) -> Iterator[str]:
    grams = list(padded_bigrams(token))
    if ending is NameEnding.SALTED_WITH_WORD:
        # "a_" alone is shared by most names of one sex; salted with its word it agrees only
        # where the whole name part does.
        grams[-1] = f"{grams[-1]}|{token}"
    yield from grams


def _name_features(
    tokens: list[str], weights: FeatureWeights, ending: NameEnding
) -> Iterator[tuple[str, int]]:
    # Sets, so a gram in both names counts once: the filter could not tell anyway.
    # Letters (order-free) keep short names with a transposed pair of letters alike.
    bigrams: set[str] = set()
    letters: set[str] = set()
    for token in tokens:
        bigrams.update(_name_bigrams(token, ending))
        letters.update(token)
    for bigram in sorted(bigrams):
        yield f"n:{bigram}", weights.name_bigram
    for letter in sorted(letters):
        yield f"l:{letter}", weights.name_letter


def _sex_token(sex: str, tokens: list[str], encoding: SexEncoding) -> str:
    if encoding is SexEncoding.TOKEN:
        return f"s:{sex}"
    # Salted with the name parts in a fixed order (a swapped name keeps the token).
    return f"s:{sex}|{' '.join(sorted(tokens))}"


def _birth_features(text: str, weights: FeatureWeights) -> Iterator[tuple[str, int]]:
    birth = parse_birth_date(text)
    if birth.year is not None:
        yield f"y:{birth.year}", weights.birth_year
        yield f"dec:{birth.year // 10}", weights.birth_decade
    parts = sorted(part for part in (birth.day, birth.month) if part is not None)
    if len(parts) == 2:
        # Unordered, so a swapped day and month still agree; the ordered and full-date
        # tokens add weight when the order and the year agree as well.
        yield f"dm:{parts[0]}-{parts[1]}", weights.birth_day_month_pair
        yield f"md:{birth.month}-{birth.day}", weights.birth_month_day_ordered
        if birth.year is not None:
            yield f"ydm:{birth.year}-{parts[0]}-{parts[1]}", weights.birth_full_date
    for part in set(parts):
        yield f"d|m:{part}", weights.birth_day_or_month


def _positional_digits(label: str, text: str, weight: int) -> Iterator[tuple[str, int]]:
    for position, character in enumerate(text):
        yield f"{label}{position}:{character}", weight


def _bigram_features(label: str, text: str, weight: int) -> Iterator[tuple[str, int]]:
    grams: set[str] = set()
    # Digits stay: a house number is part of an address.
    for word in fold_alphanumeric_words(text):
        grams.update(padded_bigrams(word))
    for gram in sorted(grams):
        yield f"{label}:{gram}", weight


def record_features(values: Mapping[str, str], schema: EncodingSchema) -> Iterator[tuple[str, int]]:
    """Yield ``(token, positions to set)`` for one record's identifying values."""
    weights = schema.weights
    names = [
        token
        for field_name in ("given_name", "family_name")
        for token in name_tokens(values.get(field_name, ""))
    ]
    yield from _name_features(names, weights, schema.name_ending)
    yield from _birth_features(values.get("date_of_birth", ""), weights)
    sex = _SEX_CODES.get(fold_code(values.get("sex", "")))
    if sex:
        yield _sex_token(sex, names, schema.sex_encoding), weights.sex
    country = fold_code(values.get("country_of_birth", ""))
    if country:
        yield f"c:{country}", weights.country_of_birth
    yield from _bigram_features("a", values.get("address", ""), weights.address_bigram)
    yield from _bigram_features("p", values.get("place", ""), weights.place_bigram)
    postal = fold_alphanumeric(values.get("postal_code", ""))
    yield from _positional_digits("pc", postal, weights.postal_code_digit)
    if postal:
        yield f"pcw:{postal}", weights.postal_code_whole
    identity = fold_alphanumeric(values.get("identity_number", ""))
    yield from _positional_digits("id", identity, weights.identity_number_digit)
    if identity:
        # The whole number counts far more than its digits: a typo-free identity number
        # identifies, while shared digits at some positions are common by chance.
        yield f"idw:{identity}", weights.identity_number_whole
