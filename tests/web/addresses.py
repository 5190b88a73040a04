"""Page addresses in either language: the Dutch address a test names, in the language asked.

The public pages' paths are translated (/editie/2021/kaart/ is /en/edition/2021/map/), so a
test that walks the same pages in both languages names them once, in Dutch."""

from django.urls import translate_url
from django.utils import translation


def address(dutch: str, language: str) -> str:
    with translation.override("nl"):
        return translate_url(dutch, language)


def language_of(prefix: str) -> str:
    """The language of a URL prefix as tests parametrize it ("" or "/en")."""
    return "en" if prefix == "/en" else "nl"
