"""Optional single sign-on for municipal staff through OpenID Connect (mozilla-django-oidc).

Off unless ``ZICHT_OIDC_CLIENT_ID`` is set. Single sign-on replaces the password step only:
the second factor of Zicht still follows, as for every account. Only existing, active
accounts sign in (matched on the e-mail address the provider asserts); nobody gets an account
or a role from the provider.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)


class MunicipalStaffBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = claims.get("email")
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims):
        return None  # accounts and roles are given in Zicht, never by the provider


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def start(request):
    if not enabled():
        raise Http404("single sign-on is not configured")
    return OIDCAuthenticationRequestView.as_view()(request)


def callback(request):
    if not enabled():
        raise Http404("single sign-on is not configured")
    return OIDCAuthenticationCallbackView.as_view()(request)
