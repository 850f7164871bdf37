"""The year's eldercare figures in the reader's scope (养老服务统计)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from minzheng.core.figures import YearForm
from minzheng.core.http import permission_required
from minzheng.eldercare.figures import selectors
from minzheng.eldercare.figures.rows import figure_rows

# The bureau's staff who keep the registry of sites in their scope read its figures; a provider
# operator (one operator's sites, no region) does not.
PERMISSION = "facilities.manage_facilities"


@permission_required(PERMISSION)
@require_http_methods(["GET"])
def figures(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET)
    valid = form.is_valid()
    year = (form.cleaned_data.get("year") if valid else None) or selectors.figures_default_year()
    values = selectors.eldercare_figures(actor=request.user, year=year)
    return render(
        request,
        "eldercare/figures/figures.html",
        {"form": form, "year": year, "as_of": values["as_of"], "rows": figure_rows(values)},
        status=200 if valid else 400,
    )
