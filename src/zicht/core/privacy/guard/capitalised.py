"""Names that no list knows: capitalised words in a row that are not Dutch words or places.

Deduce finds Dutch names from its lists and context; a name from Hungary, Vietnam or
Lithuania is in none of them. Prose gives another clue: a person's name is two or more
capitalised words in a row (with particles such as ``van der`` between), and most other
capitalised runs in Dutch notes are dictionary words ("Openbaar Ministerie"), places or
streets ("Capelle aan den IJssel", "Kerkstraat") or organisations of the field. So a run
counts as a name when at least two of its words are *name-like*: in a first-name or surname
list, or in no Dutch word, place, street or organisation list. One capitalised word after a
title ("mevrouw Kovács", "dhr. Nagy") is a name as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zicht.core.privacy.guard import lexicon
from zicht.core.privacy.guard.names import PARTICLES, name_lists

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
TITLES = frozenset(
    {"mevrouw", "mevr", "mw", "meneer", "mr", "dhr", "heer", "mevrou", "dr", "drs", "ir", "ing"}
)
_PLACE_LISTS = ("placename", "street", "healthcare_institution", "hospital")
_WORD_SETS = ("whitelist", "common_word", "stop_word")


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str
    kind: str  # "name", "word", "place", "particle", "title", "lower"


def unknown_name_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of capitalised runs that look like a person's name."""
    tokens = _classified(text)
    spans = []
    for run, after_title in _runs(text, tokens):
        name_like = [t for t in run if t.kind == "name"]
        if len(name_like) >= 2 or (after_title and name_like):
            spans.append((name_like[0].start, name_like[-1].end))
    return spans


def has_name_like_word(text: str, start: int, end: int) -> bool:
    """Whether the span holds a capitalised word that is a listed name or in no Dutch list:
    a span of dictionary words, places and organisations ("Rode Kruis", "Gemeente Elst") is
    not a person, whoever annotated it."""
    return any(t.kind == "name" for t in _classified(text) if start <= t.start and t.end <= end)


def _runs(text: str, tokens: list[_Token]):
    """Runs of capitalised words (particles inside) joined by spaces or hyphens only."""
    run: list[_Token] = []
    after_title = False
    for i, token in enumerate(tokens):
        joined = bool(run) and _joins(text[run[-1].end : token.start])
        capitalised = token.kind not in ("lower", "particle", "title")
        if run and (joined and (capitalised or token.kind == "particle")):
            run.append(token)
            continue
        if run:
            yield run, after_title
        previous = tokens[i - 1] if i else None
        after_title = bool(
            previous and previous.kind == "title" and _joins_title(text, previous, token)
        )
        run = [token] if capitalised else []
    if run:
        yield run, after_title


def _joins(gap: str) -> bool:
    return gap in (" ", "-") or (gap.strip() == "" and "\n" not in gap and len(gap) <= 3)


def _joins_title(text: str, title: _Token, token: _Token) -> bool:
    inside_a_place = text[max(0, title.start - 3) : title.start] == "'s-"  # 's-Heer Abtskerke
    return not inside_a_place and text[title.end : token.start].strip() in ("", ".")


def _classified(text: str) -> list[_Token]:
    matches = list(_WORD.finditer(text))
    words = [m.group() for m in matches]
    places = _place_positions(words)
    return [
        _Token(m.start(), m.end(), m.group(), "place" if i in places else _kind(m.group()))
        for i, m in enumerate(matches)
    ]


def _place_positions(words: list[str]) -> set[int]:
    """Words covered by a place, street or institution of Deduce's lists (a one-word match
    that is also a listed name, such as 'Vries', counts as a name)."""
    model = lexicon.deduce_model()
    if model is None:
        return set()
    first_names, surnames = name_lists()
    covered: set[int] = set()
    for i, word in enumerate(words):
        if not word[:1].isupper() or i in covered:
            continue
        for name in _PLACE_LISTS:
            match = model.lookup_structs[name].longest_matching_prefix(words, start_i=i)
            if not match:
                continue
            if len(match) == 1 and match[0].casefold() in first_names | surnames:
                continue
            covered.update(range(i, i + len(match)))
    return covered


def _kind(word: str) -> str:
    folded = word.casefold()
    if folded in PARTICLES:
        return "particle"
    if folded in TITLES:
        return "title"
    if not word[:1].isupper():
        return "lower"
    if folded in lexicon.domain_words() or (word.isupper() and len(word) <= 5):
        return "word"
    if folded in lexicon.common_dutch_words():
        return "word"
    if _listed_name(word, folded):
        return "name"
    if folded in lexicon.dutch_words() or _deduce_word(folded):
        return "word"
    return "name"


def _listed_name(word: str, folded: str) -> bool:
    first_names, surnames = name_lists()
    if folded in first_names or folded in surnames:
        return True
    model = lexicon.deduce_model()
    if model is None:
        return False
    structs = model.lookup_structs
    return [word] in structs["first_name"] or [word] in structs["surname"]


def _deduce_word(folded: str) -> bool:
    model = lexicon.deduce_model()
    return model is not None and any(folded in model.lookup_structs[s] for s in _WORD_SETS)
