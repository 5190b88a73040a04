"""The delivery flow through the portal: template, refused upload, correction, board, four-eyes
review, publication of accepted deliveries only, reminders, and the audit trail."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from openpyxl import load_workbook

from tests.web.portal_setup import (
    PARTNER_A,
    PARTNER_B,
    RECORD_HEADER,
    aggregate_csv,
    make_user,
    partner_and_coordinator,
    record_csv,
    round_with_one_accepted_delivery,
    sign_in_verified,
)
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.monitor.models import Delivery, Edition, EditionFigure, Immutable
from zicht.web.monitor.publishing import PublicationRefused, edition_publish
from zicht.web.monitor.selectors import edition_delivering_partners
from zicht.web.monitor.services import ReviewRefused, delivery_import, delivery_review
from zicht.web.portal import services
from zicht.web.portal.demo_setup import demo_portal_setup
from zicht.web.portal.models import AuditEvent, DataAgreement, DeliveryRound, UploadAttempt
from zicht.web.portal.publication import SEEN_FIELD
from zicht.web.portal.publication_preview import publication_preview
from zicht.web.portal.roles import Role
from zicht.web.portal.selectors import (
    DeliveredFigure,
    DeliveredIndicator,
    Status,
    notable_count,
    round_board,
)

YEAR = 2020
WRONG = b"GEHEIM-ONBEKEND-XYZ"


@pytest.fixture
def people(db, catalog):
    return partner_and_coordinator(catalog)


def _status_of(delivery_round, partner: str) -> set[Status]:
    return {row.status for row in round_board(delivery_round=delivery_round, partner=partner)}


def test_xlsx_template_has_code_lists_and_instructions_in_the_portal_s_language(
    people, client, catalog
):
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() + dt.timedelta(5))
    services.round_open(catalog=catalog, plan=plan)
    sign_in_verified(client, people["partner"])
    response = client.get(reverse("portal:template", args=[PARTNER_A, YEAR, "xlsx"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["gemeente", "periode"]  # the Dutch portal's names
    lists = {str(dv.sqref)[0]: dv for dv in sheet.data_validations.dataValidation}
    sex_column = "ABCDEFG"[header.index("geslacht")]
    assert lists[sex_column].type == "list" and str(lists[sex_column].sqref).startswith(
        f"{sex_column}2:"
    )
    # The list points at a column of the hidden codes sheet: "codes!$D$2:$D$4".
    source = lists[sex_column].formula1.split("!")[1].replace("$", "")
    codes = {c.value for row in workbook["codes"][source] for c in row}
    assert codes == {"man", "vrouw", "anders_onbekend"}
    guide = "\n".join(str(c.value) for c in workbook["Toelichting"]["A"])
    assert "Vul geen namen" in guide and "Toegestane codes" in guide
    # Every column and code in words: a partner reads "GM0606 = Schiedam", not a bare code.
    assert "gemeente (verplicht): de gemeente, als CBS-code" in guide
    # A breakdown column says what goes in it and where its codes are, not just its name.
    assert (
        "geslacht (verplicht): Geslacht, per casus; kies een code uit de lijst 'Toegestane "
        "codes' hieronder" in guide
    )
    assert "  GM0606 = Schiedam" in guide and "  vrouw = Vrouw" in guide
    assert "alleen de kopregel" in guide  # a year without cases
    assert "Engelse kolomnamen" in guide
    # The partner's page points to that sheet by the name it has in the reader's language.
    page = client.get(reverse("portal:partner", args=[PARTNER_A])).content.decode()
    assert "op het blad 'Toelichting' van het Excel-sjabloon" in page
    # The round's upload field is labelled (a screen reader names it by its year).
    field = re.search(
        r'<label for="(bestand-\d+)">Bestand over 2020 uploaden \(CSV of XLSX\)<', page
    )
    assert field and f'<input id="{field[1]}" type="file"' in page
    # From the English portal, the columns and instructions are in English.
    assert f'filename="sjabloon-{PARTNER_A}-{YEAR}.xlsx"' in response["Content-Disposition"]
    english = client.get("/en" + reverse("portal:template", args=[PARTNER_A, YEAR, "xlsx"]))
    assert f'filename="template-{PARTNER_A}-{YEAR}.xlsx"' in english["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(english.content))
    assert [c.value for c in workbook.worksheets[0][1]][:3] == ["municipality", "period", "sex"]
    guide = "\n".join(str(c.value) for c in workbook["Instructions"]["A"])
    assert "Do not enter names" in guide and "  vrouw = Female" in guide
    assert "sex (required): Sex, per case; choose a code from the list 'Allowed codes'" in guide
    assert "Vul geen" not in guide
    page = client.get(f"/en/portaal/partner/{PARTNER_A}/").content.decode()
    assert "on the 'Instructions' sheet of the Excel template" in page


def test_the_dutch_template_filled_in_is_accepted_and_a_mistake_named_by_its_dutch_column(
    people, client
):
    sign_in_verified(client, people["partner"])
    template = client.get(reverse("portal:template", args=[PARTNER_A, YEAR, "csv"]))
    header = template.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("gemeente;periode;geslacht;")
    width = header.count(";") + 1
    case = ["GM0599", f"{YEAR}-04-01", "vrouw", "18-23", "seksueel", "eu"][:width]
    url = reverse("portal:upload_file", args=[PARTNER_A, YEAR])
    wrong = ";".join(["GM0599", f"{YEAR}-04-01", "onbekend-geslacht", *case[3:]])
    response = client.post(
        url,
        {"file": SimpleUploadedFile("h.csv", f"{header}\n{wrong}\n".encode())},
        follow=True,
    )
    page = response.content.decode()
    assert "geweigerd" in page and "onbekende categorie" in page
    assert re.search(r'data-label="Kolom" class="utrecht-table__cell">geslacht<', page)
    assert not Delivery.objects.filter(partner_id=PARTNER_A).exists()
    # The count is of this step's errors: the partner is told a later step may find more.
    assert "na verbetering kan een volgende stap dus nog fouten vinden" in page
    # The English portal gives the checks' reasons in English, marked as English (a screen
    # reader then reads them with English pronunciation).
    english = client.post(
        "/en" + url,
        {"file": SimpleUploadedFile("h.csv", f"{header}\n{wrong}\n".encode())},
        follow=True,
    ).content.decode()
    assert ">What is wrong<" in english and "(in Dutch)" not in english
    assert "after a correction a later step may still find errors" in english
    assert re.search(r'class="utrecht-table__cell" lang="en">unknown category', english)
    client.post(
        url, {"file": SimpleUploadedFile("h.csv", f"{header}\n{';'.join(case)}\n".encode())}
    )
    assert Delivery.objects.get(partner_id=PARTNER_A).row_count == 1


def test_wrong_code_refused_with_row_and_column_then_correction_accepted_and_published(
    people, client, catalog
):
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() + dt.timedelta(5))
    delivery_round = services.round_open(catalog=catalog, plan=plan, user=people["coordinator"])
    assert _status_of(delivery_round, PARTNER_A) == {Status.REQUESTED}
    sign_in_verified(client, people["partner"])
    url = reverse("portal:upload_file", args=[PARTNER_A, YEAR])
    response = client.post(
        url, {"file": SimpleUploadedFile("h.csv", record_csv(YEAR, wrong_row=4))}, follow=True
    )
    page = response.content.decode()
    assert "geweigerd" in page
    assert re.search(r'data-label="Rij" class="utrecht-table__cell">4<', page)
    assert "sex" in page and "onbekende categorie" in page
    assert WRONG.decode() not in page  # never echo the refused value
    attempt = UploadAttempt.objects.get()
    assert attempt.outcome == "refused" and WRONG.decode() not in str(attempt.errors)
    assert not Delivery.objects.filter(partner_id=PARTNER_A).exists()
    assert _status_of(delivery_round, PARTNER_A) == {Status.REFUSED}
    assert not AuditEvent.objects.filter(detail__contains=WRONG.decode()).exists()

    client.post(url, {"file": SimpleUploadedFile("h.csv", record_csv(YEAR, rows=20))})
    delivery = Delivery.objects.get(partner_id=PARTNER_A)
    assert delivery.content is None  # record-level: counted, never kept
    assert delivery.delivered_by == people["partner"] and delivery.channel == "portal"
    assert _status_of(delivery_round, PARTNER_A) == {Status.RECEIVED}

    # Not accepted yet: publishing leaves it out (here: nothing else counts, so refused).
    with pytest.raises(PublicationRefused):
        edition_publish(catalog=catalog, year=YEAR)
    sign_in_verified(client, people["coordinator"])
    board = client.get(reverse("portal:round", args=[delivery_round.pk])).content.decode()
    assert "ontvangen, wacht op beoordeling" in board
    client.post(reverse("portal:review", args=[delivery.pk]), {"decision": "accept"})
    assert _status_of(delivery_round, PARTNER_A) == {Status.ACCEPTED}
    # Publishing is confirmed on a page that names what goes in (test_portal_publish.py).
    seen = publication_preview(catalog=catalog, year=YEAR).seen
    client.post(reverse("portal:publish", args=[YEAR]), {SEEN_FIELD: seen})
    edition = Edition.objects.get(year=YEAR)
    assert edition.is_published and edition.published_by == people["coordinator"]
    total = EditionFigure.objects.get(
        edition=edition, indicator_code="humanitas_reports", area_code="GM0599", breakdown=""
    )
    assert total.value == 20 and total.deliveries == [delivery.pk]
    assert [p.code for p in edition_delivering_partners(edition=edition)] == [PARTNER_A]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"round", "upload_refused", "delivery", "acceptance", "publication"} <= actions


def test_a_refused_upload_after_a_delivery_leaves_the_delivery_standing_on_the_board(
    people, client, catalog
):
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() + dt.timedelta(5))
    delivery_round = services.round_open(catalog=catalog, plan=plan, user=people["coordinator"])
    sign_in_verified(client, people["partner"])
    url = reverse("portal:upload_file", args=[PARTNER_A, YEAR])
    client.post(url, {"file": SimpleUploadedFile("h.csv", record_csv(YEAR, rows=20))})
    assert _status_of(delivery_round, PARTNER_A) == {Status.RECEIVED}
    client.post(url, {"file": SimpleUploadedFile("h.csv", record_csv(YEAR, wrong_row=4))})
    assert UploadAttempt.objects.latest("pk").outcome == "refused"
    # The refused file changed nothing: the delivery still waits for review ...
    assert _status_of(delivery_round, PARTNER_A) == {Status.RECEIVED}
    delivery = Delivery.objects.get(partner_id=PARTNER_A)
    delivery_review(delivery=delivery, accept=True, reviewer=people["coordinator"])
    # ... and once accepted it counts as accepted, so no reminder goes out for it.
    assert _status_of(delivery_round, PARTNER_A) == {Status.ACCEPTED}
    assert services.rounds_remind(base_url="https://zicht.example.nl") == 0


def test_a_file_named_after_a_person_is_kept_and_shown_under_a_neutral_name(people, client):
    sign_in_verified(client, people["partner"])
    url = reverse("portal:upload_file", args=[PARTNER_A, YEAR])
    for content in (record_csv(YEAR, wrong_row=4), record_csv(YEAR, rows=20)):  # refused, stored
        named = SimpleUploadedFile("Jan_Jansen 12-03-1990.csv", content)
        page = client.post(url, {"file": named}, follow=True).content.decode()
        assert "Jansen" not in page and "1990" not in page
        assert "naam-niet-bewaard.csv" in page
    assert set(UploadAttempt.objects.values_list("filename", flat=True)) == {
        "naam-niet-bewaard.csv"
    }
    assert Delivery.objects.get(partner_id=PARTNER_A).filename == "naam-niet-bewaard.csv"
    # An ordinary name, with an export date in it, is kept as it was.
    client.post(url, {"file": SimpleUploadedFile("humanitas_2020_v2.csv", record_csv(YEAR))})
    assert UploadAttempt.objects.latest("pk").filename == "humanitas_2020_v2.csv"


def test_an_empty_file_is_refused_in_words_and_kept_in_the_history(people, client):
    sign_in_verified(client, people["partner"])
    url = reverse("portal:upload_file", args=[PARTNER_A, YEAR])
    page = client.post(
        url, {"file": SimpleUploadedFile("leeg.csv", b"")}, follow=True
    ).content.decode()
    assert "Kies een bestand" not in page and "het bestand is leeg" in page
    attempt = UploadAttempt.objects.get()
    assert attempt.outcome == "refused" and attempt.filename == "leeg.csv"


def test_a_year_without_cases_is_delivered_as_the_header_alone(people, client, catalog):
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() + dt.timedelta(5))
    services.round_open(catalog=catalog, plan=plan)
    sign_in_verified(client, people["partner"])
    page = client.get(f"/portaal/partner/{PARTNER_A}/").content.decode()
    assert "alleen de kopregel: dat telt als 0" in page
    url = reverse("portal:upload_file", args=[PARTNER_A, YEAR])
    header = record_csv(YEAR, rows=0)
    page = client.post(
        url, {"file": SimpleUploadedFile("humanitas-2020.csv", header)}, follow=True
    ).content.decode()
    assert "een bestand zonder gevallen. Zicht telt 0 voor elke gemeente" in page
    delivery = Delivery.objects.get(partner_id=PARTNER_A, year=YEAR)
    assert delivery.row_count == 0 and delivery.review == Delivery.Review.PENDING
    totals = delivery.observations.filter(breakdown="")
    assert totals.exists() and set(totals.values_list("value", flat=True)) == {0.0}


def test_a_round_for_a_published_edition_is_refused_with_the_reason(demo_monitor, client):
    """Figures asked for a year whose edition is published could reach no edition: the round
    is refused in the service and on the coordinator's form, in Dutch, and nothing opens."""
    coordinator = make_user("coordinator", Role.COORDINATOR)
    plan = services.default_plan(demo_monitor, year=2021, deadline=dt.date.today())
    with pytest.raises(services.RoundRefused, match="Editie 2021 is al gepubliceerd"):
        services.round_open(catalog=demo_monitor, plan=plan)
    sign_in_verified(client, coordinator)
    deadline = (dt.date.today() + dt.timedelta(9)).isoformat()
    response = client.post(reverse("portal:rounds"), {"year": 2021, "deadline": deadline})
    assert response.status_code == 200
    assert "Editie 2021 is al gepubliceerd" in response.content.decode()
    assert not DeliveryRound.objects.filter(year=2021).exists()
    opened = client.post(reverse("portal:rounds"), {"year": 2022, "deadline": deadline})
    assert opened.status_code == 302 and DeliveryRound.objects.filter(year=2022).exists()


