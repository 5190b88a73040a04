"""The portal's navigation: one entry per page, shown to the roles that may open it.

Another app adds its page with ``register`` (e.g. the linkage helper's in-browser encoder):
``register(NavItem("linkage:encode", gettext_lazy("Personenlijst versleutelen"), (Role.PARTNER,)))``
and guards the view itself with ``permissions.signed_in`` and ``permissions.require``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zicht.web.portal.permissions import STAFF_ROLES, has_role
from zicht.web.portal.roles import Role


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    roles: tuple[Role, ...]
    # Pages below the item's own that belong to it (a round under "Leverrondes", publishing a
    # year under "Werkcijfers"): the menu marks the item there too, as the section one is in.
    section: tuple[str, ...] = ()


ITEMS: list[NavItem] = [
    NavItem("portal:partner_home", _("Mijn leveringen"), (Role.PARTNER,)),
    NavItem(
        "portal:rounds", _("Leverrondes"), (Role.COORDINATOR, Role.ANALYST, Role.ADMINISTRATOR)
    ),
    NavItem("portal:reviews", _("Beoordelen"), (Role.COORDINATOR,)),
    # The coordinator publishes from the working figures: the menu says so to the one role
    # that may (the first item for an address wins, so a user with both roles sees one).
    NavItem(
        "portal:working_figures_index",
        _("Werkcijfers en publiceren"),
        (Role.COORDINATOR,),
        section=("publiceren/",),
    ),
    NavItem(
        "portal:working_figures_index", _("Werkcijfers"), STAFF_ROLES, section=("publiceren/",)
    ),
    NavItem("portal:build_up", _("Opbouw van de monitor"), STAFF_ROLES),
    NavItem("portal:audit", _("Audittrail"), (Role.ADMINISTRATOR,)),
    # Accounts, partner links and data agreements are kept in Django's admin (admin.py).
    NavItem("admin:index", _("Accounts en afspraken"), (Role.ADMINISTRATOR,)),
]


def register(item: NavItem) -> None:
    if item not in ITEMS:
        ITEMS.append(item)


def navigation_for(user, current_path: str) -> list[dict]:
    """The menu for ``user``; ``current`` is "page" on the item's own page, "true" on a page
    in its section (aria-current), else empty."""
    portal_root = reverse("portal:home")
    entries, listed = [], set()
    for item in ITEMS:
        if has_role(user, *item.roles) and item.url_name not in listed:
            listed.add(item.url_name)
            url = reverse(item.url_name)
            below = [url, *(portal_root + part for part in item.section)]
            in_section = url != portal_root and any(current_path.startswith(p) for p in below)
            current = "page" if current_path == url else ("true" if in_section else "")
            entries.append({"url": url, "label": item.label, "current": current})
    return entries
