from __future__ import annotations

import re

import pytest

from zicht.core.catalog import Text
from zicht.core.estimation import EstimateDoesNotExistError, capture_table_from_mapping
from zicht.web.monitor.models import Edition, EditionFigure
from zicht.web.monitor.victim_estimate import victim_estimate_store

pytestmark = pytest.mark.django_db


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_estimate_is_published_with_its_interval_and_never_as_a_bare_point(
    client, demo_monitor
):
    figure = EditionFigure.objects.get(edition__year=2020, indicator_code="estimated_victims")
    assert figure.lower < figure.value < figure.upper
    persons = EditionFigure.objects.get(edition__year=2020, indicator_code="registered_persons")
    assert persons.value < figure.value  # the estimate adds those no partner saw
    html = client.get("/editie/2020/").content.decode()
    tile = html.split('class="zicht-tile" data-indicator="estimated_victims"')[1]
    tile = tile.split("</li>")[0]
    assert re.search(r">\d[\d.]*–\d[\d.]*<", tile) and "met 95% zekerheid" in tile
    detail = client.get("/editie/2020/indicator/estimated_victims/").content.decode()
    assert "(schatting " in detail and "<svg" in detail
    assert "stapsgewijze modelselectie" in detail and "tussen 3 lijsten (" in detail
    english = client.get("/en/edition/2020/indicator/estimated_victims/").content.decode()
    assert "stepwise model selection" in english and "between 3 lists (" in english
    assert "lijsten" not in english and "hoofdeffecten" not in english
    # Lists are named by their partners, and the figure is said to be computed, not delivered.
    for page, language in ((detail, "nl"), (english, "en")):
        assert demo_monitor.partners["mo-zorgtafel"].name.get(language) in page
        assert "lijsten: politie" not in page and "humanitas, zorgtafel" not in page
    assert "Zicht berekent dit cijfer" in detail and "De bron levert deze cijfers" not in detail
    assert "Zicht computes this figure" in english
    # The chart's band is explained beside it; a count's chart has none.
    assert 'data-testid="band-caption"' in detail and "The light band is the 95% margin" in english
    police = client.get("/editie/2020/indicator/police_signals/").content.decode()
    assert 'data-testid="band-caption"' not in police


def test_changes_between_estimates_say_when_they_lie_within_the_uncertainty(client, demo_monitor):
    from zicht.core.publication.comparison import change_beyond_uncertainty

    figures = {
        f.edition.year: f
        for f in EditionFigure.objects.filter(
            indicator_code="estimated_victims", breakdown=""
        ).select_related("edition")
    }
    verdicts = {
        year: change_beyond_uncertainty(
            figures[year].value,
            (figures[year].lower, figures[year].upper),
            figures[year - 1].value,
            (figures[year - 1].lower, figures[year - 1].upper),
        )
        for year in figures
        if year - 1 in figures
    }
    assert False in verdicts.values()  # the demo has at least one such change
    html = client.get("/editie/2021/indicator/estimated_victims/").content.decode()
    rows = {year: html.split(f'scope="row">{year}</th>')[1].split("</tr>")[0] for year in verdicts}
    for year, beyond in verdicts.items():
        assert ("binnen de onzekerheidsmarge" in rows[year]) is (beyond is False), year
    english = client.get("/en/edition/2021/indicator/estimated_victims/").content.decode()
    assert "within the margin of uncertainty" in english
    police = client.get("/editie/2021/indicator/police_signals/").content.decode()
    assert "onzekerheidsmarge" not in police  # counts carry no interval


def test_the_estimate_comes_with_method_model_and_data_in_its_note(demo_monitor):
    edition = Edition.objects.get(year=2020)
    figure = EditionFigure.objects.get(edition=edition, indicator_code="estimated_victims")
    from zicht.web.monitor.models import Delivery

    delivery = Delivery.objects.get(pk=figure.deliveries[0])
    assert "multiple systems estimation" in delivery.note and "lijsten" in delivery.note


