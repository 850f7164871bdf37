"""The year's children's figures in the reader's scope (儿童福利统计)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from minzheng.children.figures import selectors
from minzheng.children.figures.rows import figure_rows
from minzheng.core.figures import YearForm
from minzheng.core.http import permission_required

PERMISSION = "children.view_childprofile"


@permission_required(PERMISSION)
@require_http_methods(["GET"])
def figures(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET)
    valid = form.is_valid()
    year = (form.cleaned_data.get("year") if valid else None) or selectors.figures_default_year()
    values = selectors.children_figures(actor=request.user, year=year)
    return render(
        request,
        "children/figures.html",
        {"form": form, "year": year, "as_of": values["as_of"], "rows": figure_rows(values)},
        status=200 if valid else 400,
    )
