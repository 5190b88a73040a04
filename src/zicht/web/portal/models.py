"""The portal's own records: who belongs to which partner, delivery rounds, upload attempts,
data agreements and the append-only audit trail.

Upload attempts keep the validation messages (row, column, reason) and never the file: a
record-level file is counted by the delivery service and not kept, and a refused file is not
kept at all. Messages never repeat a refused value (``zicht.core.deliveries.errors``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zicht.core.deliveries.errors import NOTE_REFUSED
from zicht.web.monitor.models import (
    Delivery,
    Edition,
    Immutable,
    Indicator,
    Partner,
    acting_account,
)
from zicht.web.portal.sealing import append_sealed


class PartnerMembership(models.Model):
    """A partner user belongs to exactly one partner organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_membership",
        verbose_name="account",
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, verbose_name="partner")

    class Meta:
        verbose_name = "partnerkoppeling"
        verbose_name_plural = "partnerkoppelingen"

    def __str__(self) -> str:
        return f"{self.user} — {self.partner}"


class DeliveryRound(models.Model):
    """The coordinator asks partners for a year's figures by a deadline."""

    year = models.IntegerField(verbose_name="jaar")
    deadline = models.DateField(verbose_name="uiterste leverdatum")
    title = models.CharField(max_length=200, verbose_name="titel")
    opened_by = acting_account("geopend door")
    opened_at = models.DateTimeField(default=timezone.now, verbose_name="geopend op")

    class Meta:
        verbose_name = "leverronde"
        verbose_name_plural = "leverrondes"
        ordering = ["-year", "-opened_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def name(self) -> str:
        """The round as a page names it, in the page's language. Every round is titled after
        its year (``services.default_plan``); the stored Dutch title serves the back office
        and the reminder e-mails, which are Dutch."""
        return gettext("Leverronde %(year)s") % {"year": self.year}

    @property
    def is_past_deadline(self) -> bool:
        return timezone.localdate() > self.deadline

    @cached_property
    def is_closed(self) -> bool:
        """Closed once its year's edition is published: that edition never changes, so what
        a partner says in this round can reach no edition. The deadline does not close it:
        a partner may still deliver late."""
        return Edition.year_is_published(self.year)


class RoundRequest(models.Model):
    """One indicator asked of one partner in a round; the partner may say it is not available."""

    round = models.ForeignKey(
        DeliveryRound, on_delete=models.CASCADE, related_name="requests", verbose_name="ronde"
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, verbose_name="partner")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, verbose_name="indicator")
    unavailable_reason = models.TextField(blank=True, verbose_name="reden niet beschikbaar")
    unavailable_at = models.DateTimeField(null=True, blank=True)
    # When the partner last took "not available" back: the board shows it, the reason is gone.
    unavailable_withdrawn_at = models.DateTimeField(
        null=True, blank=True, verbose_name="niet beschikbaar ingetrokken op"
    )
    last_reminded_at = models.DateTimeField(null=True, blank=True, verbose_name="herinnerd op")

    class Meta:
        verbose_name = "gevraagde indicator"
        verbose_name_plural = "gevraagde indicatoren"
        ordering = ["partner_id", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "indicator"], name="one_request_per_round_indicator"
            )
        ]


@dataclass(frozen=True)
class UploadProblem:
    """One stored problem of a refused upload, as a page shows it."""

    row: int | None  # None for the whole file
    column: str | None
    message: str
    language: str  # of ``message``: "en" or "nl"
    about_note: bool = False  # the partner's note was refused, not a row of the file


class UploadAttempt(models.Model):
    """Every upload in the portal, stored or refused: the partner's history. No file content."""

    class Outcome(models.TextChoices):
        STORED = "stored", _("Ontvangen")
        UNCHANGED = "unchanged", _("Ongewijzigd (zelfde bestand)")
        REFUSED = "refused", _("Geweigerd bij controle")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, verbose_name="partner")
    year = models.IntegerField(verbose_name="jaar")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="door"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, verbose_name="op")
    filename = models.CharField(max_length=255, verbose_name="bestandsnaam")
    outcome = models.CharField(max_length=16, choices=Outcome.choices, verbose_name="uitkomst")
    error_count = models.PositiveIntegerField(default=0, verbose_name="fouten")
    # [{row, column, code, message, message_en, repeats}], never a value; attempts stored
    # before the English was kept have no message_en.
    errors = models.JSONField(default=list)
    delivery = models.ForeignKey(
        Delivery, null=True, blank=True, on_delete=models.PROTECT, verbose_name="levering"
    )

    class Meta:
        verbose_name = "upload"
        verbose_name_plural = "uploads"
        ordering = ["-uploaded_at", "-pk"]

    def problems(self, language: str) -> list[UploadProblem]:
        """The stored problems in the page's language: English on an English page, Dutch on a
        Dutch one, and Dutch too where no English was stored (an older attempt)."""
        english = language.startswith("en")
        shown = []
        for error in self.errors:
            translated = error.get("message_en") if english else None
            shown.append(
                UploadProblem(
                    row=error.get("row"),
                    column=error.get("column"),
                    message=translated or error["message"],
                    language="en" if translated else "nl",
                    about_note=error.get("code") == NOTE_REFUSED,
                )
            )
        return shown


