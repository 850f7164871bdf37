"""Pages of the rehab network: the rehab organizations (from the facility registry) and the
network's nodes, placing a facility in the network, and the "1+5+N" coverage per county, with
Excel exports of both lists."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.forms import add_service_errors
from minzheng.core.http import permission_required
from minzheng.core.tabular import xlsx_download
from minzheng.disability import messages
from minzheng.disability.network import selectors, services
from minzheng.disability.network.forms import EndForm, PlaceForm
from minzheng.facilities.sites.selectors import facility_get

VIEW = selectors.PERM_VIEW


def _facility_choices(request: HttpRequest) -> list[tuple[int, str]]:
    qs = selectors.network_facilities(user=request.user).order_by("region_code", "name", "id")
    return [(pk, f"{name}（{kind}）") for pk, name, kind in qs.values_list("pk", "name", "kind")]


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def network(request: HttpRequest) -> HttpResponse:
    can_manage = request.user.has_perm(selectors.PERM_MANAGE)
    form = PlaceForm(request.POST or None, facilities=_facility_choices(request) if can_manage else [])
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            values = form.cleaned_data
            facility = facility_get(user=request.user, pk=values["facility"])
            try:
                placement = services.placement_set(
                    actor=request.user,
                    facility=facility,
                    level=values["level"],
                    placed_on=values["placed_on"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(
                    request,
                    messages.PAGE_PLACED.format(name=facility.name, level=placement.get_level_display()),
                )
                return redirect("rehab_network:network")
    placements = {p.facility_id: p for p in selectors.placement_list(user=request.user)}
    organizations = list(selectors.rehab_organizations(user=request.user))
    hosted = [p for p in placements.values() if p.facility.kind != selectors.REHAB_KIND]
    return render(
        request,
        "disability/network/network.html",
        {
            "organizations": [(o, placements.get(o.pk)) for o in organizations],
            "hosted": hosted,
            "form": form if can_manage else None,
            "end_form": EndForm(),
        },
        status=status,
    )


@permission_required(selectors.PERM_MANAGE)
@require_POST
def placement_end(request: HttpRequest, pk: int) -> HttpResponse:
    placement = selectors.placement_get(user=request.user, pk=pk)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.placement_end(
                actor=request.user, placement=placement, ended_on=form.cleaned_data["ended_on"]
            )
        except ValidationError as exc:
            flash.error(request, "；".join(exc.messages))
        else:
            flash.success(request, messages.PAGE_PLACEMENT_ENDED.format(name=placement.facility.name))
    else:
        flash.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("rehab_network:network")


@permission_required(VIEW)
@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    rows = selectors.coverage(user=request.user)
    return render(request, "disability/network/coverage.html", {"rows": rows})


COVERAGE_HEADERS = [
    "区县",
    "区县级中心",
    "乡镇级康复站",
    "应有乡镇级康复站",
    "村级康复点",
    "乡镇街道数",
    "有康复站的乡镇",
    "无康复站点的乡镇",
    "是否达到1+5+N",
]


@permission_required(VIEW)
@require_GET
def coverage_export(request: HttpRequest) -> HttpResponse:
    rows = (
        [
            r.name,
            r.county_centres,
            r.township_stations,
            r.required_stations,
            r.village_points,
            r.townships,
            r.townships_with_station,
            "、".join(r.uncovered),
            "是" if r.complete else "否：" + "，".join(r.missing),
        ]
        for r in selectors.coverage(user=request.user)
    )
    return xlsx_download(
        name="精神康复服务网络覆盖", sheet="网络覆盖", headers=COVERAGE_HEADERS, rows=rows
    )


ORG_HEADERS = ["机构名称", "区划代码", "地址", "状态", "网络层级", "纳入日期"]


@permission_required(VIEW)
@require_GET
def network_export(request: HttpRequest) -> HttpResponse:
    placements = {p.facility_id: p for p in selectors.placement_list(user=request.user)}
    rows = [
        [
            o.name,
            o.region_code,
            o.display_address,
            o.get_status_display(),
            placements[o.pk].get_level_display() if o.pk in placements else "未纳入",
            placements[o.pk].placed_on if o.pk in placements else "",
        ]
        for o in selectors.rehab_organizations(user=request.user)
    ] + [
        [
            p.facility.name,
            p.region_code,
            p.facility.display_address,
            p.facility.get_status_display(),
            p.get_level_display(),
            p.placed_on,
        ]
        for p in placements.values()
        if p.facility.kind != selectors.REHAB_KIND
    ]
    return xlsx_download(name="精神康复机构", sheet="精神康复机构", headers=ORG_HEADERS, rows=rows)