def test_the_english_portal_names_partners_roles_and_states_in_english(people, client, catalog):
    sign_in_verified(client, people["partner"])
    url = reverse("portal:upload_file", args=[PARTNER_A, YEAR])
    client.post(url, {"file": SimpleUploadedFile("h.csv", record_csv(YEAR, rows=20))})
    client.post(url, {"file": SimpleUploadedFile("h.csv", record_csv(YEAR, wrong_row=4))})
    name = catalog.partners[PARTNER_A].name
    english = client.get(f"/en/portaal/partner/{PARTNER_A}/").content.decode()
    for shown in (name.en, "Partner user", "Current, awaiting review", "Refused by the checks"):
        assert shown in english, shown
    for dutch in (name.nl, "Partnermedewerker", "Actueel, wacht op", "Geweigerd bij controle"):
        assert dutch not in english, dutch
    dutch_page = client.get(f"/portaal/partner/{PARTNER_A}/").content.decode()
    assert name.nl in dutch_page and "Actueel, wacht op beoordeling" in dutch_page


def test_a_round_is_named_in_the_pages_language(people, client, catalog):
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() + dt.timedelta(5))
    delivery_round = services.round_open(catalog=catalog, plan=plan)
    sign_in_verified(client, people["coordinator"])
    for url in (reverse("portal:rounds"), reverse("portal:round", args=[delivery_round.pk])):
        dutch, english = (client.get(prefix + url).content.decode() for prefix in ("", "/en"))
        assert f"Leverronde {YEAR}" in dutch
        assert f"Delivery round {YEAR}" in english and f"Leverronde {YEAR}" not in english


