"""The Dutch lexicon of the free-text check: Deduce's model and lists, a Dutch dictionary.

Deduce (UMC Utrecht, LGPL-3.0) brings Dutch first names, surnames, place names, streets and
institutions as token tries; pyspellchecker (MIT) a Dutch word-frequency dictionary of about
340,000 words. Both load once per process. Without Deduce (``deduce_model()`` is None) the
check runs on Zicht's own lists only, and says so in the log.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gc
import logging
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from zicht.core.privacy.guard.names import name_lists

log = logging.getLogger("zicht.guard")


@functools.cache
def deduce_model():
    try:
        import deduce
    except ImportError:  # pragma: no cover - a dependency; only a slim install lacks it
        log.warning("deduce is not installed: free text is checked by Zicht's own rules only")
        return None
    # Deduce keeps its lookup tries in a cache file that it rebuilds (about a minute) when it
    # judges it stale, and writes in place. It judges by comparing file times with a saved
    # local time, so a process in another time zone (Django sets TZ=Europe/Amsterdam) finds a
    # cache built by a plain process stale: parallel workers then rebuilt it at once and one
    # read what another was half-way writing. One process at a time builds or reads it here,
    # and an unreadable cache is rebuilt rather than ending the check.
    lock = Path(tempfile.gettempdir()) / "zicht-deduce.lock"
    with _one_process_at_a_time(lock), _out_of_the_garbage_collectors_sight():
        try:
            return deduce.Deduce()
        except Exception:  # unpickling a damaged file can raise almost anything
            log.warning("Deduce's lookup cache was unreadable: building it again")
            return deduce.Deduce(build_lookup_structs=True)


@contextlib.contextmanager
def _out_of_the_garbage_collectors_sight() -> Iterator[None]:
    """Load what lives as long as the process without the cyclic garbage collector.

    Deduce's tries are about 4.6 million small objects. Left in the collector's sight, loading
    them took 7.4 s instead of 1.8 s (collections ran over and over while they were unpickled),
    every full collection afterwards walked them all (3 s each), and so did the interpreter's
    exit (11 s). They are loaded with the collector off and then frozen (``gc.freeze``: kept in
    a generation it never walks); what is garbage before the load is collected first, so that
    it is not frozen with them.
    """
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _one_process_at_a_time(lock_file: Path) -> Iterator[None]:
    with open(lock_file, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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
