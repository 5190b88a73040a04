"""Public pages. Thin: parse the request, ask the presenters, render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from zicht.web.dashboard import detail, downloads, municipality_page, pages, presenters
from zicht.web.dashboard.caching import published_page
from zicht.web.dashboard.error_pages import NOT_FOUND, SERVER_ERROR, ErrorPage
from zicht.web.monitor import selectors
from zicht.web.monitor.exports import edition_csv, edition_notes_csv
from zicht.web.monitor.models import Edition


def _edition_or_404(year: int) -> Edition:
    edition = selectors.published_edition(year=year)
    if edition is None:
        raise Http404("no published edition for this year")
    return edition


def _latest() -> Edition | None:
    return selectors.published_editions().order_by("-year").first()


def _language() -> str:
    return get_language() or "nl"


def _base_context(edition: Edition | None) -> dict:
    language = _language()
    context = {
        "edition": edition,
        "editions": selectors.published_editions(),
        "language": language,
        "title": "Zicht",
    }
    if edition is not None:
        snapshot = edition.snapshot
        context |= {
            "title": edition.title_en
            if language.startswith("en") and edition.title_en
            else edition.title_nl,
            "municipalities": snapshot.municipalities,
            "region_name": snapshot.region_name.get(language),
        }
    return context


@published_page
def home(request: HttpRequest) -> HttpResponse:
    """The latest edition, saying that it is the latest (no redirect: the address stays)."""
    latest = _latest()
    if latest is None:
        return render(request, "dashboard/empty.html", _base_context(None))
    return _edition_page(request, latest, is_home=True)


@published_page
def edition(request: HttpRequest, year: int) -> HttpResponse:
    return _edition_page(request, _edition_or_404(year), is_home=False)


def _edition_page(request: HttpRequest, current: Edition, *, is_home: bool) -> HttpResponse:
    context = _base_context(current)
    language = context["language"]
    context |= {
        "is_home": is_home,
        "is_latest": _latest().pk == current.pk,
        "themes": presenters.edition_themes(current, language),
        "texts": presenters.edition_texts(current, language),
        "previous": selectors.previous_edition(edition=current),
        **_statement_parts(current, language),
        "member_count": len(current.snapshot.municipalities),
        # A reader from one municipality finds its page from the top, not only from the map.
        "municipalities": current.snapshot.municipalities,
    }
    return render(request, "dashboard/edition.html", context)


def _statement_parts(edition: Edition, language: str) -> dict[str, str]:
    """The privacy statement's first paragraph for every reader; the audit's details (rules
    per indicator, the protection interval) folded beneath it: there, not in the way."""
    statement = edition.disclosure.statement.get(language) if edition.disclosure.statement else ""
    lead, _, details = statement.partition("\n\n")
    return {"statement": statement, "statement_lead": lead, "statement_details": details}


def _file_name(dutch: str, english: str) -> str:
    """A download's name in the page's language; its address is one in both languages."""
    return english if _language().startswith("en") else dutch


def _csv_file(content: str | bytes, filename: str) -> HttpResponse:
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
    name = _file_name(f"zicht-{year}-toelichtingen.csv", f"zicht-{year}-notes.csv")
    return _csv_file(edition_notes_csv(edition=edition), name)


@published_page
def download_all_years(request: HttpRequest, year: int, variant: str) -> HttpResponse:
    """Every edition up to this one in one file: for Excel (``;``, BOM, decimal comma) or
    long format for software; names and units beside the codes."""
    edition = _edition_or_404(year)
    content = downloads.all_years(edition, excel=variant == "excel", language=get_language())
    suffix = "-excel" if variant == "excel" else ""
    name = _file_name(f"zicht-alle-jaren-t-m-{year}", f"zicht-all-years-to-{year}")
    return _csv_file(content, f"{name}{suffix}.csv")


@published_page
def download_indicator(request: HttpRequest, year: int, code: str, variant: str) -> HttpResponse:
    edition = _edition_or_404(year)
    if code not in edition.snapshot.indicators:
        raise Http404("indicator not in this edition")
    content = downloads.indicator_file(
        edition, code, excel=variant == "excel", language=get_language()
    )
    suffix = "-excel" if variant == "excel" else ""
    name = _file_name(f"zicht-{code}-t-m-{year}", f"zicht-{code}-to-{year}")
    return _csv_file(content, f"{name}{suffix}.csv")


@published_page
def chart_image(request: HttpRequest, year: int, code: str, chart: str, ext: str) -> HttpResponse:
    edition = _edition_or_404(year)
    image = downloads.chart_image(edition, code, chart, ext, _language())
    if image is None:
        raise Http404("no such chart")
    content, content_type = image
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="zicht-{code}-{chart}-{year}.{ext}"'
    return response


def _render_edition_page(
    request: HttpRequest, edition: Edition, template: str, page: dict | None, *, missing: str = ""
) -> HttpResponse:
    """One edition's page; a 404 when there is no ``page`` (``missing`` says why, to the log)."""
    if page is None:
        raise Http404(missing)
    context = _base_context(edition)
    context["page"] = page
    return render(request, template, context)


