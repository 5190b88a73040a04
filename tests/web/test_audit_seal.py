"""The audit trail is sealed in the database: every event written by Zicht follows from the one
before, and a change or removal made past the application shows in `zicht audit check`, with
its position and without the changed text."""

from __future__ import annotations

import json
import re
import threading

import pytest
from django.db import connection
from typer.testing import CliRunner

from tests.web.portal_setup import make_user, sign_in_verified
from zicht.cli.main import app
from zicht.web.portal import sealing
from zicht.web.portal.audit import audit_record
from zicht.web.portal.models import AuditEvent
from zicht.web.portal.roles import Role

runner = CliRunner()
Action = AuditEvent.Action


def _write(count: int, start: int = 1) -> list[AuditEvent]:
    return [
        audit_record(Action.DOWNLOAD, target=f"levering {n}", detail="werkcijfers")
        for n in range(start, start + count)
    ]


def _check_cli() -> tuple[int, dict, str]:
    as_json = runner.invoke(app, ["audit", "check", "--json"])
    as_text = runner.invoke(app, ["audit", "check"])
    assert as_json.exit_code == as_text.exit_code
    return as_json.exit_code, json.loads(as_json.stdout), as_text.output


@pytest.mark.django_db
def test_every_event_is_sealed_onto_the_one_before():
    events = _write(4)
    assert [e.position for e in events] == [1, 2, 3, 4]
    assert len({e.seal for e in events}) == 4
    check = sealing.check(AuditEvent)
    assert check.intact and check.events == 4 and check.last_seal == events[-1].seal


@pytest.mark.django_db(transaction=True)
def test_a_change_past_the_application_is_found_at_its_event():
    _write(5)
    code, answer, text = _check_cli()
    assert code == 0 and answer["intact"] and answer["last_position"] == 5
    assert "ongeschonden" in text and "#5" in text

    with connection.cursor() as cursor:  # what someone with database access could do
        cursor.execute(
            "UPDATE portal_auditevent SET detail = %s WHERE position = 3", ["zzverborgenzz"]
        )
    code, answer, text = _check_cli()
    assert code == 1 and not answer["intact"]
    assert (answer["problem"], answer["broken_at"], answer["last_position"]) == ("changed", 3, 2)
    assert "regel #3 is gewijzigd" in text and "zzverborgenzz" not in text


@pytest.mark.django_db(transaction=True)
def test_a_removed_event_is_found_where_the_positions_skip():
    _write(5)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM portal_auditevent WHERE position = 2")
    code, answer, text = _check_cli()
    assert code == 1 and (answer["problem"], answer["broken_at"]) == ("missing", 3)
    assert "vóór regel #3 ontbreken regels" in text


@pytest.mark.django_db
def test_a_writer_that_sealed_onto_a_stale_event_seals_again(monkeypatch):
    """Two processes read the same last event; the database refuses the second one's position,
    and it seals again onto the event the first one wrote."""
    _write(2)
    stale = AuditEvent.objects.get(position=1)
    reads = []
    current = sealing._last

    def first_read_is_stale(model):
        reads.append(model)
        return (stale.position, stale.seal) if len(reads) == 1 else current(model)

    monkeypatch.setattr(sealing, "_last", first_read_is_stale)
    event = _write(1, start=3)[0]
    assert len(reads) == 2 and event.position == 3
    assert sealing.check(AuditEvent).intact


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_writers_at_the_same_time_keep_one_unbroken_chain():
    writers, each = 4, 15
    failures: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            _write(each, start=100 * n)
        except BaseException as error:  # the test reports what went wrong
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    check = sealing.check(AuditEvent)
    assert check.intact and check.events == writers * each


