"""Personal-data guard: refuse deliveries and texts that hold personal data, before storage.

Public API (all pure functions; values are never logged, stored or repeated):

- ``scan_table(columns, rows, *, first_row_number=2, date_columns=frozenset(),
  free_text_columns=frozenset(), settings=GuardSettings()) -> list[PersonalDataFinding]``
- ``scan_frame(frame, *, first_row_number=2, date_columns=..., free_text_columns=...,
  settings=...) -> list[PersonalDataFinding]``: same result, vectorised with polars.
- ``scan_text(text, settings=GuardSettings()) -> list[PersonalDataKind]``
- ``refuse_if_personal_data(findings)`` raises ``PersonalDataRefused`` (message: rows, columns
  and kinds only).

Rules, in the order a cell is judged (one finding per cell, the first kind that applies):

1. Columns named for person names (``naam``, ``voornaam``, ``achternaam``, ``first_name``,
   ``naam_slachtoffer``, ...) or address parts (``straat``, ``huisnummer``, ``adres``) are
   refused cell by cell, whatever they hold. ``gemeentenaam`` or ``indicator_name`` are not.
2. E-mail address; IBAN (ISO 13616 mod-97 and the country's length); citizen service number
   (9 digits, also as ``1234.56.782``, passing the eleven-test); phone number (a possible
   number for ``phonenumbers``, region NL, written from ``0``, ``00`` or ``+``); six-position
   postcode with a house number; Dutch licence plate (sidecodes 1-14 with dashes, 7-14 without).
3. Exact dates: a full date (day, month, year) is refused, unless the column is declared in
   ``date_columns`` and the year lies in ``GuardSettings.reference_date_years`` (default
   2000-2099, e.g. a ``peildatum`` of 2020-12-31). Columns named like a date of birth
   (``geboortedatum``, ``date_of_birth``) never count as declared date columns. In free text
   every full date is refused. Periods (``2020``, ``2020-Q1``, ``2020-03``) are never full dates.
4. Person names by value: two to five words, a known first name or initials, then a surname
   (see ``names.py``); in free text a capitalised first name followed by a listed surname.
"""

from zicht.core.privacy.guard.frame import scan_frame
from zicht.core.privacy.guard.kinds import (
    GuardSettings,
    PersonalDataFinding,
    PersonalDataKind,
    PersonalDataRefused,
)
from zicht.core.privacy.guard.table import classify_cell, scan_table, scan_text


def refuse_if_personal_data(findings: list[PersonalDataFinding]) -> None:
    """Raise ``PersonalDataRefused`` when there is any finding; the message holds no values."""
    if findings:
        raise PersonalDataRefused(findings)


__all__ = [
    "GuardSettings",
    "PersonalDataFinding",
    "PersonalDataKind",
    "PersonalDataRefused",
    "classify_cell",
    "refuse_if_personal_data",
    "scan_frame",
    "scan_table",
    "scan_text",
]
