"""Models for the concepts of the monitor (see docs/architecture.md).

Catalogue models (theme, partner, area, indicator, note) mirror ``catalog/*.yaml``, which stays
the source of truth; ``catalog_sync`` writes them. Deliveries and published editions are
immutable: corrections are new revisions, and a published edition never changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zicht.core.catalog.model import Text
from zicht.core.errors import ZichtError
from zicht.core.publication.report import DisclosureSummary
from zicht.core.publication.snapshot import EditionSnapshot


class Immutable(ZichtError):
    """Raised when code tries to change something that is frozen by design."""

    code = "immutable"


class NamedInTwoLanguages:
    """A catalogue entry named in Dutch and in English (its model declares ``name_nl`` and
    ``name_en``): the back office lists it by its Dutch name, a page shows it in its language."""

    name_nl: str
    name_en: str

    def __str__(self) -> str:
        return self.name_nl

    @property
    def name(self) -> str:
        """The name in the page's language (the catalogue's own rule, ``Text.get``)."""
        return Text(self.name_nl, self.name_en).get(get_language() or "nl")


def acting_account(verbose_name: str) -> models.ForeignKey:
    """The account that did something (delivered, reviewed, published, opened a round); None
    when automation did it. Protected, so an account that acted cannot be deleted from under
    the record; no reverse accessor, as nothing asks an account what it did this way."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=verbose_name,
    )


class Theme(NamedInTwoLanguages, models.Model):
    code = models.CharField(max_length=64, primary_key=True)
    order = models.IntegerField(default=0)
    name_nl = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    since = models.IntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "thema"
        verbose_name_plural = "thema's"
        ordering = ["order"]


class Partner(NamedInTwoLanguages, models.Model):
    code = models.CharField(max_length=64, primary_key=True)
    name_nl = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=64, blank=True)
    format = models.CharField(max_length=16)

    class Meta:
        verbose_name = "partner"
        verbose_name_plural = "partners"


class Area(models.Model):
    code = models.CharField(max_length=16, primary_key=True)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=16)  # municipality or region
    region = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )

    class Meta:
        verbose_name = "gebied"
        verbose_name_plural = "gebieden"
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Indicator(NamedInTwoLanguages, models.Model):
    code = models.CharField(max_length=64, primary_key=True)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT)
    name_nl = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=16)
    area_level = models.CharField(max_length=16)
    period_type = models.CharField(max_length=16)
    additive = models.BooleanField()
    data_status = models.CharField(max_length=32)
    definition = models.JSONField(default=dict)  # full catalogue entry, for reference

    class Meta:
        verbose_name = "indicator"
        verbose_name_plural = "indicatoren"

    def __str__(self) -> str:
        return self.code


