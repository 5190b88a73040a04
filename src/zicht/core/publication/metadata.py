"""Metadata of an edition's open data: CSV on the Web (CSVW) and DCAT-AP-NL.

The CSVW metadata describes every open-data CSV column by column (datatype, title in Dutch and
English, what an empty cell means) with keys between the tables, so that a reuser — and the
``csvw`` package in the tests — can read the files typed. The DCAT-AP-NL description (JSON-LD)
lets data.overheid.nl harvest the edition as a dataset with its distributions.

URLs: every edition, indicator and area has a permanent address under ``base_url``; an edition
never changes once published, so these addresses never change either.
"""

from __future__ import annotations

from zicht.core.publication.published import PublishedEdition

CSVW_CONTEXT = ["http://www.w3.org/ns/csvw", {"@language": "nl"}]
_EU = "http://publications.europa.eu/resource/authority"
LICENSE = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"


def edition_url(base_url: str, year: int) -> str:
    return f"{base_url.rstrip('/')}/api/v1/editions/{year}"


def indicator_url(base_url: str, year: int, code: str) -> str:
    return f"{edition_url(base_url, year)}/indicators/{code}"


def area_url(base_url: str, year: int, code: str) -> str:
    return f"{edition_url(base_url, year)}/areas/{code}"


def open_data_url(base_url: str, year: int, name: str = "") -> str:
    return f"{base_url.rstrip('/')}/open-data/{year}/{name}"


def _column(name: str, nl: str, en: str, datatype: str | dict = "string", **extra) -> dict:
    return {"name": name, "titles": {"nl": nl, "en": en}, "datatype": datatype, **extra}


def _figures_schema(base_url: str, year: int) -> dict:
    return {
        "columns": [
            _column(
                "indicator",
                "indicator",
                "indicator",
                required=True,
                valueUrl=indicator_url(base_url, year, "{indicator}"),
            ),
            _column(
                "area", "gebied", "area", required=True, valueUrl=area_url(base_url, year, "{area}")
            ),
            _column("period", "periode", "period", required=True),
            _column("dimension", "uitsplitsing", "breakdown", **{"null": ""}),
            _column("category", "categorie", "category", **{"null": ""}),
            _column("value", "waarde", "value", "decimal", **{"null": ""}),
            _column(
                "lower",
                "ondergrens 95%-interval",
                "lower bound 95% interval",
                "integer",
                **{"null": ""},
            ),
            _column(
                "upper",
                "bovengrens 95%-interval",
                "upper bound 95% interval",
                "integer",
                **{"null": ""},
            ),
            _column("symbol", "symbool", "symbol", **{"null": ""}),
            _column(
                "status",
                "status",
                "status",
                required=True,
                datatype={"base": "string", "format": "shown|estimate|hidden|noisy"},
            ),
            _column(
                "noise_margin",
                "ruismarge (95%)",
                "noise margin (95%)",
                "integer",
                **{"null": ""},
            ),
            _column("notes", "toelichtingen", "notes", separator=" ", **{"null": ""}),
        ],
        "primaryKey": ["indicator", "area", "period", "dimension", "category"],
        "foreignKeys": [
            {
                "columnReference": "indicator",
                "reference": {"resource": "indicators.csv", "columnReference": "code"},
            },
            {
                "columnReference": "area",
                "reference": {"resource": "areas.csv", "columnReference": "code"},
            },
        ],
    }


def _simple_schema(columns: list[tuple[str, str, str]], key: list[str], **extra) -> dict:
    return {
        "columns": [
            _column(n, nl, en, **({"null": ""} if n not in key else {})) for n, nl, en in columns
        ],
        "primaryKey": key,
        **extra,
    }


def _in_both_languages(field: str, nl: str, en: str) -> list[tuple[str, str, str]]:
    """A text published in Dutch and English: two columns, ``<field>_nl`` and ``<field>_en``,
    each titled in both languages."""
    return [(f"{field}_nl", nl, f"{en} (Dutch)"), (f"{field}_en", f"{nl} (Engels)", en)]


