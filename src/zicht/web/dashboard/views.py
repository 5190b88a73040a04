"""Public pages. Thin: parse the request, ask the presenters, render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language

from zicht.web.dashboard import detail, presenters
from zicht.web.dashboard.caching import published_page
from zicht.web.monitor import selectors
from zicht.web.monitor.exports import edition_csv, edition_notes_csv
from zicht.web.monitor.models import Edition


def _edition_or_404(year: int) -> Edition:
    edition = selectors.published_edition(year=year)
    if edition is None:
        raise Http404("no published edition for this year")
    return edition


def _base_context(edition: Edition) -> dict:
    language = get_language() or "nl"
    municipalities = edition.snapshot.municipalities
    return {
        "edition": edition,
        "title": edition.title_en
        if language.startswith("en") and edition.title_en
        else edition.title_nl,
        "editions": selectors.published_editions(),
        "municipalities": municipalities,
        "language": language,
    }


@published_page
def home(request: HttpRequest) -> HttpResponse:
    latest = selectors.published_editions().order_by("-year").first()
    if latest is None:
        return render(request, "dashboard/empty.html", status=200)
    return redirect(reverse("dashboard:edition", args=[latest.year]))


@published_page
def edition(request: HttpRequest, year: int) -> HttpResponse:
    current = _edition_or_404(year)
    context = _base_context(current)
    context["themes"] = presenters.edition_themes(current, context["language"])
    context["texts"] = presenters.edition_texts(current, context["language"])
    context["previous"] = selectors.previous_edition(edition=current)
    statement = current.disclosure.statement
    context["statement"] = statement.get(context["language"]) if statement else ""
    return render(request, "dashboard/edition.html", context)


def _csv_file(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@published_page
def download(request: HttpRequest, year: int, file_year: int) -> HttpResponse:
    if year != file_year:
        raise Http404("file and edition differ")
    return _csv_file(edition_csv(edition=_edition_or_404(year)), f"zicht-{year}.csv")


@published_page
def download_notes(request: HttpRequest, year: int, file_year: int) -> HttpResponse:
    if year != file_year:
        raise Http404("file and edition differ")
    edition = _edition_or_404(year)
    return _csv_file(edition_notes_csv(edition=edition), f"zicht-{year}-toelichtingen.csv")


@published_page
def indicator(request: HttpRequest, year: int, code: str) -> HttpResponse:
    current = _edition_or_404(year)
    context = _base_context(current)
    page = detail.indicator_context(current, code, context["language"])
    if page is None:
        raise Http404("indicator not in this edition")
    context["page"] = page
    return render(request, "dashboard/indicator.html", context)


@published_page
def municipality(request: HttpRequest, year: int, code: str) -> HttpResponse:
    current = _edition_or_404(year)
    context = _base_context(current)
    page = detail.municipality_context(current, code.upper(), context["language"])
    if page is None:
        raise Http404("unknown municipality")
    context["page"] = page
    return render(request, "dashboard/municipality.html", context)