class Delivery(models.Model):
    """One file from one partner for one year, exactly as received. Never changes."""

    class Status(models.TextChoices):
        CURRENT = "current", _("Actueel")
        SUPERSEDED = "superseded", _("Vervangen")

    class Channel(models.TextChoices):
        # Who handed the file in: a person in the portal, or automation on the server (the
        # `zicht deliver` command run by an operator, or an analysis Zicht itself computed).
        PORTAL = "portal", _("Portaal")
        AUTOMATION = "automation", _("Automatisering (opdrachtregel)")

    class Review(models.TextChoices):
        # Four eyes: a portal delivery counts for publication only once a coordinator other
        # than the uploader accepted it. Automation's deliveries come from someone with shell
        # access on the server and count as accepted unless delivered with `--pending`.
        PENDING = "pending", _("Wacht op beoordeling")
        ACCEPTED = "accepted", _("Geaccepteerd")
        REFUSED = "refused", _("Afgewezen")

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="deliveries", verbose_name="partner"
    )
    year = models.IntegerField(verbose_name="jaar")
    revision = models.PositiveIntegerField(verbose_name="revisie")
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.CURRENT, verbose_name="status"
    )
    format = models.CharField(max_length=16, verbose_name="soort")
    filename = models.CharField(max_length=255, verbose_name="bestandsnaam")
    checksum = models.CharField(max_length=64)
    # Aggregate files are kept as received; record-level files are counted and not kept.
    content = models.BinaryField(null=True, blank=True)
    row_count = models.PositiveIntegerField(verbose_name="rijen")
    received_at = models.DateTimeField(auto_now_add=True, verbose_name="ontvangen op")
    note = models.TextField(blank=True, verbose_name="toelichting")
    channel = models.CharField(
        max_length=16, choices=Channel.choices, default=Channel.AUTOMATION, verbose_name="kanaal"
    )
    delivered_by = acting_account("geleverd door")
    review = models.CharField(
        max_length=16, choices=Review.choices, default=Review.ACCEPTED, verbose_name="beoordeling"
    )
    reviewed_by = acting_account("beoordeeld door")
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name="beoordeeld op")
    review_reason = models.TextField(blank=True, verbose_name="reden van de beoordeling")

    #: The only fields that may change after a delivery is stored: its place in the revision
    #: history and the coordinator's review. The file and its figures never change.
    MUTABLE_FIELDS = frozenset({"status", "review", "reviewed_by", "reviewed_at", "review_reason"})

    class Meta:
        verbose_name = "levering"
        verbose_name_plural = "leveringen"
        ordering = ["partner", "year", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "year", "revision"], name="one_revision_number_per_partner_year"
            ),
            # Two deliveries stored at once must not both become the current one.
            models.UniqueConstraint(
                fields=["partner", "year"],
                condition=models.Q(status="current"),
                name="one_current_delivery_per_partner_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.year} r{self.revision}"

    def save(self, *args, **kwargs) -> None:
        # Only the status and the review may change; the file itself never does.
        fields = kwargs.get("update_fields")
        if self.pk and (not fields or not set(fields) <= self.MUTABLE_FIELDS):
            raise Immutable("a delivery never changes; deliver a new revision instead")
        super().save(*args, **kwargs)


class Observation(models.Model):
    """indicator × area × period × breakdown → value, traceable to its delivery."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.PROTECT, related_name="observations", verbose_name="levering"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, verbose_name="indicator")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, verbose_name="gebied")
    period = models.CharField(max_length=16, verbose_name="periode")
    year = models.IntegerField(db_index=True, verbose_name="jaar")
    breakdown = models.CharField(
        max_length=200, blank=True, default="", verbose_name="uitsplitsing"
    )  # "" is the total
    value = models.FloatField(verbose_name="waarde")
    # An estimate carries its 95% interval; a count has none.
    lower = models.FloatField(null=True, blank=True)
    upper = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = "waarneming"
        verbose_name_plural = "waarnemingen"
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "indicator", "area", "period", "breakdown"],
                name="one_value_per_cell_per_delivery",
            ),
        ]


class AnalysisRun(models.Model):
    """A background job (ad analysis, linkage and estimate) and its progress, for the coordinator.

    Messages hold stages, counts and reasons; never a record, a name or an ad.
    """

    class Kind(models.TextChoices):
        ADS = "ads", _("Advertentieanalyse")
        LINKAGE = "linkage", _("Koppeling en schatting")

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    #: The steps the workers report (``stage``), in words; an unknown code is shown as it is.
    STAGES = {
        "import": _("advertenties inlezen"),
        "link": _("advertenties verbinden"),
        "score": _("risico beoordelen"),
        "read": _("lijsten inlezen"),
        "blocking": _("kandidaatparen zoeken"),
        "compare": _("versleutelingen vergelijken"),
    }

    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name="soort")
    year = models.IntegerField(verbose_name="jaar")
    inputs = models.JSONField(default=list)  # file paths on the server
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, verbose_name="status"
    )
    stage = models.CharField(max_length=64, blank=True, verbose_name="stap")
    progress = models.FloatField(
        default=0.0, verbose_name="voortgang"
    )  # 0 to 1 within the current stage
    message = models.TextField(blank=True, verbose_name="melding")
    # The same reason in English where Zicht wrote one; empty for runs stored before it was kept.
    message_en = models.TextField(blank=True, verbose_name="melding (Engels)")
    delivery = models.ForeignKey(Delivery, null=True, blank=True, on_delete=models.PROTECT)
    # A finished run's headline figures, counts only (see ``RunResult``); {} before it was kept.
    result = models.JSONField(default=dict, blank=True, verbose_name="uitkomst")
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op")
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name="klaar op")
    # Ad analyses only: days the contact-free ad text is kept (AdText); None keeps nothing.
    keep_text_days = models.PositiveIntegerField(
        null=True, blank=True, verbose_name="teksten bewaren (dagen)"
    )
    # Fault handling: a worker claims the run (attempt + 1) and beats while it works; a run
    # whose heartbeat is older than ZICHT_RUN_LEASE_SECONDS is taken as dead and marked failed.
    attempt = models.PositiveIntegerField(default=0, verbose_name="poging")
    heartbeat_at = models.DateTimeField(null=True, blank=True, verbose_name="laatste teken")
    worker = models.CharField(max_length=128, blank=True, verbose_name="verwerker")

    class Meta:
        verbose_name = "analysetaak"
        verbose_name_plural = "analysetaken"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.get_status_display()})"

    @property
    def stage_label(self) -> str:
        return str(self.STAGES.get(self.stage, self.stage))

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def message_in(self, language: str) -> RunMessage | None:
        """The run's message in the page's language: English where it was stored, else Dutch."""
        if not self.message:
            return None
        if language.startswith("en") and self.message_en:
            return RunMessage(self.message_en, "en")
        return RunMessage(self.message, "nl")


@dataclass(frozen=True)
class RunMessage:
    text: str
    language: str  # of ``text``: "nl" or "en"


class AdText(models.Model):
    """The restricted analysis store: one ad's wording, kept only when a run asked for it.

    Every phone number and e-mail address is replaced by its keyed pseudonym before a row is
    written (``zicht.core.ads.redaction``); rows expire and are purged by ``zicht ads purge``
    and at the start of every run. Shown only in the back office to staff with the model's
    view permission; never on the public side, in exports or in editions.
    """

    run = models.ForeignKey(
        AnalysisRun, on_delete=models.CASCADE, related_name="ad_texts", verbose_name="analysetaak"
    )
    ad_id = models.CharField(max_length=255, verbose_name="advertentie")
    site = models.CharField(max_length=255, blank=True, verbose_name="site")
    title = models.TextField(blank=True, verbose_name="titel")
    text = models.TextField(blank=True, verbose_name="tekst")
    expires_at = models.DateTimeField(db_index=True, verbose_name="verloopt op")

    class Meta:
        ordering = ["run", "id"]
        verbose_name = "advertentietekst (beperkt, zonder contactgegevens)"
        verbose_name_plural = "advertentieteksten (beperkt, zonder contactgegevens)"

    def __str__(self) -> str:
        return f"{self.site} {self.ad_id}".strip()


#: Typed snapshots of published editions by (pk, published_at); they never change.
_PUBLISHED_SNAPSHOTS: dict[tuple[int, object], EditionSnapshot] = {}


class Edition(models.Model):
    """A monitor edition; once published its figures, texts and notes are frozen."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Concept"
        PUBLISHED = "published", "Gepubliceerd"

    year = models.IntegerField(unique=True, verbose_name="jaar")
    title_nl = models.CharField(max_length=200, verbose_name="titel (Nederlands)")
    title_en = models.CharField(max_length=200, blank=True, verbose_name="titel (Engels)")
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, verbose_name="status"
    )
    published_at = models.DateTimeField(null=True, blank=True, verbose_name="gepubliceerd op")
    # None: published by automation (`zicht publish`, `zicht demo`).
    published_by = acting_account("gepubliceerd door")
    catalog_snapshot = models.JSONField(default=dict)  # indicator and theme metadata as published
    disclosure_report = models.JSONField(default=dict)

    class Meta:
        verbose_name = "editie"
        verbose_name_plural = "edities"
        ordering = ["year"]

    def __str__(self) -> str:
        return self.title_nl

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @classmethod
    def year_is_published(cls, year: int) -> bool:
        """Whether the edition of ``year`` is out: it never changes again."""
        return cls.objects.filter(year=year, status=cls.Status.PUBLISHED).exists()

    @cached_property
    def snapshot(self) -> EditionSnapshot:
        """The catalogue as this edition published it, typed, whatever version stored it.

        A published edition never changes, so its typed snapshot is read once per process."""
        if not self.is_published or self.published_at is None:
            return EditionSnapshot.from_dict(self.catalog_snapshot)
        key = (self.pk, self.published_at)
        if key not in _PUBLISHED_SNAPSHOTS:
            _PUBLISHED_SNAPSHOTS[key] = EditionSnapshot.from_dict(self.catalog_snapshot)
        return _PUBLISHED_SNAPSHOTS[key]

    @cached_property
    def disclosure(self) -> DisclosureSummary:
        return DisclosureSummary.from_dict(self.disclosure_report)

    def save(self, *args, **kwargs) -> None:
        if self.pk and Edition.objects.filter(pk=self.pk, status=self.Status.PUBLISHED).exists():
            raise Immutable("a published edition never changes")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_published:
            raise Immutable("a published edition cannot be deleted")
        return super().delete(*args, **kwargs)


