"""Template helpers: the same page in the other language; names that stand in brackets."""

from django import template
from django.urls import translate_url

from zicht.web.dashboard.presenters import without_brackets

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in(context, language: str) -> str:
    """This page's address in ``language``, with the reader's choices (``?indicator=``,
    ``?gemeente=``) kept on a GET page; re-encoded from the parsed query, and escaped by the
    template like any tag's output. A form's answer (POST) is not a place to go back to."""
    request = context["request"]
    address = translate_url(request.path, language)
    if request.method == "GET" and request.GET:
        address += "?" + request.GET.urlencode()
    return address


@register.filter
def unbracketed(name: str) -> str:
    """``{{ area|unbracketed }}`` inside brackets: the name's own brackets become commas."""
    return without_brackets(str(name))
