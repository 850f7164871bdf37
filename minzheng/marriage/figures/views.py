"""The year's marriage-service figures (婚姻服务统计) in the reader's scope and per county."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from minzheng.core.figures import YearForm
from minzheng.core.http import permission_required
from minzheng.marriage.counselling.models import EventKind
from minzheng.marriage.counselling.services import PERM_VIEW
from minzheng.marriage.figures import selectors
from minzheng.marriage.figures.rows import figure_rows


@permission_required(PERM_VIEW)
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET)
    valid = form.is_valid()
    year = (form.cleaned_data.get("year") if valid else None) or selectors.figures_default_year()
    values = selectors.marriage_figures(actor=request.user, year=year)
    return render(request, "marriage/figures/figures.html", {
        "form": form, "year": year, "values": values, "rows": figure_rows(values),
        "kinds": [(label, values["kinds"][value]) for value, label in EventKind.choices],
        "counties": selectors.marriage_figures_by_county(actor=request.user, year=year),
    }, status=200 if valid else 400)
