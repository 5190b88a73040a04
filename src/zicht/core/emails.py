"""E-mail address patterns that run in linear time, whatever the text.

A pattern such as ``[\\w.]+@domain`` searched over a long run of letters without an ``@`` is
quadratic in Python's backtracking engine: every start position consumes the rest of the run
and then gives it back one character at a time looking for the ``@`` (a 100,000-character
cell took 14 s). Here the local part is possessive (``++``: never given back) and may start
only where a run of local-part characters starts, so every character is read a bounded number
of times. The matches are the same as the plain pattern's: the local part must end at the
``@`` anyway, and a match inside a run implies one from the run's start.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class EmailPattern:
    """``local@domain`` where ``local_chars`` is a character class and ``domain`` a pattern
    that is itself linear from a fixed start (labels and dots that cannot overlap)."""

    at_position: re.Pattern[str]  # a match at exactly the given position
    at_run_start: re.Pattern[str]  # a search that starts only at the start of a local-part run

    @classmethod
    def build(cls, local_chars: str, domain: str, flags: int = 0) -> EmailPattern:
        body = f"{local_chars}++@(?:{domain})"
        return cls(
            at_position=re.compile(body, flags),
            at_run_start=re.compile(f"(?<!{local_chars}){body}", flags),
        )

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Non-overlapping matches from left to right, as ``re.finditer`` would give them."""
        if "@" not in text:
            return
        position = 0
        while position <= len(text):
            # After a match that ended inside a run of local-part characters, the next address
            # may start right there; otherwise only at the start of a later run.
            match = self.at_position.match(text, position) if position else None
            if match is None:
                match = self.at_run_start.search(text, position)
            if match is None:
                return
            yield match
            position = match.end() if match.end() > match.start() else match.end() + 1

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.at_position.fullmatch(text)

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        pieces: list[str] = []
        position = 0
        for match in self.finditer(text):
            pieces.append(text[position : match.start()])
            pieces.append(replacement if isinstance(replacement, str) else replacement(match))
            position = match.end()
        if not pieces:
            return text
        pieces.append(text[position:])
        return "".join(pieces)
