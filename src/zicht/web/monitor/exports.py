"""Open data: exactly what the public may see of an edition, in long format.

One row per published figure: ``indicator, area, period``, one column per breakdown dimension
(``totaal`` for the margin), ``value`` (empty when hidden), ``lower`` and ``upper`` (the 95%
interval of an estimate, empty for counts) and ``symbol`` (such as ``<5``). An estimate is
never published as a bare point, here as on the dashboard, and is given in whole persons.
It reads through the public gate only, so anyone can audit a release from this file.

The notes travel beside the figures (``edition_notes_csv``): a reuser of the open data must
learn, as a reader of the dashboard does, that fewer checks in 2020 came from COVID-19.
"""

from __future__ import annotations

import csv
import io

from zicht.core.breakdowns import TOTAL_LABEL, Breakdown
from zicht.core.csvfiles import safe_row
from zicht.web.monitor import selectors
from zicht.web.monitor.models import Edition

TOTAL = TOTAL_LABEL


def _number(value: float | None, *, whole: bool = False) -> str:
    if value is None:
        return ""
    if whole:  # an estimate of persons: its decimals carry no information
        return str(round(value))
    return str(int(value)) if float(value).is_integer() else repr(value)


def edition_rows(*, edition: Edition) -> tuple[list[str], list[list[str]]]:
    figures = selectors.edition_figures(edition=edition).values()
    breakdowns = {f.breakdown: Breakdown.parse(f.breakdown) for f in figures}
    dimensions = sorted({b.dimension for b in breakdowns.values() if not b.is_total})
    header = ["indicator", "area", "period", *dimensions, "value", "lower", "upper", "symbol"]
    rows = []
    for figure in sorted(figures, key=lambda f: (f.indicator_code, f.area_code, f.breakdown)):
        breakdown = breakdowns[figure.breakdown]
        rows.append(
            [
                figure.indicator_code,
                figure.area_code,
                figure.period,
                *(breakdown.category if breakdown.dimension == d else TOTAL for d in dimensions),
                _number(figure.value, whole=figure.lower is not None),
                _number(figure.lower, whole=True),
                _number(figure.upper, whole=True),
                figure.symbol,
            ]
        )
    return header, rows


def edition_csv(*, edition: Edition) -> str:
    header, rows = edition_rows(edition=edition)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(safe_row(header))
    writer.writerows(map(safe_row, rows))
    return buffer.getvalue()


def edition_notes_csv(*, edition: Edition) -> str:
    """The edition's notes: ``indicator`` or ``theme`` they belong to, ``kind`` (``context``:
    about the year; ``method``: how the figure was computed) and the text in both languages."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["indicator", "theme", "kind", "text_nl", "text_en"])
    notes = selectors.edition_notes(edition=edition)
    for note in sorted(notes, key=lambda n: (n.indicator_code, n.theme_code, n.kind, n.pk)):
        writer.writerow(
            safe_row([note.indicator_code, note.theme_code, note.kind, note.text_nl, note.text_en])
        )
    return buffer.getvalue()
