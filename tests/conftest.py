"""Shared fixtures: the repository's catalogue and copies of it to change in a test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zicht.core.catalog import Catalog, load_catalog

REPO = Path(__file__).resolve().parents[1]
CATALOG_DIR = REPO / "catalog"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(CATALOG_DIR)


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    """A copy of the catalogue folder that a test may edit."""
    target = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, target)
    return target
