"""Browser tests of the portal: a partner delivers with two factors, a coordinator accepts, the
edition then includes it; and sign-in locks out after repeated wrong passwords.

The server runs on its own fresh database with the demo accounts (`zicht accounts demo`) and
an open round for 2020 (`zicht rounds open`), so publishing 2020 is the portal's doing.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import ZICHT, _free_port, _wait_for
from tests.e2e.second_factor import fresh_code

pytestmark = pytest.mark.e2e
YEAR = 2020
ROWS = 30  # ten per sex: no count below the disclosure threshold, so the total is published
WRONG = "GEHEIM-ONBEKEND-XYZ"
# Screenshots at 1366 and 390 px when asked: ZICHT_SCREENSHOTS=/some/folder pytest tests/e2e
SHOTS = Path(os.environ["ZICHT_SCREENSHOTS"]) if os.environ.get("ZICHT_SCREENSHOTS") else None


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    data = tmp_path_factory.mktemp("zicht-portal")
    env = {
        **os.environ,
        "ZICHT_DATA_DIR": str(data),
        "ZICHT_DATABASE_URL": f"sqlite:///{data / 'zicht.sqlite3'}",
    }
    made = subprocess.run(
        [*ZICHT, "accounts", "demo", "--json"], env=env, check=True, capture_output=True
    )
    accounts = {a["role"]: a for a in json.loads(made.stdout)}
    deadline = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    subprocess.run(
        [*ZICHT, "rounds", "open", str(YEAR), "--deadline", deadline],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    port = _free_port()
    server = subprocess.Popen(
        [*ZICHT, "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url + "/portaal/aanmelden/", server)
        yield {"url": url, "accounts": accounts, "env": env, "data": data}
    finally:
        server.terminate()
        server.wait(timeout=10)


def _sign_in(page, portal, role: str) -> None:
    account = portal["accounts"][role]
    page.goto(portal["url"] + "/portaal/")
    page.get_by_label("Gebruikersnaam").fill(account["username"])
    page.get_by_label("Wachtwoord").fill(account["password"])
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Code").fill(fresh_code(account["totp_secret"]))
    page.get_by_role("button", name="Aanmelden").click()


def _shoot(page, name: str) -> None:
    if SHOTS is None:
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"portal-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _fill_template(template: Path, target: Path, *, wrong_row: int | None) -> None:
    """Fill the downloaded template as a partner would: codes from its own lists."""
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    sexes = ["man", "vrouw", "anders_onbekend"]
    for index in range(ROWS):
        row = {  # the Dutch portal's column names
            "gemeente": "GM0599",
            "periode": str(YEAR),
            "geslacht": sexes[index % 3],
            "leeftijdsgroep": "18-23",
            "uitbuitingsvorm": "seksueel",
        }
        if wrong_row is not None and index + 2 == wrong_row:
            row["geslacht"] = WRONG
        sheet.append([row.get(column, "") for column in header])
    workbook.save(target)


def test_partner_delivers_coordinator_accepts_and_publishing_includes_it(browser, portal, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(portal["url"] + "/portaal/")
    _shoot(page, "aanmelden")
    _sign_in(page, portal, "Partnermedewerker")
    assert "Humanitas" in page.locator("h1").inner_text()
    _shoot(page, "partner")

    with page.expect_download() as download:
        page.get_by_role("link", name="Sjabloon downloaden (Excel, XLSX)").click()
    template = tmp_path / "sjabloon.xlsx"
    download.value.save_as(template)
    assert load_workbook(template).worksheets[0].data_validations.dataValidation

    wrong, right = tmp_path / "levering.xlsx", tmp_path / "levering-verbeterd.xlsx"
    _fill_template(template, wrong, wrong_row=4)
    _fill_template(template, right, wrong_row=None)
    page.locator("input[type=file]").first.set_input_files(str(wrong))
    page.get_by_role("button", name="Uploaden en controleren").first.click()
    errors = page.locator("table").first
    assert "geweigerd" in page.locator("[role=alert]").inner_text()
    row = errors.locator("tbody tr").first.locator("td")
    assert row.nth(0).inner_text() == "4" and row.nth(1).inner_text() == "geslacht"
    assert "onbekende categorie" in row.nth(2).inner_text()
    assert WRONG not in page.content()
    _shoot(page, "geweigerd")

    page.get_by_label("Verbeterd bestand uploaden").set_input_files(str(right))
    page.get_by_role("button", name="Uploaden en controleren").click()
    assert f"Ontvangen: {ROWS} rijen" in page.locator("[role=status]").first.inner_text()
    # Received: what may follow is a new version, not a "corrected" file.
    assert page.get_by_label("Een nieuwe versie uploaden (die vervangt deze levering)").count() == 1
    assert page.get_by_label("Verbeterd bestand uploaden").count() == 0
    context.close()

    context = browser.new_context()
    page = context.new_page()
    _sign_in(page, portal, "Coördinator")
    page.get_by_role("link", name=f"Leverronde {YEAR}").click()
    board_row = page.locator("#statusbord tr[data-partner=humanitas]").first
    assert "ontvangen, wacht op beoordeling" in board_row.inner_text()
    _shoot(page, "statusbord")
    board_url = page.url
    board_row.get_by_role("link", name="levering").click()
    page.get_by_role("button", name="Accepteren").click()
    assert "Geaccepteerd" in page.locator("#beoordeling").inner_text()
    _shoot(page, "levering")
    page.goto(board_url)
    board_row = page.locator("#statusbord tr[data-partner=humanitas]").first
    assert "geaccepteerd" in board_row.inner_text()

    page.get_by_role("link", name="Werkcijfers").click()
    # Not one click: a page first says what goes in and what is still missing.
    page.get_by_role("link", name=f"Editie {YEAR} publiceren").click()
    summary = page.locator("#samenvatting").inner_text()
    assert "ontbreken nog" in summary and "nog niet verstreken" in summary
    assert "ja" in page.locator("tr[data-partner=humanitas]").first.inner_text()
    _shoot(page, "publiceren")
    page.get_by_role("button", name=f"Editie {YEAR} definitief publiceren").click()
    assert f"Editie {YEAR} is gepubliceerd" in page.locator("[role=status]").first.inner_text()
    _shoot(page, "werkcijfers")
    page.get_by_role("link", name="Opbouw van de monitor").click()
    assert str(YEAR) in page.locator("main").inner_text()
    _shoot(page, "opbouw")
    context.close()
    _administrator_reads_the_audit_trail(browser, portal)

    out = portal["data"] / "export"
    subprocess.run(
        [*ZICHT, "export", str(YEAR), "--out", str(out)],
        env=portal["env"], check=True, capture_output=True,
    )  # fmt: skip
    with (out / f"zicht-{YEAR}.csv").open(encoding="utf-8-sig") as handle:
        sample = handle.read(2048)
        handle.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        rows = list(csv.DictReader(handle, delimiter=delimiter))
    fixed = {"indicator", "area", "period", "value", "lower", "upper", "symbol"}
    total = [
        r for r in rows
        if r["indicator"] == "humanitas_reports" and r["area"] == "GM0599"
        and all(r[k] in ("", "totaal") for k in r if k not in fixed)
    ]  # fmt: skip
    assert len(total) == 1 and float(total[0]["value"]) == ROWS


def _administrator_reads_the_audit_trail(browser, portal) -> None:
    """The administrator signs in with a single-use backup code and reads, in English too,
    that the upload, the acceptance and the publication were recorded, and checks the seals."""
    account = portal["accounts"]["Beheerder"]
    context = browser.new_context()
    page = context.new_page()
    page.goto(portal["url"] + "/portaal/")
    page.get_by_label("Gebruikersnaam").fill(account["username"])
    page.get_by_label("Wachtwoord").fill(account["password"])
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Code").fill(account["backup_codes"][0])
    page.get_by_role("button", name="Aanmelden").click()
    trail = page.locator("table").inner_text()
    for action in ("Upload geweigerd bij controle", "Levering geaccepteerd", "Publicatie"):
        assert action in trail
    _shoot(page, "audit")
    # The back office, in Dutch, with names instead of codes.
    page.goto(portal["url"] + "/beheer/monitor/delivery/")
    listing = page.locator("#result_list").inner_text()
    assert "Humanitas Rotterdam" in listing and "Geaccepteerd" in listing
    assert "partner-demo" in listing  # who delivered
    _shoot(page, "beheer-leveringen")
    page.goto(portal["url"] + "/portaal/")
    page.get_by_role("link", name="English").click()
    assert page.locator("h1").inner_text() == "Audit trail"
    # Every seal checked from the page: the demo's trail is as Zicht wrote it.
    page.get_by_role("button", name="Check the seals of the whole audit trail").click()
    assert "events before this check are intact" in page.locator(".portal-messages").inner_text()
    assert "Audit trail checked" in page.locator("table").inner_text()
    context.close()


def test_sign_in_locks_out_after_repeated_wrong_passwords(browser, portal):
    account = portal["accounts"]["Analist"]
    context = browser.new_context()
    page = context.new_page()
    for attempt in range(5):
        page.goto(portal["url"] + "/portaal/aanmelden/")
        page.get_by_label("Gebruikersnaam").fill(account["username"])
        page.get_by_label("Wachtwoord").fill(f"verkeerd-wachtwoord-{attempt}")
        page.get_by_role("button", name="Verder").click()
        if attempt < 4:
            assert "Aanmelden" in page.locator("h1").inner_text()
    # Now even the right password is refused, with a Dutch explanation.
    page.goto(portal["url"] + "/portaal/aanmelden/")
    page.get_by_label("Gebruikersnaam").fill(account["username"])
    page.get_by_label("Wachtwoord").fill(account["password"])
    page.get_by_role("button", name="Verder").click()
    assert "geblokkeerd" in page.locator("h1").inner_text()
    _shoot(page, "geblokkeerd")
    context.close()
