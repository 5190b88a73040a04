"""Two forms a user walk found wanting: opening a round with a deadline that makes no sense,
and a "not available" reason refused for personal data with a message that said "Bestand:",
named no indicator and lost the panel it was typed in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.web.portal_setup import PARTNER_A, partner_and_coordinator, sign_in_verified
from zicht.web.portal import services
from zicht.web.portal.models import DeliveryRound

YEAR = 2020
NOT_IN_CATALOGUE = 2030  # the test catalogue describes the editions 2018 to 2021


@pytest.fixture
def people(db, catalog):
    return partner_and_coordinator(catalog)


def _open(client, year: int, deadline: dt.date, prefix: str = ""):
    return client.post(
        prefix + reverse("portal:rounds"), {"year": year, "deadline": deadline.isoformat()}
    )


@pytest.mark.parametrize(
    ("prefix", "said"),
    [("", "Deze datum is al voorbij"), ("/en", "This date has passed")],
)
def test_a_deadline_in_the_past_opens_no_round(people, client, prefix, said):
    sign_in_verified(client, people["coordinator"])
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = _open(client, YEAR, yesterday, prefix)
    assert response.status_code == 200 and said in response.content.decode()
    assert not DeliveryRound.objects.exists()


def test_a_deadline_before_the_year_has_ended_opens_no_round(people, client):
    sign_in_verified(client, people["coordinator"])
    this_year = timezone.localdate().year
    in_the_year = max(timezone.localdate(), dt.date(this_year, 12, 31))
    response = _open(client, this_year, in_the_year)
    page = response.content.decode()
    assert f"De ronde vraagt cijfers over heel {this_year}" in page
    assert not DeliveryRound.objects.exists()
    opened = _open(client, this_year, dt.date(this_year + 1, 1, 15))
    assert opened.status_code == 302 and DeliveryRound.objects.filter(year=this_year).exists()


def test_a_round_for_a_year_the_catalogue_lacks_opens_with_a_warning(people, client):
    sign_in_verified(client, people["coordinator"])
    deadline = dt.date(NOT_IN_CATALOGUE + 1, 2, 1)
    page = client.post(
        reverse("portal:rounds"),
        {"year": NOT_IN_CATALOGUE, "deadline": deadline.isoformat()},
        follow=True,
    ).content.decode()
    assert DeliveryRound.objects.filter(year=NOT_IN_CATALOGUE).exists()
    assert f"Editie {NOT_IN_CATALOGUE} staat nog niet in de catalogus" in page
    described = client.post(
        reverse("portal:rounds"), {"year": 2021, "deadline": deadline.isoformat()}, follow=True
    ).content.decode()
    assert "staat nog niet in de catalogus" not in described


@pytest.mark.parametrize(
    ("prefix", "said"),
    [
        ("", "is niet als niet beschikbaar gemeld: de reden bevat een naam van een persoon en "
         "een telefoonnummer."),
        ("/en", "was not reported as not available: the reason contains a person's name and a "
         "phone number."),
    ],
)  # fmt: skip
def test_a_reason_with_personal_data_names_the_indicator_and_the_kinds_and_reopens_the_form(
    people, client, catalog, prefix, said
):
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() + dt.timedelta(5))
    item = services.round_open(catalog=catalog, plan=plan).requests.filter(partner_id=PARTNER_A)[0]
    sign_in_verified(client, people["partner"])
    response = client.post(
        prefix + reverse("portal:unavailable", args=[item.pk]),
        {"reason": "Registratie niet klaar; bel Jan de Vries op 06-12345678"},
        follow=True,
    )
    page = response.content.decode()
    assert said in page.replace("&#x27;", "'")
    name = catalog.indicators[item.indicator_id].name
    assert (name.en if prefix else name.nl) in page
    assert "Bestand:" not in page and "teken " not in page
    assert "Vries" not in page and "12345678" not in page
    # The message at the top, the same indicator's form open to write the reason again.
    assert response.redirect_chain[-1][0].endswith(f"?open={item.pk}")
    assert "<details open><summary>" in page
    item.refresh_from_db()
    assert item.unavailable_reason == ""
