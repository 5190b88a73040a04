"""What the public site says when a page does not exist or could not be shown."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse_lazy
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ErrorPage:
    status: int
    title: str | Promise
    explanation: str | Promise
    onward_url: str | Promise
    onward_text: str | Promise
    heading: str | Promise | None = None  # the title, unless the page says more


def not_found(
    explanation: str | Promise, *, onward_url: str | Promise, onward_text: str | Promise
) -> ErrorPage:
    """A page that does not exist is called so in every part of the site; what may have gone
    wrong and the way on depend on the part it was asked in."""
    return ErrorPage(
        404,
        title=_("Pagina niet gevonden"),
        explanation=explanation,
        onward_url=onward_url,
        onward_text=onward_text,
        heading=_("Deze pagina bestaat niet"),
    )


NOT_FOUND = not_found(
    _(
        "Misschien is het adres verkeerd overgenomen, of is er voor dat jaar geen editie "
        "gepubliceerd."
    ),
    onward_url=reverse_lazy("dashboard:home"),
    onward_text=_("Naar de nieuwste cijfers"),
)

# Its way on is the plain root: the error may lie in what builds any other address.
SERVER_ERROR = ErrorPage(
    500,
    title=_("Er ging iets mis"),
    explanation=_(
        "Deze pagina kon nu niet worden getoond. Probeer het later opnieuw; de fout is vastgelegd."
    ),
    onward_url="/",
    onward_text=_("Naar de beginpagina"),
)
