"""Admin is for reference data and staff only. People and households are not here: the admin
would bypass jurisdiction and masking, so they are managed through the scoped pages and API."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from minzheng.core.models import AccessLog, AuditEntry, Region, User


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "parent"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ["username", "display_name", "region", "is_active", "last_login"]
    list_filter = ["groups", "is_active"]
    search_fields = ["username", "display_name", "region__name"]
    raw_id_fields = ["region"]
    fieldsets = (
        *UserAdmin.fieldsets,
        ("辖区", {"fields": ("display_name", "region")}),
    )


class ReadOnlyLogAdmin(admin.ModelAdmin):
    """The logs can be read here by those allowed to; nobody can add, change or delete them."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "actor_name", "action", "object_type", "object_id", "region_code"]
    list_filter = ["action"]
    search_fields = ["actor_name", "action", "object_id"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "actor_name", "kind", "subject_repr", "field", "channel"]
    list_filter = ["kind", "channel"]
    search_fields = ["actor_name", "subject_id"]
