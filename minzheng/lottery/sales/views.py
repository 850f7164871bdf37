"""Staff pages of monthly sales: the rows by month, station and game type in one's scope (Excel
export), the totals by game type, and the import page (the lottery centre)."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.selectors import region_filter_choices
from minzheng.core.tabular import wants_xlsx, xlsx_download
from minzheng.lottery import messages
from minzheng.lottery.fund.compute import parse_month
from minzheng.lottery.fund.services import PERM_MANAGE, PERM_VIEW
from minzheng.lottery.sales import imports, selectors
from minzheng.lottery.sales.forms import ImportForm, SalesFilterForm

HEADERS = ["月份", "设施编号", "站点名称", "区划代码", "游戏类型", "销量（元）"]


@permission_required(PERM_VIEW)
@require_GET
def sales_list(request: HttpRequest) -> HttpResponse:
    form = SalesFilterForm(
        request.GET or None, regions=region_filter_choices(user=request.user, prefixes=True)
    )
    values = form.cleaned_data if form.is_valid() else {}
    month = None
    if values.get("month"):
        try:
            month = parse_month(values["month"])
        except ValueError:
            form.add_error("month", messages.MONTH_INVALID)
    months = selectors.sales_months(user=request.user)
    if month is None and not form.errors and months and not wants_xlsx(request):
        month = months[0]
    rows = selectors.sales_list(
        user=request.user,
        month=month,
        game=values.get("game", ""),
        region=values.get("region", ""),
        station=values.get("station"),
    )
    if wants_xlsx(request):
        return xlsx_download(
            name="福彩月度销量",
            headers=HEADERS,
            rows=(
                [f"{s.month:%Y-%m}", s.station_id, s.station.name, s.region_code, s.game_type.name, s.amount]
                for s in rows.iterator()
            ),
        )
    year = month.year if month else None
    return render(
        request,
        "lottery/sales/list.html",
        {
            "form": form,
            "page": Window(rows, request),
            "month": month,
            "by_game": selectors.sales_by_game(user=request.user, year=year) if year else [],
            "year": year,
            "can_manage": request.user.has_perm(PERM_MANAGE),
            "export_query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


@permission_required(PERM_VIEW, PERM_MANAGE)
@require_http_methods(["GET", "POST"])
def sales_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = imports.sales_import(actor=request.user, data=upload.read(), filename=upload.name)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if result.ok:
                    flash.success(
                        request,
                        messages.PAGE_IMPORTED.format(
                            rows=result.rows, created=result.created, replaced=result.replaced
                        ),
                    )
                    return redirect("lottery:sales")
                form.add_error(
                    None, messages.IMPORT_HAS_ERRORS.format(count=len({row for row, _, _ in result.errors}))
                )
    return render(
        request,
        "lottery/sales/import.html",
        {"form": form, "result": result, "columns": imports.TEMPLATE_HEADERS},
        status=status,
    )
