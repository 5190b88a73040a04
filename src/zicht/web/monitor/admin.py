"""The coordinator's back office (/beheer/): signed-in roles only.

Deliveries, observations and published editions are shown read-only: they change only
through the services (a new revision, a new edition), never by editing a row.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils import formats

from zicht.web.monitor.linkage_view import linkage_quality_html, linkage_report
from zicht.web.monitor.models import (
    AdText,
    AnalysisRun,
    Delivery,
    Edition,
    EditionText,
    Indicator,
    Observation,
    Partner,
)
from zicht.web.read_only_admin import ReadOnlyAdmin


def dutch_number(value: float | None) -> str:
    """1234.5 → '1.234,5': numbers in the back office read as Dutch numbers."""
    if value is None:
        return "—"
    decimals = 0 if float(value).is_integer() else 2
    return formats.number_format(value, decimal_pos=decimals, force_grouping=True)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "partner",
        "year",
        "revision",
        "status",
        "review",
        "delivered_by_or_channel",
        "rows",
        "received_at",
    )
    list_filter = ("partner", "year", "status", "review", "channel")
    exclude = ("content",)  # a file as received is downloaded, not shown

    @admin.display(description="geleverd door")
    def delivered_by_or_channel(self, delivery: Delivery) -> str:
        if delivery.delivered_by is not None:
            return delivery.delivered_by.get_username()
        return delivery.get_channel_display()

    @admin.display(description="rijen", ordering="row_count")
    def rows(self, delivery: Delivery) -> str:
        return dutch_number(delivery.row_count)


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ("indicator_name", "area_name", "period", "breakdown", "shown_value", "delivery")
    list_filter = ("indicator", "year", "delivery__status")
    list_select_related = ("indicator", "area", "delivery__partner")

    @admin.display(description="indicator", ordering="indicator__name_nl")
    def indicator_name(self, observation: Observation) -> str:
        return observation.indicator.name_nl

    @admin.display(description="gebied", ordering="area__name")
    def area_name(self, observation: Observation) -> str:
        return observation.area.name

    @admin.display(description="waarde", ordering="value")
    def shown_value(self, observation: Observation) -> str:
        return dutch_number(observation.value)


@admin.register(AnalysisRun)
class AnalysisRunAdmin(ReadOnlyAdmin):
    list_display = (
        "kind",
        "year",
        "status",
        "stage",
        "progress",
        "keep_text_days",
        "created_at",
        "finished_at",
    )
    list_filter = ("kind", "status")
    readonly_fields = ("linkage_quality",)

    @admin.display(description="koppelingskwaliteit")
    def linkage_quality(self, run: AnalysisRun) -> str:
        report = linkage_report(run)
        return linkage_quality_html(report) if report else "—"


@admin.register(AdText)
class AdTextAdmin(ReadOnlyAdmin):
    """The restricted ad text store: staff with the view permission only, read-only.

    Superusers see it; other staff only when given ``monitor.view_adtext`` explicitly. Rows
    hold wording with contacts pseudonymised, and are purged when they expire.
    """

    list_display = ("run", "site", "ad_id", "expires_at")
    list_filter = ("run",)
    fields = ("run", "site", "ad_id", "title", "text", "expires_at")

    def has_view_permission(self, request, obj=None) -> bool:
        return (
            request.user.is_active
            and request.user.is_staff
            and super().has_view_permission(request, obj)
        )


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    list_display = ("year", "title_nl", "status", "published_at", "published_by")


@admin.register(EditionText)
class EditionTextAdmin(admin.ModelAdmin):
    """Texts stay editable Markdown until their edition is published."""

    list_display = ("edition", "key", "language")
    list_filter = ("edition", "language")

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not obj.edition.is_published)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A text can be added only to an edition that is still a draft.
        if db_field.name == "edition":
            kwargs["queryset"] = Edition.objects.filter(status=Edition.Status.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.register(Partner, ReadOnlyAdmin)


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("name_nl", "code", "partner", "theme", "data_status")
    list_filter = ("theme", "partner")


admin.site.site_header = "Zicht — beheer"
