"""One error model: every refusal Zicht makes on purpose is a :class:`ZichtError`.

A ``ZichtError`` carries a stable English ``code`` (for logs, tests and exit codes) and a
Dutch ``message`` for the person who has to act on it, with its English ``message_en`` where
one is written (a page in English shows it; the Dutch stays the language of record). Neither
repeats a refused value: it may be personal data typed into the wrong place. The CLI maps
these errors to exit codes in one place (``zicht.cli._common``), the web to responses in one
place (``zicht.web.errors``); anything else that escapes is a bug, not a refusal.
"""

from __future__ import annotations


class ZichtError(Exception):
    """A refusal with a stable code and a Dutch message."""

    #: Stable English code; subclasses override it, an instance may refine it.
    code: str = "zicht_error"

    def __init__(
        self, message: str, *, code: str | None = None, message_en: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        #: The same message in English, or None where only the Dutch is written.
        self.message_en = message_en
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


def listed(problems: list[str], shown: int = 5) -> str:
    """The first ``shown`` problems of a refused file, and an ellipsis when there are more."""
    return "; ".join(problems[:shown]) + (" …" if len(problems) > shown else "")