@published_page
def indicator(request: HttpRequest, year: int, code: str) -> HttpResponse:
    current = _edition_or_404(year)
    page = detail.indicator_context(current, code, _language())
    return _render_edition_page(
        request, current, "dashboard/indicator.html", page, missing="indicator not in this edition"
    )


@published_page
def municipality(request: HttpRequest, year: int, code: str) -> HttpResponse:
    current = _edition_or_404(year)
    page = municipality_page.municipality_context(current, code.upper(), _language())
    return _render_edition_page(
        request, current, "dashboard/municipality.html", page, missing="unknown municipality"
    )


@published_page
def map_page(request: HttpRequest, year: int) -> HttpResponse:
    current = _edition_or_404(year)
    page = pages.map_context(current, request.GET.get("indicator", ""), _language())
    return _render_edition_page(
        request, current, "dashboard/map.html", page, missing="indicator not on the map"
    )


@published_page
def chain(request: HttpRequest, year: int) -> HttpResponse:
    current = _edition_or_404(year)
    page = pages.chain_context(current, _language())
    return _render_edition_page(request, current, "dashboard/chain.html", page)


@published_page
def theme(request: HttpRequest, year: int, code: str) -> HttpResponse:
    current = _edition_or_404(year)
    chosen = request.GET.get("gemeente", "").upper()
    page = pages.effort_context(current, code, _language(), chosen)
    return _render_edition_page(
        request,
        current,
        "dashboard/theme.html",
        page,
        missing="no effort view for this theme or municipality",
    )


def _static_page(request: HttpRequest, template: str, **extra) -> HttpResponse:
    context = _base_context(_latest())
    language = context["language"][:2]
    context |= extra | {"body": f"dashboard/pages/{template}.{language}.html", "static_page": True}
    return render(request, "dashboard/static_page.html", context)


@published_page
def about(request: HttpRequest) -> HttpResponse:
    latest = _latest()
    colophon = pages.colophon(latest, _language()) if latest else None
    return _static_page(request, "about", colophon=colophon)


@published_page
def methods(request: HttpRequest) -> HttpResponse:
    return _static_page(request, "methods")


@published_page
def glossary(request: HttpRequest) -> HttpResponse:
    return _static_page(request, "glossary")


@published_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return _static_page(request, "accessibility")


def _error_page(request: HttpRequest, context: dict, error: ErrorPage) -> HttpResponse:
    return render(request, "dashboard/error.html", context | {"error": error}, status=error.status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, _base_context(None), NOT_FOUND)


def server_error(request: HttpRequest) -> HttpResponse:
    # No database reads here: the error may be the database itself.
    return _error_page(request, {"language": _language(), "title": "Zicht"}, SERVER_ERROR)
