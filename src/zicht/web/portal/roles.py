"""The four roles, as Django groups created by a migration (``0002_roles``).

Readers need no account. Which role may do what is decided in ``permissions``, nowhere else.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Group names; the value is the group's name in the database and the back office."""

    PARTNER = "Partnermedewerker"  # delivers for one partner, sees only its own deliveries
    ANALYST = "Analist"  # reads working figures before publication
    COORDINATOR = "Coördinator"  # rounds, review, analyses, publication
    ADMINISTRATOR = "Beheerder"  # accounts, catalogue, audit trail

    @property
    def label_en(self) -> str:
        return {
            Role.PARTNER: "Partner user",
            Role.ANALYST: "Analyst",
            Role.COORDINATOR: "Coordinator",
            Role.ADMINISTRATOR: "Administrator",
        }[self]


#: Model permissions of the back office an administrator's group gets (accounts, catalogue,
#: agreements, audit reading). Other roles work in the portal, not the back office.
ADMINISTRATOR_PERMISSIONS = (
    ("auth", "user", ("view", "add", "change")),
    ("auth", "group", ("view",)),
    ("portal", "partnermembership", ("view", "add", "change", "delete")),
    ("portal", "dataagreement", ("view", "add", "change")),
    ("portal", "auditevent", ("view",)),
    ("monitor", "partner", ("view",)),
    ("monitor", "indicator", ("view",)),
    ("monitor", "delivery", ("view",)),
    ("monitor", "edition", ("view",)),
    ("monitor", "editiontext", ("view", "change")),
    ("monitor", "analysisrun", ("view",)),
)
