"""HTTP caching of public pages: a published edition never changes.

``@published_page`` gives a public view an ETag and ``Cache-Control: public``, answers a
conditional GET with 304, and keeps the rendered page in a per-process cache (Django's
``pages`` cache), so a publication day is carried by any reverse proxy or CDN, or by the web
processes alone. The key is the published state (which editions are public, and when they were
published), the code version, the language and the full path: publishing a new edition changes
every key, because pages link to the other editions. Anything but 200 or a redirect gets
``no-store`` (404s for drafts included), so a draft is never kept anywhere.

Every web process checks the published state at most every ``ZICHT_PUBLIC_STATE_SECONDS``; a
publication in this process forgets it at once, others see it within that time.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable

from django.core.cache import caches
from django.db.models.signals import post_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

import zicht
from zicht import config
from zicht.web.monitor import selectors
from zicht.web.monitor.models import Edition

CACHEABLE = {200, 301, 302}
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Location", "Content-Language")


class _State:
    value: str | None = None
    read_at = 0.0


def forget_state(**_: object) -> None:
    _State.value = None


post_save.connect(forget_state, sender=Edition, dispatch_uid="zicht-public-state")


def _published_state() -> str:
    """Which editions are public and when, and whether pages say their figures are made up
    (the demo's notice is on every page and image, so it belongs to what a page is)."""
    now = time.monotonic()
    if _State.value is None or now - _State.read_at >= config.value("ZICHT_PUBLIC_STATE_SECONDS"):
        _State.value, _State.read_at = selectors.published_state(), now
    return f"{_State.value}|notice={config.synthetic_data_notice()}"


def _etag(request: HttpRequest) -> str:
    key = f"{zicht.__version__}|{_published_state()}|{get_language()}|{request.get_full_path()}"
    return '"' + hashlib.blake2b(key.encode(), digest_size=16).hexdigest() + '"'


def _fresh(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=config.value("ZICHT_PUBLIC_MAX_AGE"))
    return response


def published_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or not config.value("ZICHT_PUBLIC_PAGE_CACHE"):
            return view(request, *args, **kwargs)
        etag = _etag(request)
        if etag in (request.headers.get("If-None-Match") or ""):
            return _fresh(HttpResponseNotModified(), etag)
        pages = caches["pages"]
        stored = pages.get(etag)
        if stored is not None:
            status, content, headers = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response.zicht_published = True
            return _fresh(response, etag)
        response = view(request, *args, **kwargs)
        if response.status_code not in CACHEABLE or response.streaming:
            patch_cache_control(response, no_store=True)
            return response
        headers = [(h, response[h]) for h in KEPT_HEADERS if h in response]
        pages.set(etag, (response.status_code, response.content, headers))
        response.zicht_published = True  # the outer cache (``whole_response_cache``) may keep it
        return _fresh(response, etag)

    return wrapped


def _outer_key(request: HttpRequest) -> str:
    # Before any middleware ran: scheme and host decide headers such as HSTS and redirects.
    key = (
        f"whole|{zicht.__version__}|{_published_state()}|{request.scheme}|"
        f"{request.get_host()}|{request.get_full_path()}"
    )
    return hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


def whole_response_cache(get_response: Callable[[HttpRequest], HttpResponse]):
    """Outermost middleware: a published page already rendered by this process is answered
    before any other middleware runs, with every header it had (CSP, HSTS, ETag ...). Only
    responses marked by ``@published_page`` and carrying no cookie are kept."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or not config.value("ZICHT_PUBLIC_PAGE_CACHE"):
            return get_response(request)
        try:
            key = _outer_key(request)
        except Exception:  # a disallowed host and the like: let Django answer it
            return get_response(request)
        pages = caches["pages"]
        stored = pages.get(key)
        if stored is not None:
            status, content, headers = stored
            etag = dict(headers).get("ETag", "")
            if etag and etag in (request.headers.get("If-None-Match") or ""):
                status, content = 304, b""
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = get_response(request)
        if getattr(response, "zicht_published", False) and not response.cookies:
            pages.set(key, (response.status_code, response.content, list(response.items())))
        return response

    return middleware
