"""Ad text with every phone number and e-mail address replaced by its keyed pseudonym.

Only for the optional restricted analysis store: a coordinator may keep the wording of ads for
a limited time (to read back why ads were linked or scored), never the contacts in them. The
same de-obfuscation as the analysis finds the numbers (spelled, spaced, emoji and letter
digits); the pseudonym is the one the analysis links on, so stored ads can be matched to a
contact without revealing it. As a last guard every remaining run of seven or more digits is
blanked, so a number written in a way the scanner does not read is not stored either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zicht.core.ads.contacts import (
    Pseudonymiser,
    find_phone_spans,
    normalise_field_phone,
    replace_emails,
    token_digits,
)
from zicht.core.ads.reader import RawAd
from zicht.core.ads.text import TOKEN_PATTERN

# Seven or more digits in a row, allowing the separators people put between digit groups.
_LONG_DIGIT_RUN = re.compile(r"\+?\d(?:[\s().\-/]*\d){6,}")
_BLANKED_NUMBER = "[nummer]"


def contact_token(kind: str, pseudonym: int) -> str:
    """How a contact appears in stored text: its kind and keyed pseudonym in hex."""
    return f"[{kind}:{pseudonym & 0xFFFFFFFFFFFFFFFF:016x}]"


def redact_text(text: str, pseudonymiser: Pseudonymiser, region: str = "NL") -> str:
    """The text with e-mail addresses and phone numbers replaced by their pseudonyms."""
    if not text:
        return ""
    text, _ = replace_emails(
        text, lambda address: contact_token("email", pseudonymiser.pseudonym("email", address))
    )
    matches = list(TOKEN_PATTERN.finditer(text))
    digit_values = [token_digits(match.group().lower()) for match in matches]
    pieces: list[str] = []
    position = 0
    for span in find_phone_spans(digit_values, region):
        start, stop = matches[span.start].start(), matches[span.stop - 1].end()
        pieces += [
            text[position:start],
            contact_token("phone", pseudonymiser.pseudonym("phone", span.number)),
        ]
        position = stop
    pieces.append(text[position:])
    return _LONG_DIGIT_RUN.sub(_BLANKED_NUMBER, "".join(pieces))


def redact_ad(record: RawAd, pseudonymiser: Pseudonymiser, region: str = "NL") -> tuple[str, str]:
    """Title and text of one ad, contacts replaced; field contacts are removed wherever found."""
    title = redact_text(str(record.get("title") or ""), pseudonymiser, region)
    text = redact_text(str(record.get("text") or ""), pseudonymiser, region)
    for value in _field_contacts(record, region):
        # A field value copied verbatim into the text, in a form the scanner did not read.
        title, text = title.replace(value, _BLANKED_NUMBER), text.replace(value, _BLANKED_NUMBER)
    return title, text


def _field_contacts(record: RawAd, region: str) -> Iterable[str]:
    for raw in (*record.get("phones", ()), *record.get("emails", ())):
        value = str(raw).strip()
        if len(value) >= 5:
            yield value
    for raw in record.get("phones", ()):
        number = normalise_field_phone(str(raw), region)
        if number:
            yield number
