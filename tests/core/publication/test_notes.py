"""One rule for the notes beside a figure, shared by the dashboard, the report and the
factsheets: the previous edition's context notes when the figure is compared with it, minus
those that repeat a note the figure already carries."""

from __future__ import annotations

from zicht.core.catalog.model import Text
from zicht.core.publication.notes import (
    FigureNote,
    earlier_notes,
    figure_notes,
    notes_of_indicator,
    notes_once,
    printed_notes,
    theme_notes,
)
from zicht.core.publication.published import PublishedNote

COVID = Text("Door COVID-19 minder controles.", "Fewer checks because of COVID-19.")
CAVEAT = Text("Een signaal is geen bewijs.", "A signal is not proof.")


def _note(id_: str, indicator: str, text: Text, kind: str = "context", theme: str = ""):
    return PublishedNote(id_, kind, indicator, theme, text)


def test_a_compared_figure_carries_the_previous_year_s_context_notes_marked_with_the_year():
    previous = [
        _note("N1", "checks", COVID),
        _note("N2", "checks", Text("Zo geteld.", "Counted so."), kind="method"),
        _note("N3", "signals", CAVEAT),
    ]
    notes = figure_notes("checks", [], previous, 2020, compared=True)
    assert [(n.reference, n.text("nl")) for n in notes] == [
        ("N1 (2020)", "In 2020: Door COVID-19 minder controles.")
    ]
    assert notes[0].text("en") == "In 2020: Fewer checks because of COVID-19."
    assert figure_notes("checks", [], previous, 2020, compared=False) == []
    assert figure_notes("checks", [], previous, None, compared=True) == []


def test_a_previous_note_that_repeats_one_the_figure_carries_is_left_out():
    """The caveat that stands beside the figure this year says nothing about last year."""
    carried = [_note("N1", "care", Text(" Een signaal is  geen bewijs.", "other words"))]
    previous = [_note("N3", "care", CAVEAT), _note("N4", "care", COVID)]
    assert [n.reference for n in earlier_notes("care", carried, previous, 2020)] == ["N4 (2020)"]
    notes = figure_notes("care", carried, previous, 2020, compared=True)
    assert [n.reference for n in notes] == ["N1", "N4 (2020)"]
    # A theme note the figure carries counts too, as it stands under the figure's theme.
    theme_note = _note("N7", "", CAVEAT, theme="signalling")
    carried = notes_of_indicator([theme_note, _note("N8", "other", COVID)], "care", "signalling")
    assert carried == [theme_note]
    assert [n.reference for n in figure_notes("care", carried, previous, 2020, compared=True)] == [
        "N7",
        "N4 (2020)",
    ]


def test_the_dashboard_s_selection_is_the_context_notes_on_the_indicator_itself():
    notes = [
        FigureNote(_note("N1", "checks", COVID)),
        FigureNote(_note("N2", "checks", CAVEAT, kind="method")),
        FigureNote(_note("N3", "", CAVEAT, theme="enforcement")),
        FigureNote(_note("N1", "checks", COVID), 2020),
    ]
    assert [n.is_context_on("checks") for n in notes] == [True, False, False, True]


def test_a_printed_list_has_each_text_once_under_every_id_that_has_it():
    """The open data keeps every note with its own id; a document prints a text once and
    names every id, so that N3 means the same note in the PDF and in notes.csv."""
    notes = [
        FigureNote(_note("N3", "a", CAVEAT)),
        FigureNote(_note("N1", "b", CAVEAT)),
        FigureNote(_note("N1", "checks", COVID), 2020),
        FigureNote(_note("N2", "c", COVID)),
        FigureNote(_note("N3", "a", CAVEAT)),
        FigureNote(_note("N2", "convictions", COVID), 2020),
    ]
    printed = printed_notes(notes, "nl")
    assert [(p.references, p.text) for p in printed] == [
        (("N1", "N3"), CAVEAT.nl),
        (("N2",), COVID.nl),
        (("N1 (2020)", "N2 (2020)"), f"In 2020: {COVID.nl}"),
    ]


def test_a_theme_s_notes_stand_once_and_a_figure_s_note_that_repeats_one_is_left_out():
    """The caveat on signals is on the theme and on an indicator of another theme: under the
    theme's section it stands once, and the figure's own copy repeats it."""
    theme_note = _note("N3", "", CAVEAT, theme="signalling")
    own = _note("N1", "care", Text(" Een signaal is  geen bewijs.", "other words"))
    notes = [own, _note("N2", "checks", COVID), theme_note, _note("N4", "", COVID, theme="care")]
    assert theme_notes(notes, "signalling") == [theme_note]
    assert FigureNote(own).repeats([theme_note])
    assert not FigureNote(_note("N2", "checks", COVID)).repeats([theme_note])
    # A previous edition's note is about its own year, not repeated by this year's theme.
    assert not FigureNote(own, 2020).repeats([theme_note])
    assert notes_once([own, theme_note, notes[1]]) == [own, notes[1]]
