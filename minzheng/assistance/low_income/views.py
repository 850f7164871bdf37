"""The year's social-assistance figures in the user's scope (救助统计)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from minzheng.assistance.low_income import selectors
from minzheng.assistance.low_income.figures import figure_rows
from minzheng.core.figures import YearForm
from minzheng.core.http import permission_required


@permission_required("benefits.view_enrollment")
@require_http_methods(["GET"])
def figures(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET)
    valid = form.is_valid()
    year = (form.cleaned_data.get("year") if valid else None) or selectors.latest_paid_year() or (
        timezone.localdate().year - 1)
    rows = figure_rows(selectors.assistance_figures(user=request.user, year=year))
    return render(request, "assistance/low_income/figures.html", {"form": form, "year": year, "rows": rows},
                  status=200 if valid else 400)
