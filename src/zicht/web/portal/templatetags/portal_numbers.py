"""Changes in the reader's number format: +8, −12 (−16%), in Dutch 1.234 and in English 1,234."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language

from zicht.core.publication.formatting import format_change

register = template.Library()


@register.filter
def signed_number(change: float) -> str:
    return format_change(change, get_language() or "nl")


@register.filter
def signed_percent(share: float) -> str:
    """A share (0.25) as a signed percentage (+25%)."""
    return f"{format_change(share * 100, get_language() or 'nl')}%"


@register.filter
def figure_number(value: float, figure) -> str:
    """A value of ``figure`` (a delivered or working figure), in the reader's format: an
    estimate (it has an interval) in whole persons, a count as delivered."""
    return floatformat(value, "-2g" if figure.lower is None else "0g")
