"""The restricted ad text store: off by default, contact-free when on, expiring, never public
(the public side is crawled with stored text present in test_public_gate)."""

from __future__ import annotations

import json
import random
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.utils import timezone
from typer.testing import CliRunner

from tests.web.portal_setup import make_user, sign_in_verified
from zicht.cli.main import app
from zicht.web.monitor.ad_analysis import TextStoreNotAllowed, purge_expired_ad_texts
from zicht.web.monitor.models import AdText, AnalysisRun
from zicht.web.monitor.runs import ad_analysis_enqueue
from zicht.web.portal.roles import Role

SPELLED = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
MARKER = "zzmarkeringzz"


def _render(phone: str, style: int) -> str:
    # The disguises of the analysis' own no-contact test, plus keycap emoji digits.
    return [
        phone,
        f"{phone[:2]}-{phone[2:]}",
        " ".join(SPELLED[int(digit)] for digit in phone),
        "+31 " + phone[1:],
        phone.replace("0", "O").replace("1", "l"),
        "".join(f"{digit}\ufe0f\u20e3" for digit in phone),
        " ".join(phone),
    ][style % 7]


def _corpus(tmp_path, n_ads: int = 70) -> tuple[object, list[dict], set[str]]:
    rng = random.Random(9)
    ads, secrets = [], set()
    for index in range(n_ads):
        if index % 2 == 0:
            phone = "06" + "".join(rng.choices("23456789", k=8))
        filler = " ".join("".join(rng.choices("bdfgklmnprstvz", k=4)) for _ in range(12))
        email = f"Dame{rng.randrange(10**6, 10**7)}@Mail.example"
        secrets |= {phone, phone[1:], "+31" + phone[1:], email, email.lower(), email.split("@")[0]}
        ads.append(
            {
                "ad_id": f"ad-{index}",
                "site": "voorbeeldsite",
                "title": f"{MARKER} mail {email}" if index % 3 == 0 else f"{MARKER} nieuw",
                "text": f"{filler} bel {_render(phone, index)} of mail {email} 150 euro",
                "phones": [phone] if index % 2 else [],
                "emails": [email] if index % 4 == 0 else [],
                "city": "rotterdam",
                "first_seen": "2020-03-01",
            }
        )
    corpus = tmp_path / "ads.jsonl"
    corpus.write_text("".join(json.dumps(ad) + "\n" for ad in ads), encoding="utf-8")
    return corpus, ads, secrets


def _work_off_the_queue() -> None:
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_off_by_default_nothing_is_stored(tmp_path):
    corpus, _ads, _secrets = _corpus(tmp_path)
    run = ad_analysis_enqueue(corpus=corpus, year=2020)
    _work_off_the_queue()
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.DONE and run.keep_text_days is None
    assert AdText.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_when_enabled_stored_text_holds_no_phone_or_email_of_the_input(tmp_path):
    corpus, ads, secrets = _corpus(tmp_path)
    run = ad_analysis_enqueue(corpus=corpus, year=2020, keep_text_days=7)
    _work_off_the_queue()
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.DONE and run.keep_text_days == 7
    rows = list(AdText.objects.filter(run=run))
    assert sorted(row.ad_id for row in rows) == sorted(ad["ad_id"] for ad in ads)
    assert {row.site for row in rows} == {"voorbeeldsite"}
    stored = "\n".join(f"{row.title}\n{row.text}" for row in rows)
    assert all(ad["text"].split(" bel ")[0] in stored for ad in ads)  # the wording is kept
    leaked = sorted(value for value in secrets if value.lower() in stored.lower())
    assert leaked == []
    # Each ad's number is there as the pseudonym the analysis links on: ads sharing a phone
    # share the token, however the number was written.
    by_id = {row.ad_id: row.text for row in rows}
    for index in range(0, len(ads), 2):
        first, second = by_id[f"ad-{index}"], by_id[f"ad-{index + 1}"]
        tokens = {part.split("]")[0] for part in first.split("[phone:")[1:]}
        assert tokens and any(f"[phone:{token}]" in second for token in tokens)
    expected = timezone.now() + timedelta(days=7)
    assert all(abs(row.expires_at - expected) < timedelta(minutes=5) for row in rows)


