"""Free text (delivery notes, edition texts, reasons in the portal): personal data by position.

``check_free_text(text) -> list[FreeTextFinding]`` gives the kind and the character span of
every piece of personal data, never the value, so that a form can point at it ("naam van een
persoon bij teken 14-27") without repeating it. Three detectors, any of which suffices:

1. The guard's pattern checks (e-mail, IBAN, citizen service number, phone, postcode with
   house number, full date, licence plate, known first name + listed surname): each found by
   the smallest run of words that the check refuses.
2. Deduce (``deduce``, the de-identification method for Dutch text of UMC Utrecht, LGPL-3.0):
   its person annotations (name lists, initials, titles such as "mevrouw", context patterns).
   Loaded once per process (about 20-30 s and 1 GB of memory; the first load after
   installing builds its lookup cache, 1-3 minutes). Without the package only 1 and 3 run.
3. Unknown capitalised names (``capitalised.py``): Deduce's lists are Dutch, names from other
   countries are not in them; two or more capitalised words in a row that no Dutch word, place,
   street or organisation list knows, or one after a title ("mevrouw Kovács"), are taken
   for a name. Measured on a synthetic corpus (docs/benchmarks/privacy.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from zicht.core.privacy.guard import names, values
from zicht.core.privacy.guard.capitalised import has_name_like_word, unknown_name_spans
from zicht.core.privacy.guard.kinds import ColumnContext, GuardSettings, PersonalDataKind
from zicht.core.privacy.guard.lexicon import deduce_person_spans

MAX_WINDOW_WORDS = 8  # the longest pattern (a phone number or IBAN in groups) in words
_SETTINGS = GuardSettings()
_FREE = ColumnContext(is_free_text=True)
_PATTERNS: tuple[tuple[PersonalDataKind, Callable[[str], bool]], ...] = (
    (PersonalDataKind.EMAIL_ADDRESS, values.holds_email_address),
    (PersonalDataKind.IBAN, values.holds_iban),
    (PersonalDataKind.CITIZEN_SERVICE_NUMBER, values.holds_citizen_service_number),
    (PersonalDataKind.PHONE_NUMBER, values.holds_phone_number),
    (PersonalDataKind.POSTAL_ADDRESS, values.holds_postal_address),
    (
        PersonalDataKind.DATE_OF_BIRTH,
        lambda text: values.holds_date_of_birth(text, _FREE, _SETTINGS),
    ),
    (PersonalDataKind.LICENCE_PLATE, values.holds_licence_plate),
    (PersonalDataKind.PERSON_NAME, names.text_holds_person_name),
)
_WORDS = re.compile(r"\S+")


@dataclass(frozen=True, slots=True, order=True)
class FreeTextFinding:
    """Personal data at characters ``start`` up to ``end`` (exclusive) of the text."""

    start: int
    end: int
    kind: PersonalDataKind

    def describe(self, language: str = "nl") -> str:
        """Without the value: ``"naam van een persoon (teken 15 tot 27)"``, or in English
        ``"name of a person (characters 15 to 27)"``."""
        if language == "en":
            return f"{self.kind.english_label} (characters {self.start + 1} to {self.end})"
        return f"{self.kind.label} (teken {self.start + 1} tot {self.end})"


def check_free_text(
    text: str, *, language: str = "nl", use_deduce: bool = True
) -> list[FreeTextFinding]:
    """Every piece of personal data in ``text``, sorted by position; [] when clean.

    Deduce and the capitalised-name rule read Dutch; for other languages (the English edition
    texts) only the pattern checks run: English prose is full of capitalised words that no
    Dutch list knows ("Given its complexity").
    """
    if not text or not text.strip():
        return []
    findings = set(_pattern_findings(text))
    if language != "nl":
        return _merged(sorted(findings))
    spans = unknown_name_spans(text)
    if use_deduce:
        spans += [s for s in deduce_person_spans(text) if has_name_like_word(text, *s)]
    findings.update(FreeTextFinding(s, e, PersonalDataKind.PERSON_NAME) for s, e in spans)
    return _merged(sorted(findings))


def describe_findings(findings: list[FreeTextFinding], language: str = "nl") -> str:
    """One line for a refusal, in Dutch or English: kinds and positions, never values."""
    more = " and {} more" if language == "en" else " en nog {}"
    return "; ".join(finding.describe(language) for finding in findings[:10]) + (
        more.format(len(findings) - 10) if len(findings) > 10 else ""
    )


def _pattern_findings(text: str) -> list[FreeTextFinding]:
    """The smallest runs of words each pattern check refuses (only for kinds the whole text
    holds, so a clean text costs one pass of every check)."""
    words = [(m.start(), m.end()) for m in _WORDS.finditer(text)]
    found: list[FreeTextFinding] = []
    for kind, holds in _PATTERNS:
        if not holds(text):
            continue
        before = len(found)
        i = 0
        while i < len(words):
            hit = _shortest_window(text, words, i, holds)
            if hit is None:
                i += 1
                continue
            first = i
            while first < hit and holds(text[words[first + 1][0] : words[hit][1]]):
                first += 1  # the smallest run: drop words in front that are not part of it
            found.append(FreeTextFinding(words[first][0], words[hit][1], kind))
            i = hit + 1
        if len(found) == before:  # held only across more words than the window: whole text
            found.append(FreeTextFinding(0, len(text), kind))
    return found


def _shortest_window(text, words, first: int, holds) -> int | None:
    for last in range(first, min(first + MAX_WINDOW_WORDS, len(words))):
        if holds(text[words[first][0] : words[last][1]]):
            return last
    return None


def _merged(findings: list[FreeTextFinding]) -> list[FreeTextFinding]:
    """Overlapping findings of one kind become one."""
    out: list[FreeTextFinding] = []
    for finding in findings:
        previous = next((f for f in reversed(out) if f.kind == finding.kind), None)
        if previous is not None and finding.start < previous.end:
            out[out.index(previous)] = FreeTextFinding(
                previous.start, max(previous.end, finding.end), finding.kind
            )
            continue
        out.append(finding)
    return sorted(out)
