"""The partner's own person list, read at the partner before encoding, and checked first.

A file that cannot be encoded properly is refused before anything is written: mapped columns
missing (a layout that needs ``--columns``, or a list separated by ``;`` read as one column),
rows without a record reference, a reference used twice, or rows with no identifying value
at all (they would encode to the same empty filter and link to each other). Messages name
rows and columns, never values: they are shown at the partner, but may be passed on.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from zicht.core.csvfiles import column_separator
from zicht.core.privacy.linkage.normalise import parse_birth_date
from zicht.core.privacy.linkage.schema import ColumnMapping

_MAX_PROBLEMS = 50


class PersonsFileError(ValueError):
    """The person list cannot be encoded; ``problems`` name rows and columns only."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:5]) + (" …" if len(problems) > 5 else "")
        super().__init__(f"Personenbestand {path.name} niet gecodeerd: {shown}")


def persons_rows(path: Path, mapping: ColumnMapping) -> Iterator[tuple[int, dict[str, str]]]:
    """``(row number, row)`` of the list, the header being row 1; refuses missing columns."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        first = handle.readline()
        handle.seek(0)  # the utf-8-sig decoder drops a byte-order mark again after the seek
        reader = csv.DictReader(handle, delimiter=column_separator(first))
        header = set(reader.fieldnames or [])
        needed = [mapping.record_ref] + [
            column for columns in mapping.identifying.values() for column in columns
        ]
        missing = [column for column in dict.fromkeys(needed) if column not in header]
        if missing:
            raise PersonsFileError(
                path,
                [
                    f"ontbrekende kolommen: {', '.join(missing)} "
                    "(gebruik --columns voor een andere indeling)"
                ],
            )
        yield from enumerate(reader, start=2)


class RowChecks:
    """Problems that refuse the file, and warnings that only inform, row by row."""

    def __init__(self, mapping: ColumnMapping) -> None:
        self.mapping = mapping
        self.problems: list[str] = []
        self.unreadable_dates: list[int] = []
        self._first_row_of: dict[str, int] = {}

    def _refuse(self, message: str) -> None:
        if len(self.problems) < _MAX_PROBLEMS:
            self.problems.append(message)

    def check(self, number: int, row: dict[str, str], identifying: dict[str, str]) -> None:
        reference = (row.get(self.mapping.record_ref) or "").strip()
        if not reference:
            self._refuse(f"rij {number}: {self.mapping.record_ref} is leeg")
        elif reference in self._first_row_of:
            first = self._first_row_of[reference]
            self._refuse(f"rij {number}: {self.mapping.record_ref} komt al voor in rij {first}")
        else:
            self._first_row_of[reference] = number
        if not any(identifying.values()):
            self._refuse(f"rij {number}: geen enkel identificerend gegeven ingevuld")
        date = identifying.get("date_of_birth", "")
        if date and parse_birth_date(date).year is None:
            self.unreadable_dates.append(number)

    def warnings(self) -> list[str]:
        if not self.unreadable_dates:
            return []
        rows = ", ".join(map(str, self.unreadable_dates[:10]))
        more = " …" if len(self.unreadable_dates) > 10 else ""
        return [
            f"{len(self.unreadable_dates)} onleesbare geboortedatum(s), gecodeerd als onbekend "
            f"(rij {rows}{more}); gebruik JJJJ-MM-DD"
        ]
