"""One error model: every refusal is a ZichtError with a stable code and a Dutch message."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from zicht.cli._common import EXIT_CODES, exit_code_for, guard_refusals
from zicht.core.ads.contacts import SecretTooShortError
from zicht.core.ads.reader import AdsImportError
from zicht.core.breakdowns import BreakdownError
from zicht.core.catalog import CatalogInvalid
from zicht.core.catalog.model import Text
from zicht.core.deliveries import DeliveryError, DeliveryRejected
from zicht.core.errors import ZichtError
from zicht.core.estimation.result import EstimateDoesNotExistError
from zicht.core.estimation.table import CaptureTableError
from zicht.core.privacy.disclosure.release import DisclosureRefused
from zicht.core.privacy.guard.kinds import PersonalDataRefused
from zicht.core.privacy.linkage.encoder import SecretError
from zicht.core.publication.protect import MarginsDisagree
from zicht.core.publication.totals import NotAdditive

REFUSALS = (
    AdsImportError,
    BreakdownError,
    CaptureTableError,
    CatalogInvalid,
    DeliveryRejected,
    DisclosureRefused,
    EstimateDoesNotExistError,
    MarginsDisagree,
    NotAdditive,
    PersonalDataRefused,
    SecretError,
    SecretTooShortError,
)


def test_every_refusal_of_the_core_is_a_zicht_error_with_its_own_code():
    codes = [cls.code for cls in REFUSALS]
    assert all(issubclass(cls, ZichtError) for cls in REFUSALS)
    assert len(set(codes)) == len(codes) and ZichtError.code not in codes


def test_the_message_is_dutch_and_carries_no_english_wrapper():
    reason = Text("onbekend gebied", "unknown area")
    error = DeliveryRejected([DeliveryError(3, "area", "unknown_area", reason)])
    assert str(error).startswith("De levering is geweigerd: 1 fout(en).")
    assert "Rij 3, kolom 'area': onbekend gebied" in error.message
    assert "unknown area" not in error.message  # the summary (CLI, logs) stays Dutch


def _app_raising(error: ZichtError) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def run() -> None:
        raise error

    @app.command()
    def other() -> None:
        pass

    guard_refusals(app)
    return app


def test_the_cli_maps_refusals_to_exit_codes_in_one_place():
    for code, exit_code in EXIT_CODES.items():
        outcome = CliRunner().invoke(_app_raising(ZichtError("gaat niet", code=code)), ["run"])
        assert outcome.exit_code == exit_code == exit_code_for(ZichtError("x", code=code))
        assert "gaat niet" in outcome.output and "Traceback" not in outcome.output


def test_an_unmapped_refusal_exits_with_one_and_its_message_made_safe():
    app = _app_raising(ZichtError("kolom [/red] onbekend", code="something_new"))
    outcome = CliRunner().invoke(app, ["run"])
    assert outcome.exit_code == 1 and "kolom [/red] onbekend" in outcome.output
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit)
