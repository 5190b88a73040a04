"""The Dutch lexicon of the free-text check: Deduce's model and lists, a Dutch dictionary.

Deduce (UMC Utrecht, LGPL-3.0) brings Dutch first names, surnames, place names, streets and
institutions as token tries; pyspellchecker (MIT) a Dutch word-frequency dictionary of about
340,000 words. Both load once per process. Without Deduce (``deduce_model()`` is None) the
check runs on Zicht's own lists only, and says so in the log.
"""

from __future__ import annotations

import functools
import logging
from importlib import resources

from zicht.core.privacy.guard.names import name_lists

log = logging.getLogger("zicht.guard")


@functools.cache
def deduce_model():
    try:
        import deduce
    except ImportError:  # pragma: no cover - a dependency; only a slim install lacks it
        log.warning("deduce is not installed: free text is checked by Zicht's own rules only")
        return None
    return deduce.Deduce()


COMMON_WORD_FREQUENCY = 1000  # "land", "rode", "groot": words first, even when also a name


@functools.cache
def _dictionary() -> dict[str, int]:
    from spellchecker import SpellChecker

    return dict(SpellChecker(language="nl", distance=1).word_frequency.dictionary)


@functools.cache
def common_dutch_words() -> frozenset[str]:
    """Frequent Dutch words (lower case), taken as words even when somebody bears them."""
    return frozenset(w for w, n in _dictionary().items() if n >= COMMON_WORD_FREQUENCY)


@functools.cache
def dutch_words() -> frozenset[str]:
    """Lower-cased Dutch words, without the ones Zicht lists as person names."""
    first_names, surnames = name_lists()
    return frozenset(set(_dictionary()) - first_names - surnames)


@functools.cache
def domain_words() -> frozenset[str]:
    text = resources.files("zicht.core.privacy.data").joinpath("domain_words.txt")
    lines = text.read_text("utf-8").splitlines()
    return frozenset(w.strip().casefold() for w in lines if w.strip() and not w.startswith("#"))


def deduce_person_spans(text: str) -> list[tuple[int, int]]:
    """Character spans Deduce annotates as a person (tags ``persoon``, ``patient``...)."""
    model = deduce_model()
    if model is None:
        return []
    document = model.deidentify(text)
    return [
        (a.start_char, a.end_char)
        for a in document.annotations
        if "persoon" in a.tag or "patient" in a.tag
    ]
