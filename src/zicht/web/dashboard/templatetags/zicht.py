"""Template helpers: the same page in the other language."""

from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in(context, language: str) -> str:
    return translate_url(context["request"].path, language)