class FrozenInEdition(models.Model):
    """Base for rows that belong to an edition and freeze with it."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT)

    class Meta:
        abstract = True

    def clean(self) -> None:
        # Forms (the back office, the portal) say so in Dutch instead of failing in save().
        super().clean()
        if Edition.objects.filter(pk=self.edition_id, status=Edition.Status.PUBLISHED).exists():
            raise ValidationError(
                {
                    "edition": "Deze editie is gepubliceerd en verandert niet meer; kies een "
                    "editie die nog een concept is."
                }
            )

    def save(self, *args, **kwargs) -> None:
        if Edition.objects.filter(pk=self.edition_id, status=Edition.Status.PUBLISHED).exists():
            raise Immutable("a published edition never changes")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.edition.is_published:
            raise Immutable("a published edition never changes")
        return super().delete(*args, **kwargs)


class EditionText(FrozenInEdition):
    """Editable Markdown (aanleiding, doelen, randvoorwaarden, een blik vooruit)."""

    key = models.CharField(max_length=64, verbose_name="sleutel")
    language = models.CharField(max_length=8, verbose_name="taal")
    order = models.IntegerField(default=0, verbose_name="volgorde")
    markdown = models.TextField(verbose_name="tekst (Markdown)")

    class Meta:
        verbose_name = "editietekst"
        verbose_name_plural = "editieteksten"
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "key", "language"], name="one_text_per_key_language"
            )
        ]


class EditionNote(FrozenInEdition):
    class Kind(models.TextChoices):
        # A context note explains the year (COVID-19 lowered the checks in 2020), so it
        # follows the figure into later editions' comparisons; a method note describes how
        # this edition's figure was computed and stays with it.
        CONTEXT = "context", "toelichting bij het jaar"
        METHOD = "method", "methode"

    kind = models.CharField("soort", max_length=16, choices=Kind.choices, default=Kind.CONTEXT)
    indicator_code = models.CharField(max_length=64, blank=True)
    theme_code = models.CharField(max_length=64, blank=True)
    text_nl = models.TextField()
    text_en = models.TextField(blank=True)

    class Meta:
        verbose_name = "editienotitie"
        verbose_name_plural = "editienotities"


class EditionFigure(FrozenInEdition):
    """A disclosure-controlled published figure. ``value`` is None when hidden."""

    indicator_code = models.CharField(max_length=64)
    area_code = models.CharField(max_length=16)
    period = models.CharField(max_length=16)
    breakdown = models.CharField(max_length=200, blank=True, default="")
    value = models.FloatField(null=True)
    lower = models.FloatField(null=True)  # interval of an estimate
    upper = models.FloatField(null=True)
    symbol = models.CharField(max_length=8, blank=True, default="")  # "<5" or "x" when hidden
    derived = models.BooleanField(default=False)  # region total summed by Zicht
    deliveries = models.JSONField(default=list)  # ids of the deliveries it comes from

    class Meta:
        verbose_name = "gepubliceerd cijfer"
        verbose_name_plural = "gepubliceerde cijfers"
        indexes = [models.Index(fields=["edition", "indicator_code", "area_code"])]
