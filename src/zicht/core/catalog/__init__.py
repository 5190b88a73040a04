"""The catalogue: themes, partners, areas, dimensions, indicators, notes and editions.

The catalogue is the product's configuration, kept as YAML in ``catalog/``. A new theme,
partner or indicator is a catalogue change, never a code change.
"""

from zicht.core.catalog.loader import CatalogInvalid, check_catalog, load_catalog
from zicht.core.catalog.model import (
    AnalysisMethod,
    AnalysisNotInCatalog,
    Area,
    Catalog,
    DataStatus,
    Dimension,
    Disclosure,
    EditionSpec,
    Indicator,
    IndicatorKind,
    Note,
    Partner,
    Region,
    Text,
    Theme,
    Tile,
)

__all__ = [
    "AnalysisMethod",
    "AnalysisNotInCatalog",
    "Area",
    "Catalog",
    "CatalogInvalid",
    "DataStatus",
    "Dimension",
    "Disclosure",
    "EditionSpec",
    "Indicator",
    "IndicatorKind",
    "Note",
    "Partner",
    "Region",
    "Text",
    "Theme",
    "Tile",
    "check_catalog",
    "load_catalog",
]
