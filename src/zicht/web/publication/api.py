"""The read-only REST API, /api/v1/: published editions only, described by OpenAPI 3.

Every answer is built from the same typed edition as the open data and the PDF; a published
edition never changes, so each answer carries an ETag (edition and its publication time) and a
repeated request with If-None-Match gets 304 Not Modified.
"""

import hashlib
from typing import Annotated, TypeVar

from django.http import HttpRequest
from django.views.decorators.http import etag
from ninja import Field, NinjaAPI, Path, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import LimitOffsetPagination, paginate

from zicht.core.catalog.model import Text
from zicht.core.publication.opendata import figure_json
from zicht.core.publication.published import FigureStatus, PublishedEdition
from zicht.web.publication import cache
from zicht.web.publication.api_errors import (
    BadRequest,
    Invalid,
    Message,
    NotFound,
    bad_request,
    invalid,
    known_query_only,
    not_found,
)

API_VERSION = "1"
MAX_LIMIT = 1000
Found = TypeVar("Found")

# Examples in the description lead reusers (and schemathesis) to real data.
Year = Annotated[int, Path(description="Jaar van de editie", example=2020)]
IndicatorCode = Annotated[str, Path(description="Code van de indicator", example="police_signals")]
AreaCode = Annotated[str, Path(description="CBS-code van het gebied", example="GM0599")]

api = NinjaAPI(
    title="Zicht API",
    version="1.0.0",
    description="Openbare cijfers van de gepubliceerde edities van de monitor mensenhandel: "
    "dezelfde cijfers, tekens en toelichtingen als het dashboard en de open data.",
    urls_namespace="api-v1",
    docs_url=None,  # the interactive docs load scripts from a CDN; the description is enough
)


api.add_exception_handler(NotFound, not_found)
api.add_exception_handler(BadRequest, bad_request)
api.add_exception_handler(ValidationError, invalid)


def _answers(found) -> dict:
    return {200: found, 400: Message, 404: Message, 422: Invalid}


class Texts(Schema):
    nl: str
    en: str


class EditionOut(Schema):
    year: int
    title: Texts
    published_at: str
    region: str
    previous_year: int | None
    figures: int
    open_data: str


class IndicatorOut(Schema):
    code: str
    theme: str
    source: str
    name: Texts
    definition: Texts
    unit: Texts
    kind: str
    area_level: str
    data_status: str
    breakdowns: list[str]


class AreaOut(Schema):
    code: str
    name: Texts
    level: str
    region: str | None
    population: int | None


class FigureOut(Schema):
    indicator: str
    area: str
    period: str
    dimension: str | None
    category: str | None
    # int first: a count stays a whole number (20, not 20.0), as in the open data and the CSVs
    value: int | float | None
    lower: int | None
    upper: int | None
    symbol: str | None
    status: FigureStatus
    noise_margin: int | None  # 95% margin of differential-privacy noise (status "noisy")
    notes: list[str]


class NoteOut(Schema):
    id: str
    kind: str
    indicator: str | None
    theme: str | None
    text: Texts


class FigureFilters(Schema):
    indicator: str | None = None
    area: str | None = None
    dimension: str | None = None
    category: str | None = None
    status: FigureStatus | None = None
    total: bool | None = None  # only totals (true) or only breakdowns (false)


class Pagination(LimitOffsetPagination):
    # Out of range is a 422 that says the range, never quietly clamped.
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0)

    def paginate_queryset(self, queryset, pagination: Input, **params):
        start, end = pagination.offset, pagination.offset + pagination.limit
        return {"items": queryset[start:end], "count": len(queryset)}


def _edition_etag(request: HttpRequest, year: str, **_kwargs) -> str | None:
    # Runs before the API validates the path, so ``year`` is still the text of the URL.
    try:
        stamp = cache.edition_stamp(int(year))
    except ValueError:
        return None
    if stamp is None:
        return None
    return hashlib.sha256(f"v{API_VERSION}:{year}:{stamp}".encode()).hexdigest()[:32]


def _editions_etag(request: HttpRequest) -> str:
    stamps = ",".join(f"{y}:{cache.edition_stamp(y)}" for y in cache.published_years())
    return hashlib.sha256(f"v{API_VERSION}:{stamps}".encode()).hexdigest()[:32]


# Each router gives all its answers one ETag: the list changes whenever an edition is published;
# what one edition holds is tagged with that edition's publication and never changes.
editions_router = Router(tags=["editions"])
editions_router.add_decorator(etag(_editions_etag), mode="view")
edition_router = Router(tags=["editions"])
edition_router.add_decorator(etag(_edition_etag), mode="view")
# Added last, so it runs first: an unknown parameter is refused before anything else.
editions_router.add_decorator(known_query_only, mode="view")
edition_router.add_decorator(known_query_only, mode="view")


def _found(value: Found | None, missing: Text) -> Found:
    """The value looked up, or a 404 that says what is not there."""
    if value is None:
        raise NotFound(missing)
    return value


def _edition(year: int) -> PublishedEdition:
    missing = Text(
        "Er is geen gepubliceerde editie van dit jaar.",
        "There is no published edition of this year.",
    )
    return _found(cache.edition(year), missing)


def _texts(text) -> dict:
    return {"nl": text.nl, "en": text.en}


