"""Hostile input through the database side: nothing stored for a refused file, one current
revision when two deliveries race, a clean CLI whatever a file's headers say, and the CLI's
migration check."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from typer.testing import CliRunner

from tests.core.deliveries.hostile import CASES, TEST_LIMITS, YEAR, write_case
from zicht.cli.main import app
from zicht.core.deliveries import DeliveryRejected, ObservationRow
from zicht.web.monitor import services
from zicht.web.monitor.models import Delivery, Observation
from zicht.web.monitor.services import delivery_import, store_delivery

HEADER = b"indicator;area;period;value\n"


def _deliver(catalog, body: bytes, **kwargs):
    return delivery_import(
        catalog=catalog, partner="gemeente-rotterdam", year=2020, filename="g.csv",
        content=HEADER + body, **kwargs,
    )  # fmt: skip


@pytest.mark.django_db
def test_every_hostile_file_leaves_the_database_unchanged(catalog, tmp_path):
    _deliver(catalog, b"prevention_presentations;GM0599;2020;5\n")
    before = (Delivery.objects.count(), Observation.objects.count())
    for case in CASES:
        path = write_case(case, tmp_path)
        with path.open("rb") as handle, pytest.raises(DeliveryRejected) as raised:
            delivery_import(
                catalog=catalog, partner=case.partner, year=YEAR, filename=path.name,
                content=handle, limits=TEST_LIMITS,
            )  # fmt: skip
        assert {e.code for e in raised.value.errors} & case.codes, case.name
    assert (Delivery.objects.count(), Observation.objects.count()) == before


@pytest.mark.django_db
def test_infinity_is_never_stored(catalog):
    with pytest.raises(DeliveryRejected) as raised:
        store_delivery(
            partner="gemeente-rotterdam", year=2020, delivery_format="aggregate",
            filename="x.csv", checksum="0" * 64, content=b"", row_count=1,
            observations=[
                ObservationRow("prevention_presentations", "GM0599", "2020", "", float("inf"))
            ],
        )  # fmt: skip
    assert raised.value.errors[0].code == "not_finite"
    assert Delivery.objects.count() == 0


@pytest.mark.django_db
def test_the_database_holds_one_current_revision_per_partner_and_year(catalog):
    _deliver(catalog, b"prevention_presentations;GM0599;2020;5\n")
    first = Delivery.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            partner_id=first.partner_id, year=first.year, revision=2, format="aggregate",
            filename="y.csv", checksum="1" * 64, row_count=1,
        )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_at_once_become_two_revisions(catalog, monkeypatch):
    """Both threads read "no current delivery" before either stores (a barrier holds them),
    so both insert revision 1: the database refuses one, which is retried on top of the other."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (SQLite serialises writers)")
    barrier = threading.Barrier(2, timeout=20)
    first_look = threading.local()
    looked_up = services._current_delivery

    def racing_lookup(partner, year):
        found = looked_up(partner, year)
        if not getattr(first_look, "done", False):
            first_look.done = True
            barrier.wait()
        return found

    monkeypatch.setattr(services, "_current_delivery", racing_lookup)
    outcomes: list[object] = []

    def deliver(value: bytes) -> None:
        try:
            outcomes.append(_deliver(catalog, b"prevention_presentations;GM0599;2020;" + value))
        except Exception as error:  # the test reports what the loser got
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(v,)) for v in (b"5\n", b"6\n")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(not isinstance(o, Exception) for o in outcomes), outcomes
    revisions = sorted(Delivery.objects.values_list("revision", "status"))
    assert revisions == [(1, "superseded"), (2, "current")]


@pytest.mark.django_db
def test_a_collision_that_repeats_is_refused_in_dutch(catalog, monkeypatch):
    def always_collides(**kwargs):
        raise services._Collision

    monkeypatch.setattr(services, "_store_once", always_collides)
    with pytest.raises(DeliveryRejected) as raised:
        _deliver(catalog, b"prevention_presentations;GM0599;2020;5\n")
    assert raised.value.errors[0].code == "concurrent_delivery"
    assert "tegelijk" in raised.value.summary()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "header",
    [b"[/red]", b"[bold]x[/bold][link=https://example.org]y", b"\x1b[31mrood", b"\x9b31m"],
)
def test_file_headers_cannot_break_or_steer_the_terminal(tmp_path, header):
    path = tmp_path / "h.csv"
    path.write_bytes(HEADER.rstrip(b"\n") + b";" + header + b"\nprevention_presentations;"
                     b"GM0599;2020;5;x\n")  # fmt: skip
    result = CliRunner().invoke(
        app, ["deliver", str(path), "--partner", "gemeente-rotterdam", "--year", "2020"]
    )
    assert result.exit_code == 1, result.output
    assert "geweigerd" in result.output
    assert "\x1b" not in result.output and "\x9b" not in result.output
    # An unknown header is named by its letter and never shown: neither as written nor read
    # as markup (a header may as well be personal data).
    if header.startswith(b"["):
        assert "kolom 'E'" in result.output
    assert "red" not in result.output and "example.org" not in result.output


def test_markup_and_escapes_are_made_safe():
    from zicht.cli._common import safe

    hostile = "a\x1b]8;;https://evil.example\x07klik\x1b]8;;\x07[/red]\x1b[2J\u202eb\x00"
    assert safe(hostile) == "aklik\\[/red]b"