def test_the_board_gives_each_indicator_the_agreement_that_covers_it(
    people, client, catalog, monkeypatch
):
    """The demo's agreements say what the public pages say: signed for the figures the
    catalogue calls agreed, a draft for criminal exploitation (in preparation); the board shows
    beside each figure only the agreements that cover it."""
    monkeypatch.setenv("ZICHT_ENVIRONMENT", "demo")
    demo_portal_setup(catalog=catalog)
    delivery_round = DeliveryRound.objects.get()
    sign_in_verified(client, people["coordinator"])
    page = client.get(reverse("portal:round", args=[delivery_round.pk])).content.decode()

    def agreement_cell(indicator: str) -> str:
        row = re.search(rf'data-indicator="{indicator}">(.*?)</tr>', page, re.S)
        assert row, indicator
        return re.search(r'data-label="Gegevensafspraak"[^>]*>(.*?)</td>', row[1], re.S)[1]

    preparing = agreement_cell("criminal_exploitation_minors_signals")
    assert "In voorbereiding" in preparing and "Getekend" not in preparing
    delivered = agreement_cell("humanitas_reports")
    assert "Getekend (15 januari 2018" in delivered and "In voorbereiding" not in delivered
    assert "Verlopen" not in page  # the demo's agreements run from the day it is set up
    # The partner asked for a figure whose agreement is still being prepared is named above
    # the board, and no partner whose figures a signed agreement covers.
    unsigned = re.search(r'data-testid="unsigned-agreements">(.*?)</div>', page, re.S)[1]
    preparing_partner = re.search(
        r'data-partner="([^"]+)" data-indicator="criminal_exploitation_minors_signals"', page
    )[1]
    names = {p.code: p.name.nl for p in catalog.partners.values()}
    assert "Aan 1 partner is een cijfer gevraagd" in unsigned
    assert names[preparing_partner] in unsigned and "Humanitas" not in unsigned

    # An agreement past its end date is named as lapsed on the board and above it, in both
    # languages, though nobody changed its stored status.
    lapsed = DataAgreement.objects.filter(partner_id="humanitas").get(status="signed")
    lapsed.valid_until = timezone.localdate() - dt.timedelta(days=1)
    lapsed.save()
    page = client.get(reverse("portal:round", args=[delivery_round.pk])).content.decode()
    with translation.override("nl"):
        day = date_format(lapsed.valid_until, "j F Y")
    assert f"Verlopen op {day}" in agreement_cell("humanitas_reports")
    assert "Getekend" in agreement_cell("police_signals")
    notice = re.search(r'<div class="portal-errors" role="note">(.*?)</div>', page, re.S)[1]
    assert "De gegevensafspraak met 1 partner is verlopen" in notice
    assert "Humanitas" in notice and "Politie" not in notice
    with translation.override("en"):
        round_url, build_up_url = (
            reverse("portal:round", args=[delivery_round.pk]),
            reverse("portal:build_up"),
        )
    english = client.get(round_url).content
    assert b"The data agreement with 1 partner has lapsed" in english
    assert b"Lapsed on " in english
    assert b"Lapsed on " in client.get(build_up_url).content


