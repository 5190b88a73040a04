"""One place where the web answers a :class:`~zicht.core.errors.ZichtError`.

A refusal that reaches a view unhandled becomes a page with its Dutch message and a status by
its code (never a 500 with a traceback); every other exception stays a bug and a 500.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
