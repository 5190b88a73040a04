"""Who may do what: every portal view and download asks here, and nowhere else.

A role is a Django group (``roles.Role``); a partner user is tied to one partner
(``PartnerMembership``). Every check is a plain function of the user and the object, so the
tests can walk them all; ``require`` refuses with 403 and writes the refusal to the audit trail.
Signing in counts only with the second factor (django-otp's ``is_verified``).
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from zicht.web.portal.audit import audit_refusal
from zicht.web.portal.roles import Role

STAFF_ROLES = (Role.ANALYST, Role.COORDINATOR, Role.ADMINISTRATOR)


def is_signed_in(user) -> bool:
    """Password and second factor: an account without a verified device is not signed in."""
    verified = getattr(user, "is_verified", None)
    return bool(user.is_authenticated and user.is_active and verified and verified())


def roles_of(user) -> frozenset[Role]:
    if not is_signed_in(user):
        return frozenset()
    cached = getattr(user, "_zicht_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(r for r in Role if r.value in names)
        if user.is_superuser:  # the installation's first account: every role but a partner's
            cached |= frozenset(STAFF_ROLES)
        user._zicht_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def partner_of(user) -> str | None:
    """The partner a partner user delivers for; None for every other account."""
    if Role.PARTNER not in roles_of(user):
        return None
    membership = getattr(user, "partner_membership", None)
    return membership.partner_id if membership is not None else None


def may_view_partner(user, partner: str) -> bool:
    return has_role(user, *STAFF_ROLES) or partner_of(user) == partner


def may_deliver_for(user, partner: str) -> bool:
    return partner_of(user) == partner


def may_view_delivery(user, delivery) -> bool:
    return may_view_partner(user, delivery.partner_id)


def may_review(user, delivery) -> bool:
    """Four eyes: a coordinator, and never the one who uploaded it."""
    if not has_role(user, Role.COORDINATOR):
        return False
    return delivery.delivered_by_id is None or delivery.delivered_by_id != user.pk


def may_view_board(user) -> bool:
    """The status board of a round shows every partner: staff only. A partner sees its own
    rows of every round that asks it on its own page."""
    return has_role(user, *STAFF_ROLES)


def may_manage_rounds(user) -> bool:
    return has_role(user, Role.COORDINATOR)


def may_view_working_figures(user) -> bool:
    """Figures before publication: analysts, coordinators, administrators."""
    return has_role(user, *STAFF_ROLES)


def may_publish(user) -> bool:
    return has_role(user, Role.COORDINATOR)


def may_read_audit(user) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def may_use_back_office(user) -> bool:
    return has_role(user, Role.ADMINISTRATOR) and user.is_staff


def require(request, allowed: bool, reason: str) -> None:
    """Refuse with 403 unless ``allowed``; the refusal and its reason go to the audit trail."""
    if not allowed:
        audit_refusal(request, reason)
        raise PermissionDenied(reason)


def signed_in(view):
    """Portal views need password and second factor; anyone else is sent to sign in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if is_signed_in(request.user):
            return view(request, *args, **kwargs)
        audit_refusal(request, "niet aangemeld met twee factoren")
        step = "portal:verify" if request.user.is_authenticated else "portal:sign_in"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")

    return wrapper
