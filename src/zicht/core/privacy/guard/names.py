"""Person names: columns named for names, and values that look like a person's name.

Values are matched against first-name and surname lists generated offline from Faker's
person providers (``zicht/core/privacy/data/person_names.txt``, MIT). A value counts as a
name when it is two to five words: a known first name or initials, then optional particles
(``van``, ``de``, ...), then a surname. Single words are never judged by value: too many
places, categories and words are also somebody's name; columns named for names catch those.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from zicht.core.privacy import particles

PARTICLES = (
    particles.DUTCH | particles.FOREIGN | particles.FOREIGN_PLURAL | particles.PATRONYMIC | {"'t"}
)
# Dutch and English words of clean deliveries that disqualify a value from being a name.
NOT_NAME_WORDS = frozenset(
    {
        "of",
        "en",
        "and",
        "or",
        "onbekend",
        "unknown",
        "overig",
        "overige",
        "other",
        "totaal",
        "total",
        "jaar",
        "years",
        "uitbuiting",
        "exploitation",
        "gemeente",
        "regio",
        "eenheid",
        "politie",
        "zuid",
        "noord",
        "oost",
        "west",
        "centrum",
        "stad",
        "aan",
        "bij",
        "over",
        "op",
        "in",
        "zee",
    }
)
_PERSON_NAME_TOKENS = frozenset(
    {
        "voornaam",
        "voornamen",
        "achternaam",
        "familienaam",
        "roepnaam",
        "voorletters",
        "tussenvoegsel",
        "geslachtsnaam",
        "meisjesnaam",
        "geboortenaam",
        "firstname",
        "lastname",
        "surname",
        "forename",
        "forenames",
        "givenname",
        "fullname",
        "middlename",
        "maidenname",
        "initials",
        "alias",
        "bijnaam",
        "nickname",
    }
)
_NAME_TOKENS = frozenset({"naam", "namen", "name", "names"})
_PERSON_TOKENS = frozenset(
    {
        "slachtoffer",
        "dader",
        "verdachte",
        "persoon",
        "client",
        "cliënt",
        "victim",
        "suspect",
        "person",
        "contact",
        "contactpersoon",
        "melder",
        "betrokkene",
        "klant",
        "medewerker",
        "first",
        "last",
        "given",
        "family",
        "full",
        "middle",
        "maiden",
        "volledige",
        "achter",
        "voor",
        "eigen",
        "officiele",
        "officiële",
    }
)
_BIRTH_TOKENS = frozenset(
    {
        "geboortedatum",
        "geboortedag",
        "gebdat",
        "gebdatum",
        "gebdt",
        "dob",
        "birthdate",
        "birthday",
        "geboren",
        "born",
    }
)
_BIRTH_PAIRS = (("geboorte", "datum"), ("birth", "date"), ("date", "birth"), ("geb", "datum"))
_ADDRESS_TOKENS = frozenset(
    {
        "straat",
        "straatnaam",
        "huisnummer",
        "huisnr",
        "adres",
        "woonadres",
        "address",
        "street",
        "streetname",
        "housenumber",
        "huisnummertoevoeging",
    }
)
_ADDRESS_PAIRS = (("house", "number"), ("huis", "nummer"), ("street", "address"))
_WORD = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*")
_INITIALS = re.compile(r"^(?:[A-Z]\.){1,4}$")


@functools.cache
def name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames), lower-cased, loaded once from the packaged list."""
    text = resources.files("zicht.core.privacy.data").joinpath("person_names.txt")
    first: set[str] = set()
    last: set[str] = set()
    for line in text.read_text("utf-8").splitlines():
        marker, _, name = line.partition("\t")
        (first if marker == "F" else last).add(name)
    return frozenset(first), frozenset(last)


