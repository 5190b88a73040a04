"""No phone number or e-mail address of the input survives anywhere Zicht writes."""

from __future__ import annotations

import json
import logging
import random

import pytest
from typer.testing import CliRunner

from zicht.cli.ads import app
from zicht.core.ads import AdsImportError, analyse_corpus

from .conftest import TEST_SECRET

SPELLED = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]


def _render(phone: str, style: int) -> str:
    if style == 0:
        return phone
    if style == 1:
        return f"{phone[:2]}-{phone[2:]}"
    if style == 2:
        return " ".join(SPELLED[int(digit)] for digit in phone)
    if style == 3:
        return "+31 " + phone[1:]
    return phone.replace("0", "O").replace("1", "l")


def _corpus(rng: random.Random) -> tuple[list[dict], set[str]]:
    ads, secrets = [], set()
    for index in range(60):
        if index % 2 == 0:  # two ads per phone number, written differently
            phone = "06" + "".join(rng.choices("23456789", k=8))
        filler = " ".join("".join(rng.choices("bdfgklmnprstvz", k=4)) for _ in range(15))
        email = f"dame{rng.randrange(10**6, 10**7)}@mail.example"
        secrets |= {phone, phone[1:], "+31" + phone[1:], email, email.split("@")[0]}
        ads.append(
            {
                "ad_id": f"ad-{index}",
                "title": f"Nieuw! mail {email}" if index % 3 == 0 else "Nieuw",
                "text": f"{filler} bel {_render(phone, index % 5)} of mail {email}",
                "phones": [phone] if index % 2 else [],
                "emails": [email] if index % 4 == 0 else [],
                "city": "rotterdam",
                "first_seen": "2020-03-01",
            }
        )
    return ads, secrets


def test_no_contact_value_in_outputs_or_logs(tmp_path, caplog) -> None:
    ads, secrets = _corpus(random.Random(5))
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(ad) + "\n" for ad in ads))
    secret_file = tmp_path / "secret"
    secret_file.write_bytes(TEST_SECRET)
    out = tmp_path / "out"
    caplog.set_level(logging.DEBUG)
    result = CliRunner().invoke(
        app, ["analyse", str(corpus), "--out", str(out), "--secret-file", str(secret_file)]
    )
    assert result.exit_code == 0, result.output
    written = {path.name: path.read_text() for path in out.iterdir()}
    assert set(written) == {"ads.csv", "summary.json"}
    assert len(written["ads.csv"].splitlines()) == len(ads) + 1
    raw_input = corpus.read_text()
    assert all(ad["emails"][0] in raw_input for ad in ads if ad["emails"])  # the search can hit
    everything = "\n".join([*written.values(), result.output, caplog.text])
    leaked = sorted(value for value in secrets if value in everything)
    assert leaked == []
    # The disguised phones were really read: each pair of ads is linked by its number alone.
    assert json.loads(written["summary.json"])["n_clusters"] == len(ads) // 2


def test_import_errors_name_the_line_not_the_content(tmp_path) -> None:
    corpus = tmp_path / "broken.jsonl"
    corpus.write_text('{"ad_id": "ok", "text": "hoi"}\n{"text": "bel 0612345678 of mail x@y.nl"\n')
    with pytest.raises(AdsImportError) as error:
        analyse_corpus(corpus, secret=TEST_SECRET)
    message = str(error.value)
    assert "regel 2" in message
    assert "0612345678" not in message and "x@y.nl" not in message
