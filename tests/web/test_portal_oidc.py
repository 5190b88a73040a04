"""Single sign-on against a real, small OpenID Connect provider started by the test
(oidc-provider-mock on a local port): an existing account signs in, the second factor still
follows, and an unknown e-mail address gets no account."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.test import override_settings
from django.urls import reverse

from zicht.web.portal.models import AuditEvent


@pytest.fixture
def provider():
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread() as server:
        base = f"http://localhost:{server.server_port}"
        with override_settings(
            OIDC_RP_CLIENT_ID="zicht",
            OIDC_RP_CLIENT_SECRET="geheim-voor-de-test",
            OIDC_OP_AUTHORIZATION_ENDPOINT=f"{base}/oauth2/authorize",
            OIDC_OP_TOKEN_ENDPOINT=f"{base}/oauth2/token",
            OIDC_OP_USER_ENDPOINT=f"{base}/userinfo",
            OIDC_OP_JWKS_ENDPOINT=f"{base}/jwks",
            OIDC_VERIFY_KID=False,  # the test provider signs with its one key and names no kid
            AUTHENTICATION_BACKENDS=[
                "axes.backends.AxesStandaloneBackend",
                "django.contrib.auth.backends.ModelBackend",
                "zicht.web.portal.oidc.MunicipalStaffBackend",
            ],
        ):
            yield base


def _sign_on(client, email: str):
    """Start at Zicht, let the provider authenticate ``email``, come back with the code."""
    start = client.get(reverse("portal:oidc_start") + "?next=/portaal/")
    assert start.status_code == 302
    authorize = start["Location"]
    answer = requests.post(authorize, data={"sub": email}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:300]
    back = urlparse(answer.headers["Location"])
    assert back.path == reverse("portal:oidc_callback")
    return client.get(back.path, {k: v[0] for k, v in parse_qs(back.query).items()})


def test_single_sign_on_then_the_second_factor(db, client, provider):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("ambtenaar", email="ambtenaar@gemeente.example")
    assert "gemeente-account" in client.get(reverse("portal:sign_in")).content.decode()
    done = _sign_on(client, "ambtenaar@gemeente.example")
    assert done.status_code == 302 and done["Location"] == "/portaal/"
    assert client.session["_auth_user_id"]
    assert AuditEvent.objects.filter(action="sign_in", actor_name="ambtenaar").exists()
    # Signed on, but not yet signed in: Zicht's second factor follows (here: set up first).
    portal = client.get("/portaal/")
    assert reverse("portal:verify") in portal["Location"]


def test_single_sign_on_never_creates_an_account(db, client, provider):
    from django.contrib.auth import get_user_model

    done = _sign_on(client, "onbekend@gemeente.example")
    assert done.status_code == 302 and reverse("portal:sign_in") in done["Location"]
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(email="onbekend@gemeente.example").exists()


def test_single_sign_on_is_off_unless_configured(db, client):
    assert client.get(reverse("portal:oidc_start")).status_code == 404
    assert "gemeente-account" not in client.get(reverse("portal:sign_in")).content.decode()
