"""Who may deliver for which partner, and what a partner has agreed to deliver, are rights:
every change to them is in the audit trail, whoever makes it (back office, shell, script)."""

from __future__ import annotations

import pytest

from tests.web.portal_setup import PARTNER_A, PARTNER_B, make_user
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.portal.models import AuditEvent, DataAgreement, PartnerMembership
from zicht.web.portal.roles import Role

Action = AuditEvent.Action


@pytest.fixture
def account(db, catalog):
    catalog_sync(catalog=catalog)
    return make_user("levert", Role.PARTNER, partner=PARTNER_A)


def _details(action: str) -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(action=action)
        .order_by("position")
        .values_list("target", "detail")
    )


def test_moving_an_account_to_another_partner_is_recorded_from_and_to(account):
    assert _details(Action.ROLE_CHANGE)[-1] == (
        "account levert",
        f"partnerkoppeling: geen → {PARTNER_A}",
    )
    membership = PartnerMembership.objects.get(user=account)
    membership.partner_id = PARTNER_B
    membership.save()
    membership.save()  # saved again unchanged: nothing new to record
    membership.delete()
    assert _details(Action.ROLE_CHANGE)[-2:] == [
        ("account levert", f"partnerkoppeling: {PARTNER_A} → {PARTNER_B}"),
        ("account levert", f"partnerkoppeling: {PARTNER_B} → geen"),
    ]


def test_a_data_agreement_s_changes_are_recorded(account, catalog):
    agreement = DataAgreement.objects.create(
        partner_id=PARTNER_A, legal_basis="convenant", retention="5 jaar"
    )
    indicator = next(iter(i.code for i in catalog.indicators_of(PARTNER_A, 2020)))
    agreement.indicators.add(indicator)
    agreement.status = DataAgreement.Status.SIGNED
    agreement.save()
    pk = agreement.pk
    agreement.delete()
    target = f"gegevensafspraak {pk}"
    assert _details(Action.AGREEMENT) == [
        (target, f"aangemaakt: partner {PARTNER_A}, status draft"),
        (target, f"indicatoren post_add: {indicator}"),
        (target, f"gewijzigd: partner {PARTNER_A}, status signed"),
        (target, f"verwijderd: partner {PARTNER_A}"),
    ]
