"""Template helpers: the same page in the other language; names that stand in brackets."""

from django import template
from django.urls import translate_url

from zicht.web.dashboard.presenters import without_brackets

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in(context, language: str) -> str:
    return translate_url(context["request"].path, language)


@register.filter
def unbracketed(name: str) -> str:
    """``{{ area|unbracketed }}`` inside brackets: the name's own brackets become commas."""
    return without_brackets(str(name))
