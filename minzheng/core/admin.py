"""Admin is for reference data and staff only. People and households are not here: the admin
would bypass jurisdiction and masking, so they are managed through the scoped pages and API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError

from minzheng.core.models import AccessLog, AuditEntry, Region, User
from minzheng.core.services import region_name_validate, region_rename


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "kind", "parent"]

    def clean_name(self) -> str:
        try:
            return region_name_validate(region=self.instance, name=self.cleaned_data["name"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["name"]) from exc


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """A rename goes through ``region_rename``: the full names below, the addresses' standard
    texts and the matcher follow, and it is audited. Codes never change once given."""

    form = RegionForm
    list_display = ["code", "name", "level", "kind", "parent"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    readonly_fields = ["full_name"]

    def get_readonly_fields(self, request: Any, obj: Region | None = None) -> list[str]:
        return ["full_name", "code", "parent", "level"] if obj is not None else ["full_name"]

    def save_model(self, request: Any, obj: Region, form: forms.ModelForm, change: bool) -> None:
        if change and "name" in form.changed_data:
            name, obj.name = obj.name, form.initial["name"]
            super().save_model(request, obj, form, change)  # the other fields, as they were edited
            region_rename(actor=request.user, region=obj, name=name)
            return
        if not change and obj.parent is not None:
            obj.full_name = obj.parent.full_name + obj.name
        super().save_model(request, obj, form, change)


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
