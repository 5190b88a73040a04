"""Every URL of the portal and the back office, walked with every role and anonymously.

Proves: a partner never sees or changes another partner's deliveries, rounds or uploads;
readers (no account) never reach non-public figures; an uploader cannot accept its own
delivery; every refused request is in the audit trail.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.web.portal_setup import (
    PARTNER_A,
    PARTNER_B,
    aggregate_csv,
    make_user,
    record_csv,
    sign_in_verified,
)
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.monitor.models import Delivery
from zicht.web.portal import services
from zicht.web.portal.models import AuditEvent, RoundRequest, UploadAttempt
from zicht.web.portal.roles import Role

YEAR = 2020
MARKER_B = "fier-geheim-bestand.csv"  # B's file name: must never reach partner A

ROLES = {
    "anonymous": None,
    "partner_a": (Role.PARTNER,),
    "partner_b": (Role.PARTNER,),
    "analyst": (Role.ANALYST,),
    "coordinator": (Role.COORDINATOR,),
    "administrator": (Role.ADMINISTRATOR,),
}
STAFF = {"analyst", "coordinator", "administrator"}


@pytest.fixture
def world(db, catalog):
    catalog_sync(catalog=catalog)
    users = {
        "partner_a": make_user("partner_a", Role.PARTNER, partner=PARTNER_A),
        "partner_b": make_user("partner_b", Role.PARTNER, partner=PARTNER_B),
        "analyst": make_user("analyst", Role.ANALYST),
        "coordinator": make_user("coordinator", Role.COORDINATOR),
        "administrator": make_user("administrator", Role.ADMINISTRATOR, staff=True),
    }
    plan = services.default_plan(catalog, year=YEAR, deadline=dt.date.today() + dt.timedelta(9))
    opened = services.round_open(catalog=catalog, plan=plan, user=users["coordinator"])
    upload_a = services.upload_receive(
        catalog=catalog, partner=PARTNER_A, year=YEAR, filename="humanitas.csv",
        content=record_csv(YEAR), user=users["partner_a"],
    )  # fmt: skip
    upload_b = services.upload_receive(
        catalog=catalog, partner=PARTNER_B, year=YEAR, filename=MARKER_B,
        content=aggregate_csv(catalog, PARTNER_B, YEAR), user=users["partner_b"],
    )  # fmt: skip
    assert upload_a.delivery is not None and upload_b.delivery is not None
    return {
        "users": users,
        "round": opened,
        "upload_a": upload_a,
        "upload_b": upload_b,
        "request_a": RoundRequest.objects.filter(round=opened, partner_id=PARTNER_A).first(),
        "request_b": RoundRequest.objects.filter(round=opened, partner_id=PARTNER_B).first(),
    }


def _pages(world) -> list[tuple[str, set[str]]]:
    """(URL, roles that may GET it). Partner pages are open to staff and their own partner."""
    a, b = world["upload_a"], world["upload_b"]
    return [
        (reverse("portal:partner", args=[PARTNER_A]), STAFF | {"partner_a"}),
        (reverse("portal:partner", args=[PARTNER_B]), STAFF | {"partner_b"}),
        (reverse("portal:template", args=[PARTNER_A, YEAR, "xlsx"]), STAFF | {"partner_a"}),
        (reverse("portal:template", args=[PARTNER_B, YEAR, "csv"]), STAFF | {"partner_b"}),
        (reverse("portal:upload", args=[a.pk]), STAFF | {"partner_a"}),
        (reverse("portal:upload", args=[b.pk]), STAFF | {"partner_b"}),
        (reverse("portal:delivery", args=[a.delivery_id]), STAFF | {"partner_a"}),
        (reverse("portal:delivery", args=[b.delivery_id]), STAFF | {"partner_b"}),
        (reverse("portal:rounds"), STAFF),
        (reverse("portal:round", args=[world["round"].pk]), STAFF),
        (reverse("portal:reviews"), {"coordinator"}),
        (reverse("portal:working_figures_index"), STAFF),
        (reverse("portal:working_figures", args=[YEAR]), STAFF),
        (reverse("portal:working_csv", args=[YEAR]), STAFF),
        (reverse("portal:publish", args=[YEAR]), {"coordinator"}),  # the confirmation page
        (reverse("portal:build_up"), STAFF),
        (reverse("portal:audit"), {"administrator"}),
        (reverse("portal:audit_csv"), {"administrator"}),
    ]


def _admin_pages() -> list[str]:
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    return pages


def _client_for(client_factory, world, role: str):
    client = client_factory()
    if role != "anonymous":
        sign_in_verified(client, world["users"][role])
    return client


def _is_refusal(response) -> bool:
    location = response.get("Location", "")
    return response.status_code in (401, 403) or (
        response.status_code == 302 and ("aanmelden" in location or "/login/" in location)
    )


@pytest.mark.parametrize("role", list(ROLES))
def test_every_portal_url_with_every_role(role, world, django_user_model):
    from django.test import Client

    client = _client_for(Client, world, role)
    for url, allowed in _pages(world):
        refused_before = AuditEvent.objects.filter(action="request_refused", path=url).count()
        response = client.get(url)
        if role in allowed:
            assert response.status_code == 200, (role, url, response.status_code)
        else:
            assert _is_refusal(response), (role, url, response.status_code)
            # Every refused request is written to the audit trail, with the path.
            after = AuditEvent.objects.filter(action="request_refused", path=url).count()
            assert after == refused_before + 1, (role, url)
        if role == "partner_a" and response.status_code == 200:
            assert MARKER_B.encode() not in response.content, url


@pytest.mark.parametrize("role", list(ROLES))
def test_every_back_office_url_with_every_role(role, world):
    from django.test import Client

    client = _client_for(Client, world, role)
    for url in _admin_pages():
        response = client.get(url)
        if role == "administrator":
            # The administrator's group has what the back office needs; nothing else is 500.
            assert response.status_code in (200, 403), (url, response.status_code)
        else:
            assert _is_refusal(response), (role, url, response.status_code)
    if role == "administrator":
        assert client.get(reverse("admin:portal_auditevent_changelist")).status_code == 200
        event = AuditEvent.objects.first()
        change = reverse("admin:portal_auditevent_change", args=[event.pk])
        page = client.get(change)
        assert page.status_code == 200 and b'name="detail"' not in page.content  # read-only
        delete = reverse("admin:portal_auditevent_delete", args=[event.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_partner_cannot_change_another_partners_things(world, client, catalog):
    sign_in_verified(client, world["users"]["partner_a"])
    deliveries_b = Delivery.objects.filter(partner_id=PARTNER_B).count()
    response = client.post(
        reverse("portal:upload_file", args=[PARTNER_B, YEAR]),
        {"file": _upload("fier.csv", aggregate_csv(catalog, PARTNER_B, YEAR, value=99))},
    )
    assert response.status_code == 403
    assert Delivery.objects.filter(partner_id=PARTNER_B).count() == deliveries_b
    response = client.post(
        reverse("portal:unavailable", args=[world["request_b"].pk]), {"reason": "kan niet"}
    )
    assert response.status_code == 403
    assert RoundRequest.objects.get(pk=world["request_b"].pk).unavailable_reason == ""
    # Nor accept anything, not even its own delivery.
    response = client.post(
        reverse("portal:review", args=[world["upload_a"].delivery_id]), {"decision": "accept"}
    )
    assert response.status_code == 403
    assert Delivery.objects.get(pk=world["upload_a"].delivery_id).review == "pending"
    refused = AuditEvent.objects.filter(action="request_refused", actor_name="partner_a")
    assert refused.count() == 3


@pytest.mark.parametrize("role", ["partner_a", "analyst", "coordinator", "anonymous"])
def test_only_the_partner_itself_withdraws_its_not_available(role, world, client):
    """The same rule as marking it: only who delivers for the partner. Staff read the board,
    and a reader without an account is sent to sign in."""
    item = world["request_b"]
    services.request_mark_unavailable(
        item=item, reason="kan niet", user=world["users"]["partner_b"]
    )
    if role != "anonymous":
        sign_in_verified(client, world["users"][role])
    response = client.post(reverse("portal:available", args=[item.pk]))
    if role == "anonymous":
        assert _is_refusal(response) and response.status_code == 302
    else:
        assert response.status_code == 403
    assert RoundRequest.objects.get(pk=item.pk).unavailable_reason == "kan niet"
    assert not AuditEvent.objects.filter(action="not_available_withdrawn").exists()
    path = reverse("portal:available", args=[item.pk])
    assert AuditEvent.objects.filter(action="request_refused", path=path).exists()
    # The partner's own user may; a GET is not a way in.
    sign_in_verified(client, world["users"]["partner_b"])
    assert client.get(path).status_code == 405
    assert client.post(path).status_code == 302
    assert RoundRequest.objects.get(pk=item.pk).unavailable_reason == ""


def test_the_uploader_cannot_accept_its_own_delivery(world, client, catalog):
    dual = make_user("dual", Role.PARTNER, Role.COORDINATOR, partner=PARTNER_A)
    sign_in_verified(client, dual)
    response = client.post(
        reverse("portal:upload_file", args=[PARTNER_A, YEAR]),
        {"file": _upload("correctie.csv", record_csv(YEAR, rows=15, seed=2))},
    )
    attempt = UploadAttempt.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    delivery = attempt.delivery
    assert delivery.delivered_by == dual and delivery.review == "pending"
    response = client.post(reverse("portal:review", args=[delivery.pk]), {"decision": "accept"})
    assert response.status_code == 403
    assert Delivery.objects.get(pk=delivery.pk).review == "pending"
    assert AuditEvent.objects.filter(
        action="request_refused",
        actor_name="dual",
        path=reverse("portal:review", args=[delivery.pk]),
    ).exists()
    # Another coordinator may.
    sign_in_verified(client, world["users"]["coordinator"])
    client.post(reverse("portal:review", args=[delivery.pk]), {"decision": "accept"})
    delivery.refresh_from_db()
    assert delivery.review == "accepted" and delivery.reviewed_by == world["users"]["coordinator"]
    accepted = AuditEvent.objects.get(action="acceptance", target=f"levering {delivery.pk}")
    # Raised inside the service, still with who and from where.
    assert accepted.actor_name == "coordinator" and accepted.ip_address == "127.0.0.1"


def test_readers_never_reach_non_public_figures(world, client):
    """Anonymous visitors: every portal and back-office URL refuses; none shows a figure."""
    for url, _allowed in _pages(world):
        response = client.get(url)
        assert _is_refusal(response), url
    for url in _admin_pages():
        assert _is_refusal(client.get(url)), url
    sign_in = client.get(reverse("portal:sign_in"))
    assert sign_in.status_code == 200


def test_a_password_without_second_factor_is_not_signed_in(world, client):
    client.force_login(world["users"]["coordinator"])  # password only
    response = client.get(reverse("portal:rounds"))
    assert response.status_code == 302 and reverse("portal:verify") in response["Location"]
    assert client.get(reverse("admin:index")).status_code == 302


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_an_administrator_cannot_make_anyone_superuser(world, client):
    administrator = world["users"]["administrator"]
    sign_in_verified(client, administrator)
    target = world["users"]["analyst"]
    url = reverse("admin:auth_user_change", args=[target.pk])
    page = client.get(url)
    assert page.status_code == 200 and b'name="is_superuser"' not in page.content
    assert b'name="groups"' in page.content  # roles are handed out here


def test_viewing_deliveries_in_the_back_office_is_audited(world, client):
    sign_in_verified(client, world["users"]["administrator"])
    url = reverse("admin:monitor_delivery_changelist")
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(action="view", actor_name="administrator", path=url).exists()


@pytest.mark.parametrize("role", ["coordinator", "analyst"])
def test_viewing_a_deliverys_unprotected_figures_in_the_portal_is_audited(role, world, client):
    """The review page shows totals before small numbers are protected, as the working
    figures do: each view is in the audit trail, with whose delivery and how many figures."""
    delivery = world["upload_b"].delivery
    sign_in_verified(client, world["users"][role])
    page = client.get(reverse("portal:delivery", args=[delivery.pk]))
    assert page.status_code == 200
    assert "Dat u ze bekijkt, staat in de audittrail." in page.content.decode()
    viewed = AuditEvent.objects.filter(
        action="view", actor_name=role, target=f"levering {delivery.pk}"
    )
    assert viewed.count() == 1
    assert re.fullmatch(r"[1-9]\d* cijfers", viewed.get().detail)
    # Another partner's page is refused and shows nothing, so nothing was viewed.
    sign_in_verified(client, world["users"]["partner_a"])
    assert client.get(reverse("portal:delivery", args=[delivery.pk])).status_code == 403
    assert not AuditEvent.objects.filter(action="view", actor_name="partner_a").exists()


SIGN_IN_STEPS = {"sign_in", "verify", "enrol", "oidc_start", "oidc_callback", "sign_out"}
# Walked in the tests above.
POSTS = {"upload_file", "unavailable", "available", "review", "publish", "audit_check"}
BY_ROLE = {"home", "partner_home"}  # send each role to its own start page


def test_the_walk_covers_every_url_of_the_portal(world):
    """A new portal URL without a place in the walk fails here."""
    from django.urls import resolve

    from zicht.web.portal import urls

    walked = {resolve(url).url_name for url, _roles in _pages(world)}
    names = {pattern.name for pattern in urls.urlpatterns}
    assert names - walked - POSTS - SIGN_IN_STEPS - BY_ROLE == set()


@pytest.mark.parametrize("role", list(ROLES))
def test_start_pages_and_posts_by_role(role, world):
    from django.test import Client

    client = _client_for(Client, world, role)
    home = client.get(reverse("portal:home"))
    if role == "anonymous":
        assert _is_refusal(home)
    else:
        assert home.status_code in (200, 302) and "aanmelden" not in home.get("Location", "")
    partner_home = client.get(reverse("portal:partner_home"))
    if role.startswith("partner"):
        code = PARTNER_A if role == "partner_a" else PARTNER_B
        assert partner_home["Location"] == reverse("portal:partner", args=[code])
    else:
        assert _is_refusal(partner_home)
    publish = client.post(reverse("portal:publish", args=[YEAR]))
    if role == "coordinator":  # unconfirmed: sent to the confirmation page, nothing published
        assert publish["Location"] == reverse("portal:publish", args=[YEAR])
    else:
        assert _is_refusal(publish)
    audit_check = client.post(reverse("portal:audit_check"))
    if role == "administrator":
        assert audit_check.status_code == 302
    else:
        assert _is_refusal(audit_check)


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"anonymous"}))
def test_every_menu_item_opens_for_the_role_that_sees_it(role, world):
    """A menu leads only to pages its reader may open; the administrator's leads to the back
    office too, where accounts, partner links and data agreements are kept."""
    from django.test import Client

    client = _client_for(Client, world, role)
    home = client.get(reverse("portal:home"), follow=True).content.decode()
    menu = re.search(
        r'<nav aria-label="Portaal" class="zicht-nav portal-nav">(.*?)</nav>', home, re.S
    )
    links = re.findall(r'href="([^"]+)"', menu[1])
    assert links
    for link in links:
        assert client.get(link, follow=True).status_code == 200, link
    assert ("/beheer/" in links) == (role == "administrator")


@pytest.mark.parametrize(
    ("prefix", "heading", "onward"),
    [("", "Geen toegang", "Naar het begin van het portaal"), ("/en", "No access", "To the start")],
)
def test_a_refused_page_says_so_in_the_portals_layout_and_language(
    world, client, prefix, heading, onward
):
    """Not Django's bare "403 Forbidden" in English: the portal's page, with its navigation,
    in the reader's language, and without the reason (that is in the audit trail)."""
    sign_in_verified(client, world["users"]["partner_a"])
    response = client.get(f"{prefix}/portaal/partner/{PARTNER_B}/")
    page = response.content.decode()
    assert response.status_code == 403
    assert heading in page and onward in page and 'class="zicht-nav portal-nav"' in page
    assert "Forbidden" not in page


