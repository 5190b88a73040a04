"""Problems found in a delivery: a Dutch and an English explanation for people, English codes
for logs.

A problem never repeats the offending value, in either language: a cell with an unknown code
might hold personal data typed into the wrong column, and error messages end up in e-mails,
screens and logs. The English is written here in the core next to the Dutch (not through
gettext: the core knows nothing of Django), so that a partner using the portal in English
reads the reason in English.
"""

from __future__ import annotations

from dataclasses import dataclass

from zicht.core.catalog.model import Text
from zicht.core.errors import ZichtError

MAX_REPORTED = 200

#: The code of a refusal for the partner's note rather than the file: a page tells the two
#: apart, so that a partner with a good file is not told to correct it.
NOTE_REFUSED = "personal_data_in_note"


@dataclass(frozen=True)
class DeliveryError:
    row: int | None  # spreadsheet row number: the header is row 1; None for the whole file
    column: str | None
    code: str  # stable English code for logs and tests, e.g. "unknown_area"
    text: Text  # the explanation for the partner, in Dutch (of record) and in English
    # How many problems this entry stands for: 1, or more for the line that sums up the rest
    # of a rule's rows ("... and 24,999,800 more rows"), so that a file of millions of bad
    # rows costs a bounded number of objects.
    repeats: int = 1

    @property
    def message(self) -> str:
        """The Dutch explanation: the language of record, of the CLI and of the logs."""
        return self.text.nl

    @property
    def message_en(self) -> str:
        return self.text.en

    def __str__(self) -> str:
        place = []
        if self.row is not None:
            place.append(f"rij {self.row}")
        if self.column is not None:
            place.append(f"kolom '{self.column}'")
        joined = ", ".join(place)  # not str.capitalize(): it lower-cases the column letter
        prefix = joined[:1].upper() + joined[1:] if place else "Bestand"
        return f"{prefix}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "message": self.text.nl,
            "message_en": self.text.en,
            "repeats": self.repeats,
        }


def sort_errors(errors: list[DeliveryError]) -> list[DeliveryError]:
    """By row, then column; the lines summing up further rows come last."""
    return sorted(errors, key=lambda e: (e.repeats > 1, e.row or 0, e.column or ""))


class DeliveryRejected(ZichtError):
    """The delivery was refused; nothing of it is stored. ``errors`` lists every problem."""

    code = "delivery_rejected"

    def __init__(self, errors: list[DeliveryError], total: int | None = None):
        # The first problems one by one, and the lines that count the rest of each rule's rows.
        itemised = [e for e in errors if e.repeats == 1][:MAX_REPORTED]
        self.errors = itemised + [e for e in errors if e.repeats > 1]
        self.total = total if total is not None else sum(e.repeats for e in errors)
        super().__init__(self.summary())

    def summary(self) -> str:
        lines = [f"De levering is geweigerd: {self.total} fout(en). Er is niets opgeslagen."]
        lines += [f"- {error}" for error in self.errors]
        shown = sum(e.repeats for e in self.errors)
        if self.total > shown:
            lines.append(f"- … en nog {self.total - shown} fout(en)")
        return "\n".join(lines)
