"""How the API says no: every error under /api/ is JSON, ``{"detail": <Dutch>, "detail_en":
<English>}``, whoever answers it (an operation, django-ninja's routing or Django's own).

The operations raise :class:`NotFound` and :class:`BadRequest`; django-ninja's validation
errors are worded here in both languages, per parameter, without the value sent (it may be
huge, and an API does not need to say back what it refused). The middleware
:func:`api_errors` catches what never reaches an operation: an address the API does not have
(Django's HTML 404), a method it does not allow (django-ninja's text 405) and a server error.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseRedirectBase
from django.urls import Resolver404, resolve
from ninja import Schema
from ninja.errors import ValidationError

from zicht.core.catalog.model import Text

API_PREFIX = "/api/"
# A name or list said back is cut short: the answer never grows with the request.
MAX_NAME = 40
MAX_NAMES = 5


class Message(Schema):
    """What went wrong: in Dutch under ``detail`` (where clients look for an error's words)
    and in English, as every text the API gives is in both languages."""

    detail: str
    detail_en: str


class ParameterError(Schema):
    parameter: str
    location: str  # path or query
    type: str  # the validator's code, such as int_parsing
    detail: str
    detail_en: str


class Invalid(Message):
    """A parameter the API cannot read (a year that is not a number, a limit out of range)."""

    errors: list[ParameterError]


class NotFound(Exception):
    """A year, indicator or area the edition does not have; ``missing`` says so in both."""

    def __init__(self, missing: Text) -> None:
        super().__init__(missing.nl)
        self.missing = missing


class BadRequest(Exception):
    """A request the API will not guess at (a parameter it does not know)."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason.nl)
        self.reason = reason


def answer(text: Text, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"detail": text.nl, "detail_en": text.en, **extra}, status=status)


def not_found(request: HttpRequest, error: NotFound) -> HttpResponse:
    return answer(error.missing, 404)


def bad_request(request: HttpRequest, error: BadRequest) -> HttpResponse:
    return answer(error.reason, 400)


def _short(name: object) -> str:
    text = str(name)
    return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1] + "…"


def _names(names: Iterable[object]) -> str:
    shown = [_short(n) for n in names]
    more = len(shown) - MAX_NAMES
    return ", ".join(shown[:MAX_NAMES]) + (f" (+{more})" if more > 0 else "")


def _problem(error: dict[str, Any]) -> Text:
    """What is wrong with one value, by the validator's code; never the value itself."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind.startswith("int_"):
        return Text("moet een geheel getal zijn", "must be a whole number")
    if kind.startswith("bool_"):
        return Text("moet true of false zijn", "must be true or false")
    if kind == "enum":
        expected = _short(context.get("expected", ""))
        return Text(f"moet een van deze zijn: {expected}", f"must be one of: {expected}")
    if kind == "greater_than_equal":
        return Text(f"moet minstens {context['ge']} zijn", f"must be at least {context['ge']}")
    if kind == "less_than_equal":
        return Text(f"mag hoogstens {context['le']} zijn", f"must be at most {context['le']}")
    if kind == "missing":
        return Text("ontbreekt", "is missing")
    return Text("heeft geen geldige waarde", "has no valid value")


def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """django-ninja's 422, in both languages and per parameter, with the allowed range."""
    errors = []
    for item in error.errors:
        location, *rest = [str(part) for part in item.get("loc", ("",))]
        name, problem = _short(rest[-1] if rest else location), _problem(item)
        errors.append(
            {
                "parameter": name,
                "location": location,
                "type": str(item.get("type", "")),
                "detail": f"De parameter {name} {problem.nl}.",
                "detail_en": f"The parameter {name} {problem.en}.",
            }
        )
    summary = Text(
        " ".join(e["detail"] for e in errors[:MAX_NAMES]),
        " ".join(e["detail_en"] for e in errors[:MAX_NAMES]),
    )
    return answer(summary, 422, errors=errors[:MAX_NAMES])


def known_query_only(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A router decorator (mode "view"): a query parameter the operation does not take is a
    400 that names it, not silently ignored (``?year=2020`` on an edition's own address).

    django-ninja hands a "view" decorator the operation's ``run``, bound to the operation
    (possibly wrapped by decorators added before, hence the unwrap); the operation's query
    models list every name it reads, pagination included.
    """
    operation = inspect.unwrap(run).__self__  # type: ignore[attr-defined]
    known = {
        name
        for model in operation.models
        if model.__ninja_param_source__ == "query"
        for name in model.__ninja_flatten_map__
    }

    @wraps(run)
    def checked(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        unknown = sorted(set(request.GET) - known)
        if not unknown:
            return run(request, **kwargs)
        allowed = ", ".join(sorted(known))
        return answer(
            Text(
                f"Onbekende parameter: {_names(unknown)}. "
                + (f"Dit adres kent: {allowed}." if known else "Dit adres kent geen parameters."),
                f"Unknown parameter: {_names(unknown)}. "
                + (f"This address takes: {allowed}." if known else "This address takes none."),
            ),
            400,
        )

    return checked


#: The words for an error that no operation answered, by status.
BY_STATUS = {
    400: Text("Het verzoek is ongeldig.", "The request is not valid."),
    404: Text(
        "Dit adres bestaat niet in de API; alle adressen staan in /api/v1/openapi.json.",
        "This address does not exist in the API; all addresses are in /api/v1/openapi.json.",
    ),
    405: Text(
        "Deze methode kan hier niet: de API kan alleen lezen (GET).",
        "This method is not allowed here: the API is read-only (GET).",
    ),
    500: Text(
        "Er ging aan onze kant iets mis. Probeer het later opnieuw.",
        "Something went wrong on our side. Please try again later.",
    ),
}
OTHER = Text("Dit verzoek kan niet worden beantwoord.", "This request cannot be answered.")


def _without_slash(request: HttpRequest) -> str | None:
    """The address without its trailing slash, if that is one the API has."""
    path = request.path_info
    if not path.endswith("/") or path.rstrip("/") == "":
        return None
    try:
        resolve(path.rstrip("/"))
    except Resolver404:
        return None
    return request.get_full_path().replace(path, path.rstrip("/"), 1)


class PermanentRedirect(HttpResponseRedirectBase):
    status_code = 308  # permanent, and unlike 301 it keeps the method


def _moved(location: str) -> HttpResponse:
    """A redirect to the one address of the resource, saying why in both languages."""
    words = Text(
        "Adressen in de API eindigen zonder schuine streep; dit staat onder Location.",
        "Addresses in the API end without a slash; this one is under Location.",
    )
    body = json.dumps({"detail": words.nl, "detail_en": words.en})
    return PermanentRedirect(location, content=body, content_type="application/json")


def api_errors(get_response: Callable[[HttpRequest], HttpResponse]):
    """Under /api/, an error is JSON whoever answered it; a trailing slash is redirected."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if not request.path_info.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.status_code == 404 and (location := _without_slash(request)):
            return _moved(location)
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        words = BY_STATUS.get(response.status_code, OTHER)
        replaced = answer(words, response.status_code)
        if response.has_header("Allow"):
            replaced["Allow"] = response["Allow"]
        return replaced

    return middleware