@pytest.mark.django_db
def test_the_administrators_page_numbers_each_event_and_names_it_in_the_reader_s_language(client):
    sign_in_verified(client, make_user("beheer", Role.ADMINISTRATOR, staff=True))
    _write(1)
    last = AuditEvent.objects.order_by("-position").first()
    english = client.get("/en/portaal/audit/").content.decode()
    assert "<th" in english and ">No.<" in english and f">{last.position}<" in english
    assert "Downloaded" in english and "Gedownload" not in english
    assert "zicht audit check" in english
    # What an event was about is recorded in Dutch, as the trail is kept: the English page
    # says so and marks those cells as Dutch (a screen reader then pronounces them so).
    assert ">Details (in Dutch)<" in english and ">On what (in Dutch)<" in english
    assert re.search(
        r'data-label="Details \(in Dutch\)" class="utrecht-table__cell" lang="nl"', english
    )
    dutch = client.get("/portaal/audit/").content.decode()
    assert ">Nr.<" in dutch and "Gedownload" in dutch


@pytest.mark.django_db
def test_the_administrator_checks_the_seals_from_the_page_and_the_check_is_recorded(client):
    sign_in_verified(client, make_user("beheer", Role.ADMINISTRATOR, staff=True))
    _write(3)
    last = AuditEvent.objects.order_by("-position").first()
    page = client.post("/portaal/audit/controle/", follow=True).content.decode()
    assert f"Alle {last.position} regels vóór deze controle zijn ongeschonden" in page
    assert f"tot en met nr. {last.position}" in page and last.seal[:16] in page
    recorded = AuditEvent.objects.order_by("-position").first()
    assert (recorded.action, recorded.detail) == ("audit_check", "ongeschonden")
    # The table under the message starts with the check itself, and the message says so.
    assert recorded.position == last.position + 1
    assert f"Deze controle is vastgelegd als nr. {recorded.position}." in page
    assert "dan zijn de nieuwste verwijderd" not in page

    with connection.cursor() as cursor:  # past the application
        cursor.execute("UPDATE portal_auditevent SET target = 'x' WHERE position = 2")
    page = client.post("/en/portaal/audit/controle/", follow=True).content.decode()
    assert "Event no. 2 was changed past Zicht" in page and "The event before it is intact" in page
    recorded = AuditEvent.objects.order_by("-position").first()
    assert recorded.detail == "beschadigd bij nr. 2"
    assert f"This check was recorded as no. {recorded.position}." in page


@pytest.mark.django_db
def test_only_the_administrator_may_check_and_only_by_posting(client):
    sign_in_verified(client, make_user("coordinator", Role.COORDINATOR))
    assert client.post("/portaal/audit/controle/").status_code == 403
    assert not AuditEvent.objects.filter(action="audit_check").exists()
    sign_in_verified(client, make_user("beheer", Role.ADMINISTRATOR, staff=True))
    assert client.get("/portaal/audit/controle/").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_the_last_event_in_the_log_shows_that_the_newest_events_were_removed(caplog):
    import re

    with caplog.at_level("INFO", logger="zicht.audit"):
        _write(5)
    position, logged_seal = re.findall(r"position=(\d+) seal=([0-9a-f]{64})", caplog.text)[-1]
    anchor = f"{position}:{logged_seal}"
    with connection.cursor() as cursor:  # the two newest events removed past the application
        cursor.execute("DELETE FROM portal_auditevent WHERE position > 3")
    assert runner.invoke(app, ["audit", "check"]).exit_code == 0  # by itself it still holds
    answer = runner.invoke(app, ["audit", "check", "--anchor", anchor, "--json"])
    assert answer.exit_code == 1
    outcome = json.loads(answer.stdout)
    assert (outcome["problem"], outcome["broken_at"], outcome["last_position"]) == (
        "truncated",
        5,
        3,
    )
    text = runner.invoke(app, ["audit", "check", "--anchor", anchor]).output
    assert "het log kent regel #5" in text and "de nieuwste regels zijn verwijderd" in text
    refused = runner.invoke(app, ["audit", "check", "--anchor", "vijf"])
    assert refused.exit_code == 2 and "VOLGNUMMER:ZEGEL" in refused.output
