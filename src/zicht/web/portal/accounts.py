"""Signing in: password (throttled and locked out by django-axes), then a second factor.

The second factor is a TOTP code from an authenticator app or a single-use backup code
(django-otp's TOTP and static devices). An account without a confirmed device sets up its
authenticator at its first sign-in, and only then: once a device is confirmed, a password
alone can never add another.
"""

from __future__ import annotations

import base64

from django import forms
from django.conf import settings
from django.contrib.auth import login as password_login
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.web.portal.audit import Action, audit_record
from zicht.web.portal.permissions import is_signed_in

BACKUP_TOKENS = 10


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("portal:home")


def _with_next(request, name: str) -> str:
    from urllib.parse import urlencode

    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


def sign_in(request):
    """Step 1: name and password. Wrong passwords are counted and locked out by django-axes."""
    if is_signed_in(request.user):
        return redirect(_next(request))
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        password_login(request, form.get_user())
        return redirect(_with_next(request, "portal:verify"))
    from zicht.web.portal.oidc import enabled as single_sign_on

    context = {
        "form": form,
        "next": _next(request),
        "single_sign_on": single_sign_on(),
        **lockout_terms(),
    }
    return render(request, "portal/sign_in.html", context)


def lockout_terms() -> dict[str, int]:
    """How many wrong passwords lock signing in, and for how long: as configured, not as
    written once in a template."""
    return {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": round(settings.AXES_COOLOFF_TIME * 60),
    }


# A phone offers the code from its messages or keyboard's number pad; a backup code has letters,
# so the field stays text, not a number.
ONE_TIME_CODE = forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off"})


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Code"), max_length=16, strip=True, widget=ONE_TIME_CODE
    )


def _device_for(user, code: str):
    """Six digits come from the authenticator app; anything else is a backup code. Only the
    device the code is meant for is tried, so a typo never throttles the other one."""
    kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    return kind.objects.filter(user=user, confirmed=True).first()


def _check_code(form: CodeForm, user):
    """The device the valid code belongs to, or None with the reason added to the form."""
    code = form.cleaned_data["otp_token"].replace(" ", "")
    device = _device_for(user, code)
    if device is not None:
        allowed, _extra = device.verify_is_allowed()
        if not allowed:
            form.add_error("otp_token", _("Te veel pogingen. Wacht even en probeer het opnieuw."))
            return None
        if device.verify_token(code):
            return device
    form.add_error("otp_token", _("Deze code klopt niet. Probeer de nieuwste code uit de app."))
    return None


def verify(request):
    """Step 2: the code from the authenticator app, or a backup code."""
    if not request.user.is_authenticated:
        return redirect(_with_next(request, "portal:sign_in"))
    if not any(devices_for_user(request.user)):
        return redirect(_with_next(request, "portal:enrol"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _check_code(form, request.user)
        if device is not None:
            otp_login(request, device)
            audit_record(Action.TWO_FACTOR, request=request, detail="tweede factor juist")
            return redirect(_next(request))
        audit_record(Action.TWO_FACTOR, request=request, detail="tweede factor onjuist")
    return render(request, "portal/verify.html", {"form": form, "next": _next(request)})


class EnrolForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Code uit de app"),
        max_length=8,
        min_length=6,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _pending_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name=_("Authenticator-app"), confirmed=False
    )


def enrol(request):
    """First sign-in: link an authenticator app, then receive single-use backup codes."""
    if not request.user.is_authenticated:
        return redirect(_with_next(request, "portal:sign_in"))
    if any(devices_for_user(request.user)):  # confirmed devices only
        return redirect(_with_next(request, "portal:verify"))
    device = _pending_device(request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            audit_record(Action.TWO_FACTOR, request=request, detail="authenticator ingesteld")
            codes = issue_backup_tokens(request.user)
            return render(
                request, "portal/backup_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("otp_token", _("Deze code klopt niet. Probeer de nieuwste code uit de app."))
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "config_url": device.config_url,
        "next": _next(request),
    }
    return render(request, "portal/enrol.html", context)


def issue_backup_tokens(user, count: int = BACKUP_TOKENS) -> list[str]:
    """Replace the account's backup codes with new single-use ones, shown once; django-otp's
    static device keeps them to check them and deletes each one when it is used."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    for code in codes:
        device.token_set.create(token=code)
    return codes


@require_POST
def sign_out(request):
    logout(request)
    return redirect("dashboard:home")