def test_sign_in_states_the_configured_lock_out_and_asks_for_a_one_time_code(
    people, client, settings
):
    settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME = 3, 0.5
    page = client.get(reverse("portal:sign_in")).content.decode()
    assert "Na 3 verkeerde wachtwoorden wordt aanmelden 30 minuten geblokkeerd" in page
    english = client.get("/en" + reverse("portal:sign_in")).content.decode()
    assert "After 3 wrong passwords signing in is blocked for 30 minutes" in english
    client.force_login(make_user("code", Role.PARTNER, partner=PARTNER_A))  # the password step
    verify = client.get(reverse("portal:verify"), follow=True).content.decode()
    assert 'autocomplete="one-time-code"' in verify


def test_the_partner_page_says_how_to_fill_the_template(people, client, catalog):
    """A record-level partner counts cases, row by row; an aggregate one writes figures: each
    is told so beside the template, not only on the Excel sheet."""
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() + dt.timedelta(5))
    services.round_open(catalog=catalog, plan=plan)
    sign_in_verified(client, people["coordinator"])
    record = client.get(f"/portaal/partner/{PARTNER_A}/").content.decode()
    aggregate = client.get(f"/portaal/partner/{PARTNER_B}/").content.decode()
    assert "één regel in per geval" in record and "één regel in per cijfer" not in record
    assert "één regel in per cijfer" in aggregate and "één regel in per geval" not in aggregate
    for page in (record, aggregate):
        assert "GM0599 voor Rotterdam" in page


def test_the_language_switch_keeps_the_page(people, client):
    sign_in_verified(client, people["partner"])
    page = client.get(f"/portaal/partner/{PARTNER_A}/").content.decode()
    assert f'hreflang="en" href="/en/portaal/partner/{PARTNER_A}/"' in page
    english = client.get(f"/en/portaal/partner/{PARTNER_A}/").content.decode()
    assert f'hreflang="nl" href="/portaal/partner/{PARTNER_A}/"' in english


def test_publication_counts_only_accepted_deliveries(people, catalog):
    accepted = delivery_import(
        catalog=catalog,
        partner=PARTNER_B,
        year=YEAR,
        filename="fier.csv",
        content=aggregate_csv(catalog, PARTNER_B, YEAR),
    )  # fmt: skip  (automation: counts as accepted)
    waiting = delivery_import(
        catalog=catalog, partner=PARTNER_A, year=YEAR, filename="h.csv",
        content=record_csv(YEAR), delivered_by=people["partner"],
    )  # fmt: skip
    assert accepted.delivery.review == "accepted" and waiting.delivery.review == "pending"
    edition = edition_publish(catalog=catalog, year=YEAR)
    ids = {i for row in EditionFigure.objects.filter(edition=edition) for i in row.deliveries}
    assert accepted.delivery.pk in ids and waiting.delivery.pk not in ids


def test_four_eyes_in_the_service_and_refusal_reason(people, catalog):
    result = delivery_import(
        catalog=catalog, partner=PARTNER_A, year=YEAR, filename="h.csv",
        content=record_csv(YEAR), delivered_by=people["partner"],
    )  # fmt: skip
    with pytest.raises(ReviewRefused):
        delivery_review(delivery=result.delivery, reviewer=people["partner"], accept=True)
    refused = delivery_review(
        delivery=result.delivery, reviewer=people["coordinator"], accept=False,
        reason="totaal wijkt sterk af van vorig jaar",
    )  # fmt: skip
    assert refused.review == "refused"
    with pytest.raises(ReviewRefused):  # reviewed once
        delivery_review(delivery=result.delivery, reviewer=people["coordinator"], accept=True)


def test_cli_delivery_with_pending_waits_for_review(people, catalog):
    result = delivery_import(
        catalog=catalog, partner=PARTNER_B, year=YEAR, filename="fier.csv",
        content=aggregate_csv(catalog, PARTNER_B, YEAR), pending=True,
    )  # fmt: skip
    assert result.delivery.channel == "automation" and result.delivery.review == "pending"


def test_not_available_with_reason_shows_on_the_board(people, client, catalog):
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() + dt.timedelta(5))
    delivery_round = services.round_open(catalog=catalog, plan=plan)
    item = delivery_round.requests.get(partner_id=PARTNER_A)
    sign_in_verified(client, people["partner"])
    client.post(reverse("portal:unavailable", args=[item.pk]), {"reason": "registratie ontbreekt"})
    rows = round_board(delivery_round=delivery_round, partner=PARTNER_A)
    assert rows[0].status is Status.NOT_AVAILABLE and rows[0].reason == "registratie ontbreekt"


def test_a_delivery_after_not_available_says_the_mark_was_made(people, client, catalog):
    """Delivered all the same, the figures count; the board and the partner's page say the
    indicator had been marked "not available", so that the mark does not vanish unsaid."""
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() + dt.timedelta(5))
    delivery_round = services.round_open(catalog=catalog, plan=plan)
    item = delivery_round.requests.get(partner_id=PARTNER_A)
    sign_in_verified(client, people["partner"])
    client.post(reverse("portal:unavailable", args=[item.pk]), {"reason": "registratie ontbreekt"})
    before = client.get(reverse("portal:partner", args=[PARTNER_A])).content.decode()
    assert 'data-testid="delivered-despite-mark"' not in before
    url = reverse("portal:upload_file", args=[PARTNER_A, YEAR])
    client.post(url, {"file": SimpleUploadedFile("h.csv", record_csv(YEAR))})
    (row,) = round_board(delivery_round=delivery_round, partner=PARTNER_A)
    assert row.status is Status.RECEIVED and row.delivered_despite_mark
    page = client.get(reverse("portal:partner", args=[PARTNER_A])).content.decode()
    assert "Eerder gemeld als niet beschikbaar; de levering bevat er toch cijfers voor." in page
    client.logout()
    sign_in_verified(client, people["coordinator"])
    board = client.get(reverse("portal:round", args=[delivery_round.pk])).content.decode()
    assert board.count('data-testid="delivered-despite-mark"') == 1


