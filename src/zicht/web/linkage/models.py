"""The encodings partners uploaded: one current file per partner and year, on disk."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zicht.web.monitor.models import Partner


class PartnerEncoding(models.Model):
    """An uploaded encoding file (JSON Lines, validated); a new upload replaces the file."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, verbose_name="partner")
    year = models.IntegerField(verbose_name="jaar")
    path = models.CharField(max_length=500, verbose_name="bestand op de server")
    records = models.PositiveIntegerField(verbose_name="records")
    schema_version = models.CharField(max_length=32, verbose_name="schemaversie")
    # Shows which secret encoded the file, not the secret (ADR 0005 point 8).
    key_check = models.CharField(max_length=16, verbose_name="controlewaarde geheim")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="door"
    )
    uploaded_at = models.DateTimeField(auto_now=True, verbose_name="ontvangen op")

    class Meta:
        verbose_name = "versleutelde personenlijst"
        verbose_name_plural = "versleutelde personenlijsten"
        constraints = [
            models.UniqueConstraint(fields=["partner", "year"], name="one_encoding_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.year}"