@pytest.mark.django_db
def test_retention_is_capped_by_the_setting(tmp_path, monkeypatch):
    corpus, _ads, _secrets = _corpus(tmp_path, n_ads=4)
    monkeypatch.setenv("ZICHT_AD_TEXT_MAX_RETENTION_DAYS", "10")
    with pytest.raises(TextStoreNotAllowed):
        ad_analysis_enqueue(corpus=corpus, year=2020, keep_text_days=11)
    with pytest.raises(TextStoreNotAllowed):
        ad_analysis_enqueue(corpus=corpus, year=2020, keep_text_days=0)
    assert ad_analysis_enqueue(corpus=corpus, year=2020, keep_text_days=10).keep_text_days == 10
    monkeypatch.setenv("ZICHT_AD_TEXT_MAX_RETENTION_DAYS", "0")
    with pytest.raises(TextStoreNotAllowed):
        ad_analysis_enqueue(corpus=corpus, year=2020, keep_text_days=1)
    result = CliRunner().invoke(
        app, ["runs", "ads", str(corpus), "--year", "2020", "--keep-text-days", "3"]
    )
    assert result.exit_code == 2
    assert AnalysisRun.objects.filter(keep_text_days=3).count() == 0


def _rows(run: AnalysisRun, *expiries) -> None:
    AdText.objects.bulk_create(
        AdText(run=run, ad_id=f"ad-{i}", title="t", text=f"{MARKER} tekst", expires_at=expiry)
        for i, expiry in enumerate(expiries)
    )


@pytest.mark.django_db(transaction=True)
def test_expired_rows_are_purged_by_the_command_and_at_the_start_of_every_run(tmp_path):
    now = timezone.now()
    old_run = AnalysisRun.objects.create(kind=AnalysisRun.Kind.ADS, year=2020, keep_text_days=1)
    _rows(old_run, now - timedelta(days=1), now - timedelta(seconds=1), now + timedelta(days=2))
    assert purge_expired_ad_texts() == 2
    assert AdText.objects.count() == 1
    _rows(old_run, now - timedelta(hours=1))
    result = CliRunner().invoke(app, ["ads", "purge"])
    assert result.exit_code == 0, result.output
    assert AdText.objects.count() == 1
    # A day after the last row expired, any run (here one that keeps nothing) purges it.
    AdText.objects.update(expires_at=now - timedelta(minutes=1))
    corpus, _ads, _secrets = _corpus(tmp_path, n_ads=4)
    ad_analysis_enqueue(corpus=corpus, year=2020)
    _work_off_the_queue()
    assert AdText.objects.count() == 0


@pytest.mark.django_db
def test_only_staff_with_the_permission_read_stored_text(client):
    # The public side is crawled with stored text present in test_public_gate.
    run = AnalysisRun.objects.create(kind=AnalysisRun.Kind.ADS, year=2020, keep_text_days=5)
    _rows(run, timezone.now() + timedelta(days=5))
    # The back office: not for visitors, not for staff without the permission.
    listing = f"/beheer/monitor/adtext/{AdText.objects.first().pk}/change/"
    assert client.get(listing).status_code == 302
    # An administrator (signed in with two factors) without the model's permission: refused.
    staff = make_user("medewerker", Role.ADMINISTRATOR, staff=True)
    sign_in_verified(client, staff)
    assert client.get(listing).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_adtext"))
    staff = User.objects.get(pk=staff.pk)  # permissions are cached per user object
    sign_in_verified(client, staff)
    page = client.get(listing)
    assert page.status_code == 200 and MARKER.encode() in page.content
    assert b'name="text"' not in page.content  # read-only: shown, never editable