def _marked_unavailable(delivery_round, client, reason: str = "registratie ontbreekt"):
    item = delivery_round.requests.filter(partner_id=PARTNER_A).first()
    client.post(reverse("portal:unavailable", args=[item.pk]), {"reason": reason})
    assert _status_of(delivery_round, PARTNER_A) >= {Status.NOT_AVAILABLE}
    return item


def test_not_available_can_be_withdrawn_and_the_indicator_is_requested_again(
    people, client, catalog
):
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() + dt.timedelta(5))
    delivery_round = services.round_open(catalog=catalog, plan=plan)
    sign_in_verified(client, people["partner"])
    item = _marked_unavailable(delivery_round, client, reason="registratie ontbreekt")
    page = client.get(reverse("portal:partner", args=[PARTNER_A])).content.decode()
    assert reverse("portal:available", args=[item.pk]) in page and "Melding intrekken" in page

    response = client.post(reverse("portal:available", args=[item.pk]), follow=True)
    assert "Melding &#x27;niet beschikbaar&#x27; ingetrokken." in response.content.decode()
    row = next(r for r in round_board(delivery_round=delivery_round) if r.request_id == item.pk)
    assert row.status is Status.REQUESTED and row.reason == ""
    # The reason is gone from the board and the page; the audit trail keeps that it happened.
    assert "registratie ontbreekt" not in response.content.decode()
    event = AuditEvent.objects.get(action="not_available_withdrawn")
    assert event.actor_name == "partner" and event.target == f"gevraagde indicator {item.pk}"
    assert "registratie ontbreekt" not in event.detail
    assert AuditEvent.objects.filter(action="not_available").count() == 1
    # A second click changes nothing and records nothing more.
    client.post(reverse("portal:available", args=[item.pk]))
    assert AuditEvent.objects.filter(action="not_available_withdrawn").count() == 1
    # The coordinator's board says that a mark was taken back, and when (not why).
    row = next(r for r in round_board(delivery_round=delivery_round) if r.request_id == item.pk)
    assert row.withdrawn_at is not None
    sign_in_verified(client, people["coordinator"])
    board = client.get(reverse("portal:round", args=[delivery_round.pk])).content.decode()
    cell = re.search(rf'data-indicator="{item.indicator_id}">(.*?)</tr>', board, re.S)[1]
    assert "Melding 'niet beschikbaar' ingetrokken op" in cell
    assert "registratie ontbreekt" not in board
    # Marked again, the board shows the new mark, not the old withdrawal.
    sign_in_verified(client, people["partner"])
    _marked_unavailable(delivery_round, client, reason="opnieuw niet beschikbaar")
    row = next(r for r in round_board(delivery_round=delivery_round) if r.request_id == item.pk)
    assert row.status is Status.NOT_AVAILABLE and row.withdrawn_at is None


def test_a_withdrawn_mark_shows_what_was_delivered(people, client, catalog):
    """Withdrawn, the request takes the board's ordinary status: here a delivery waiting."""
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() + dt.timedelta(5))
    delivery_round = services.round_open(catalog=catalog, plan=plan)
    sign_in_verified(client, people["partner"])
    item = _marked_unavailable(delivery_round, client)
    client.post(
        reverse("portal:upload_file", args=[PARTNER_A, YEAR]),
        {"file": SimpleUploadedFile("h.csv", record_csv(YEAR, rows=20))},
    )
    client.post(reverse("portal:available", args=[item.pk]))
    assert _status_of(delivery_round, PARTNER_A) == {Status.RECEIVED}


def test_not_available_stands_once_the_edition_is_published(people, client, catalog):
    """Published, the edition never changes: the round is closed and the mark is kept, said
    in Dutch on the partner's page (and in English on the English one)."""
    delivery_round = round_with_one_accepted_delivery(
        catalog, YEAR, dt.date.today() + dt.timedelta(5)
    )
    sign_in_verified(client, people["partner"])
    item = _marked_unavailable(delivery_round, client)
    edition_publish(catalog=catalog, year=YEAR)

    response = client.post(reverse("portal:available", args=[item.pk]), follow=True)
    page = response.content.decode()
    assert f"Editie {YEAR} is al gepubliceerd: de ronde is gesloten" in page
    assert _status_of(delivery_round, PARTNER_A) == {Status.NOT_AVAILABLE}
    assert not AuditEvent.objects.filter(action="not_available_withdrawn").exists()
    assert reverse("portal:available", args=[item.pk]) not in page  # no button that cannot work
    with pytest.raises(services.RoundClosed):
        services.request_withdraw_unavailable(item=item, user=people["partner"])
    english = client.post(f"/en/portaal/gevraagd/{item.pk}/toch-beschikbaar/", follow=True)
    assert f"Edition {YEAR} has been published" in english.content.decode()


def test_not_available_cannot_be_said_once_the_edition_is_published(people, client, catalog):
    """The same rule as its withdrawal: a mark after publication could change nothing."""
    delivery_round = round_with_one_accepted_delivery(
        catalog, YEAR, dt.date.today() + dt.timedelta(5)
    )
    edition_publish(catalog=catalog, year=YEAR)
    sign_in_verified(client, people["partner"])
    item = delivery_round.requests.filter(partner_id=PARTNER_A).first()
    page = client.get(reverse("portal:partner", args=[PARTNER_A])).content.decode()
    assert reverse("portal:unavailable", args=[item.pk]) not in page
    response = client.post(
        reverse("portal:unavailable", args=[item.pk]), {"reason": "geen registratie"}, follow=True
    )
    assert f"Editie {YEAR} is al gepubliceerd: de ronde is gesloten" in response.content.decode()
    item.refresh_from_db()
    assert item.unavailable_reason == ""
    assert not AuditEvent.objects.filter(action="not_available").exists()