def test_a_refused_coordinator_is_sent_to_whoever_hands_out_roles(world, client):
    """The audit trail is the administrator's: a coordinator refused there is told to ask the
    administrator, who hands out roles, not to ask the coordinator."""
    sign_in_verified(client, world["users"]["coordinator"])
    for prefix, advice, not_advice in (
        ("", "vraag het dan de beheerder: die kent de rollen toe", "coördinator of de"),
        ("/en", "ask the administrator, who hands out the roles", "ask the coordinator"),
    ):
        response = client.get(prefix + reverse("portal:audit"))
        page = response.content.decode()
        assert response.status_code == 403
        assert advice in page and not_advice not in page


def test_a_missing_portal_page_is_answered_in_the_portal_not_the_public_site(world, client):
    sign_in_verified(client, world["users"]["partner_a"])
    response = client.get("/portaal/levering/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Deze pagina bestaat niet (meer) in het portaal" in page
    assert "Naar de nieuwste cijfers" not in page  # the public site's way on
    public = client.get("/editie/1900/").content.decode()
    assert "Naar de nieuwste cijfers" in public


def test_an_account_s_sign_in_and_creation_times_are_shown_not_edited(admin_client, admin_user):
    """Recorded by Zicht, never typed in: no date and time boxes (which also had no labels a
    screen reader could read) on an account's page in the back office."""
    page = admin_client.get(f"/beheer/auth/user/{admin_user.pk}/change/").content.decode()
    for field in ("last_login", "date_joined"):
        assert f'id="id_{field}_0"' not in page and f'name="{field}_0"' not in page
    assert page.count('<div class="readonly">') >= 2  # shown as text instead
    # Roles are check boxes, each with its label; no two-list filter widget (whose search
    # boxes carried their help as aria-label on a bare span).
    assert 'type="checkbox" name="groups"' in page and "selectfilter" not in page.lower()
