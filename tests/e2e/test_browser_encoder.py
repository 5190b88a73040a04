"""The partner's person list encoded in Chromium equals `zicht link encode`, byte for byte,
and the page makes no network request while it encodes (issue 13 item 5).

The list is generated here: synthetic persons plus names that test the port of the
normalisation (diacritics, Dutch particles in front and after a comma, apostrophes, a ';'
inside a quoted cell, digits of other scripts, a byte-order mark), written with ';' as a
Dutch spreadsheet does.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import ZICHT, _free_port, _wait_for
from tests.e2e.second_factor import fresh_code
from zicht.core.privacy.linkage.synthetic import SyntheticListSettings, generate_lists

pytestmark = pytest.mark.e2e
# Screenshots at 1366 and 390 px when asked: ZICHT_SCREENSHOTS=/some/folder pytest tests/e2e
SHOTS = Path(os.environ["ZICHT_SCREENSHOTS"]) if os.environ.get("ZICHT_SCREENSHOTS") else None
PARTNER = "humanitas"  # the demo partner account's organisation
SECRET = b"gedeeld-geheim-voor-de-browsertest-0123456789\n"
COLUMNS = [
    "record_ref", "given_name", "family_name", "date_of_birth", "sex", "country_of_birth",
    "year", "municipality", "exploitation_form", "age_group",
]  # fmt: skip
TRICKY_LINES = (  # cells separated by '|', since a cell may hold ';'
    "T-01|Zoë|Berg, van der|1990-04-07|V|Nederland|2025|Rotterdam|seksueel|30+",
    "T-02|Łukasz|Wiśniewski|07-04-1990|M|Polen|2025|Den Haag|arbeid|30+",
    "T-03|Ștefan|O'Brien-Smith|19851231|man|Roemenië|2024|Utrecht|overig|30+",
    "T-04|  Ångström |de  la Cruz||vrouw||2025|Zwolle|seksueel|<18",
    'T-05|Chloë|Dijk; van|1999-13-02|f|Øland|2025|Delft|arbeid "x"|18-22',
    "T-06|Æsa|ß Straße|٢٠٠١-٠٢-٠٣|F|Æ|2025|Leiden||30+",
    "T-07|İlkay|Ölmez|2001/2/3||Turkije|2025|||",
    "T-08|Anne-Marie|v.d. Heuvel-'t Hart|1970-1-1|V|Nederland|2025|Ede||",
    "T-09|Nguyễn|Thị Minh Khai|1988-08-08|vrouw|Vietnam|2025|Breda||",
    "T-10|Ἀλέξανδρος|Παπαδόπουλος|1975-05-05|M|Griekenland|2025|||",
    "T-11|Ĳsbrand|'t Hooft|2000-02-29|M|Nederland|2025|Sneek||",
    "T-12|ＡＮＮＡ|Ｄｅ Ｖｒｉｅｓ|1980-10-10|V|NL|2025|||",
)
TRICKY = [line.split("|") for line in TRICKY_LINES]


def _write_persons(path) -> int:
    rows = generate_lists(SyntheticListSettings(population=600, seed=31)).records["politie"]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(TRICKY)
        writer.writerows([row[column] for column in COLUMNS] for row in rows)
    return len(rows) + len(TRICKY)


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    data = tmp_path_factory.mktemp("zicht-encoder")
    env = {
        **os.environ,
        "ZICHT_DATA_DIR": str(data),
        "ZICHT_DATABASE_URL": f"sqlite:///{data / 'zicht.sqlite3'}",
    }
    made = subprocess.run(
        [*ZICHT, "accounts", "demo", "--json"], env=env, check=True, capture_output=True
    )
    accounts = {a["role"]: a for a in json.loads(made.stdout)}
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
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _cli_encode(portal, persons, secret, out) -> None:
    subprocess.run(
        [*ZICHT, "link", "encode", str(persons), "--secret-file", str(secret),
         "--out", str(out), "--source", PARTNER],
        env=portal["env"], check=True, capture_output=True,
    )  # fmt: skip


def _encoding_page(browser, portal, persons, secret):
    """A signed-in partner's encoding page with the list and the secret chosen."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    _sign_in(page, portal, "Partnermedewerker")
    page.goto(portal["url"] + "/portaal/versleutelen/")
    page.set_input_files("#personen", str(persons))
    page.set_input_files("#geheim", str(secret))
    return context, page


