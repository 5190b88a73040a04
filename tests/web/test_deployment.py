"""Deployment: the database URL keeps its options; unsafe configurations are refused; responses
carry the security headers, CSP and cookie flags; `check --deploy` is clean in production;
request errors are logged as JSON without values; /gezond/ reports the database."""

from __future__ import annotations

import io
import json
import logging
import os
import secrets
import subprocess
import sys
import textwrap

import pytest
from django.db.utils import OperationalError
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.clickjacking import xframe_options_exempt

from zicht.web.database import database_settings
from zicht.web.logs import SafeJsonFormatter


def test_database_url_keeps_its_options_and_hides_its_password():
    url = "postgres://zicht:ge%40heim@db.example.nl:6432/zicht?sslmode=require"
    settings = database_settings(url)
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert (settings["HOST"], settings["PORT"], settings["NAME"]) == (
        "db.example.nl",
        6432,
        "zicht",
    )
    assert settings["PASSWORD"] == "ge@heim"
    assert settings["OPTIONS"] == {"sslmode": "require"}
    with pytest.raises(ValueError) as refused:
        database_settings("mysql://zicht:geheim@db/zicht")
    assert "geheim" not in str(refused.value)


# --- production settings, each in a fresh interpreter (settings are read at start-up) --------
STRONG_KEY = secrets.token_urlsafe(64)


def _production_env(tmp_path, **overrides) -> dict[str, str]:
    key_file, audit_key_file = tmp_path / "pseudonym.key", tmp_path / "audit.key"
    for key in (key_file, audit_key_file):
        key.write_bytes(secrets.token_bytes(32))
        key.chmod(0o600)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zicht.web.settings",
        "ZICHT_ENVIRONMENT": "production",
        "ZICHT_SECRET_KEY": STRONG_KEY,
        "ZICHT_ALLOWED_HOSTS": "zicht.example.nl,testserver",
        "ZICHT_DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "ZICHT_DATA_DIR": str(tmp_path),
        "ZICHT_PSEUDONYM_KEY_FILE": str(key_file),
        "ZICHT_AUDIT_KEY_FILE": str(audit_key_file),
        "ZICHT_DEBUG": "false",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout


def test_check_deploy_warns_on_the_demo_settings(tmp_path):
    """The same check fails outside production, so the clean result above is not vacuous."""
    env = _production_env(tmp_path, ZICHT_ENVIRONMENT="demo", ZICHT_SECRET_KEY=None)
    done = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    for warning in ("W004", "W008", "W009", "W012", "W016"):
        assert warning in done.stderr + done.stdout, warning


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ZICHT_ENVIRONMENT": "prod"}, "ZICHT_ENVIRONMENT is onbekend"),
        ({"ZICHT_ENVIRONMENT": "Production"}, "ZICHT_ENVIRONMENT is onbekend"),
        ({"ZICHT_DEBUG": "true"}, "ZICHT_DEBUG=true is in productie niet toegestaan"),
        ({"ZICHT_SECRET_KEY": "k"}, "ZICHT_SECRET_KEY is te zwak"),
        ({"ZICHT_SECRET_KEY": "ab" * 40}, "ZICHT_SECRET_KEY is te zwak"),
        ({"ZICHT_SECRET_KEY": None}, "in productie ontbreekt: ZICHT_SECRET_KEY"),
        ({"ZICHT_ALLOWED_HOSTS": ""}, "in productie ontbreekt: ZICHT_ALLOWED_HOSTS"),
        ({"ZICHT_DATABASE_URL": None}, "ZICHT_DATABASE_URL"),
        ({"ZICHT_AUDIT_KEY_FILE": None}, "in productie ontbreekt: ZICHT_AUDIT_KEY_FILE"),
        (
            {"ZICHT_AUDIT_KEY_FILE": "/nergens/audit.key"},
            "ZICHT_AUDIT_KEY_FILE wijst niet naar een bestaand sleutelbestand",
        ),
    ],
)
def test_unsafe_configuration_is_refused_at_start(tmp_path, overrides, message):
    env = _production_env(tmp_path, **overrides)
    done = _python("import django; django.setup()", env)
    assert done.returncode != 0
    assert message in done.stderr
    refused = overrides.get("ZICHT_SECRET_KEY") or ""
    if len(refused) > 1:
        assert refused not in done.stderr  # never echo a refused secret


@pytest.mark.parametrize(
    ("mode", "length", "message"),
    [
        (0o644, 32, "het sleutelbestand heeft rechten 644"),
        (0o604, 32, "het sleutelbestand heeft rechten 604"),
        (0o660, 32, "het sleutelbestand heeft rechten 660"),
        (0o600, 0, "het sleutelbestand is te kort"),
        (0o600, 16, "het sleutelbestand is te kort"),
    ],
)
@pytest.mark.parametrize("setting", ["ZICHT_PSEUDONYM_KEY_FILE", "ZICHT_AUDIT_KEY_FILE"])
def test_a_key_file_others_may_read_or_too_short_is_refused_at_start(
    tmp_path, setting, mode, length, message
):
    key_file = tmp_path / "sleutels" / "zicht.key"
    key_file.parent.mkdir()
    # Printable, so that an echo of the key would show in the message.
    content = secrets.token_hex(length)[:length].encode()
    key_file.write_bytes(content)
    key_file.chmod(mode)
    done = _python(
        "import django; django.setup()", _production_env(tmp_path, **{setting: str(key_file)})
    )
    assert done.returncode != 0
    assert f"{setting}: {message}" in done.stderr
    if content:
        assert content.decode() not in done.stderr


