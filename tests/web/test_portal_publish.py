"""Publishing an edition from the portal: offered only for an edition the catalogue describes,
through a page that lists what is missing and the round's deadline, confirmed explicitly; a
refusal is said in the reader's language and kept in the audit trail."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.web.addresses import address, language_of
from tests.web.portal_setup import (
    PARTNER_A,
    PARTNER_B,
    aggregate_csv,
    make_user,
    round_with_one_accepted_delivery,
    sign_in_verified,
)
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.monitor.models import Edition
from zicht.web.monitor.publishing import PublicationRefused, edition_publish
from zicht.web.monitor.services import delivery_import
from zicht.web.portal.models import AuditEvent
from zicht.web.portal.publication import SEEN_FIELD
from zicht.web.portal.publication_preview import publication_preview
from zicht.web.portal.roles import Role

YEAR = 2020  # described in the catalogue (catalog/editions.yaml)
UNDESCRIBED = 2023  # not described there
DEADLINE = dt.date.today() + dt.timedelta(days=30)


@pytest.fixture
def coordinator(db, catalog, client):
    catalog_sync(catalog=catalog)
    user = make_user("coordinator", Role.COORDINATOR)
    sign_in_verified(client, user)
    return user


def _seen_on(client, url: str) -> str:
    """What the confirmation page at ``url`` asks the coordinator to confirm."""
    page = client.get(url).content.decode()
    return page.split(f'name="{SEEN_FIELD}" value="')[1].split('"')[0]


def _confirm(client, year: int):
    """Open the confirmation page and press its button, as the coordinator does."""
    url = reverse("portal:publish", args=[year])
    return client.post(url, {SEEN_FIELD: _seen_on(client, url)}, follow=True)


@pytest.mark.parametrize(
    ("prefix", "explanation"),
    [
        ("", f"Editie {UNDESCRIBED} is nog niet beschreven in de catalogus"),
        ("/en", f"Edition {UNDESCRIBED} is not yet described in the catalogue"),
    ],
)
def test_an_edition_not_in_the_catalogue_is_explained_and_not_offered(
    coordinator, client, catalog, prefix, explanation
):
    round_with_one_accepted_delivery(catalog, UNDESCRIBED, DEADLINE)
    publish_url = reverse("portal:publish", args=[UNDESCRIBED])
    index = client.get(prefix + reverse("portal:working_figures_index")).content.decode()
    assert explanation in index and "catalog/editions.yaml" in index  # where it is added
    assert publish_url not in index  # no button, no link: it cannot be published
    confirmation = client.get(prefix + publish_url).content.decode()
    assert explanation in confirmation and f'action="{prefix}{publish_url}"' not in confirmation


@pytest.mark.parametrize(
    ("prefix", "missing", "deadline"),
    [
        ("", "ontbreken nog", "is nog niet verstreken"),
        ("/en", "are still missing", "has not passed yet"),
    ],
)
def test_the_confirmation_lists_what_is_missing_and_the_deadline(
    coordinator, client, catalog, prefix, missing, deadline
):
    delivery_round = round_with_one_accepted_delivery(catalog, YEAR, DEADLINE)
    asked = delivery_round.requests.count()
    delivered = delivery_round.requests.filter(partner_id=PARTNER_B).count()
    publish_url = prefix + reverse("portal:publish", args=[YEAR])
    index = client.get(prefix + reverse("portal:working_figures_index")).content.decode()
    assert f'href="{publish_url}"' in index
    assert f'action="{publish_url}"' not in index  # no one-click POST

    page = client.get(publish_url).content.decode()
    assert f"{asked - delivered} " in page and f" {asked} " in page and missing in page
    assert deadline in page and str(DEADLINE.year) in page
    assert f'data-partner="{PARTNER_A}"' in page and f'data-partner="{PARTNER_B}"' in page
    assert not Edition.year_is_published(YEAR)  # looking publishes nothing


def test_confirming_publishes_and_records_what_was_confirmed(coordinator, client, catalog):
    delivery_round = round_with_one_accepted_delivery(catalog, YEAR, DEADLINE)
    missing = delivery_round.requests.exclude(partner_id=PARTNER_B).count()
    # A POST without the page's confirmation (the old one-click button) publishes nothing.
    client.post(reverse("portal:publish", args=[YEAR]))
    assert not Edition.year_is_published(YEAR)

    response = _confirm(client, YEAR)
    assert f"Editie {YEAR} is gepubliceerd" in response.content.decode()
    edition = Edition.objects.get(year=YEAR)
    assert edition.is_published and edition.published_by == coordinator
    event = AuditEvent.objects.get(action="publication", target=f"editie {YEAR}")
    assert f"bevestigd met {missing} van {delivery_round.requests.count()}" in event.detail
    assert "nog niet verstreken" in event.detail


def test_a_confirmation_for_what_has_changed_since_asks_again(coordinator, client, catalog):
    """Another acceptance between showing and confirming: the coordinator confirms again."""
    round_with_one_accepted_delivery(catalog, YEAR, DEADLINE)
    seen = _seen_on(client, reverse("portal:publish", args=[YEAR]))
    delivery_import(
        catalog=catalog, partner=PARTNER_B, year=YEAR, filename="fier-2.csv",
        content=aggregate_csv(catalog, PARTNER_B, YEAR, value=9),
    )  # fmt: skip
    response = client.post(reverse("portal:publish", args=[YEAR]), {SEEN_FIELD: seen}, follow=True)
    assert "bevestig dan nog een keer" in response.content.decode()
    assert not Edition.year_is_published(YEAR)


@pytest.mark.parametrize(
    ("prefix", "said"),
    [
        ("", f"Editie {UNDESCRIBED} is nog niet beschreven in de catalogus"),
        ("/en", f"Edition {UNDESCRIBED} is not yet described in the catalogue"),
    ],
)
def test_a_refused_publication_is_said_translated_and_recorded(
    coordinator, client, catalog, prefix, said
):
    """A confirmation the page no longer offers (a form kept open from before, a script): the
    monitor refuses, the page says why in words, the trail keeps the attempt."""
    round_with_one_accepted_delivery(catalog, UNDESCRIBED, DEADLINE)
    seen = publication_preview(catalog=catalog, year=UNDESCRIBED).seen
    url = prefix + reverse("portal:publish", args=[UNDESCRIBED])
    page = client.post(url, {SEEN_FIELD: seen}, follow=True).content.decode()
    assert 'role="alert"' in page and said in page
    assert f"editie {UNDESCRIBED} staat niet in" not in page  # not the developer's message
    refused = AuditEvent.objects.get(action="publication_refused")
    assert refused.target == f"editie {UNDESCRIBED}" and refused.actor_id == coordinator.pk
    assert refused.detail == "edition_not_in_catalogue"


@pytest.mark.parametrize(
    ("prefix", "said"),
    [
        ("", f"Editie {YEAR} is al gepubliceerd"),
        ("/en", f"Edition {YEAR} has already been published"),
    ],
)
def test_publishing_what_another_coordinator_just_published_is_refused_translated(
    coordinator, client, catalog, prefix, said
):
    round_with_one_accepted_delivery(catalog, YEAR, DEADLINE)
    url = prefix + reverse("portal:publish", args=[YEAR])
    seen = _seen_on(client, url)
    edition_publish(catalog=catalog, year=YEAR)  # the other coordinator, in another tab
    response = client.post(url, {SEEN_FIELD: seen}, follow=True)
    assert said in response.content.decode()
    assert AuditEvent.objects.filter(action="publication_refused").count() == 1
    # The page no longer offers to publish what is published; it leads to the edition.
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode())[1]
    assert heading == ("Edition" if prefix else "Editie") + f" {YEAR}"
    assert f'href="{address(f"/editie/{YEAR}/", language_of(prefix))}"' in response.content.decode()


def test_a_refusal_outside_the_portal_is_recorded_too(db, catalog):
    """`zicht publish` and automation refuse through the same function: the trail has it."""
    catalog_sync(catalog=catalog)
    with pytest.raises(PublicationRefused):
        edition_publish(catalog=catalog, year=YEAR)  # nothing accepted yet
    event = AuditEvent.objects.get(action="publication_refused")
    assert (event.target, event.detail, event.actor_id) == (
        f"editie {YEAR}",
        "nothing_accepted",
        None,
    )


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_menu_marks_the_section_a_page_belongs_to(coordinator, client, catalog, prefix):
    delivery_round = round_with_one_accepted_delivery(catalog, YEAR, DEADLINE)

    def marked(url: str) -> dict[str, str]:
        """The menu items marked as current on ``url``, with how (page or section)."""
        html = client.get(url).content.decode()
        menu = re.search(r'class="zicht-nav portal-nav">(.*?)</nav>', html, re.S)[1]
        return {label: how for how, label in re.findall(r'aria-current="(\w+)">([^<]+)<', menu)}

    working, rounds = (
        ("Working figures and publishing", "Delivery rounds")
        if prefix
        else ("Werkcijfers en publiceren", "Leverrondes")
    )
    with translation.override(language_of(prefix)):
        urls = (
            reverse("portal:working_figures_index"),
            reverse("portal:publish", args=[YEAR]),
            reverse("portal:round", args=[delivery_round.pk]),
        )
    assert marked(urls[0]) == {working: "page"}
    assert marked(urls[1]) == {working: "true"}
    assert marked(urls[2]) == {rounds: "true"}


def test_the_menu_leads_the_coordinator_to_publishing_and_the_analyst_to_the_figures(
    db, client, catalog
):
    """Publishing starts from the working figures: the coordinator's menu says so; an analyst,
    who may not publish, reads "Werkcijfers"; someone with both roles sees the item once."""
    catalog_sync(catalog=catalog)

    def items(user) -> list[str]:
        sign_in_verified(client, user)
        html = client.get(reverse("portal:working_figures_index")).content.decode()
        menu = re.search(r'class="zicht-nav portal-nav">(.*?)</nav>', html, re.S)[1]
        return [label for label in re.findall(r">([^<>]+)</a>", menu) if "Werkcijfers" in label]

    assert items(make_user("co", Role.COORDINATOR)) == ["Werkcijfers en publiceren"]
    heading = client.get(reverse("portal:working_figures_index")).content.decode()
    assert '<h1 class="utrecht-heading-1">Werkcijfers en publiceren</h1>' in heading
    assert items(make_user("an", Role.ANALYST)) == ["Werkcijfers"]
    assert items(make_user("both", Role.ANALYST, Role.COORDINATOR)) == ["Werkcijfers en publiceren"]
