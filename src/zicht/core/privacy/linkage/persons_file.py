"""The partner's own person list, read at the partner before encoding, and checked first.

A file that cannot be encoded properly is refused before anything is written: mapped columns
missing (a layout that needs ``--columns``, or a list separated by ``;`` read as one column),
rows without a record reference, a reference used twice, or rows with no identifying value
at all (they would encode to the same empty filter and link to each other). Messages name
rows and columns, never values: they are shown at the partner, but may be passed on.
"""

from __future__ import annotations

import csv
import hashlib
from array import array
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from zicht.core.csvfiles import column_separator
from zicht.core.errors import ZichtError, listed
from zicht.core.privacy.linkage.normalise import parse_birth_date
from zicht.core.privacy.linkage.schema import ColumnMapping, column_label, standard_mapping

_MAX_PROBLEMS = 50


class PersonsFileError(ZichtError, ValueError):
    """The person list cannot be encoded; ``problems`` name rows and columns only."""

    code = "persons_file_invalid"

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"Personenbestand {path.name} niet gecodeerd: {listed(problems)}")


UNREADABLE_TEXT = (
    "het bestand is geen leesbare CSV-tekst in UTF-8 (sla het op als 'CSV UTF-8'; een cel is "
    "misschien te lang of een aanhalingsteken staat verkeerd)"
)


def columns_of(path: Path, mapping: ColumnMapping | None) -> ColumnMapping:
    """The mapping to read the list with: the one given (``--columns``), or the standard
    columns by the names the file's header uses, English or Dutch."""
    if mapping is not None:
        return mapping
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            first = handle.readline()
        header = next(csv.reader([first], delimiter=column_separator(first)), [])
    except (UnicodeDecodeError, csv.Error):
        raise PersonsFileError(path, [UNREADABLE_TEXT]) from None
    return standard_mapping(header)


def persons_rows(path: Path, mapping: ColumnMapping) -> Iterator[tuple[int, dict[str, str]]]:
    """``(row number, row)`` of the list, the header being row 1; refuses missing columns,
    and bytes that are no UTF-8 CSV text with a clean error instead of a decoding crash."""
    try:
        yield from _rows(path, mapping)
    except (UnicodeDecodeError, csv.Error):
        raise PersonsFileError(path, [UNREADABLE_TEXT]) from None


def _rows(path: Path, mapping: ColumnMapping) -> Iterator[tuple[int, dict[str, str]]]:
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
                    f"ontbrekende kolommen: {', '.join(map(column_label, missing))} "
                    "(gebruik --columns voor een andere indeling)"
                ],
            )
        yield from enumerate(reader, start=2)


class RowChecks:
    """Problems that refuse the file, and warnings that only inform, row by row.

    Repeated references are found at the end from a 64-bit digest per row (8 bytes a row in
    an array, not the references themselves), so memory stays small for lists of millions.
    """

    def __init__(self, mapping: ColumnMapping) -> None:
        self.mapping = mapping
        self._problems: list[tuple[int, str]] = []
        self.unreadable_dates: list[int] = []
        self._digests = array("q")
        self._rows = array("q")

    def _refuse(self, number: int, message: str) -> None:
        if len(self._problems) < _MAX_PROBLEMS:
            self._problems.append((number, f"rij {number}: {message}"))

    def check(self, number: int, row: dict[str, str], identifying: dict[str, str]) -> None:
        reference = (row.get(self.mapping.record_ref) or "").strip()
        if not reference:
            self._refuse(number, f"{self.mapping.record_ref} is leeg")
        else:
            digest = hashlib.blake2b(reference.encode(), digest_size=8).digest()
            self._digests.append(int.from_bytes(digest, "little", signed=True))
            self._rows.append(number)
        if not any(identifying.values()):
            self._refuse(number, "geen enkel identificerend gegeven ingevuld")
        date = identifying.get("date_of_birth", "")
        if date and parse_birth_date(date).year is None:
            self.unreadable_dates.append(number)

    @property
    def problems(self) -> list[str]:
        """Every problem found, in row order (at most fifty)."""
        found = self._problems + self._repeated_references()
        return [message for _, message in sorted(found)[:_MAX_PROBLEMS]]

    def _repeated_references(self) -> list[tuple[int, str]]:
        digests = np.frombuffer(self._digests, dtype=np.int64)
        rows = np.frombuffer(self._rows, dtype=np.int64)
        order = np.argsort(digests, kind="stable")  # equal digests keep their row order
        ordered = digests[order]
        repeats = np.flatnonzero(ordered[1:] == ordered[:-1]) + 1
        column = self.mapping.record_ref
        found = []
        for position in repeats[:_MAX_PROBLEMS].tolist():
            first = position
            while first > 0 and ordered[first - 1] == ordered[position]:
                first -= 1
            row, first_row = int(rows[order[position]]), int(rows[order[first]])
            found.append((row, f"rij {row}: {column} komt al voor in rij {first_row}"))
        return found

    def warnings(self) -> list[str]:
        if not self.unreadable_dates:
            return []
        rows = ", ".join(map(str, self.unreadable_dates[:10]))
        more = " …" if len(self.unreadable_dates) > 10 else ""
        return [
            f"{len(self.unreadable_dates)} onleesbare geboortedatum(s), gecodeerd als onbekend "
            f"(rij {rows}{more}); gebruik JJJJ-MM-DD"
        ]
