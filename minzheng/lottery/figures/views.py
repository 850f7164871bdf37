"""The lottery's reports over all its records: the year's figures in the reader's scope and per county
(福彩统计), and the fund page: the 公益金 by month of a year from the stored sales (sales, fund,
central and local halves; Excel export) with the rate table, where the lottery centre adds a rate."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.figures import YearForm
from minzheng.core.forms import add_service_errors
from minzheng.core.http import permission_required
from minzheng.core.tabular import wants_xlsx, xlsx_download
from minzheng.lottery import messages
from minzheng.lottery.figures import selectors
from minzheng.lottery.figures.rows import figure_rows
from minzheng.lottery.fund.compute import central_share, rate_history
from minzheng.lottery.fund.forms import RateForm, UnclaimedForm
from minzheng.lottery.fund.services import PERM_MANAGE, PERM_VIEW, fund_rate_add, unclaimed_prize_record
from minzheng.lottery.regions import region_choices
from minzheng.lottery.sales.selectors import fund_by_month


@permission_required(PERM_VIEW)
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET)
    valid = form.is_valid()
    year = (form.cleaned_data.get("year") if valid else None) or selectors.figures_default_year()
    values = selectors.lottery_figures(actor=request.user, year=year)
    return render(
        request,
        "lottery/figures/figures.html",
        {
            "form": form,
            "year": year,
            "values": values,
            "rows": figure_rows(values),
            "counties": selectors.lottery_figures_by_county(actor=request.user, year=year),
        },
        status=200 if valid else 400,
    )


@permission_required(PERM_VIEW)
@require_http_methods(["GET", "POST"])
def fund_page(request: HttpRequest) -> HttpResponse:
    year_form = YearForm(request.GET)
    valid = year_form.is_valid()
    year = (year_form.cleaned_data.get("year") if valid else None) or selectors.figures_default_year()
    can_manage = request.user.has_perm(PERM_MANAGE)
    posted = request.POST.get("form", "rate") if request.method == "POST" else ""
    rate_form = RateForm(request.POST if posted == "rate" else None)
    unclaimed_form = UnclaimedForm(
        request.POST if posted == "unclaimed" else None,
        regions=region_choices(request.user) if can_manage else [],
    )
    status = 200 if valid else 400
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        status = 400
        form, write, done = (
            (rate_form, fund_rate_add, lambda row: messages.PAGE_RATE_ADDED)
            if posted == "rate"
            else (
                unclaimed_form,
                unclaimed_prize_record,
                lambda row: messages.PAGE_UNCLAIMED_ADDED.format(
                    amount=row.amount, month=f"{row.month:%Y-%m}"
                ),
            )
        )
        if form.is_valid():
            try:
                row = write(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, done(row))
                return redirect("lottery:fund")
    months = fund_by_month(user=request.user, year=year)
    if wants_xlsx(request):
        return xlsx_download(
            name=f"福彩公益金{year}",
            headers=[
                "月份",
                "销量（元）",
                "公益金（元）",
                "中央（元）",
                "地方（元）",
                "逾期未兑奖金（元）",
                "地方合计（元）",
            ],
            rows=(
                [
                    f"{m['month']:%Y-%m}",
                    m["sales"],
                    m["fund"],
                    m["central"],
                    m["local"],
                    m["unclaimed"],
                    m["local_total"],
                ]
                for m in months
            ),
        )
    totals = {
        key: sum((m[key] for m in months), Decimal("0.00"))
        for key in ("sales", "fund", "central", "local", "unclaimed", "local_total")
    }
    return render(
        request,
        "lottery/fund/fund.html",
        {
            "form": year_form,
            "year": year,
            "months": months,
            "totals": totals,
            "rates": rate_history(),
            "central_share": central_share(),
            "rate_form": rate_form if can_manage else None,
            "unclaimed_form": unclaimed_form if can_manage else None,
        },
        status=status,
    )
