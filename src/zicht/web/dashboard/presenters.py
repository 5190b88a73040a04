"""Turn published edition data into what the templates show, in the reader's language."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import markdown
from django.utils.translation import gettext as _

from zicht.core.catalog.model import AreaLevel, Text
from zicht.core.publication.comparison import Change, compare, new_in_edition
from zicht.core.publication.formatting import (
    format_change,
    format_noisy,
    format_number,
    format_percentage,
)
from zicht.core.publication.notes import FigureNote, notes_of_indicator, theme_notes
from zicht.core.publication.notes import figure_notes as notes_beside_figure
from zicht.core.publication.published import PublishedNote
from zicht.core.publication.published import level_label as core_level_label
from zicht.core.publication.snapshot import EditionSnapshot, IndicatorInfo
from zicht.core.publication.sparkline import sparkline_html
from zicht.web.monitor import selectors
from zicht.web.monitor.models import Edition, EditionFigure, EditionNote
from zicht.web.publication.gate import published_notes


def text(value: Text, language: str) -> str:
    return value.get(language)


def note_text(note: EditionNote, language: str) -> str:
    return note.text_en if language.startswith("en") and note.text_en else note.text_nl


@dataclass(frozen=True)
class ThemeNotes:
    """A theme's notes as a page shows them: once, under the theme's section ``anchor``."""

    code: str
    name: str
    anchor: str
    notes: tuple[PublishedNote, ...]

    def texts(self, language: str) -> list[str]:
        return [note.text.get(language) for note in self.notes]


def theme_sections(
    notes: list[EditionNote], themes: Sequence[tuple[str, str, str]]
) -> list[ThemeNotes]:
    """The notes of each theme a page has a section for (code, name, anchor), by the core's
    rule (``zicht.core.publication.notes.theme_notes``)."""
    published = published_notes(notes)
    return [
        ThemeNotes(code, name, anchor, tuple(theme_notes(published, code)))
        for code, name, anchor in themes
    ]


def _beside(
    meta: IndicatorInfo,
    notes: list[EditionNote],
    previous: Edition | None,
    previous_notes: list[EditionNote],
    compared: bool,
) -> list[FigureNote]:
    carried = notes_of_indicator(published_notes(notes), meta.code, meta.theme)
    beside = notes_beside_figure(
        meta.code,
        carried,
        published_notes(previous_notes),
        previous.year if previous else None,
        compared=compared,
    )
    return [note for note in beside if note.is_context_on(meta.code)]


def figure_notes(
    meta: IndicatorInfo,
    notes: list[EditionNote],
    previous: Edition | None,
    previous_notes: list[EditionNote],
    compared: bool,
    language: str,
    sections: Sequence[ThemeNotes] = (),
) -> list[str]:
    """Notes beside one figure: this edition's context notes on the indicator, and, when the
    figure is compared with the previous edition, that year's ("In 2020: ..."), by the rule
    the PDF report and the factsheets follow too (``zicht.core.publication.notes``). How a
    figure was computed (method notes) stands once, on the indicator's page, and a theme's
    notes under the theme, not beside every figure: a note that says what a theme's notes on
    the page (``sections``) say is left out here (see :func:`see_sections`)."""
    beside = _beside(meta, notes, previous, previous_notes, compared)
    return [
        note.text(language)
        for note in beside
        if not any(note.repeats(section.notes) for section in sections)
    ]


def see_sections(
    meta: IndicatorInfo,
    notes: list[EditionNote],
    previous: Edition | None,
    previous_notes: list[EditionNote],
    compared: bool,
    sections: Sequence[ThemeNotes],
) -> list[ThemeNotes]:
    """The other themes' sections whose notes say one of the figure's (the caveat on signals
    under Signalering, for the care table's new signals): named beside the figure, which
    leaves the note itself out, so the page says it once."""
    beside = _beside(meta, notes, previous, previous_notes, compared)
    return [
        section
        for section in sections
        if section.code != meta.theme and any(note.repeats(section.notes) for note in beside)
    ]


@dataclass
class FigureView:
    value: float | None
    shown: str  # as a reader sees it: the suppression symbol, an interval, "≈ n (± m)"
    hidden: bool
    point: str = ""  # the point estimate, only shown next to its interval
    noise_margin: int | None = None  # differential privacy: 95% margin of the noisy count

    @classmethod
    def of(
        cls, figure: EditionFigure | None, language: str, edition: Edition | None = None
    ) -> FigureView | None:
        """The figure as every page shows it; ``edition`` (the figure's own) marks a count
        published with noise as approximate, with its margin."""
        if figure is None:
            return None
        margin = selectors.figure_noise_margin(edition=edition, figure=figure)
        if margin is not None:
            shown = format_noisy(figure.value or 0.0, margin, language)
            return cls(figure.value, shown, False, noise_margin=margin)
        if figure.value is None:
            return cls(None, figure.symbol or "x", True)
        if figure.lower is not None and figure.upper is not None:
            # An estimate is never shown as a bare point: the interval comes first.
            interval = (
                f"{format_number(figure.lower, language)}–{format_number(figure.upper, language)}"
            )
            return cls(figure.value, interval, False, format_number(figure.value, language))
        return cls(figure.value, format_number(figure.value, language), False)


def symbols_used(*figure_lists) -> list[str]:
    """The marks that stand on a page instead of plain numbers, so each is explained there:
    ``<`` and ``x`` for withheld figures, ``≈`` for counts published with noise."""
    found = set()
    for figures in figure_lists:
        for figure in figures:
            if figure is None:
                continue
            if figure.hidden:
                found.add("x" if figure.shown == "x" else "<")
            elif figure.noise_margin is not None:
                found.add("≈")
    return sorted(found)


@dataclass
class ChangeView:
    change: Change
    label: str

    @classmethod
    def of(
        cls,
        change: Change | None,
        language: str,
        *,
        new: bool = False,
        edition_year: int | None = None,
    ) -> ChangeView | None:
        """``new``: the previous edition has no figure of this indicator at all
        (:func:`~zicht.core.publication.comparison.new_in_edition`), so there is nothing
        missing or withheld to blame; the figure is new in this edition. ``edition_year``
        names that edition, where a table of years does not stand on the edition's own page."""
        if change is None:
            return None
        if change.absolute is None and new and edition_year is not None:
            return cls(change, _("nieuw in de editie %(year)s") % {"year": edition_year})
        if change.absolute is None and new:
            return cls(change, _("nieuw in deze editie"))
        if change.absolute is None:
            return cls(
                # Either figure is missing or withheld; not a change of definition.
                change,
                _("geen vergelijking met %(year)s: een cijfer ontbreekt of is afgeschermd")
                % {"year": change.previous_year},
            )
        parts = format_change(change.absolute, language)
        if change.relative is not None:
            parts += f" ({format_change(change.relative, language).rstrip()}%)"
        label = _("%(change)s t.o.v. %(year)s") % {"change": parts, "year": change.previous_year}
        if change.beyond_uncertainty is False:
            label += _(", binnen de onzekerheidsmarge")
        return cls(change, label)


@dataclass
class TileView:
    code: str
    name: str
    unit: str
    area_name: str
    level_label: str
    figure: FigureView | None
    share_label: str = ""
    change: ChangeView | None = None
    notes: list[str] = field(default_factory=list)
    #: Other themes' sections on the page whose notes are this figure's too.
    see: list[ThemeNotes] = field(default_factory=list)
    status_label: str = ""
    noise_margin: int | None = None  # differential privacy: 95% margin of the noisy figure
    sparkline: str = ""
    # A figure for one municipality among tiles for the whole region: marked, lest a reader
    # compare Rotterdam's count with the region's.
    one_municipality: bool = False


@dataclass
class ThemeView:
    code: str
    name: str
    description: str
    tiles: list[TileView]
    missing: list[TileView]
    notes: list[str]
    more: list = field(default_factory=list)  # published indicators without a tile
    has_effort_view: bool = False

    @property
    def more_hidden(self) -> bool:
        """Whether a symbol stands in the list of further figures, to be explained there."""
        return any(link.figure is not None and link.figure.hidden for link in self.more)


def area_name(area: str, snapshot: EditionSnapshot, language: str) -> str:
    """The area's name for readers: municipalities have one name, the region one per language."""
    return snapshot.area_name(area, language)


def without_brackets(name: str) -> str:
    """A name fit to stand inside brackets: its own brackets become commas, so no brackets
    nest ("Regio Rotterdam (eenheid Rotterdam)" → "Regio Rotterdam, eenheid Rotterdam")."""
    return _BRACKETED.sub(r", \1", name).strip()


_BRACKETED = re.compile(r"\s*\(([^()]*)\)")


def level_label(area: str, snapshot: EditionSnapshot, language: str = "nl") -> str:
    """The level of a figure in words: the whole region, or one municipality by name (the
    core's words, which the PDFs and embeds use too)."""
    if area == snapshot.region:
        return core_level_label(None, len(snapshot.municipalities), language)
    return core_level_label(snapshot.areas.get(area, area), 0, language)


def share_of(share_figure: EditionFigure | None, figure: EditionFigure | None) -> float | None:
    """The share figure as a percentage of the tile's figure, when both are published."""
    if not (share_figure and figure and figure.value and share_figure.value is not None):
        return None
    return share_figure.value / figure.value * 100.0


def _share_label(
    share_figure: EditionFigure | None, figure: EditionFigure | None, language: str
) -> str:
    """ "waarvan 8% hoog risico": the share figure as a part of the tile's figure."""
    share = share_of(share_figure, figure)
    if share is None:
        return ""
    return _("waarvan %(share)s %(what)s") % {
        "share": format_percentage(share, language),
        "what": _("hoog risico"),
    }


def _change(
    edition_figure: EditionFigure | None,
    previous: Edition | None,
    previous_figures: dict,
    key: tuple,
) -> Change | None:
    if previous is None or edition_figure is None:
        return None
    return compare_figures(edition_figure, previous_figures.get(key), previous.year)


def _interval(figure: EditionFigure | None) -> tuple[float | None, float | None] | None:
    return (figure.lower, figure.upper) if figure is not None and figure.lower is not None else None


def compare_figures(
    figure: EditionFigure | None, before: EditionFigure | None, previous_year: int
) -> Change:
    """Change of a published figure against the previous edition's, with its uncertainty."""
    return compare(
        figure.value if figure else None,
        before.value if before else None,
        previous_year,
        current_interval=_interval(figure),
        previous_interval=_interval(before),
    )


@dataclass
class LinkView:
    """A published indicator that is not a key figure: named, with its figure, one click away."""

    code: str
    name: str
    area_name: str
    figure: FigureView | None


def edition_themes(edition: Edition, language: str) -> list[ThemeView]:
    snapshot = edition.snapshot
    figures = selectors.edition_figures(edition=edition, totals_only=True)
    previous = selectors.previous_edition(edition=edition)
    previous_figures = (
        selectors.edition_figures(edition=previous, totals_only=True) if previous else {}
    )
    previous_indicators = selectors.edition_indicators(edition=previous) if previous else None
    notes = selectors.edition_notes(edition=edition)
    previous_notes = selectors.edition_notes(edition=previous) if previous else []
    tile_keys = [(i.code, i.tile.area) for i in snapshot.indicators.values() if i.tile]
    series = selectors.figure_series_many(keys=tile_keys, until=edition.year)
    published = {code for code, _area, _b in figures}
    efforts = {view.theme for view in snapshot.effort_outcome}
    # A theme has a section when any of its indicators has a tile or a published figure.
    shown = [
        (t.code, t.name.get(language), f"thema-{t.code}")
        for t in snapshot.themes_in_order()
        if any(m.tile or m.code in published for m in snapshot.indicators_of_theme(t.code))
    ]
    sections = theme_sections(notes, shown)
    themes = []
    for theme in snapshot.themes_in_order():
        code = theme.code
        tiles, missing, more = [], [], []
        for meta in snapshot.indicators_of_theme(code):
            tile = _tile(
                meta,
                snapshot,
                figures,
                (previous, previous_figures, previous_notes, previous_indicators),
                notes,
                language,
                sections,
            )
            if tile is None:
                if meta.code in published:
                    more.append(_link(meta, edition, figures, language))
                continue
            tile.noise_margin = selectors.figure_noise_margin(
                edition=edition, figure=figures.get((meta.code, meta.tile.area, ""))
            )
            tile.sparkline = sparkline_html(
                [(y, f.value if f else None) for y, f in series[(meta.code, meta.tile.area)]],
                label=tile.name,
            )
            (tiles if tile.figure is not None else missing).append(tile)
        section = next((s for s in sections if s.code == code), None)
        if tiles or missing or more:
            themes.append(
                ThemeView(
                    code,
                    theme.name.get(language),
                    theme.description.get(language),
                    tiles,
                    missing,
                    section.texts(language) if section else [],
                    more,
                    code in efforts,
                )
            )
    return themes


def _link(meta: IndicatorInfo, edition: Edition, figures, language: str) -> LinkView:
    snapshot = edition.snapshot
    area = headline_area(meta, snapshot)
    return LinkView(
        meta.code,
        meta.name.get(language),
        level_label(area, snapshot, language),
        FigureView.of(figures.get((meta.code, area, "")), language, edition),
    )


def headline_area(meta: IndicatorInfo, snapshot: EditionSnapshot) -> str:
    """Where an indicator's one figure stands: its tile's area, else the region for a
    region-level indicator, else the edition's headline municipality."""
    if meta.tile is not None:
        return meta.tile.area
    return snapshot.region if meta.area_level is AreaLevel.REGION else snapshot.headline_area


def _tile(
    meta: IndicatorInfo,
    snapshot: EditionSnapshot,
    figures,
    before,
    notes,
    language,
    sections: Sequence[ThemeNotes] = (),
) -> TileView | None:
    if meta.tile is None:
        return None
    area = meta.tile.area
    key = (meta.code, area, "")
    figure = figures.get(key)
    share_code = meta.tile.share_indicator
    share = figures.get((share_code, area, "")) if share_code else None
    previous, previous_figures, previous_notes, previous_indicators = before
    change = _change(figure, previous, previous_figures, key)
    return TileView(
        code=meta.code,
        name=meta.name.get(language),
        unit=meta.unit.get(language),
        area_name=area_name(area, snapshot, language),
        level_label=level_label(area, snapshot, language),
        one_municipality=area != snapshot.region,
        figure=FigureView.of(figure, language),
        share_label=_share_label(share, figure, language),
        change=ChangeView.of(change, language, new=new_in_edition(meta.code, previous_indicators)),
        notes=figure_notes(
            meta, notes, previous, previous_notes, change is not None, language, sections
        ),
        see=see_sections(meta, notes, previous, previous_notes, change is not None, sections),
        status_label=meta.status_label(language) if figure is None else "",
    )


def edition_texts(edition: Edition, language: str) -> list[dict[str, str]]:
    titles = edition.snapshot.text_titles
    return [
        {
            "key": t.key,
            "title": titles[t.key].get(language) if t.key in titles else t.key,
            "html": markdown.markdown(html.escape(t.markdown)),
        }
        for t in selectors.edition_texts(edition=edition, language=language)
    ]