def _edition_out(request: HttpRequest, edition: PublishedEdition) -> dict:
    return {
        "year": edition.year,
        "title": _texts(edition.title),
        "published_at": edition.published_at.isoformat(),
        "region": edition.region,
        "previous_year": edition.previous_year,
        "figures": len(edition.figures),
        "open_data": request.build_absolute_uri(f"/open-data/{edition.year}/"),
    }


def _indicator_out(indicator) -> dict:
    return {
        "code": indicator.code,
        "theme": indicator.theme,
        "source": indicator.partner,
        "name": _texts(indicator.name),
        "definition": _texts(indicator.definition),
        "unit": _texts(indicator.unit),
        "kind": indicator.kind,
        "area_level": indicator.area_level,
        "data_status": indicator.data_status,
        "breakdowns": list(indicator.breakdowns),
    }


def _area_out(area) -> dict:
    return {
        "code": area.code,
        "name": _texts(area.name),
        "level": area.level,
        "region": area.region or None,
        "population": area.population,
    }


@editions_router.get(
    "/editions", response={200: list[EditionOut], 400: Message}, summary="Gepubliceerde edities"
)
def editions(request: HttpRequest):
    return [_edition_out(request, _edition(year)) for year in cache.published_years()]


@edition_router.get("/editions/{year}", response=_answers(EditionOut), summary="Editie")
def edition(request: HttpRequest, year: Year):
    return _edition_out(request, _edition(year))


@edition_router.get("/editions/{year}/indicators", response=_answers(list[IndicatorOut]))
def indicators(request: HttpRequest, year: Year):
    edition = _edition(year)
    return [_indicator_out(i) for i in edition.indicators.values()]


@edition_router.get("/editions/{year}/indicators/{code}", response=_answers(IndicatorOut))
def indicator(request: HttpRequest, year: Year, code: IndicatorCode):
    missing = Text(
        "Deze indicator staat niet in deze editie.", "This indicator is not in this edition."
    )
    found = _found(_edition(year).indicators.get(code), missing)
    return _indicator_out(found)


@edition_router.get("/editions/{year}/areas", response=_answers(list[AreaOut]))
def areas(request: HttpRequest, year: Year):
    return [_area_out(a) for a in _edition(year).areas.values()]


@edition_router.get("/editions/{year}/areas/{code}", response=_answers(AreaOut))
def area(request: HttpRequest, year: Year, code: AreaCode):
    missing = Text("Dit gebied staat niet in deze editie.", "This area is not in this edition.")
    found = _found(_edition(year).areas.get(code), missing)
    return _area_out(found)


#: What a filter naming something the edition does not have says, by filter.
UNKNOWN_FILTER = {
    "indicator": Text(
        "Filter indicator: deze indicator staat niet in deze editie (de codes staan onder "
        ".../indicators).",
        "Filter indicator: this indicator is not in this edition (the codes are under "
        ".../indicators).",
    ),
    "area": Text(
        "Filter area: dit gebied staat niet in deze editie (de codes staan onder .../areas).",
        "Filter area: this area is not in this edition (the codes are under .../areas).",
    ),
    "dimension": Text(
        "Filter dimension: geen cijfer in deze editie is zo uitgesplitst.",
        "Filter dimension: no figure in this edition has this breakdown.",
    ),
    "category": Text(
        "Filter category: deze categorie komt in deze editie (bij deze uitsplitsing) niet voor.",
        "Filter category: this category does not occur in this edition (in this breakdown).",
    ),
}


def _check_filters(edition: PublishedEdition, filters: FigureFilters) -> None:
    """A filter naming what the edition does not have is a 404 that says which, as the
    indicator's and area's own addresses are, not an empty list that looks like no figures."""
    breakdowns = {(f.dimension, f.category) for f in edition.figures if f.dimension}
    known = {
        "indicator": set(edition.indicators),
        "area": set(edition.areas),
        "dimension": {dimension for dimension, _ in breakdowns},
        "category": {c for d, c in breakdowns if filters.dimension in (None, d)},
    }
    for name, values in known.items():
        value = getattr(filters, name)
        if value is not None and value not in values:
            raise NotFound(UNKNOWN_FILTER[name])


@edition_router.get("/editions/{year}/figures", response=_answers(list[FigureOut]))
@paginate(Pagination)
def figures(request: HttpRequest, year: Year, filters: Query[FigureFilters]):
    """Published figures, long format, filtered; withheld figures keep their symbol."""
    edition = _edition(year)
    _check_filters(edition, filters)
    chosen = []
    for figure in edition.figures:
        if filters.indicator is not None and figure.indicator != filters.indicator:
            continue
        if filters.area is not None and figure.area != filters.area:
            continue
        if filters.dimension is not None and figure.dimension != filters.dimension:
            continue
        if filters.category is not None and figure.category != filters.category:
            continue
        if filters.status is not None and figure.status != filters.status:
            continue
        if filters.total is not None and filters.total == bool(figure.dimension):
            continue
        chosen.append(figure_json(figure))
    return chosen


@edition_router.get("/editions/{year}/notes", response=_answers(list[NoteOut]))
def notes(request: HttpRequest, year: Year):
    return [
        {
            "id": n.id,
            "kind": n.kind,
            "indicator": n.indicator or None,
            "theme": n.theme or None,
            "text": _texts(n.text),
        }
        for n in _edition(year).notes
    ]


api.add_router("/", editions_router)
api.add_router("/", edition_router)
