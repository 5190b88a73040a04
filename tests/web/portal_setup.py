"""Accounts per role, signed in with a second factor, and synthetic partner files for the
portal tests. Everything is generated here; nothing is read from outside the repository."""

from __future__ import annotations

import io
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from zicht.web.portal.models import PartnerMembership
from zicht.web.portal.roles import Role

PARTNER_A = "humanitas"  # record-level
PARTNER_B = "fier"  # aggregate
RECORD_HEADER = ["municipality", "period", "sex", "age_group", "exploitation_form"]


def make_user(username: str, *roles: Role, partner: str | None = None, staff: bool = False):
    # No password: the tests sign in with force_login (hashing with Argon2 costs time).
    user = get_user_model().objects.create_user(username, email=f"{username}@example.invalid")
    user.is_staff = staff
    user.save()
    for role in roles:
        user.groups.add(Group.objects.get(name=role.value))
    if partner is not None:
        PartnerMembership.objects.create(user=user, partner_id=partner)
    return user


def partner_and_coordinator(catalog) -> dict:
    """A user of PARTNER_A and a coordinator, with the catalogue's partners in the database."""
    from zicht.web.monitor.catalog_sync import catalog_sync

    catalog_sync(catalog=catalog)
    return {
        "partner": make_user("partner", Role.PARTNER, partner=PARTNER_A),
        "coordinator": make_user("coordinator", Role.COORDINATOR),
    }


def sign_in_verified(client, user) -> None:
    """Signed in as after password and second factor (a confirmed static device)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def record_csv(year: int, rows: int = 12, *, wrong_row: int | None = None, seed: int = 1) -> bytes:
    """A record-level file for the Humanitas layout; ``wrong_row`` (spreadsheet row number,
    header is row 1) gets an unknown sex code."""
    rng = random.Random(seed)
    lines = [";".join(RECORD_HEADER)]
    for index in range(rows):
        sex = rng.choice(["man", "vrouw", "anders_onbekend"])
        if wrong_row is not None and index + 2 == wrong_row:
            sex = "GEHEIM-ONBEKEND-XYZ"
        age = rng.choice(["minderjarig", "18-23", "24-30", "31-plus"])
        form = rng.choice(["seksueel", "arbeid", "crimineel"])
        lines.append(f"GM0599;{year};{sex};{age};{form}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def aggregate_csv(catalog, partner: str, year: int, value: int = 7) -> bytes:
    from zicht.core.deliveries.templates import template_rows

    rows = template_rows(catalog, partner, year)
    out = io.StringIO()
    out.write(";".join(rows[0]) + "\n")
    for row in rows[1:]:
        out.write(";".join([*row[:-1], str(value)]) + "\n")
    return out.getvalue().encode("utf-8")


def round_with_one_accepted_delivery(catalog, year: int, deadline):
    """An open round for ``year`` and one accepted delivery (partner B's), the rest still
    asked: an edition that can be published, with figures missing."""
    from zicht.web.monitor.services import delivery_import
    from zicht.web.portal import services

    plan = services.default_plan(catalog, year=year, deadline=deadline)
    delivery_round = services.round_open(catalog=catalog, plan=plan)
    delivery_import(
        catalog=catalog, partner=PARTNER_B, year=year, filename="fier.csv",
        content=aggregate_csv(catalog, PARTNER_B, year),
    )  # fmt: skip
    return delivery_round