def test_late_and_reminders_by_email(people, catalog):
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() - dt.timedelta(1))
    delivery_round = services.round_open(catalog=catalog, plan=plan)
    assert _status_of(delivery_round, PARTNER_A) == {Status.LATE}
    sent = services.rounds_remind(base_url="https://zicht.example.nl")
    assert sent == 1 and mail.outbox[0].to == ["partner@example.invalid"]
    assert "https://zicht.example.nl/portaal/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="reminder").exists()


def test_the_audit_trail_is_append_only(people):
    event = AuditEvent.objects.create(action="view", target="x")
    event.detail = "changed"
    with pytest.raises(Immutable):
        event.save()
    with pytest.raises(Immutable):
        event.delete()
    with pytest.raises(Immutable):
        AuditEvent.objects.filter(pk=event.pk).update(detail="changed")
    with pytest.raises(Immutable):
        AuditEvent.objects.all().delete()


def test_sign_in_and_failures_are_audited_without_the_password(db, client):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("iemand", password="een-heel-lang-wachtwoord-42")
    client.post(reverse("portal:sign_in"), {"username": "iemand", "password": "fout-wachtwoord-1"})
    failed = AuditEvent.objects.get(action="sign_in_failed")
    assert failed.target == "account iemand" and "fout-wachtwoord" not in failed.detail
    response = client.post(
        reverse("portal:sign_in"), {"username": "iemand", "password": "een-heel-lang-wachtwoord-42"}
    )
    assert response.status_code == 302 and reverse("portal:verify") in response["Location"]
    assert AuditEvent.objects.filter(action="sign_in", actor_name="iemand").exists()
    # No device yet: the second step is setting up the authenticator.
    assert reverse("portal:enrol") in client.get(response["Location"])["Location"]


def test_first_sign_in_sets_up_the_authenticator_then_backup_codes_work(db, client):
    import base64
    import time

    from django.contrib.auth import get_user_model
    from django_otp.oath import TOTP

    catalog_user = get_user_model().objects.create_user(
        "nieuw", password="een-heel-lang-wachtwoord-42"
    )
    client.post(
        reverse("portal:sign_in"), {"username": "nieuw", "password": "een-heel-lang-wachtwoord-42"}
    )
    page = client.get(reverse("portal:enrol"))
    secret = "".join(page.context["secret_groups"])
    wrong = client.post(reverse("portal:enrol"), {"otp_token": "000000"})
    assert "klopt niet" in wrong.content.decode()
    time.sleep(1.1)  # django-otp throttles: after one wrong code the next waits a second
    code = f"{TOTP(base64.b32decode(secret)).token():06d}"
    done = client.post(reverse("portal:enrol"), {"otp_token": code})
    codes = done.context["codes"]
    assert len(codes) == 10 and codes[0] in done.content.decode()
    assert client.get(reverse("portal:home")).status_code == 200  # verified: no role yet
    # Once a device exists, the enrol page never hands out another key.
    assert client.get(reverse("portal:enrol")).status_code == 302
    client.post(reverse("portal:sign_out"))
    client.post(
        reverse("portal:sign_in"), {"username": "nieuw", "password": "een-heel-lang-wachtwoord-42"}
    )
    client.post(reverse("portal:verify"), {"otp_token": codes[0]})
    assert client.get(reverse("portal:home")).status_code == 200
    assert catalog_user.staticdevice_set.get().token_set.count() == 9  # used once, gone


def test_lock_out_after_repeated_wrong_passwords_even_for_the_right_one(db, client):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("doelwit", password="een-heel-lang-wachtwoord-42")
    url = reverse("portal:sign_in")
    for attempt in range(5):
        client.post(url, {"username": "doelwit", "password": f"fout-{attempt}"})
    response = client.post(url, {"username": "doelwit", "password": "een-heel-lang-wachtwoord-42"})
    assert response.status_code in (403, 429) and "geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session
    refused = AuditEvent.objects.filter(action="request_refused", path=url)
    assert refused.exists()
    assert AuditEvent.objects.filter(action="sign_in_failed").count() >= 5


def test_the_build_up_shows_which_partners_join_in_which_year(db, catalog):
    from zicht.web.portal.selectors import build_up

    years = {y.year: y for y in build_up(catalog=catalog)}
    fiu = catalog.partners["fiu-nederland"]
    new = {y: {p.name for p in entry.partners if p.new} for y, entry in years.items()}
    assert fiu.name.nl in new[fiu.since]  # joins in its first year
    assert all(fiu.name.nl not in names for y, names in new.items() if y != fiu.since)
    earlier = [y for y in years if y < fiu.since]
    assert earlier and all(fiu.name.nl not in {p.name for p in years[y].partners} for y in earlier)
    # The English portal names the partners in English.
    english = {
        y.year: {p.name for p in y.partners} for y in build_up(catalog=catalog, language="en")
    }
    assert fiu.name.en in english[fiu.since] and fiu.name.nl not in english[fiu.since]


