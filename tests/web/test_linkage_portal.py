"""Encodings in the portal: a partner uploads only its own validated encoding, a coordinator
starts linkage and ad analyses and follows the runs; every other role is refused and the
refusal is in the audit trail (issue 13 item 5)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web.portal_setup import PARTNER_A, PARTNER_B, make_user, sign_in_verified
from zicht.core.privacy.linkage import RecordEncoder
from zicht.core.privacy.linkage.synthetic import SyntheticListSettings, generate_lists
from zicht.web.linkage.models import PartnerEncoding
from zicht.web.monitor.catalog_sync import catalog_sync
from zicht.web.monitor.models import AnalysisRun, Edition
from zicht.web.portal import services
from zicht.web.portal.models import AuditEvent
from zicht.web.portal.roles import Role

YEAR = 2025
SECRET = b"portal-test-secret-0123456789abcdef"


def _encoding(source: str, secret: bytes = SECRET, records: int = 40) -> bytes:
    rows = generate_lists(SyntheticListSettings(population=200, seed=4)).records["politie"]
    rows = rows[:records]
    encoder = RecordEncoder(secret)
    lines = []
    for row, encoded in zip(rows, encoder.encode(rows), strict=True):
        line = {
            "schema": encoder.schema.version,
            "source": source,
            "record_ref": row["record_ref"],
            "encoding": encoded.tobytes().hex(),
            "key_check": encoder.key_check,
        }
        line |= {key: row[key] for key in ("year", "municipality", "exploitation_form")}
        line["age_group"] = row["age_group"]
        lines.append(json.dumps(line, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def people(db, catalog):
    catalog_sync(catalog=catalog)
    return {
        "partner_a": make_user("partner_a", Role.PARTNER, partner=PARTNER_A),
        "partner_b": make_user("partner_b", Role.PARTNER, partner=PARTNER_B),
        "analyst": make_user("analyst", Role.ANALYST),
        "coordinator": make_user("coordinator", Role.COORDINATOR),
    }


@pytest.fixture(autouse=True)
def _data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("ZICHT_DATA_DIR", str(tmp_path))


def _upload(client, source: str, content: bytes, year: int = YEAR):
    file = SimpleUploadedFile(f"{source}.jsonl", content, content_type="application/jsonl")
    return client.post(reverse("linkage:upload"), {"year": str(year), "encoding": file})


def test_partner_uploads_its_own_encoding_and_sees_it(people, client, tmp_path):
    sign_in_verified(client, people["partner_a"])
    page = client.get(reverse("linkage:encode"))
    assert page.status_code == 200
    assert b"linkage/encoder.js" not in page.content  # the page loads page.js, which imports it
    assert b"linkage/page.js" in page.content and b"<script>" not in page.content
    response = _upload(client, PARTNER_A, _encoding(PARTNER_A))
    assert response.status_code == 302
    stored = PartnerEncoding.objects.get(partner_id=PARTNER_A, year=YEAR)
    assert stored.records == 40
    assert (tmp_path / "encodings" / str(YEAR) / f"{PARTNER_A}.jsonl").exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELIVERY).exists()
    shown = client.get(reverse("linkage:encode")).content.decode()
    assert "40" in shown and str(YEAR) in shown


def test_an_encoding_of_another_source_or_not_an_encoding_is_refused(people, client, tmp_path):
    sign_in_verified(client, people["partner_a"])
    _upload(client, PARTNER_A, _encoding(PARTNER_B))
    plain = b"record_ref,given_name\nA-1,Geheimenaam\n"
    response = _upload(client, PARTNER_A, plain)
    assert not PartnerEncoding.objects.exists()
    assert not list((tmp_path / "encodings" / str(YEAR)).iterdir())  # nothing half written
    shown = client.get(response.url).content.decode()
    assert "Versleuteling geweigerd" in shown and "Geheimenaam" not in shown
    refused = AuditEvent.objects.filter(action=AuditEvent.Action.UPLOAD_REFUSED)
    assert refused.count() == 2
    assert all("Geheimenaam" not in event.detail for event in refused)


def test_coordinator_starts_linkage_only_for_a_set_that_belongs_together(people, client):
    for partner, secret in ((PARTNER_A, SECRET), (PARTNER_B, b"another-secret-0123456789abcd")):
        sign_in_verified(client, people[f"partner_{'a' if partner == PARTNER_A else 'b'}"])
        _upload(client, partner, _encoding(partner, secret))
    sign_in_verified(client, people["coordinator"])
    start = reverse("linkage:start_linkage", args=[YEAR])
    response = client.post(start, follow=True)
    assert "met verschillende geheimen gecodeerd" in response.content.decode()
    assert not AnalysisRun.objects.exists()
    sign_in_verified(client, people["partner_b"])
    _upload(client, PARTNER_B, _encoding(PARTNER_B))  # re-encoded with the shared secret
    sign_in_verified(client, people["coordinator"])
    response = client.post(start, follow=True)
    run = AnalysisRun.objects.get()
    assert run.kind == AnalysisRun.Kind.LINKAGE and run.year == YEAR and len(run.inputs) == 2
    page = response.content.decode()
    assert "Koppeling en schatting" in page
    # While it runs, a script keeps the table of runs current and can be stopped; the page
    # never reloads itself (WCAG 2.2.1).
    assert 'http-equiv="refresh"' not in page and "linkage/runs.js" in page
    assert 'id="taken-stand" role="status"' in page and 'id="bijwerken"' in page
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ANALYSIS_RUN).exists()


def test_coordinator_starts_an_ad_analysis(people, client):
    sign_in_verified(client, people["coordinator"])
    corpus = SimpleUploadedFile("ads.jsonl", b'{"id": "1", "text": "x"}\n')
    client.post(reverse("linkage:start_ads"), {"year": str(YEAR), "corpus": corpus})
    run = AnalysisRun.objects.get()
    assert run.kind == AnalysisRun.Kind.ADS and run.inputs[0].endswith(".jsonl")


@pytest.mark.parametrize(
    ("who", "url", "method", "allowed"),
    [
        ("anonymous", "linkage:encode", "get", False),
        ("anonymous", "linkage:persons_template", "get", False),
        ("coordinator", "linkage:persons_template", "get", False),
        ("partner_a", "linkage:persons_template", "get", True),
        ("analyst", "linkage:encode", "get", False),
        ("coordinator", "linkage:encode", "get", False),
        ("partner_a", "linkage:runs", "get", False),
        ("analyst", "linkage:runs", "get", False),
        ("coordinator", "linkage:runs", "get", True),
        ("partner_a", "linkage:start_ads", "post", False),
        ("analyst", "linkage:upload", "post", False),
    ],
)
def test_every_page_is_for_its_role_only(people, client, who, url, method, allowed):
    if who != "anonymous":
        sign_in_verified(client, people[who])
    response = getattr(client, method)(reverse(url))
    if allowed:
        assert response.status_code == 200
    elif who == "anonymous":
        assert response.status_code == 302 and "aanmelden" in response.url
    else:
        assert response.status_code == 403
        assert AuditEvent.objects.filter(action=AuditEvent.Action.REQUEST_REFUSED).exists()


def test_a_partner_never_sees_another_partners_encodings(people, client):
    sign_in_verified(client, people["partner_b"])
    _upload(client, PARTNER_B, _encoding(PARTNER_B))
    sign_in_verified(client, people["partner_a"])
    page = client.get(reverse("linkage:encode")).content.decode()
    assert "Ontvangen versleutelingen" not in page
    _upload(client, PARTNER_A, _encoding(PARTNER_B))  # cannot deliver in B's name
    assert PartnerEncoding.objects.filter(partner_id=PARTNER_A).count() == 0


def _selected_years(html: str, select_id: str) -> list[str]:
    select = html.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="(\d{4})" selected>', select)


def test_the_year_forms_propose_the_year_of_the_open_round(people, client, catalog):
    """A partner encoding its list and a coordinator starting an ad analysis are proposed the
    year being gathered now (the open round's), not one counted back from today; without an
    open round, last year."""
    last_year = dt.date.today().year - 1
    sign_in_verified(client, people["partner_a"])
    assert _selected_years(client.get(reverse("linkage:encode")).content.decode(), "jaar") == [
        str(last_year)
    ]
    gathered = dt.date.today().year - 4
    plan = services.default_plan(catalog, year=gathered, deadline=dt.date.today())
    services.round_open(catalog=catalog, plan=plan)
    encode = client.get(reverse("linkage:encode")).content.decode()
    assert _selected_years(encode, "jaar") == [str(gathered)]
    sign_in_verified(client, people["coordinator"])
    runs = client.get(reverse("linkage:runs")).content.decode()
    assert _selected_years(runs, "ads-jaar") == [str(gathered)]


def _offered_years(html: str, select_id: str) -> list[int]:
    select = html.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    return [int(year) for year in re.findall(r'<option value="(\d{4})"', select)]


def test_a_published_year_is_never_offered_nor_accepted(people, client):
    """What is computed for a year whose edition is out would reach no edition: the forms do
    not offer that year, a posted one starts nothing, and last year's edition being out, the
    forms propose the newest year still open."""
    last_year = dt.date.today().year - 1
    Edition.objects.create(year=last_year, status=Edition.Status.PUBLISHED, title_nl="Monitor")
    sign_in_verified(client, people["coordinator"])
    runs = client.get(reverse("linkage:runs")).content.decode()
    offered = _offered_years(runs, "ads-jaar")
    assert last_year not in offered and offered and offered[0] == last_year + 1
    assert _selected_years(runs, "ads-jaar") == [str(last_year + 1)]
    corpus = SimpleUploadedFile("ads.jsonl", b'{"id": "1", "text": "x"}\n')
    client.post(reverse("linkage:start_ads"), {"year": str(last_year), "corpus": corpus})
    assert not AnalysisRun.objects.exists()


def test_the_encoding_page_names_the_columns_in_its_language_and_offers_an_empty_list(
    people, client
):
    sign_in_verified(client, people["partner_a"])
    dutch = client.get(reverse("linkage:encode")).content.decode()
    assert (
        "Kolommen: kenmerk, voornaam, achternaam, geboortedatum, geslacht, geboorteland;" in dutch
    )
    assert "Engelse kolomnamen mogen ook (record_ref, given_name," in dutch
    # The browser encoder reads the Dutch names from the page, as the Python encoder has them.
    names = re.search(r'<script id="kolomnamen" type="application/json">(.*?)</script>', dutch)
    assert names and json.loads(names[1])["given_name"] == "voornaam"
    template = client.get(reverse("linkage:persons_template"))
    assert template["Content-Disposition"] == 'attachment; filename="personenlijst.csv"'
    assert template.content.decode("utf-8-sig") == (
        "kenmerk;voornaam;achternaam;geboortedatum;geslacht;geboorteland;"
        "jaar;gemeente;uitbuitingsvorm;leeftijdsgroep\r\n"
    )
    english = client.get("/en/portaal/versleutelen/").content.decode()
    assert (
        "Columns: record_ref, given_name, family_name, date_of_birth, sex, country_of_birth;"
        in (english)
    )
    assert "Dutch column names are accepted too (kenmerk, voornaam," in english

    english_template = client.get("/en/portaal/versleutelen/personenlijst.csv")
    assert english_template.content.decode("utf-8-sig").startswith("record_ref;given_name;")


def test_the_linkage_button_says_beforehand_why_it_cannot_start(people, client):
    sign_in_verified(client, people["partner_a"])
    _upload(client, PARTNER_A, _encoding(PARTNER_A))
    sign_in_verified(client, people["coordinator"])
    page = client.get(reverse("linkage:runs")).content.decode()
    button = re.search(r"<button[^>]*>Koppeling en schatting 2025 starten", page).group(0)
    assert "disabled" in button and 'aria-describedby="niet-klaar-2025"' in button
    assert "minstens twee partners nodig; er is er nu 1." in page
    sign_in_verified(client, people["partner_b"])
    _upload(client, PARTNER_B, _encoding(PARTNER_B))
    sign_in_verified(client, people["coordinator"])
    page = client.get(reverse("linkage:runs")).content.decode()
    button = re.search(r"<button[^>]*>Koppeling en schatting 2025 starten", page).group(0)
    assert "disabled" not in button and "niet-klaar" not in page


def test_the_english_runs_page_says_kind_status_stage_reason_and_result_in_english(people, client):
    AnalysisRun.objects.create(
        kind=AnalysisRun.Kind.ADS,
        year=YEAR,
        status=AnalysisRun.Status.FAILED,
        stage="import",
        message="regel 1: geen kolom 'text' of 'title' (wijs andere namen toe met een "
        "kolomtoewijzing)",
        message_en="line 1: no column 'text' or 'title' (map other names with a column mapping)",
    )
    AnalysisRun.objects.create(
        kind=AnalysisRun.Kind.ADS,
        year=YEAR,
        status=AnalysisRun.Status.DONE,
        progress=1.0,
        result={"ads": 1200, "unique": 950, "clusters": 400, "share_high_risk": 0.125},
    )
    AnalysisRun.objects.create(
        kind=AnalysisRun.Kind.LINKAGE,
        year=YEAR,
        status=AnalysisRun.Status.DONE,
        progress=1.0,
        result={
            "records": 2100,
            "persons": 1800,
            "estimate": 2500.4,
            "lower": 2100.2,
            "upper": None,
        },
    )
    AnalysisRun.objects.create(
        kind=AnalysisRun.Kind.LINKAGE,
        year=YEAR,
        status=AnalysisRun.Status.RUNNING,
        stage="compare",
        progress=0.5,
    )
    sign_in_verified(client, people["coordinator"])
    english = client.get("/en" + reverse("linkage:runs")).content.decode()
    cells = [
        html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", english, re.DOTALL)
    ]
    for dutch in (
        "Advertentieanalyse",
        "Koppeling en schatting",
        "Mislukt",
        "Klaar",
        "Bezig",
        "regel 1",
        "compare",
        "import",
        "Error",
    ):
        assert not any(dutch in cell for cell in cells), dutch
    for words in (
        "Ad analysis",
        "Linkage and estimate",
        "Failed",
        "Done",
        "Running",
        "comparing encodings",
        "reading ads",
        "line 1: no column 'text' or 'title' (map other names with a column mapping)",
        "Ads: 1,200",
        "Share of high risk: 12.5 %",
        "Persons after linkage: 1,800",
        "Estimated number of victims: 2,500",
        "Interval: 2,100 to unbounded",
    ):
        assert any(words in cell for cell in cells), words + " not in " + " | ".join(cells)
    dutch_page = client.get("/portaal/koppeling/").content.decode()
    assert "regel 1: geen kolom" in dutch_page and "versleutelingen vergelijken" in dutch_page
    assert "Geschat aantal slachtoffers: 2.500" in dutch_page


def test_an_old_run_without_english_shows_its_dutch_reason_marked_as_dutch(people, client):
    AnalysisRun.objects.create(
        kind=AnalysisRun.Kind.LINKAGE,
        year=YEAR,
        status=AnalysisRun.Status.FAILED,
        message="de schatting bestaat niet",
    )
    sign_in_verified(client, people["coordinator"])
    english = client.get("/en" + reverse("linkage:runs")).content.decode()
    assert '<span lang="nl">de schatting bestaat niet</span>' in english


def test_the_linkage_refusal_is_in_the_pages_language(people, client):
    sign_in_verified(client, people["partner_a"])
    _upload(client, PARTNER_A, _encoding(PARTNER_A))
    sign_in_verified(client, people["coordinator"])
    start = "/en" + reverse("linkage:start_linkage", args=[YEAR])
    page = client.post(start, follow=True).content.decode()
    assert "Linkage not started: encoded lists of at least two partners are needed" in page
    assert "versleutelde lijsten van minstens twee partners nodig</" not in page


def test_the_runs_page_tables_stack_on_a_phone(people, client):
    sign_in_verified(client, people["partner_a"])
    _upload(client, PARTNER_A, _encoding(PARTNER_A))
    AnalysisRun.objects.create(kind=AnalysisRun.Kind.ADS, year=YEAR)
    sign_in_verified(client, people["coordinator"])
    page = client.get(reverse("linkage:runs")).content.decode()
    tables = re.findall(
        r'<div class="portal-scroll"><table class="utrecht-table portal-stack[ "]', page
    )
    assert len(tables) == 2
    cells = re.findall(r"<td [^>]*>", page)
    assert cells and all("data-label=" in cell for cell in cells)
