"""Every setting lives in one typed registry; .env.example and docs/operations.md are generated
from it, and defaults work from an installed wheel as well as from a checkout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zicht import config
from zicht.config import SETTINGS, ConfigurationError, Environment, Kind

REPO = Path(__file__).resolve().parents[2]


def test_env_example_is_generated_from_the_registry():
    example = (REPO / ".env.example").read_text(encoding="utf-8")
    assert example == config.render_env_example(), "run `make settings-docs`"
    for setting in SETTINGS:
        assert f"# {setting.name}=" in example, setting.name


def test_operations_doc_table_is_generated_from_the_registry():
    operations = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    assert config.render_docs_table() in operations, "run `make settings-docs`"
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in operations, setting.name


def test_no_setting_is_read_from_the_environment_outside_the_registry():
    reads = re.compile(r"(environ\.get|environ\[|getenv)\(?\s*[\"']ZICHT_")
    offenders = [
        str(path.relative_to(REPO))
        for path in (REPO / "src" / "zicht").rglob("*.py")
        if path.name != "config.py" and reads.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_zicht_variable_named_in_the_source_is_registered():
    names = {s.name for s in SETTINGS}
    used: set[str] = set()
    for path in (REPO / "src" / "zicht").rglob("*.py"):
        if path.name == "config.py":  # its docstring shows how to add ZICHT_EXAMPLE
            continue
        used |= set(re.findall(r"\bZICHT_[A-Z0-9_]+\b", path.read_text(encoding="utf-8")))
    assert used - names == set()


def test_values_are_typed_and_bad_values_refused_without_echo():
    assert config.value("ZICHT_DEBUG", {"ZICHT_DEBUG": "True"}) is True
    assert config.value("ZICHT_AD_TEXT_MAX_RETENTION_DAYS", {}) == 30
    assert config.value("ZICHT_ALLOWED_HOSTS", {"ZICHT_ALLOWED_HOSTS": "a.nl, b.nl,"}) == [
        "a.nl",
        "b.nl",
    ]
    with pytest.raises(ConfigurationError) as refused:
        config.value("ZICHT_RUN_LEASE_SECONDS", {"ZICHT_RUN_LEASE_SECONDS": "vijf-geheim"})
    assert "vijf-geheim" not in str(refused.value)
    with pytest.raises(ConfigurationError):
        config.value("ZICHT_DEBUG", {"ZICHT_DEBUG": "misschien"})


@pytest.mark.parametrize("word", ["prod", "Production", "PRODUCTION", "", "staging"])
def test_an_unknown_environment_is_refused(word):
    with pytest.raises(ConfigurationError) as refused:
        config.environment({"ZICHT_ENVIRONMENT": word})
    # Fixed text: the refused value is never echoed.
    assert str(refused.value) == (
        "ZICHT_ENVIRONMENT is onbekend; kies uit demo, development, test, production"
    )


def test_known_environments_and_production_requirements():
    assert [e.value for e in Environment] == ["demo", "development", "test", "production"]
    assert config.missing_required({"ZICHT_ENVIRONMENT": "demo"}) == []
    missing = config.missing_required({"ZICHT_ENVIRONMENT": "production"})
    assert {"ZICHT_SECRET_KEY", "ZICHT_DATABASE_URL", "ZICHT_PSEUDONYM_KEY_FILE"} <= set(missing)


def test_registry_refuses_a_second_setting_of_the_same_name():
    with pytest.raises(ConfigurationError):
        config.add("ZICHT_DEBUG", Kind.BOOL, "false", "twice")


def test_defaults_from_an_installed_wheel_do_not_point_into_site_packages(tmp_path, monkeypatch):
    site = tmp_path / "venv" / "lib" / "python3.11" / "site-packages"
    (site / "zicht").mkdir(parents=True)
    monkeypatch.setattr(config, "_SOURCE_ROOT", site.parent.parent)  # as parents[2] would be
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for name in ("ZICHT_DATA_DIR", "ZICHT_CATALOG_DIR", "ZICHT_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    assert config.data_dir() == work / "var"
    assert config.catalog_dir() == work / "catalog"
    assert config.database_url() == f"sqlite:///{work / 'var' / 'zicht.sqlite3'}"
    assert "site-packages" not in str(config.data_dir())


def test_defaults_in_a_checkout_are_the_checkout_folders(monkeypatch):
    for name in ("ZICHT_DATA_DIR", "ZICHT_CATALOG_DIR"):
        monkeypatch.delenv(name, raising=False)
    assert config.data_dir() == REPO / "var"
    assert config.catalog_dir() == REPO / "catalog"
    monkeypatch.setenv("ZICHT_DATA_DIR", "/srv/zicht")
    assert config.data_dir() == Path("/srv/zicht")