def test_audit_csv_for_administrators_is_safe_in_a_spreadsheet(db, client, catalog):
    import csv as csv_module

    catalog_sync(catalog=catalog)
    client.force_login(make_user("=HYPERLINK(1)"))  # an account name a spreadsheet would run
    admin_user = make_user("beheer", Role.ADMINISTRATOR, staff=True)
    sign_in_verified(client, admin_user)
    response = client.get(reverse("portal:audit_csv"))
    rows = list(csv_module.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert rows[0][:4] == ["tijdstip", "account-id", "wie", "wat"]
    assert rows[0][-2:] == ["volgnummer", "zegel"]
    positions = [int(row[-2]) for row in rows[1:]]
    assert positions == list(range(1, len(positions) + 1))  # the chain's order, no gap
    assert [row[-1] for row in rows[1:]] == [
        e.seal for e in AuditEvent.objects.order_by("position")[: len(positions)]
    ]
    assert any("HYPERLINK" in row[2] for row in rows[1:])
    assert not any(cell.startswith("=") for row in rows for cell in row)
    assert AuditEvent.objects.filter(action="download", target="audittrail").exists()


def test_an_analysis_run_is_audited_when_queued(db):
    from zicht.web.monitor.models import AnalysisRun

    run = AnalysisRun.objects.create(kind=AnalysisRun.Kind.LINKAGE, year=YEAR)
    event = AuditEvent.objects.get(action="analysis_run", target=f"analysetaak {run.pk}")
    assert "wachtrij" in event.detail


@pytest.mark.parametrize(
    ("before", "now", "stands_out"),
    [(2, 3, False), (0, 4, False), (0, 5, True), (20, 16, False), (40, 30, True), (100, 130, True),
     (100, 124, False), (None, 50, False)],
)  # fmt: skip
def test_a_change_stands_out_when_it_is_a_quarter_or_more_and_at_least_five(
    before, now, stands_out
):
    figure = DeliveredFigure("Rotterdam", "2020", now, None, before)
    assert figure.stands_out is stands_out


def test_the_notable_count_counts_every_marked_row_the_municipalities_sum_too():
    """Three municipalities each 4 up from 10 (not notable alone), together 12 up from 30:
    only the sum row is marked, and the count says so."""
    towns = tuple(DeliveredFigure(name, "2020", 14, None, 10) for name in ("A", "B", "C"))
    together = (DeliveredFigure("", "2020", 42, None, 30),)
    grown = (DeliveredFigure("D", "2020", 40, None, 20),)
    indicators = [
        DeliveredIndicator("signalen", towns, together),
        DeliveredIndicator("meldingen", grown, ()),
    ]
    assert not any(f.stands_out for f in towns) and together[0].stands_out
    count = notable_count(indicators)
    assert (count.rows, count.sums) == (2, 1)


def test_working_figures_list_municipalities_by_name_in_the_reader_s_language(
    people, client, catalog
):
    delivery_import(
        catalog=catalog, partner=PARTNER_A, year=YEAR, filename="h.csv",
        content=record_csv(YEAR), pending=True,
    )  # fmt: skip
    sign_in_verified(client, people["coordinator"])
    url = reverse("portal:working_figures", args=[YEAR])
    dutch, english = (client.get(p + url).content.decode() for p in ("", "/en"))
    areas = re.findall(r'data-label="Gebied"[^>]*>([^<]+)</td>', dutch)
    assert len(areas) > 2 and areas == sorted(areas, key=str.casefold)
    indicator = catalog.indicators["humanitas_reports"].name
    assert indicator.nl in dutch and indicator.en in english and indicator.nl not in english


def test_the_region_is_named_in_the_reader_s_language_in_the_working_figures_and_a_delivery(
    people, client, catalog
):
    """The database keeps the region's Dutch name; an English page names it as the public
    English pages do, from the catalogue."""
    delivered = delivery_import(
        catalog=catalog, partner="om-rotterdam", year=YEAR, filename="om.csv",
        content=aggregate_csv(catalog, "om-rotterdam", YEAR), pending=True,
    ).delivery  # fmt: skip
    region = catalog.regions[catalog.region].name
    sign_in_verified(client, people["coordinator"])
    for url in (
        reverse("portal:working_figures", args=[YEAR]),
        reverse("portal:delivery", args=[delivered.pk]),
    ):
        dutch, english = (client.get(p + url).content.decode() for p in ("", "/en"))
        assert f">{region.nl}</td>" in dutch and region.en not in dutch, url
        assert f">{region.en}</td>" in english and region.nl not in english, url


def test_an_estimate_in_the_working_figures_shows_its_interval_not_its_decimals(
    people, client, catalog
):
    """An estimate is a whole number of persons with its 95% interval, on the page and in the
    CSV; a count keeps its own figure."""
    delivery = delivery_import(
        catalog=catalog, partner=PARTNER_A, year=YEAR, filename="h.csv",
        content=record_csv(YEAR), pending=True,
    ).delivery  # fmt: skip
    observation = delivery.observations.filter(breakdown="").first()
    observation.value, observation.lower, observation.upper = 1132.394, 936.11, 1410.113
    observation.save()
    sign_in_verified(client, people["coordinator"])
    page = client.get(reverse("portal:working_figures", args=[YEAR])).content.decode()
    assert "1.132 <span" in page and "95%-interval 936–1.410" in page and "1.132,39" not in page
    english = client.get(f"/en/portaal/werkcijfers/{YEAR}/").content.decode()
    assert "1,132 <span" in english and "95% interval 936–1,410" in english
    rows = client.get(reverse("portal:working_csv", args=[YEAR])).content.decode().splitlines()
    header = rows[0].split(";")
    assert header[5:8] == ["waarde", "ondergrens", "bovengrens"]
    bounds = [r.split(";")[6:8] for r in rows[1:]]
    assert ["936.11", "1410.113"] in bounds and ["", ""] in bounds
    # The delivery's review page likewise (the portal stays in the language last chosen).
    review = client.get(f"/en/portaal/levering/{delivery.pk}/").content.decode()
    assert "1,132 <span" in review and "95% interval 936–1,410" in review
    assert "1,132.39" not in review


def test_the_reviewer_sees_the_municipalities_together_and_what_stands_out(people, client, catalog):
    """A record-level delivery whose count more than doubles: the reviewer is told, per row
    and above the tables, and sees the municipalities' sum beside the year before. The count
    above the tables is the number of rows marked, the sum row included and named as such."""

    def deliver(year: int, rows: int, *, pending: bool = False) -> Delivery:
        return delivery_import(
            catalog=catalog, partner=PARTNER_A, year=year, filename=f"h-{year}.csv",
            content=record_csv(year, rows=rows), pending=pending,
        ).delivery  # fmt: skip

    deliver(YEAR - 1, 12)
    grown = deliver(YEAR, 30, pending=True)
    sign_in_verified(client, people["coordinator"])
    page = client.get(reverse("portal:delivery", args=[grown.pk])).content.decode()
    marked = r'<tr class="utrecht-table__row portal-notable">(.*?)</tr>'
    totals = page[page.index('id="cijfers"') : page.index("</table>")]
    notable = re.findall(marked, totals, re.S)
    assert len(notable) == 2  # Rotterdam, and the municipalities together
    # The breakdowns below (by sex, age group, form) grew too, and are counted with the rest.
    in_breakdowns = len(re.findall(marked, page, re.S)) - 2
    assert in_breakdowns > 0
    assert (
        f"{2 + in_breakdowns} cijfers wijken sterk af van het jaar ervoor. Daarvan is 1 de som "
        f"van alle gemeenten samen, onderaan een tabel. {in_breakdowns} ervan staan in de "
        "uitsplitsingen." in page
    )
    assert "Rotterdam" in notable[0] and "+18 (+150%) <strong>opvallend</strong>" in notable[0]
    footer = page[page.index('<tfoot class="portal-total">') : page.index("</tfoot>")]
    cells = dict(re.findall(r'data-label="([^"]+)"[^>]*>(.*?)</td>', footer, flags=re.S))
    assert cells["Gebied"] == "Alle gemeenten samen"
    assert (cells["Waarde"], cells["Jaar ervoor"]) == ("30", "12")
    assert "Kijk of die klopt voordat u accepteert." in page
    # The partner sees the same marks on its own delivery, but is not told to accept it.
    sign_in_verified(client, people["partner"])
    own = client.get(reverse("portal:delivery", args=[grown.pk])).content.decode()
    assert f"{2 + in_breakdowns} cijfers wijken sterk af van het jaar ervoor." in own
    assert "Kijk of die klopt." in own and "accepteert" not in own
    english = client.get(f"/en/portaal/levering/{grown.pk}/").content.decode()
    assert (
        f"{2 + in_breakdowns} figures differ strongly from the year before. Of these, 1 is the "
        f"sum of all municipalities together, at the foot of a table. {in_breakdowns} of them "
        "are in the breakdowns." in english
    )
    assert "All municipalities together" in english and "notable" in english
    assert "Check that it is right." in english and "before you accept" not in english


def test_the_reviewer_sees_the_figures_beside_the_replaced_revision_and_the_year_before(
    people, client, catalog
):
    def deliver(year: int, value: int, *, pending: bool = False) -> Delivery:
        return delivery_import(
            catalog=catalog,
            partner=PARTNER_B,
            year=year,
            filename=f"fier-{year}.csv",
            content=aggregate_csv(catalog, PARTNER_B, year, value=value),
            pending=pending,
        ).delivery

    deliver(YEAR - 1, 5)
    deliver(YEAR, 7)
    revision = deliver(YEAR, 9, pending=True)
    sign_in_verified(client, people["coordinator"])
    page = client.get(reverse("portal:delivery", args=[revision.pk])).content.decode()
    table = page[page.index('id="cijfers"') : page.index("</table>")]
    cells = re.findall(r'data-label="([^"]+)"[^>]*>(.*?)</td>', table, flags=re.S)
    values = [text for label, text in cells if label == "Waarde"]
    assert values and all(text == "<strong>9</strong> (gewijzigd)" for text in values)
    assert {text for label, text in cells if label == "Vorige revisie"} == {"7"}
    assert {text for label, text in cells if label == "Jaar ervoor"} == {"5"}
    # One table per indicator, named in its caption rather than on every row.
    captions = re.findall(r'<caption class="utrecht-table__caption">([^<]+)</caption>', page)
    names = {indicator.name.nl for indicator in catalog.indicators_of(PARTNER_B, YEAR)}
    assert captions and set(captions) == names and len(captions) == len(names)
    # The first revision has nothing to replace: the reviewer is told so once, not shown a 0
    # or a column of "geen".
    first = Delivery.objects.get(partner_id=PARTNER_B, year=YEAR, revision=1)
    page = client.get(reverse("portal:delivery", args=[first.pk])).content.decode()
    assert "Dit is de eerste revisie: er is geen vorige om mee te vergelijken." in page
    table = page[page.index('id="cijfers"') : page.index("</table>")]
    cells = re.findall(r'data-label="([^"]+)"[^>]*>(.*?)</td>', table, flags=re.S)
    assert "Vorige revisie" not in {label for label, _text in cells}
    assert {text for label, text in cells if label == "Waarde"} == {"7"}


def test_the_reviewer_sees_each_breakdown_beside_the_year_before(people, client, catalog):
    """A shift between categories that leaves the total alone (more women, fewer men) shows
    only in the breakdowns: each is a table of its own, added up over the municipalities,
    in the catalogue's order of categories and named in the page's language."""

    def deliver(year: int, sexes: list[str], *, pending: bool = False) -> Delivery:
        lines = [";".join(RECORD_HEADER)]
        lines += [f"GM0599;{year};{sex};18-23;arbeid" for sex in sexes]
        lines += [f"GM0606;{year};{sex};24-30;arbeid" for sex in sexes]
        return delivery_import(
            catalog=catalog, partner=PARTNER_A, year=year, filename=f"h-{year}.csv",
            content=("\n".join(lines) + "\n").encode(), pending=pending,
        ).delivery  # fmt: skip

    deliver(YEAR - 1, ["man"] * 8 + ["vrouw"] * 2)
    shifted = deliver(YEAR, ["man"] * 2 + ["vrouw"] * 8, pending=True)
    sign_in_verified(client, people["coordinator"])
    page = client.get(reverse("portal:delivery", args=[shifted.pk])).content.decode()
    tables = re.findall(r"<table.*?</table>", page, re.S)
    captions = [re.search(r"<caption[^>]*>(.*?)</caption>", t, re.S)[1] for t in tables]
    name = catalog.indicators_of(PARTNER_A, YEAR)[0].name.nl
    by_sex = tables[captions.index(f"{name}, naar geslacht: alle gemeenten samen")]
    body = by_sex[by_sex.index("<tbody") :]
    rows = [
        dict(re.findall(r'data-label="([^"]+)"[^>]*>(.*?)</td>', row, re.S))
        for row in re.findall(r"<tr class=\"utrecht-table__row[^\"]*\">(.*?)</tr>", body, re.S)
    ]
    assert [(r["Geslacht"], r["Waarde"], r["Jaar ervoor"]) for r in rows] == [
        ("Man", "4", "16"),
        ("Vrouw", "16", "4"),
        ("Anders of onbekend", "0", "0"),
    ]
    assert "opvallend" in rows[0]["Verandering"] and "opvallend" in rows[1]["Verandering"]
    # The totals did not move, so nothing but the breakdown is marked.
    totals = page[page.index('id="cijfers"') : page.index("</table>")]
    assert "portal-notable" not in totals
    assert "2 cijfers wijken sterk af van het jaar ervoor. 2 ervan staan in de uitsplitsingen." in (
        page
    )
    english = client.get(f"/en/portaal/levering/{shifted.pk}/").content.decode()
    assert "by sex: all municipalities together" in english and ">Female<" in english