@pytest.mark.django_db
def test_a_migrated_database_is_not_migrated_again(monkeypatch):
    from django.core import management

    from zicht.cli import _common

    calls = []
    monkeypatch.setattr(management, "call_command", lambda *a, **k: calls.append(a))
    _common.django_ready()
    assert _common.pending_migrations() == []
    assert calls == []


@pytest.mark.django_db
def test_pending_migrations_in_production_ask_the_operator(monkeypatch):
    import typer

    from zicht.cli import _common

    monkeypatch.setattr(_common, "pending_migrations", lambda: ["monitor.9999_next"])
    monkeypatch.setenv("ZICHT_ENVIRONMENT", "production")
    with pytest.raises(typer.Exit):
        _common.django_ready()


@pytest.mark.django_db
def test_adding_a_text_to_a_published_edition_is_refused_in_the_form(admin_client):
    from zicht.web.monitor.models import Edition, EditionText

    published = Edition.objects.create(year=2019, title_nl="Monitor 2019", status="published")
    draft = Edition.objects.create(year=2020, title_nl="Monitor 2020")
    form = admin_client.get("/beheer/monitor/editiontext/add/").content.decode()
    assert f'<option value="{draft.pk}">' in form
    assert f'<option value="{published.pk}">' not in form
    fields = {"key": "aanleiding", "language": "nl", "order": "0", "markdown": "Tekst"}
    response = admin_client.post(
        "/beheer/monitor/editiontext/add/", fields | {"edition": published.pk}
    )
    assert response.status_code == 200  # the form again, with the reason; no server error
    assert EditionText.objects.count() == 0
    with pytest.raises(ValidationError) as raised:
        EditionText(edition=published, **fields).full_clean()
    assert "gepubliceerd" in str(raised.value)


@pytest.mark.django_db
def test_open_data_notes_are_written_safe_from_formula_injection():
    from zicht.web.monitor.exports import edition_notes_csv
    from zicht.web.monitor.models import Edition, EditionNote

    edition = Edition.objects.create(year=2020, title_nl="Monitor 2020")
    EditionNote.objects.create(
        edition=edition, indicator_code="x", text_nl='=HYPERLINK("http://x")', text_en="@SUM(1)"
    )
    row = edition_notes_csv(edition=edition).splitlines()[1]
    assert "'=HYPERLINK" in row and ",'@SUM(1)" in row


@pytest.mark.django_db(transaction=True)
def test_the_largest_number_accepted_still_publishes(tmp_path):
    """400 nines are refused at the door; the largest number let through (twelve digits)
    must not crash publication (it used to be stored as infinity: OverflowError)."""
    runner = CliRunner()
    nines = tmp_path / "negens.csv"
    nines.write_bytes(HEADER + b"prevention_presentations;GM0599;2020;" + b"9" * 400 + b"\n")
    refused = runner.invoke(
        app, ["deliver", str(nines), "--partner", "gemeente-rotterdam", "--year", "2020"]
    )
    assert refused.exit_code == 1 and "te groot" in refused.output
    largest = tmp_path / "groot.csv"
    largest.write_bytes(HEADER + b"prevention_presentations;GM0599;2020;999999999999\n")
    accepted = runner.invoke(
        app, ["deliver", str(largest), "--partner", "gemeente-rotterdam", "--year", "2020"]
    )
    assert accepted.exit_code == 0, accepted.output
    published = runner.invoke(app, ["publish", "2020", "--json"])
    assert published.exit_code == 0, published.output


@pytest.mark.django_db
def test_a_huge_web_upload_is_kept_only_to_the_limit_and_refused(catalog, settings, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import RequestFactory

    monkeypatch.setenv("ZICHT_UPLOAD_MAX_MEGABYTES", "1")
    big = HEADER + b"prevention_presentations;GM0599;2020;5\n" * 80_000  # 3.5 MB
    request = RequestFactory().post(
        "/portaal/levering/", {"bestand": SimpleUploadedFile("groot.csv", big)}
    )
    upload = request.FILES["bestand"]
    assert upload.size == 1024 * 1024 + 1  # the rest was never stored
    with pytest.raises(DeliveryRejected) as raised:
        delivery_import(
            catalog=catalog, partner="gemeente-rotterdam", year=2020, filename=upload.name,
            content=upload,
        )  # fmt: skip
    assert raised.value.errors[0].code == "file_too_large"
    assert Delivery.objects.count() == 0


def test_commands_without_the_database_never_start_it(tmp_path, monkeypatch):
    from zicht.cli import _common

    def no_database(*args, **kwargs):
        raise AssertionError("this command needs no database")

    for module in ("deliveries", "editions", "export", "runs", "serving", "estimate", "ads"):
        monkeypatch.setattr(f"zicht.cli.{module}.django_ready", no_database, raising=False)
    monkeypatch.setattr(_common, "django_ready", no_database)
    runner = CliRunner()
    assert runner.invoke(app, ["catalog", "check"]).exit_code == 0
    template = runner.invoke(app, ["template", "2020", "--out", str(tmp_path)])
    assert template.exit_code == 0, template.output
