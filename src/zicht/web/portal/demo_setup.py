"""Demo only: one account per role, data agreements and an open delivery round.

Passwords, authenticator keys and backup codes are random, printed once by the caller and
never stored in clear (the password is hashed; django-otp keeps the device key to check codes).
Refused outside the demo environment, so no production installation gets a known account.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht import config
from zicht.core.catalog import Catalog
from zicht.core.catalog.model import DataStatus
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.portal.accounts import issue_backup_tokens
from zicht.web.portal.models import DataAgreement, DeliveryRound, PartnerMembership
from zicht.web.portal.roles import Role
from zicht.web.portal.services import default_plan, round_open

DEMO_PARTNER = "humanitas"
DEMO_USERS = (
    ("partner-demo", Role.PARTNER),
    ("analist-demo", Role.ANALYST),
    ("coordinator-demo", Role.COORDINATOR),
    ("beheerder-demo", Role.ADMINISTRATOR),
)
BACKUP_CODES_SHOWN = 5


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    password: str
    totp_secret: str  # base32, for an authenticator app ("enter a key")
    backup_codes: tuple[str, ...]


def _refuse_outside_demo() -> None:
    if config.environment() is config.Environment.PRODUCTION:
        raise RuntimeError("demo accounts are never created in production")


def demo_accounts_create(*, catalog: Catalog) -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet; returns only the new ones."""
    _refuse_outside_demo()
    catalog_sync(catalog=catalog)
    User = get_user_model()
    created = []
    with transaction.atomic():
        for username, role in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username,
                email=f"{username}@example.invalid",
                password=password,
                is_staff=role is Role.ADMINISTRATOR,
            )
            user.groups.add(Group.objects.get(name=role.value))
            if role is Role.PARTNER:
                PartnerMembership.objects.create(user=user, partner_id=DEMO_PARTNER)
            device = TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
            codes = issue_backup_tokens(user, BACKUP_CODES_SHOWN)
            secret = base64.b32encode(device.bin_key).decode()
            created.append(DemoAccount(username, role, password, secret, tuple(codes)))
    return created


def demo_portal_setup(*, catalog: Catalog) -> None:
    """Data agreements for every delivering partner and an open round for the year after the
    latest edition: the demo publishes every edition in the catalogue, and a round for a
    published year would ask for figures that no edition can take in."""
    _refuse_outside_demo()
    catalog_sync(catalog=catalog)
    year = max(catalog.editions) + 1
    for code, partner in sorted(catalog.partners.items()):
        if partner.format == "analysis" or DataAgreement.objects.filter(partner_id=code).exists():
            continue
        # Signed for the figures the catalogue calls agreed; a draft for those it calls in
        # preparation, so that the board says what the public pages say.
        indicators = catalog.indicators_of(code)
        agreed = [i for i in indicators if i.data_status is DataStatus.AGREED]
        arranged = [i for i in indicators if i.data_status is not DataStatus.AGREED]
        for status, covered in (
            (DataAgreement.Status.SIGNED, agreed),
            (DataAgreement.Status.DRAFT, arranged),
        ):
            if not covered:
                continue
            signed = status is DataAgreement.Status.SIGNED
            agreement = DataAgreement.objects.create(
                partner_id=code,
                status=status,
                signed_on=dt.date(2018, 1, 15) if signed else None,
                # Valid from today on, whenever the demo is set up: an agreement that has
                # run out is shown as such on the board.
                valid_until=dt.date(timezone.localdate().year + 2, 12, 31) if signed else None,
                legal_basis="Demo: taak van algemeen belang (AVG art. 6 lid 1 sub e); alleen "
                "cijfers die niet tot personen te herleiden zijn",
                retention="Leveringen 7 jaar; telbestanden worden niet bewaard",
                contact_name="Demo-contactpersoon",
            )
            agreement.indicators.set([i.code for i in covered])
    if not DeliveryRound.objects.filter(year=year).exists():
        deadline = timezone.localdate() + dt.timedelta(days=30)
        round_open(catalog=catalog, plan=default_plan(catalog, year=year, deadline=deadline))
