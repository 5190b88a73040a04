"""Downloads of published editions: open data, the PDF report, factsheets, embeddable charts.

Thin: find the published edition (404 otherwise), ask the core to render, answer with an ETag
(a published edition never changes) so that caches and browsers revalidate for free.
"""

from __future__ import annotations

import hashlib
import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import etag

from zicht import config
from zicht.core.publication import embed, opendata
from zicht.core.publication.metadata import csvw_metadata, dcat_dataset
from zicht.core.publication.notice import with_notice
from zicht.core.publication.published import PublishedEdition
from zicht.web.publication import cache, products

LANGUAGES = ("nl", "en")


def _edition_etag(request: HttpRequest, year: int, *args, **kwargs) -> str | None:
    stamp = cache.edition_stamp(year)
    if stamp is None:
        return None
    extra = ":".join(str(v) for v in (*args, *kwargs.values(), get_language() or "nl"))
    return hashlib.sha256(f"{year}:{stamp}:{extra}".encode()).hexdigest()[:32]


def _edition(year: int) -> PublishedEdition:
    edition = cache.edition(year)
    if edition is None:
        raise Http404("no published edition for this year")
    return edition


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _file(content: str | bytes, content_type: str, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


#: What each open-data file holds, in a line a reader understands before downloading it.
_FILE_CONTENTS = {
    "figures.csv": _(
        "alle gepubliceerde cijfers: indicator, gebied, periode, uitsplitsing, waarde, teken"
    ),
    "indicators.csv": _(
        "de indicatoren: code, naam, definitie, eenheid, bron (Nederlands en Engels)"
    ),
    "areas.csv": _("de gebieden: CBS-code, naam, regio, inwoners"),
    "categories.csv": _("de uitsplitsingen en hun categorieën, met namen"),
    "notes.csv": _("de toelichtingen bij de cijfers (Nederlands en Engels)"),
    "csv-metadata.json": _("beschrijving van de CSV-bestanden volgens CSV on the Web (CSVW)"),
    "dcat.jsonld": _("catalogusbeschrijving van deze editie (DCAT-AP-NL), voor dataportalen"),
}


def _published() -> list[PublishedEdition]:
    return [e for y in sorted(cache.published_years(), reverse=True) if (e := cache.edition(y))]


def _site_context(
    edition: PublishedEdition, editions: list[PublishedEdition], language: str
) -> dict:
    """What the public site's header and footer need (zicht/_site_header.html), so that an
    open-data page keeps the monitor's menus and names its region like every other page."""
    municipalities = sorted(
        (
            (a.code, a.name.get(language))
            for a in edition.areas.values()
            if a.level == "municipality"
        ),
        key=lambda item: item[1],
    )
    return {
        "edition": edition,
        # The header lists editions oldest first, as on every other page.
        "editions": sorted(editions, key=lambda e: e.year),
        "language": language,
        "region_name": edition.area_name(edition.region, language),
        "municipalities": municipalities,
        "static_page": True,
    }


def open_data_editions(request: HttpRequest) -> HttpResponse:
    """/open-data/: every published edition's open data, newest first, so that an address
    cut back to its folder (or typed from memory) still leads somewhere."""
    editions = _published()
    if not editions:
        raise Http404("no published edition yet")
    language = get_language() or "nl"
    return render(
        request,
        "publication/open_data_editions.html",
        {
            **_site_context(editions[0], editions, language),
            "listed": [(e.year, e.title.get(language)) for e in editions],
        },
    )


@etag(_edition_etag)
def open_data_index(request: HttpRequest, year: int) -> HttpResponse:
    edition = _edition(year)
    language = get_language() or "nl"
    names = [*opendata.CSV_FILES, "csv-metadata.json", f"zicht-{year}.json", "dcat.jsonld"]
    whole = _("de hele editie in één JSON-bestand: cijfers, indicatoren, gebieden en toelichtingen")
    files = [(name, _FILE_CONTENTS.get(name, whole)) for name in names]
    return render(
        request,
        "publication/open_data.html",
        {
            **_site_context(edition, _published(), language),
            "files": files,
            "title": edition.title.get(language),
        },
    )


@etag(_edition_etag)
def open_data_file(request: HttpRequest, year: int, name: str) -> HttpResponse:
    edition = _edition(year)
    if name in opendata.CSV_FILES:
        return _file(opendata.CSV_FILES[name](edition), "text/csv; charset=utf-8")
    if name == "csv-metadata.json":
        metadata = csvw_metadata(edition, _base_url(request))
        return _file(json.dumps(metadata, ensure_ascii=False, indent=1), "application/csvm+json")
    if name == f"zicht-{year}.json":
        return _file(opendata.edition_json_text(edition), "application/json")
    if name == "dcat.jsonld":
        landing = request.build_absolute_uri(reverse("dashboard:edition", args=[year]))
        dataset = dcat_dataset(edition, _base_url(request), landing)
        return _file(json.dumps(dataset, ensure_ascii=False, indent=1), "application/ld+json")
    raise Http404("no such file")


@etag(_edition_etag)
def report(request: HttpRequest, year: int, file_year: int, language: str) -> HttpResponse:
    if language not in LANGUAGES or file_year != year:
        raise Http404("no such language")
    pdf = products.report_pdf(year, language)
    if pdf is None:
        raise Http404("no published edition for this year")
    return _file(pdf, "application/pdf")


@etag(_edition_etag)
def factsheet(request: HttpRequest, year: int, code: str, language: str) -> HttpResponse:
    if language not in LANGUAGES:
        raise Http404("no such language")
    pdf = products.factsheet_pdf(year, code.upper(), language)
    if pdf is None:
        raise Http404("no factsheet for this municipality")
    return _file(pdf, "application/pdf")


def _embed_indicator(year: int, code: str) -> PublishedEdition:
    edition = _edition(year)
    if code not in edition.indicators:
        raise Http404("indicator not in this edition")
    return edition


def _with_notice(spec: dict) -> dict:
    # An embedded chart or its image stands on other sites: it says itself that it is made up.
    return with_notice(spec, config.synthetic_data_notice(), (get_language() or "nl")[:2])


# An indicator with nothing to draw (not published yet, or every figure withheld) has no chart:
# its embed addresses answer 404, because there is no chart there and the status tells the
# other site's editor, link checker and caches so; the body still says why, in the frame's or
# the image's own small size and language, with source and edition, since a frame or an
# image shows the body whatever the status. Never an empty chart: its axes, "0" tick and source
# line would be quoted as "0".
NOT_FOUND = 404


@xframe_options_exempt  # an embed exists to be framed on other sites; other pages are not
@etag(_edition_etag)
def embed_page(request: HttpRequest, year: int, code: str) -> HttpResponse:
    edition = _embed_indicator(year, code)
    language = (get_language() or "nl")[:2]
    indicator = edition.indicators[code]
    gap = embed.embed_gap(edition, cache.history(year), code)
    context = {
        "edition": edition,
        "name": indicator.name.get(language),
        "source": embed.source_line(edition, indicator, language),
        "page_url": request.build_absolute_uri(reverse("dashboard:indicator", args=[year, code])),
    }
    if gap is None:
        spec = embed.embed_spec(edition, cache.history(year), code, language)
        context["svg"] = embed.embed_svg(_with_notice(spec), language)
    else:
        context["gap"] = gap.sentence(language)
    response = render(
        request,
        "publication/embed.html",
        context,
        status=200 if gap is None else NOT_FOUND,
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


@etag(_edition_etag)
def embed_image(request: HttpRequest, year: int, code: str, kind: str) -> HttpResponse:
    edition = _embed_indicator(year, code)
    if kind not in ("svg", "png"):
        raise Http404("no such format")
    language = (get_language() or "nl")[:2]
    gap = embed.embed_gap(edition, cache.history(year), code)
    if gap is None:
        spec = embed.embed_spec(edition, cache.history(year), code, language)
    else:
        spec = embed.gap_spec(edition, code, gap, language)
    spec = _with_notice(spec)
    if kind == "svg":
        response = _file(embed.embed_svg(spec, language), "image/svg+xml")
    else:
        response = _file(embed.embed_png(spec, language), "image/png")
    response.status_code = 200 if gap is None else NOT_FOUND
    return response
