"""Reading a text file line by line in bounded memory.

A file of one endless line (broken, or hostile) would otherwise be read whole before anything
can refuse it. Readers that go line by line (the ad corpus, the encoding files) stop at a
line past their limit and refuse the file, naming the line.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import IO


class LineTooLong(ValueError):
    """Line ``number`` is longer than ``limit`` characters; the message is Dutch."""

    def __init__(self, number: int, limit: int) -> None:
        self.number, self.limit = number, limit
        characters = f"{limit:,}".replace(",", ".")  # Dutch thousands: 10.000
        super().__init__(f"regel {number}: de regel is langer dan {characters} tekens")


def bounded_lines(handle: IO[str], max_characters: int) -> Iterator[str]:
    """The lines of ``handle``, each read up to one character past the limit at most."""
    for number in itertools.count(1):
        line = handle.readline(max_characters + 1)
        if not line:
            return
        if len(line) > max_characters:
            raise LineTooLong(number, max_characters)
        yield line
