from __future__ import annotations

from pathlib import Path

import pytest

from zicht.core.catalog import CatalogInvalid, check_catalog, load_catalog

SEED_TILES = {
    "prevention_presentations": "GM0599",
    "professional_trainings": "GM0599",
    "police_signals": "RE-RTM",
    "humanitas_reports": "RE-RTM",
    "campaign_chaterover_chats": "RE-RTM",
    "care_table_new_signals": "GM0599",
    "sex_ads": "GM0599",
    "administrative_warnings": "GM0599",
    "illegal_prostitution_dossiers": "GM0599",
    "sex_workers": "RE-RTM",
}


def test_repository_catalogue_is_sound(catalog_copy: Path):
    assert check_catalog(catalog_copy) == []


def test_every_tile_of_the_2020_monitor_has_an_indicator_at_its_level(catalog):
    for code, area in SEED_TILES.items():
        assert catalog.indicators[code].tile is not None, code
        assert catalog.indicators[code].tile.area == area, code
    for code in (
        "administrative_checks",
        "convictions",
        "sex_workers",
        "illegal_prostitution_dossiers",
    ):
        assert code in catalog.indicators


def test_every_indicator_carries_the_required_metadata(catalog):
    for indicator in catalog.indicators.values():
        assert indicator.name.nl and indicator.name.en
        assert indicator.definition.nl and indicator.definition.en
        assert indicator.unit.nl and indicator.partner in catalog.partners
        assert indicator.theme in catalog.themes
        assert indicator.disclosure.rule in ("none", "small_counts")


def test_old_municipality_codes_map_to_their_successor(catalog):
    assert catalog.current_area_code("GM0585") == "GM1963"  # Binnenmaas → Hoeksche Waard
    assert catalog.current_area_code("GM0501") == "GM1992"  # Brielle → Voorne aan Zee
    assert catalog.current_area_code("GM0599") == "GM0599"
    assert catalog.current_area_code("GM9999") is None


def test_problems_are_all_reported_in_dutch_with_file_and_place(catalog_copy: Path):
    path = catalog_copy / "indicators" / "prevention.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("theme: prevention", "theme: preventie", 1)
    text = text.replace("partner: gemeente-rotterdam", "partner: onbekend", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogInvalid) as raised:
        load_catalog(catalog_copy)
    messages = [str(p) for p in raised.value.problems]
    assert any("onbekend thema 'preventie'" in m for m in messages)
    assert any("onbekende partner 'onbekend'" in m for m in messages)
    assert all("prevention_presentations" in m for m in messages)


def test_missing_required_field_and_bad_choice_are_named(catalog_copy: Path):
    path = catalog_copy / "indicators" / "care.yaml"
    text = path.read_text(encoding="utf-8").replace("kind: flow", "kind: stroom")
    path.write_text(text.replace("    additive: true\n", ""), encoding="utf-8")
    messages = [str(p) for p in check_catalog(catalog_copy)]
    assert any("indicators/care.yaml" in m and "'kind' is 'stroom'" in m for m in messages)
    assert any("verplicht veld 'additive' ontbreekt" in m for m in messages)


def test_invalid_yaml_is_reported_not_raised(catalog_copy: Path):
    (catalog_copy / "themes.yaml").write_text("themes: [unclosed", encoding="utf-8")
    messages = [str(p) for p in check_catalog(catalog_copy)]
    assert any("themes.yaml" in m and "geen geldige YAML" in m for m in messages)


def test_invalid_yaml_names_the_line_where_the_parser_stopped(catalog_copy: Path):
    (catalog_copy / "themes.yaml").write_text(
        "themes:\n  - code: a\n    name: [x\n", encoding="utf-8"
    )
    messages = [str(p) for p in check_catalog(catalog_copy)]
    assert any("themes.yaml" in m and "regel 4" in m for m in messages), messages


def test_published_texts_with_personal_data_are_refused(catalog_copy: Path):
    path = catalog_copy / "texts" / "2020" / "doelen.nl.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nContact: j.de.vries@example.nl\n")
    messages = [str(p) for p in check_catalog(catalog_copy)]
    assert any("texts/2020/doelen.nl.md" in m and "e-mailadres" in m for m in messages)
    assert not any("example.nl" in m for m in messages)


@pytest.mark.parametrize(
    "disclosure",
    ["{rule: small_counts, threshold: 5, rounding_base: 3}", "{rule: none, rounding_base: 5}"],
)
def test_a_rounding_base_that_cannot_protect_is_refused(catalog_copy: Path, disclosure: str):
    path = catalog_copy / "indicators" / "care.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("disclosure: {rule: small_counts, threshold: 5}", f"disclosure: {disclosure}"),
        encoding="utf-8",
    )
    messages = [str(p) for p in check_catalog(catalog_copy)]
    assert any("care_table_new_signals" in m and "rounding_base" in m for m in messages), messages


def test_a_rounding_base_in_yaml_reaches_the_indicator(catalog_copy: Path):
    path = catalog_copy / "indicators" / "care.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "disclosure: {rule: small_counts, threshold: 5}",
        "disclosure: {rule: small_counts, threshold: 5, rounding_base: 5}",
    )
    path.write_text(text, encoding="utf-8")
    catalog = load_catalog(catalog_copy)
    assert catalog.indicators["care_table_new_signals"].disclosure.rounding_base == 5


def test_a_name_with_an_unquoted_comma_is_refused_not_cut_short(catalog_copy: Path):
    """YAML reads {nl: Gemeente Rotterdam, cluster MO, en: ...} as three keys: the text after
    the comma vanished silently and two partners had the same name on the colophon."""
    path = catalog_copy / "partners.yaml"
    text = path.read_text(encoding="utf-8")
    quoted = 'name: {nl: "Gemeente Rotterdam, toezicht en handhaving prostitutie",'
    assert quoted in text
    path.write_text(text.replace(quoted, quoted.replace('"', ""), 1), encoding="utf-8")
    messages = [str(p) for p in check_catalog(catalog_copy)]
    assert any("partners.yaml" in m and "tussen aanhalingstekens" in m for m in messages)
    assert not any("toezicht" in m for m in messages)  # the cut-off text is not repeated


def test_partner_names_keep_their_whole_text(catalog):
    names = [partner.name.nl for partner in catalog.partners.values()]
    assert "Gemeente Rotterdam, toezicht en handhaving prostitutie" in names
    assert len(set(names)) == len(names)


def test_a_note_is_scoped_by_year_or_by_since_and_until(catalog_copy: Path):
    (catalog_copy / "notes.yaml").write_text(
        "notes:\n"
        "  - {year: 2020, themes: [context], text: {nl: Alleen 2020, en: Only 2020}}\n"
        "  - {since: 2021, themes: [context], text: {nl: Vanaf 2021, en: From 2021}}\n"
        "  - {themes: [context], text: {nl: Altijd, en: Always}}\n",
        encoding="utf-8",
    )
    notes = {n.text.nl: n for n in load_catalog(catalog_copy).notes}
    assert [y for y in (2019, 2020, 2021) if notes["Alleen 2020"].applies_to(y)] == [2020]
    assert [y for y in (2020, 2021, 2040) if notes["Vanaf 2021"].applies_to(y)] == [2021, 2040]
    assert all(notes["Altijd"].applies_to(y) for y in (1999, 2021, 2040))
