"""The year's social-organization and charity figures in the reader's scope (社会组织与慈善统计)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from minzheng.civil_society.figures import selectors
from minzheng.civil_society.figures.rows import figure_rows
from minzheng.core.figures import YearForm
from minzheng.core.http import permission_required

PERMISSION = "civil_society.view_organization"


@permission_required(PERMISSION)
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET)
    valid = form.is_valid()
    year = (form.cleaned_data.get("year") if valid else None) or timezone.localdate().year - 1
    values = selectors.civil_society_figures(actor=request.user, year=year)
    return render(
        request,
        "civil_society/figures/figures.html",
        {"form": form, "year": year, "rows": figure_rows(values)},
        status=200 if valid else 400,
    )
