"""The back office (/beheer/) is for administrators signed in with two factors.

It keeps Django's admin for accounts, partner links, data agreements and reading the audit
trail; the audit trail can be read and exported, never added to, changed or deleted here.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.shortcuts import redirect
from django.urls import reverse

from zicht.web.portal.models import (
    AuditEvent,
    DataAgreement,
    DeliveryRound,
    PartnerMembership,
    UploadAttempt,
)
from zicht.web.portal.permissions import may_use_back_office
from zicht.web.read_only_admin import ReadOnlyAdmin


def _back_office_permission(request) -> bool:
    return may_use_back_office(request.user)


def _sign_in_first(request, extra_context=None):
    """The back office signs in through the portal's two-step sign-in."""
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('portal:sign_in')}?{urlencode({'next': target})}")


admin.site.has_permission = _back_office_permission
admin.site.login = _sign_in_first
admin.site.site_title = "Zicht — beheer"
admin.site.index_title = "Beheer van accounts, partners en gegevensafspraken"


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "action", "target", "ip_address")
    list_filter = ("action",)
    search_fields = ("actor_name", "target")
    date_hierarchy = "at"  # the whole trail as CSV: /portaal/audit.csv


class MembershipInline(admin.StackedInline):
    model = PartnerMembership
    can_delete = True
    verbose_name = "partner (alleen voor de rol Partnermedewerker)"


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "email", "roles", "is_active", "last_login")
    list_filter = ("groups", "is_active")
    # Four roles fit in check boxes. Django's two-list filter widget writes its search boxes'
    # help as aria-label on a bare span (an axe violation) and mixes English into Dutch.
    filter_horizontal = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # An administrator hands out roles (groups), never superuser status or loose
        # permissions: those would let an account step outside the four roles.
        # When an account last signed in and was made are recorded, never typed in.
        fields = (*super().get_readonly_fields(request, obj), "last_login", "date_joined")
        if request.user.is_superuser:
            return fields
        return (*fields, "is_superuser", "user_permissions")

    @admin.display(description="rollen")
    def roles(self, user) -> str:
        return ", ".join(user.groups.values_list("name", flat=True)) or "—"


@admin.register(DataAgreement)
class DataAgreementAdmin(admin.ModelAdmin):
    list_display = ("partner", "status", "signed_on", "valid_until", "retention")
    list_filter = ("status", "partner")
    filter_horizontal = ("indicators",)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # an agreement that ended gets the status 'beëindigd'; it stays on record


@admin.register(DeliveryRound)
class DeliveryRoundAdmin(ReadOnlyAdmin):
    list_display = ("title", "year", "deadline", "opened_by", "opened_at")


@admin.register(UploadAttempt)
class UploadAttemptAdmin(ReadOnlyAdmin):
    list_display = ("uploaded_at", "partner", "year", "filename", "outcome", "error_count")
    list_filter = ("outcome", "partner", "year")
    exclude = ("errors",)