_INDICATOR_COLUMNS = [
    ("code", "code", "code"),
    ("theme", "thema", "theme"),
    ("source", "bron", "source"),
    *_in_both_languages("name", "naam", "name"),
    *_in_both_languages("definition", "definitie", "definition"),
    *_in_both_languages("unit", "eenheid", "unit"),
    ("kind", "soort", "kind"),
    ("area_level", "gebiedsniveau", "area level"),
    ("data_status", "status gegevens", "data status"),
]
_AREA_COLUMNS = [
    ("code", "CBS-code", "CBS code"),
    *_in_both_languages("name", "naam", "name"),
    ("level", "niveau", "level"),
    ("region", "regio", "region"),
]
_CATEGORY_COLUMNS = [
    ("dimension", "uitsplitsing", "breakdown"),
    ("code", "code", "code"),
    # The dimension's name is titled apart from the code column "dimension" above.
    ("dimension_nl", "uitsplitsing (naam)", "breakdown (Dutch)"),
    ("dimension_en", "uitsplitsing (Engels)", "breakdown (English)"),
    *_in_both_languages("label", "categorie", "category"),
]
_NOTE_COLUMNS = [
    ("id", "id", "id"),
    ("kind", "soort", "kind"),
    ("indicator", "indicator", "indicator"),
    ("theme", "thema", "theme"),
    *_in_both_languages("text", "tekst", "text"),
]


def csvw_metadata(edition: PublishedEdition, base_url: str) -> dict:
    """The CSVW table group for the edition's CSV files (file names relative to it)."""
    year = edition.year
    areas = _simple_schema(_AREA_COLUMNS, ["code"])
    areas["columns"].append(
        _column("population", "inwoners", "inhabitants", "integer", **{"null": ""})
    )
    return {
        "@context": CSVW_CONTEXT,
        "@id": open_data_url(base_url, year, "csv-metadata.json"),
        "dc:title": {"@value": edition.title.nl, "@language": "nl"},
        "dc:license": {"@id": LICENSE},
        "dc:issued": edition.published_at.date().isoformat(),
        "tables": [
            {
                "url": "figures.csv",
                "dc:title": "Cijfers",
                "tableSchema": _figures_schema(base_url, year),
            },
            {
                "url": "indicators.csv",
                "dc:title": "Indicatoren",
                "tableSchema": _simple_schema(_INDICATOR_COLUMNS, ["code"]),
            },
            {"url": "areas.csv", "dc:title": "Gebieden", "tableSchema": areas},
            {
                "url": "categories.csv",
                "dc:title": "Categorieën",
                "tableSchema": _simple_schema(_CATEGORY_COLUMNS, ["dimension", "code"]),
            },
            {
                "url": "notes.csv",
                "dc:title": "Toelichtingen",
                "tableSchema": _simple_schema(_NOTE_COLUMNS, ["id"]),
            },
        ],
    }


def _distribution(url: str, title: str, file_type: str, media_type: str) -> dict:
    return {
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dct:format": {"@id": f"{_EU}/file-type/{file_type}"},
        "dcat:mediaType": media_type,
        "dct:license": {"@id": LICENSE},
    }


def dcat_dataset(edition: PublishedEdition, base_url: str, landing_page: str) -> dict:
    """DCAT-AP-NL description of the edition as a dataset (JSON-LD)."""
    year = edition.year
    region = edition.area_name(edition.region, "nl")
    files = [
        _distribution(open_data_url(base_url, year, name), title, kind, media)
        for name, title, kind, media in (
            ("figures.csv", "Cijfers (CSV, lang formaat)", "CSV", "text/csv"),
            ("csv-metadata.json", "CSVW-metadata", "JSON_LD", "application/csvm+json"),
            (f"zicht-{year}.json", "Alle open data (JSON)", "JSON", "application/json"),
        )
    ]
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
        },
        "@id": edition_url(base_url, year),
        "@type": "dcat:Dataset",
        "dct:identifier": edition_url(base_url, year),
        "dct:title": [
            {"@value": edition.title.nl, "@language": "nl"},
            {"@value": edition.title.en, "@language": "en"},
        ],
        "dct:description": [
            {
                "@value": f"Cijfers over mensenhandel in {region}, {year}: signalen, opvang, "
                "handhaving en opsporing, met afschermingssymbolen en toelichtingen.",
                "@language": "nl",
            },
        ],
        "dct:issued": edition.published_at.isoformat(),
        "dct:modified": edition.published_at.isoformat(),
        "dct:language": {"@id": f"{_EU}/language/NLD"},
        "dct:accessRights": {"@id": f"{_EU}/access-right/PUBLIC"},
        "dct:license": {"@id": LICENSE},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": f"Zicht — {region}"},
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": f"Zicht — {region}"},
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": f"{year}-01-01",
            "dcat:endDate": f"{year}-12-31",
        },
        "dct:spatial": {"@id": area_url(base_url, year, edition.region)},
        "dcat:theme": {
            "@id": "http://standaarden.overheid.nl/owms/terms/Openbare_orde_en_veiligheid"
        },
        "dcat:keyword": ["mensenhandel", "uitbuiting", "monitor", region],
        "dcat:landingPage": {"@id": landing_page},
        "dcat:distribution": files,
    }
