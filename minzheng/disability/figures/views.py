"""The rehab indicators against the staged targets, and the year's rehab figures (精神康复统计)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from minzheng.core import figures
from minzheng.core.figures import YearForm
from minzheng.core.http import permission_required
from minzheng.disability.figures import selectors

FIGURE_ROWS: tuple[figures.FigureRow, ...] = (
    ("rehab_orgs", "精神康复服务机构（当年开放）", "家"),
    ("rehab_served", "接受康复服务的在册患者", "人"),
    ("subsidy_reviews", "残疾人两项补贴复核", "次"),
)


def _year(request: HttpRequest) -> tuple[YearForm, int, bool]:
    form = YearForm(request.GET)
    valid = form.is_valid()
    year = (form.cleaned_data.get("year") if valid else None) or selectors.figures_default_year()
    return form, year, valid


@permission_required(selectors.PERM_VIEW)
@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    form, year, valid = _year(request)
    values = selectors.disability_figures(actor=request.user, year=year)
    return render(
        request,
        "disability/figures/figures.html",
        {"form": form, "year": year, "rows": figures.figure_rows(values, FIGURE_ROWS)},
        status=200 if valid else 400,
    )


@permission_required(selectors.PERM_VIEW)
@require_GET
def indicators(request: HttpRequest) -> HttpResponse:
    form, year, valid = _year(request)
    found = selectors.rehab_indicators(actor=request.user, year=year)
    return render(
        request,
        "disability/figures/indicators.html",
        {"form": form, "year": year, "ind": found},
        status=200 if valid else 400,
    )