class DataAgreement(models.Model):
    """The data-sharing agreement with a partner, shown on the coordinator's board."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("In voorbereiding")
        SIGNED = "signed", _("Getekend")
        EXPIRED = "expired", _("Verlopen")
        ENDED = "ended", _("Beëindigd")

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="agreements", verbose_name="partner"
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, verbose_name="status"
    )
    signed_on = models.DateField(null=True, blank=True, verbose_name="getekend op")
    valid_until = models.DateField(null=True, blank=True, verbose_name="geldig tot")
    legal_basis = models.TextField(verbose_name="grondslag")
    retention = models.CharField(max_length=200, verbose_name="bewaartermijn")
    indicators = models.ManyToManyField(Indicator, blank=True, verbose_name="indicatoren")
    contact_name = models.CharField(max_length=200, blank=True, verbose_name="contactpersoon")
    contact_email = models.EmailField(blank=True, verbose_name="e-mailadres contactpersoon")

    class Meta:
        verbose_name = "gegevensafspraak"
        verbose_name_plural = "gegevensafspraken"
        ordering = ["partner_id", "-signed_on"]

    def __str__(self) -> str:
        return f"{self.partner} ({self.get_status_display()})"

    @property
    def is_lapsed(self) -> bool:
        """Signed, but past its end date: it no longer covers a delivery, whatever the stored
        status says (nobody has to remember to set 'verlopen' on the day it ends)."""
        return (
            self.status == self.Status.SIGNED
            and self.valid_until is not None
            and self.valid_until < timezone.localdate()
        )


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise Immutable("the audit trail is append-only")

    def delete(self):
        raise Immutable("the audit trail is append-only")


class AuditEvent(models.Model):
    """Who did what, when and from where. Append-only: never changed, never deleted.

    Sealed (``sealing``): each event has the next position and a seal over the one before, so
    that a change made past the application shows in ``zicht audit check``.

    ``detail`` holds ids, codes and counts; never a victim's data, never a refused value.
    The actor is kept as id and name (not a foreign key), so removing an account changes
    nothing here.
    """

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Aangemeld")
        SIGN_IN_FAILED = "sign_in_failed", _("Aanmelden mislukt")
        SIGN_OUT = "sign_out", _("Afgemeld")
        TWO_FACTOR = "two_factor", _("Tweede factor")
        DELIVERY = "delivery", _("Levering")
        UPLOAD_REFUSED = "upload_refused", _("Upload geweigerd bij controle")
        ACCEPTANCE = "acceptance", _("Levering geaccepteerd")
        REFUSAL = "refusal", _("Levering afgewezen")
        NOT_AVAILABLE = "not_available", _("Niet beschikbaar gemeld")
        NOT_AVAILABLE_WITHDRAWN = "not_available_withdrawn", _("Niet beschikbaar ingetrokken")
        ROUND = "round", _("Leverronde")
        REMINDER = "reminder", _("Herinnering")
        PUBLICATION = "publication", _("Publicatie")
        PUBLICATION_REFUSED = "publication_refused", _("Publicatie geweigerd")
        ANALYSIS_RUN = "analysis_run", _("Analysetaak")
        ROLE_CHANGE = "role_change", _("Rol of recht gewijzigd")
        AGREEMENT = "agreement", _("Gegevensafspraak gewijzigd")
        VIEW = "view", _("Niet-openbare cijfers bekeken")
        DOWNLOAD = "download", _("Gedownload")
        REQUEST_REFUSED = "request_refused", _("Verzoek geweigerd")
        AUDIT_CHECK = "audit_check", _("Audittrail gecontroleerd")

    at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name="tijdstip")
    actor_id = models.IntegerField(null=True, blank=True, verbose_name="account-id")
    actor_name = models.CharField(max_length=150, blank=True, verbose_name="wie")
    action = models.CharField(max_length=32, choices=Action.choices, verbose_name="wat")
    target = models.CharField(max_length=200, blank=True, verbose_name="waarop")
    detail = models.TextField(blank=True, verbose_name="toelichting")
    ip_address = models.GenericIPAddressField(null=True, blank=True, verbose_name="vanaf (IP)")
    path = models.CharField(max_length=300, blank=True, verbose_name="adres")
    position = models.PositiveBigIntegerField(
        unique=True, editable=False, verbose_name="volgnummer"
    )
    seal = models.CharField(max_length=64, editable=False, verbose_name="zegel")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "audittrail"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '—'} {self.get_action_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise Immutable("the audit trail is append-only")
        append_sealed(self, lambda: super(AuditEvent, self).save(*args, **kwargs))

    def delete(self, *args, **kwargs):
        raise Immutable("the audit trail is append-only")
