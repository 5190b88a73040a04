"""Small middleware of Zicht's own."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


def embeddable_frames(get_response: Callable[[HttpRequest], HttpResponse]):
    """Let views marked ``@xframe_options_exempt`` (the embeds) be framed by other sites.

    X-Frame-Options and the CSP's ``frame-ancestors 'none'`` both forbid framing; Django's
    decorator lifts only the first, so this lifts the second for the same views. It sits inside
    django-csp's middleware, so it sees the response first.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if getattr(response, "xframe_options_exempt", False):
            replace = dict(getattr(response, "_csp_replace", None) or {})
            replace["frame-ancestors"] = ["*"]
            response._csp_replace = replace
        return response

    return middleware


def uncached_errors(get_response: Callable[[HttpRequest], HttpResponse]):
    """Errors (a draft's 404 included) are never stored by a browser, proxy or CDN."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if response.status_code >= 400 and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True)
        return response

    return middleware
