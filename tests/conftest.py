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


# The long statistical and scale tests (each over ~10 s on two shared cores), marked `slow`
# here in one place so that `make test-quick` (-m "not slow") leaves them out; `make test`
# runs them all. A test file may also mark its own tests with @pytest.mark.slow.
SLOW = (
    "tests/core/ads/test_demo_corpus.py::test_rotterdam_2020_demo_corpus_yields_the_published_tile",
    "tests/core/ads/test_linking.py::test_pairwise_precision_and_recall_on_generated_corpora",
    "tests/core/estimation/test_bootstrap.py::test_bca_interval_close_to_published",
    "tests/core/estimation/test_bootstrap.py::test_bootstrap_is_reproducible_with_a_seed",
    "tests/core/estimation/test_bootstrap.py::test_jackknife_acceleration_equals_sparsemse_ahat",
    "tests/core/estimation/test_cli.py::test_bootstrap_option_uses_the_seed",
    "tests/core/estimation/test_model_uncertainty.py::test_disagreement_between_methods_is_reported",
    "tests/core/estimation/test_reference_cases.py::test_bic_best_two_way_model_matches_2024_paper",
    "tests/core/estimation/test_simulation.py::",
    "tests/core/privacy/linkage/test_cli_and_clustering.py::test_lsh_blocking_finds_the_same",
    "tests/core/privacy/linkage/test_febrl.py::",
    "tests/core/privacy/linkage/test_synthetic_truth.py::",
    "tests/core/privacy/linkage/test_validator_and_secret.py::test_a_wrong_secret_links_nothing",
    "tests/core/privacy/test_disclosure_cuts.py::test_cuts_keep_the_joint_optimum",
    "tests/core/privacy/test_disclosure_cuts.py::test_cut_generation_passes_the_independent",
    "tests/core/privacy/test_disclosure_properties.py::",
    "tests/core/privacy/test_guard_corpus.py::test_frame_path_equals_table_path",
    "tests/core/test_linear_patterns.py::test_personal_data_check_of_a_megabyte_cell_is_linear",
)


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if item.nodeid.startswith(SLOW):
            item.add_marker(pytest.mark.slow)
