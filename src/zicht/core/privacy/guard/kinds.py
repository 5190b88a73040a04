"""The kinds of personal data the guard refuses, its findings and its settings."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from zicht.core.errors import ZichtError


class PersonalDataKind(enum.Enum):
    """A kind of personal data; the value is the Dutch label shown to the partner."""

    CITIZEN_SERVICE_NUMBER = "burgerservicenummer"
    PHONE_NUMBER = "telefoonnummer"
    EMAIL_ADDRESS = "e-mailadres"
    IBAN = "IBAN-rekeningnummer"
    POSTAL_ADDRESS = "adres (postcode met huisnummer)"
    DATE_OF_BIRTH = "exacte (geboorte)datum"
    LICENCE_PLATE = "kenteken"
    PERSON_NAME = "naam van een persoon"

    @property
    def label(self) -> str:
        """Dutch label, e.g. ``"burgerservicenummer"``."""
        return self.value

    @property
    def english_label(self) -> str:
        """English label, e.g. ``"citizen service number"``."""
        return _ENGLISH_LABELS[self]


_ENGLISH_LABELS = {
    PersonalDataKind.CITIZEN_SERVICE_NUMBER: "citizen service number (BSN)",
    PersonalDataKind.PHONE_NUMBER: "phone number",
    PersonalDataKind.EMAIL_ADDRESS: "e-mail address",
    PersonalDataKind.IBAN: "IBAN account number",
    PersonalDataKind.POSTAL_ADDRESS: "address (postcode with house number)",
    PersonalDataKind.DATE_OF_BIRTH: "exact date (of birth)",
    PersonalDataKind.LICENCE_PLATE: "licence plate",
    PersonalDataKind.PERSON_NAME: "name of a person",
}


@dataclass(frozen=True, slots=True)
class PersonalDataFinding:
    """Where personal data was found: never what it was.

    ``row_number`` counts like a spreadsheet: the header is row 1, the first data row row 2.
    """

    row_number: int
    column: str
    kind: PersonalDataKind

    def describe(self) -> str:
        """Dutch one-line description for the partner, e.g. for an upload error."""
        return f"rij {self.row_number}, kolom '{self.column}': {self.kind.label}"


@dataclass(frozen=True, slots=True)
class GuardSettings:
    """Tunable parts of the guard; the defaults are the documented policy.

    ``reference_date_years``: a full date in a column the caller declares as a date column is
    accepted only when its year lies in this inclusive range (a reference date such as a
    ``peildatum``); older dates are plausible dates of birth and refused.
    """

    reference_date_years: tuple[int, int] = (2000, 2099)


@dataclass(frozen=True, slots=True)
class ColumnContext:
    """How a column is scanned; derived from the caller's declarations and the column name."""

    is_date_column: bool = False
    is_free_text: bool = False


class PersonalDataRefused(ZichtError):
    """A delivery or text holds personal data. The message names rows, columns and kinds only."""

    code = "personal_data"

    def __init__(self, findings: list[PersonalDataFinding], shown: int = 20) -> None:
        self.findings = findings
        lines = [finding.describe() for finding in findings[:shown]]
        if len(findings) > shown:
            lines.append(f"... en nog {len(findings) - shown} bevindingen")
        summary = f"Levering geweigerd: {len(findings)} cel(len) met persoonsgegevens. "
        super().__init__(summary + "; ".join(lines))