def test_browser_encoding_equals_the_cli_and_stays_on_the_page(browser, portal, tmp_path):
    persons, secret = tmp_path / "personen.csv", tmp_path / "geheim.key"
    count = _write_persons(persons)
    secret.write_bytes(SECRET)
    cli_out = tmp_path / "cli.jsonl"
    _cli_encode(portal, persons, secret, cli_out)
    context, page = _encoding_page(browser, portal, persons, secret)
    requests: list = []  # every request the page makes from here until the result shows

    def record(request) -> None:
        requests.append(request)

    page.on("request", record)
    page.get_by_role("button", name="Versleutelen").click()
    page.wait_for_selector("#status[data-done]", timeout=120_000)
    page.remove_listener("request", record)
    encoded_requests = [request.url for request in requests]
    assert page.get_attribute("#status", "data-done") == "true", page.inner_text("#meldingen")
    assert encoded_requests == []  # nothing left the page between choosing and the result
    assert f"{count:,}".replace(",", ".") in page.inner_text("#status")
    _shoot(page, "versleutelen-klaar")

    with page.expect_download() as download:
        page.click("#download")
    browser_out = tmp_path / "browser.jsonl"
    download.value.save_as(browser_out)
    assert browser_out.read_bytes() == cli_out.read_bytes()
    lines = browser_out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == count and json.loads(lines[0])["record_ref"] == "T-01"

    page.select_option("#jaar", "2025")
    requests.clear()  # the same listener does see a request: the upload, and only it
    page.on("request", record)
    page.get_by_role("button", name="Versleuteling uploaden naar Zicht").click()
    page.wait_for_load_state()
    posted = [r for r in requests if r.method == "POST"]
    assert [r.url.split("/", 3)[3] for r in posted] == ["portaal/versleutelen/upload/"]
    sent = posted[0].post_data_buffer or b""
    assert b"given_name" not in sent and "Wiśniewski".encode() not in sent and SECRET not in sent
    assert f"Versleuteling van {count} personen voor 2025 ontvangen" in page.content()
    stored = portal["data"] / "encodings" / "2025" / f"{PARTNER}.jsonl"
    assert stored.read_bytes() == cli_out.read_bytes()
    context.close()

    coordinator = browser.new_context()
    page = coordinator.new_page()
    _sign_in(page, portal, "Coördinator")
    page.goto(portal["url"] + "/portaal/koppeling/")
    assert f"{count}" in page.inner_text("main")
    _shoot(page, "koppeling")
    coordinator.close()


def test_a_bad_list_is_refused_in_dutch_by_row_without_values(browser, portal, tmp_path):
    persons, secret = tmp_path / "fout.csv", tmp_path / "geheim.key"
    persons.write_text(
        "record_ref;given_name;family_name;date_of_birth;sex;country_of_birth\n"
        "A-1;Geheime;Naamvoorbeeld;1990-01-01;V;NL\n"
        ";Tweede;Persoon;1991-01-01;M;NL\n"
        "A-1;Derde;Persoon;1992-01-01;M;NL\n",
        encoding="utf-8",
    )
    secret.write_bytes(SECRET)
    context, page = _encoding_page(browser, portal, persons, secret)
    page.get_by_role("button", name="Versleutelen").click()
    page.wait_for_selector("#status[data-done]")
    assert page.get_attribute("#status", "data-done") == "refused"
    shown = page.inner_text("#meldingen")
    assert "rij 3: record_ref is leeg" in shown
    assert "rij 4: record_ref komt al voor in rij 2" in shown
    assert "Naamvoorbeeld" not in page.content()
    assert page.is_hidden("#upload")
    _shoot(page, "versleutelen-geweigerd")
    context.close()


def test_a_list_with_dutch_column_names_encodes_as_the_cli_does_the_english_one(
    browser, portal, tmp_path
):
    dutch_header = [
        "kenmerk", "voornaam", "achternaam", "geboortedatum", "geslacht", "geboorteland",
        "jaar", "gemeente", "uitbuitingsvorm", "leeftijdsgroep",
    ]  # fmt: skip
    english, dutch, secret = tmp_path / "en.csv", tmp_path / "nl.csv", tmp_path / "geheim.key"
    for path, header in ((english, COLUMNS), (dutch, dutch_header)):
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows(TRICKY)
    secret.write_bytes(SECRET)
    cli_out = tmp_path / "cli.jsonl"
    _cli_encode(portal, english, secret, cli_out)
    context, page = _encoding_page(browser, portal, dutch, secret)
    page.get_by_role("button", name="Versleutelen").click()
    page.wait_for_selector("#status[data-done]", timeout=60_000)
    assert page.get_attribute("#status", "data-done") == "true", page.inner_text("#meldingen")
    with page.expect_download() as download:
        page.click("#download")
    browser_out = tmp_path / "browser.jsonl"
    download.value.save_as(browser_out)
    assert browser_out.read_bytes() == cli_out.read_bytes()

    # A list missing a needed column is refused naming it in Dutch with its English name.
    dutch.write_text("kenmerk;voornaam\nA-1;Geheime\n", encoding="utf-8")
    page.set_input_files("#personen", str(dutch))
    page.get_by_role("button", name="Versleutelen").click()
    page.wait_for_selector("#status[data-done=refused]")
    shown = page.inner_text("#meldingen")
    assert "ontbrekende kolommen: achternaam (family_name), geboortedatum (date_of_birth)" in shown
    assert "Geheime" not in page.content()
    # The English page says all of it in English: its own words and the encoder's problems.
    page.goto(portal["url"] + "/en/portaal/versleutelen/")
    page.set_input_files("#personen", str(dutch))
    page.set_input_files("#geheim", str(secret))
    page.get_by_role("button", name="Encode").click()
    page.wait_for_selector("#status[data-done=refused]")
    assert page.inner_text("#status") == "Not encoded: the list or the secret is not in order."
    shown = page.inner_text("#meldingen")
    assert "missing columns: family_name (achternaam), date_of_birth (geboortedatum)" in shown
    assert "ontbrekende" not in shown and "Geheime" not in page.content()
    english.write_text("record_ref;given_name;family_name;date_of_birth;sex;country_of_birth\n"
                       ";Geheime;Naam;1990-01-01;V;NL\n", encoding="utf-8")  # fmt: skip
    page.set_input_files("#personen", str(english))
    page.get_by_role("button", name="Encode").click()
    page.locator("#meldingen li", has_text="row 2").wait_for()
    assert page.inner_text("#meldingen") == "row 2: record_ref is empty"
    context.close()