def column_tokens(column: str) -> tuple[str, ...]:
    """``"VoorNaam Slachtoffer"`` -> ``("voor", "naam", "slachtoffer")``; ``dateOfBirth`` split."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", column)
    return tuple(token for token in re.split(r"[^0-9a-zà-ÿ]+", spaced.casefold()) if token)


def _has_pair(tokens: tuple[str, ...], pairs: tuple[tuple[str, str], ...]) -> bool:
    return any(a in tokens and b in tokens for a, b in pairs)


def is_person_name_column(column: str) -> bool:
    tokens = column_tokens(column)
    if any(token in _PERSON_NAME_TOKENS for token in tokens):
        return True
    if "".join(tokens) in _PERSON_NAME_TOKENS:
        return True
    names = [token for token in tokens if token in _NAME_TOKENS]
    others = [token for token in tokens if token not in _NAME_TOKENS]
    return bool(names) and all(token in _PERSON_TOKENS for token in others)


def is_birth_date_column(column: str) -> bool:
    tokens = column_tokens(column)
    joined = "".join(tokens)
    return (
        bool(_BIRTH_TOKENS.intersection(tokens))
        or joined in _BIRTH_TOKENS
        or (_has_pair(tokens, _BIRTH_PAIRS) or joined in {"dateofbirth", "geboortedatum"})
    )


def is_address_column(column: str) -> bool:
    tokens = column_tokens(column)
    return (
        bool(_ADDRESS_TOKENS.intersection(tokens))
        or "".join(tokens) in _ADDRESS_TOKENS
        or (_has_pair(tokens, _ADDRESS_PAIRS))
    )


def _is_surname_part(word: str, surnames: frozenset[str], strict: bool) -> bool:
    if "-" in word:  # double surnames: "de Jager-Wilcken", "Vries-van Dam"
        parts = [part for part in word.split("-") if part.casefold() not in PARTICLES]
        return bool(parts) and all(_is_surname_part(part, surnames, strict) for part in parts)
    folded = word.casefold()
    if folded in NOT_NAME_WORDS:
        return False
    if folded in surnames:
        return True
    # An unknown capitalised word after a known first name is taken as a surname.
    return not strict and word[:1].isupper() and word[1:].islower()


def looks_like_person_name(value: str) -> bool:
    """Whole-cell rule: first name or initials, particles, surname (see module docstring)."""
    if "," in value:  # "Jansen, Jan": put the first name first
        head, _, tail = value.partition(",")
        value = f"{tail} {head}"
    words = value.split()
    if not 2 <= len(words) <= 5 or not all(_WORD.fullmatch(w) or _INITIALS.match(w) for w in words):
        return False
    first_names, surnames = name_lists()
    starts_with_initials = _INITIALS.match(words[0]) is not None
    if not starts_with_initials and words[0].casefold() not in first_names:
        return False
    rest = [
        word
        for word in words[1:]
        if word.casefold() not in PARTICLES
        and not (_INITIALS.match(word) or word.casefold() in first_names)
    ] or [words[-1]]  # "Jan Hendrik": a surname that is also a first name
    # Unknown surnames are accepted only after a capitalised, spelled-out first name.
    strict = starts_with_initials or not words[0][:1].isupper()
    return all(_is_surname_part(word, surnames, strict) for word in rest)


_TEXT_CANDIDATE = re.compile(
    r"\b((?:[A-Z]\.){1,4}|[A-Z][^\W\d_]+)((?:\s+(?:van|de|der|den|ter|ten|te|von|di|da|el|al)){0,3})"
    r"\s+([A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?)"
)


def text_holds_person_name(text: str) -> bool:
    """Free-text rule: a capitalised known first name (or initials), particles, and a
    capitalised surname from the list. Stricter than the cell rule: prose is full of
    capitalised words."""
    first_names, surnames = name_lists()
    for match in _TEXT_CANDIDATE.finditer(text):
        first, _, surname = match.groups()
        if first.casefold() not in first_names and not _INITIALS.match(first):
            continue
        if all(part.casefold() in surnames for part in surname.split("-")):
            return True
    return False