@pytest.mark.parametrize("mode", [0o600, 0o400, 0o640])
def test_a_key_file_for_zicht_and_its_group_only_is_accepted(tmp_path, mode):
    key_file = tmp_path / "audit-groep.key"
    key_file.write_bytes(secrets.token_bytes(48))
    key_file.chmod(mode)
    done = _python(
        "import django; django.setup(); print('gestart')",
        _production_env(tmp_path, ZICHT_AUDIT_KEY_FILE=str(key_file)),
    )
    assert done.returncode == 0, done.stderr
    assert "gestart" in done.stdout


PRODUCTION_REQUESTS = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth.models import User
from django.test import Client
User.objects.create_superuser("beheerder", password="een lang en sterk wachtwoord 42")
client = Client(HTTP_HOST="zicht.example.nl")
plain = client.get("/")
health = client.get("/gezond/")
page = client.get("/", secure=True)
# The back office signs in through the portal (password, then a second factor).
login_page = client.get("/portaal/aanmelden/", secure=True)
login = client.post(
    "/portaal/aanmelden/?next=/beheer/",
    {"username": "beheerder", "password": "een lang en sterk wachtwoord 42"},
    secure=True,
)
def cookie(response, name):
    morsel = response.cookies[name]
    return {k: str(morsel[k]) for k in ("secure", "httponly", "samesite")}
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "health": health.status_code,
    "headers": dict(page.headers),
    "csrf": cookie(login_page, "csrftoken"),
    "login": login.status_code,
    "session": cookie(login, "sessionid"),
}))
"""


def test_production_headers_and_cookie_flags(tmp_path):
    done = _python(PRODUCTION_REQUESTS, _production_env(tmp_path))
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, "https://zicht.example.nl/"]  # HTTP goes to HTTPS
    assert seen["health"] == 200  # a load balancer may check over plain HTTP
    headers = seen["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert seen["login"] == 302
    assert seen["session"] == {"secure": "True", "httponly": "True", "samesite": "Lax"}
    assert seen["csrf"]["secure"] == "True" and seen["csrf"]["samesite"] == "Lax"


# --- in-process: CSP, frames, logs, health ---------------------------------------------------
@xframe_options_exempt
def _embed(request):
    return HttpResponse("<p>embed</p>")


def _fails(request):
    raise ValueError("0612345678 jan.jansen@example.nl")  # a value that must not be logged


def _urlpatterns():
    from zicht.web import urls

    return [path("test-embed/", _embed), path("test-fails/", _fails), *urls.urlpatterns]


urlpatterns = _urlpatterns()


def _csp(response) -> dict[str, str]:
    parts = [p.strip().split(" ", 1) for p in response["Content-Security-Policy"].split(";")]
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts if p[0]}


@pytest.mark.django_db
def test_csp_forbids_inline_code_and_framing_except_for_embeds(client, settings):
    settings.ROOT_URLCONF = __name__
    page = client.get("/")
    policy = _csp(page)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    assert "unsafe-eval" not in page["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'" and page["X-Frame-Options"] == "DENY"
    embed = client.get("/test-embed/")
    assert _csp(embed)["frame-ancestors"] == "*"
    assert "X-Frame-Options" not in embed
    assert _csp(embed)["script-src"] == "'self'"


@pytest.mark.django_db
def test_request_errors_are_logged_as_json_without_values(client, settings):
    settings.ROOT_URLCONF = __name__
    request_log = logging.getLogger("django.request")
    assert not [h for h in logging.getLogger("django").handlers if "Email" in type(h).__name__]
    assert not [h for h in request_log.handlers if "Email" in type(h).__name__]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(SafeJsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    request_log.addHandler(handler)
    client.raise_request_exception = False
    try:
        assert client.get("/test-fails/?naam=Jansen").status_code == 500
    finally:
        request_log.removeHandler(handler)
    record = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert record["levelname"] == "ERROR" and record["status_code"] == 500
    assert record["path"] == "/test-fails/" and record["method"] == "GET"
    assert "builtins.ValueError" in record["exc_info"] and "_fails" in record["exc_info"]
    logged = stream.getvalue()
    for value in ("0612345678", "jansen@example", "Jansen"):
        assert value not in logged


@pytest.mark.django_db
def test_health_reports_the_database(client, monkeypatch):
    answer = client.get("/gezond/")
    assert answer.status_code == 200 and answer.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in answer["Cache-Control"]

    from django.db import connection

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    answer = client.get("/gezond/")
    assert answer.status_code == 503 and answer.json()["database"] == "onbereikbaar"


def test_templates_carry_no_inline_script_style_or_event_handler():
    """The CSP forbids inline code; a template that used it would break silently in browsers."""
    import re
    from pathlib import Path

    web = Path(__file__).resolve().parents[2] / "src" / "zicht" / "web"
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)
    offenders = [
        f"{path.relative_to(web)}: {match.group(0)}"
        for path in web.rglob("*.html")
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
