"""The portal's tables: one header row, written once in the NL Design System's classes."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

_HEADER_CELL = "utrecht-table__header-cell"
_NUMERIC_HEADER_CELL = f"{_HEADER_CELL} {_HEADER_CELL}--numeric"


@register.simple_tag
def table_head(*headings: str, numeric: str = "", numeric_from: int = 0) -> str:
    """``{% table_head _("Jaar") _("Waarde") numeric=_("Waarde") %}``: a column header per
    heading; the column named ``numeric``, or every column from the ``numeric_from``-th (1 is
    the first) on, is aligned like the figures below it."""

    def is_numeric(position: int, heading: str) -> bool:
        return heading == numeric or 0 < numeric_from <= position

    cells = format_html_join(
        "\n    ",
        '<th class="{}" scope="col">{}</th>',
        (
            (_NUMERIC_HEADER_CELL if is_numeric(position, h) else _HEADER_CELL, h)
            for position, h in enumerate(headings, start=1)
        ),
    )
    row = '<tr class="utrecht-table__row">\n    {}\n  </tr>'
    return format_html(f'<thead class="utrecht-table__header">{row}</thead>', cells)