def test_a_table_without_an_estimate_is_refused_and_stores_nothing(catalog):
    # No person is on two lists: the overlap carries no information about the unseen.
    table = capture_table_from_mapping(["a", "b", "c"], {"100": 40, "010": 30, "001": 20})
    with pytest.raises(EstimateDoesNotExistError):
        victim_estimate_store(catalog=catalog, year=2020, table=table, source=Text("test", "test"))
    assert not EditionFigure.objects.exists()


def test_the_coordinator_stores_an_estimate_from_an_uploaded_table(tmp_path, catalog):
    from typer.testing import CliRunner

    from zicht.cli.main import app
    from zicht.web.monitor.models import Observation

    path = tmp_path / "overlap.csv"
    path.write_text(
        "politie,humanitas,zorg,count\n1,0,0,271\n0,1,0,69\n0,0,1,25\n"
        "1,1,0,29\n1,0,1,14\n0,1,1,3\n1,1,1,2\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["estimate", str(path), "--store-year", "2020", "--no-compare", "--json"]
    )
    assert result.exit_code == 0, result.output
    stored = Observation.objects.get(indicator_id="estimated_victims", year=2020)
    assert stored.lower < stored.value < stored.upper
    assert Observation.objects.get(indicator_id="registered_persons").value == 413


def test_the_estimate_s_note_uses_the_glossary_s_plain_words_and_links_them(client, demo_monitor):
    pages = {
        "nl": page_text(client, "/editie/2021/indicator/estimated_victims/"),
        "en": page_text(client, "/en/edition/2021/indicator/estimated_victims/"),
    }
    glossary = {
        "nl": page_text(client, "/begrippen/"),
        "en": page_text(client, "/en/glossary/"),
    }
    words = {"nl": ("onzekerheidsmarge", "rekenmodel"), "en": ("margin of uncertainty", "model")}
    for language, html in pages.items():
        # The wording the glossary calls old is gone; its current terms are used and linked.
        assert "asymptotisch interval" not in html and "asymptotic interval" not in html
        assert "95%-interval" not in html and "95% interval" not in html
        assert words[language][0] in html.lower()
        terms = html.split('data-testid="estimate-terms"')[1].split("</p>")[0]
        for anchor in ("#schatting", "#interval", "#rekenmodel"):
            assert anchor in terms and f'id="{anchor[1:]}"' in glossary[language]
    # A stepwise search that added no link says so, instead of "Model: main effects only"
    # after "stepwise model selection" as if they were two different models.
    assert "Model: alleen hoofdeffecten" not in pages["nl"]
    assert "Model: main effects only" not in pages["en"]


def _change_label(current: float, previous: float, year: int, language: str) -> str:
    from zicht.core.publication.formatting import format_change

    absolute = round(current) - round(previous)
    relative = format_change(absolute / round(previous) * 100, language)
    words = "compared with" if language == "en" else "t.o.v."
    return f"{format_change(absolute, language)} ({relative}%) {words} {year}"


def test_the_change_of_the_estimate_is_the_difference_of_the_estimates_as_shown(
    client, demo_monitor
):
    """The estimates are stored unrounded (990.77, 1034.44) and shown as whole persons (991,
    1.034): the change beside them is what a reader gets by subtracting those, −43, on the
    indicator page and the home page's tile, not −44 from the stored values."""
    value = {
        f.edition.year: f.value
        for f in EditionFigure.objects.filter(
            indicator_code="estimated_victims", area_code=demo_monitor.region, breakdown=""
        ).select_related("edition")
    }
    assert value[2020] != round(value[2020])  # stored unrounded: the case this test is about
    detail = page_text(client, "/en/edition/2020/indicator/estimated_victims/")
    assert _change_label(value[2020], value[2019], 2019, "en") in detail
    assert _change_label(value[2019], value[2018], 2018, "en") in detail
    home = page_text(client, "/editie/2021/")
    tile = home.split('class="zicht-tile" data-indicator="estimated_victims"')[1].split("</li>")[0]
    assert _change_label(value[2021], value[2020], 2020, "nl") in tile
