"""Reference data only: the staged targets of the rehab indicators."""

from django.contrib import admin

from minzheng.disability.network.models import RehabStandard


@admin.register(RehabStandard)
class RehabStandardAdmin(admin.ModelAdmin):
    list_display = [
        "year",
        "counties_target",
        "patients_target",
        "min_services",
        "townships_required",
        "note",
    ]
