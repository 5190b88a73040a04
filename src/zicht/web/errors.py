"""One place where the web answers a :class:`~zicht.core.errors.ZichtError`, and where the
error pages are chosen.

A refusal that reaches a view unhandled becomes a page with its Dutch message and a status by
its code (never a 500 with a traceback); every other exception stays a bug and a 500. A page
that does not exist, or may not be seen, is answered in the layout of the part of the site it
was asked in: the portal's (with its navigation) or the public site's.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import translate_url
from django.utils import translation

from zicht.core.errors import ZichtError

log = logging.getLogger("zicht.web")

#: HTTP status per error code; any other refusal is a 400 (the request cannot be done).
STATUS_BY_CODE = {
    "publication_refused": 409,  # the edition's state does not allow it
    "immutable": 409,
    "text_store_not_allowed": 403,
    "not_published": 404,  # a draft does not exist for the public
}


def status_for(error: ZichtError) -> int:
    return STATUS_BY_CODE.get(error.code, 400)


class ZichtErrorMiddleware:
    """Turns refusals into a page with their message; the code goes to the log."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ZichtError):
            return None
        status = status_for(exception)
        log.info("refused code=%s status=%s path=%s", exception.code, status, request.path)
        context = {"message": exception.message, "code": exception.code}
        return render(request, "dashboard/refused.html", context, status=status)


def _in_portal(request: HttpRequest) -> bool:
    return request.path_info.removeprefix("/en").startswith("/portaal/")


def english_address(path: str) -> str | None:
    """The English address of a page asked for under /en/ with its Dutch path segments
    (/en/editie/2021/kaart/, as English addresses were written before they were translated),
    so that bookmarks, links and embeds made then keep working; None for anything else."""
    if not path.startswith("/en/"):
        return None
    with translation.override("nl"):
        english = translate_url(path.removeprefix("/en"), "en")
    return english if english.startswith("/en/") and english != path else None


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    from zicht.web.dashboard import views as dashboard
    from zicht.web.portal import views as portal

    moved_to = english_address(request.path_info)
    if moved_to is not None:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(moved_to + (f"?{query}" if query else ""))
    if _in_portal(request):
        return portal.error_page(request, portal.NOT_FOUND)
    return dashboard.not_found(request, exception)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Refusals (403) come from the portal's permission checks; the reason is in the audit
    trail, not on the page."""
    from zicht.web.portal import views as portal

    return portal.error_page(request, portal.FORBIDDEN)
