"""Row-by-row scanning of a parsed delivery and of free text (the reference path)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from zicht.core.privacy.guard import names, values
from zicht.core.privacy.guard.kinds import (
    ColumnContext,
    GuardSettings,
    PersonalDataFinding,
    PersonalDataKind,
)

DEFAULT_SETTINGS = GuardSettings()


def column_rule_kind(column: str) -> PersonalDataKind | None:
    """A kind refused for every non-empty cell of the column, judged by its name alone."""
    if names.is_person_name_column(column):
        return PersonalDataKind.PERSON_NAME
    if names.is_address_column(column):
        return PersonalDataKind.POSTAL_ADDRESS
    return None


def column_context(
    column: str, date_columns: frozenset[str], free_text_columns: frozenset[str]
) -> ColumnContext:
    # A column named like a birth date never counts as a declared reference-date column.
    is_date = column in date_columns and not names.is_birth_date_column(column)
    return ColumnContext(is_date_column=is_date, is_free_text=column in free_text_columns)


def classify_cell(
    value: str, context: ColumnContext, settings: GuardSettings = DEFAULT_SETTINGS
) -> PersonalDataKind | None:
    """The kind of personal data in one cell, or None. Never logs or keeps the value."""
    text = value.strip()
    if not text:
        return None
    kind = values.pattern_kind(text, context, settings)
    if kind is not None:
        return kind
    holds_name = (
        names.text_holds_person_name(text)
        if context.is_free_text
        else names.looks_like_person_name(text)
    )
    return PersonalDataKind.PERSON_NAME if holds_name else None


def scan_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[str | None]],
    *,
    first_row_number: int = 2,
    date_columns: frozenset[str] = frozenset(),
    free_text_columns: frozenset[str] = frozenset(),
    settings: GuardSettings = DEFAULT_SETTINGS,
) -> list[PersonalDataFinding]:
    """Findings for every cell with personal data, ordered by row, then column.

    ``rows`` are the data rows as strings (``None`` or ``""`` for empty cells); the first one
    gets ``first_row_number`` (2 when the header is row 1). At most one finding per cell.
    """
    column_kinds = [column_rule_kind(column) for column in columns]
    contexts = [column_context(c, date_columns, free_text_columns) for c in columns]
    cache: list[dict[str, PersonalDataKind | None]] = [{} for _ in columns]
    findings = []
    for row_number, row in enumerate(rows, start=first_row_number):
        for index, value in enumerate(row):
            if value is None or not value.strip():
                continue
            kind = column_kinds[index]
            if kind is None:
                seen = cache[index]
                if value not in seen:
                    seen[value] = classify_cell(value, contexts[index], settings)
                kind = seen[value]
            if kind is not None:
                findings.append(PersonalDataFinding(row_number, columns[index], kind))
    return findings


def scan_text(text: str, settings: GuardSettings = DEFAULT_SETTINGS) -> list[PersonalDataKind]:
    """The kinds of personal data in a free-text field, in the enum's order; [] when clean.

    Every full date counts: free text has no declared reference-date columns.
    """
    context = ColumnContext(is_free_text=True)
    found = []
    # E-mail addresses and IBANs are masked first so that their digits are not read again
    # as a phone number or citizen service number.
    if values.holds_email_address(text):
        found.append(PersonalDataKind.EMAIL_ADDRESS)
        text = values.mask_email_addresses(text)
    if values.holds_iban(text):
        found.append(PersonalDataKind.IBAN)
        text = values.mask_ibans(text)

    def holds_date_of_birth(remaining_text: str) -> bool:
        return values.holds_date_of_birth(remaining_text, context, settings)

    checks = (
        (PersonalDataKind.CITIZEN_SERVICE_NUMBER, values.holds_citizen_service_number),
        (PersonalDataKind.PHONE_NUMBER, values.holds_phone_number),
        (PersonalDataKind.POSTAL_ADDRESS, values.holds_postal_address),
        (PersonalDataKind.DATE_OF_BIRTH, holds_date_of_birth),
        (PersonalDataKind.LICENCE_PLATE, values.holds_licence_plate),
        (PersonalDataKind.PERSON_NAME, names.text_holds_person_name),
    )
    found.extend(kind for kind, check in checks if check(text))
    return sorted(found, key=list(PersonalDataKind).index)
