"""Staff pages of lottery stations: the list in one's scope (with the contract in force, Excel
export), one station (contracts, upgrades, closure, the schools too near), opening a station, and
the school-distance findings. The lottery centre (``lottery.manage_lottery``) writes; counties read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.selectors import region_filter_choices
from minzheng.core.tabular import wants_xlsx, xlsx_download
from minzheng.lottery import messages
from minzheng.lottery.fund.services import PERM_MANAGE, PERM_VIEW
from minzheng.lottery.stations import distance, selectors, services
from minzheng.lottery.stations.forms import (
    CloseForm,
    ContractForm,
    StationFilterForm,
    StationOpenForm,
    UpgradeForm,
)

HEADERS = ["设施编号", "站点名称", "区划代码", "地址", "状态", "开业日期", "终端编号", "代销者", "关闭日期"]


@permission_required(PERM_VIEW)
@require_GET
def station_list(request: HttpRequest) -> HttpResponse:
    form = StationFilterForm(
        request.GET or None, regions=region_filter_choices(user=request.user, prefixes=True)
    )
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.station_list(
        user=request.user,
        q=values.get("q", ""),
        status=values.get("status", ""),
        region=values.get("region", ""),
    )
    if wants_xlsx(request):
        return xlsx_download(
            name="福彩销售站点",
            headers=HEADERS,
            rows=(
                [
                    s.pk,
                    s.name,
                    s.region_code,
                    s.address_text,
                    s.get_status_display(),
                    s.opening,
                    s.terminal or "",
                    s.agent or "",
                    s.closed_on,
                ]
                for s in rows.iterator()
            ),
        )
    return render(
        request,
        "lottery/stations/list.html",
        {
            "form": form,
            "page": Window(rows, request),
            "can_manage": request.user.has_perm(PERM_MANAGE),
            "export_query": request.GET.urlencode(),
        },
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


@permission_required(PERM_VIEW, PERM_MANAGE)
@require_http_methods(["GET", "POST"])
def station_open(request: HttpRequest) -> HttpResponse:
    form = StationOpenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                station = services.station_open(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, messages.PAGE_STATION_OPENED.format(name=station.name))
                return redirect("lottery:station", pk=station.pk)
    return render(
        request, "lottery/stations/open.html", {"form": form, "limit": distance.limit_m()}, status=status
    )


def _detail(
    request: HttpRequest, pk: int, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    station = selectors.station_get(user=request.user, pk=pk)
    forms = forms or {}
    near = (
        distance.schools_near(station.lng, station.lat)
        if station.lng is not None and station.lat is not None
        else []
    )
    return render(
        request,
        "lottery/stations/detail.html",
        {
            "station": station,
            "contracts": selectors.contracts_of(station),
            "upgrades": selectors.upgrades_of(station),
            "closure": selectors.closure_of(station),
            "near": near,
            "limit": distance.limit_m(),
            "can_manage": request.user.has_perm(PERM_MANAGE),
            "contract_form": forms.get("contract") or ContractForm(),
            "upgrade_form": forms.get("upgrade") or UpgradeForm(),
            "close_form": forms.get("close") or CloseForm(),
        },
        status=status,
    )


@permission_required(PERM_VIEW)
@require_GET
def station_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


def _act(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    form: Any,
    write: Callable[..., Any],
    done: Callable[[Any], str],
) -> HttpResponse:
    station = selectors.station_get(user=request.user, pk=pk)
    if form.is_valid():
        try:
            result = write(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, done(result))
            return redirect("lottery:station", pk=pk)
    return _detail(request, pk, {key: form}, status=400)


@permission_required(PERM_VIEW, PERM_MANAGE)
@require_POST
def contract_sign(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        key="contract",
        form=ContractForm(request.POST),
        write=services.contract_sign,
        done=lambda c: messages.PAGE_CONTRACT_SIGNED.format(
            number=c.contract_number, terminal=c.terminal_number
        ),
    )


@permission_required(PERM_VIEW, PERM_MANAGE)
@require_POST
def upgrade_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        key="upgrade",
        form=UpgradeForm(request.POST),
        write=services.station_upgrade_record,
        done=lambda u: messages.PAGE_UPGRADED.format(kind=u.get_kind_display(), date=u.upgraded_on),
    )


@permission_required(PERM_VIEW, PERM_MANAGE)
@require_POST
def station_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        key="close",
        form=CloseForm(request.POST),
        write=services.station_close,
        done=lambda c: messages.PAGE_CLOSED.format(date=c.closed_on),
    )


@permission_required(PERM_VIEW)
@require_GET
def findings(request: HttpRequest) -> HttpResponse:
    """Open stations in scope closer than the limit to a school (existing ones, before the rule)."""
    stations = (
        selectors.stations_visible(user=request.user).exclude(status="closed").order_by("region_code", "id")
    )
    found = distance.findings(stations)
    if wants_xlsx(request):
        return xlsx_download(
            name="站点距学校不足规定距离",
            headers=["设施编号", "站点名称", "区划代码", "学校", "距离（米）"],
            rows=(
                [f.station.pk, f.station.name, f.station.region_code, f.school_name, round(f.distance_m)]
                for f in found
            ),
        )
    return render(request, "lottery/stations/findings.html", {"findings": found, "limit": distance.limit_m()})
