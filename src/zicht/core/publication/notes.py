"""Which notes stand beside a figure: one rule for the dashboard, the PDF report and the
factsheets, so that they cannot drift apart.

A figure carries this edition's notes on its indicator and on its theme. When it is compared
with the previous edition, that edition's context notes on the indicator stand beside it too,
marked with their year: a change against an unusual year (fewer checks in 2020 because of
COVID-19) must not read as a trend. A previous note whose text the figure already carries in
this edition is left out: it says nothing about that year, and a reader would read the same
caveat twice.

Every note is referred to by the id the open data gives it, so that "N3" in a PDF is "N3" in
that edition's ``notes.csv`` and the API. A previous edition's note keeps its own edition's id,
with the year: ``N1 (2020)`` is N1 of the 2020 open data.

On a page a theme's own notes stand once under the theme, for every figure of it
(:func:`theme_notes`); a note beside a figure that says what a theme's note on the same page
already says is not repeated there (:meth:`FigureNote.repeats`): the catalogue puts the caveat
on signals on the theme Signalering and on two more indicators, and a reader would otherwise
read it twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zicht.core.catalog.model import Text
from zicht.core.publication.published import PublishedNote

CONTEXT = "context"

#: A previous edition's note as it stands beside a figure of this edition.
_IN_YEAR = Text("In {year}: {text}", "In {year}: {text}")


@dataclass(frozen=True)
class FigureNote:
    """A note beside a figure: this edition's (``year`` None) or the previous edition's."""

    note: PublishedNote
    year: int | None = None

    @property
    def reference(self) -> str:
        """The note's open-data id; a previous edition's with its year: "N1 (2020)"."""
        return self.note.id if self.year is None else f"{self.note.id} ({self.year})"

    def text(self, language: str) -> str:
        """The note's text; a previous edition's begins with its year ("In 2020: ...")."""
        text = self.note.text.get(language)
        if self.year is None:
            return text
        return _IN_YEAR.get(language).format(year=self.year, text=text)

    def is_context_on(self, indicator: str) -> bool:
        """Whether the note is about the figure's year and indicator itself (not its theme,
        not how it was computed): what the dashboard puts right beside a figure."""
        return self.note.kind == CONTEXT and self.note.indicator == indicator

    def repeats(self, said: Iterable[PublishedNote]) -> bool:
        """Whether this edition's note says what one of the notes ``said`` (a theme's, shown
        once on the page) says already; a previous edition's note is about its own year."""
        return self.year is None and _said(self.note.text) in {_said(n.text) for n in said}


@dataclass(frozen=True)
class PrintedNote:
    """One note text in a document's list of notes, under every reference that has it."""

    references: tuple[str, ...]
    text: str


def notes_of_indicator(
    notes: Iterable[PublishedNote], indicator: str, theme: str
) -> list[PublishedNote]:
    """The notes a figure of ``indicator`` carries: those on the indicator and those on its
    ``theme`` as a whole."""
    return [n for n in notes if n.indicator == indicator or (not n.indicator and n.theme == theme)]


def theme_notes(notes: Iterable[PublishedNote], theme: str) -> list[PublishedNote]:
    """The notes on ``theme`` as a whole: they stand once under the theme, on every page
    that shows its figures, rather than beside each of them."""
    return [n for n in notes if not n.indicator and n.theme == theme]


def notes_once(notes: Iterable[PublishedNote]) -> list[PublishedNote]:
    """Each text once, where it first comes: a list of notes (an indicator's page) that holds
    the indicator's notes and its theme's says a caveat on both once."""
    seen: set[str] = set()
    kept = []
    for note in notes:
        if _said(note.text) not in seen:
            seen.add(_said(note.text))
            kept.append(note)
    return kept


def _said(text: Text) -> str:
    # The Dutch text is the note; the English is its translation.
    return " ".join(text.nl.split())


def earlier_notes(
    indicator: str,
    carried: Iterable[PublishedNote],
    previous_notes: Iterable[PublishedNote],
    previous_year: int,
) -> list[FigureNote]:
    """The previous edition's context notes on ``indicator``, except those whose text a note
    the figure ``carried`` in this edition already says."""
    said = {_said(n.text) for n in carried}
    return [
        FigureNote(n, previous_year)
        for n in previous_notes
        if n.indicator == indicator and n.kind == CONTEXT and _said(n.text) not in said
    ]


def figure_notes(
    indicator: str,
    carried: Iterable[PublishedNote],
    previous_notes: Iterable[PublishedNote],
    previous_year: int | None,
    *,
    compared: bool,
) -> list[FigureNote]:
    """The notes beside a figure: those it ``carried`` in this edition and, when it is
    ``compared`` with the previous edition, that edition's (see :func:`earlier_notes`)."""
    carried = list(carried)
    own = [FigureNote(n) for n in carried]
    if not compared or previous_year is None:
        return own
    return own + earlier_notes(indicator, carried, previous_notes, previous_year)


def _in_order(note: FigureNote) -> tuple[bool, int, str]:
    number = note.note.id.removeprefix("N")
    return (note.year is not None, int(number) if number.isdigit() else 0, note.note.id)


def printed_notes(notes: Iterable[FigureNote], language: str) -> list[PrintedNote]:
    """A document's list of notes: each text once, under all the references that have it
    ("N1, N2, N3 — ..."), in the order of their ids, this edition's first."""
    ordered = sorted(dict.fromkeys(notes), key=_in_order)
    grouped: dict[str, list[str]] = {}
    for note in ordered:
        references = grouped.setdefault(note.text(language), [])
        if note.reference not in references:
            references.append(note.reference)
    return [PrintedNote(tuple(refs), text) for text, refs in grouped.items()]
