"""Staff pages of funeral homes' cases: the list in one's scope (by home and month, Excel export),
opening a case, the case with its services, waiver lines and totals (add and void a service), and
the waiver catalogue (the city's default six, the counties' "+N")."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.benefits.money import parse_month
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.tabular import wants_xlsx, xlsx_download
from minzheng.facilities.sites.models import Facility
from minzheng.funeral.services import messages, selectors, services
from minzheng.funeral.services.forms import (
    CaseFilterForm,
    CaseOpenForm,
    ItemEndForm,
    ServiceAddForm,
    VoidForm,
    WaiverItemForm,
)
from minzheng.funeral.services.services import PERM_CATALOGUE, PERM_MANAGE, PERM_VIEW
from minzheng.people.services import person_viewed

HEADERS = ["案件编号", "逝者", "殡仪馆", "受理日期", "户籍省份", "享受减免", "收费（元）", "减免（元）", "家属自付（元）"]


def _home(request: HttpRequest, value: str) -> Facility | None:
    if not value:
        return None
    return selectors.home_get(user=request.user, pk=value)


@permission_required(PERM_VIEW)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    homes = selectors.homes_in_scope(user=request.user)
    form = CaseFilterForm(request.GET or None, homes=homes)
    valid = form.is_valid() if form.is_bound else True
    values = form.cleaned_data if form.is_bound and valid else {}
    month = None
    if values.get("month"):
        try:
            month = parse_month(values["month"])
        except ValueError:
            form.add_error("month", messages.MONTH_INVALID)
            valid = False
    home = selectors.home_get(user=request.user, pk=values["home"]) if values.get("home") else None
    rows = selectors.case_list(user=request.user, home=home, month=month)
    if wants_xlsx(request):
        return xlsx_download(
            name="殡仪服务案件",
            headers=HEADERS,
            rows=([c.pk, c.person.name, c.home.name, c.received_on, c.hukou_province, "是" if c.waiver_eligible else "否",
                   c.fee_total, c.waived_total, c.family_total] for c in rows.iterator()),
        )
    return render(
        request,
        "funeral/services/list.html",
        {"form": form, "page": Window(rows, request), "can_manage": request.user.has_perm(PERM_MANAGE),
         "export_query": request.GET.urlencode()},
        status=200 if valid else 400,
    )


@permission_required(PERM_VIEW, PERM_MANAGE)
@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest) -> HttpResponse:
    homes = selectors.homes_in_scope(user=request.user)
    initial = {"received_on": timezone.localdate().isoformat()}
    form = CaseOpenForm(request.POST or None, homes=homes, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.funeral_case_open(
                    actor=request.user, id_number=data["id_number"], home=_home(request, data["home"]),
                    received_on=data["received_on"], hukou_province=data["hukou_province"],
                    family_contact=data["family_contact"], note=data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, messages.PAGE_CASE_OPENED.format(name=case.person.name, home=case.home.name))
                return redirect("funeral_services:case", pk=case.pk)
    return render(request, "funeral/services/open.html", {"form": form}, status=status)


def _detail(request: HttpRequest, pk: int, *, service_form: ServiceAddForm | None = None,
            void_errors: dict[int, list[str]] | None = None, status: int = 200) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    person_viewed(actor=request.user, person=case.person)
    can_manage = request.user.has_perm(PERM_MANAGE)
    form = service_form or ServiceAddForm(
        types=selectors.service_types(), places=selectors.places_in_scope(user=request.user),
        initial={"facility": str(case.home_id), "performed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    return render(
        request,
        "funeral/services/detail.html",
        {"case": case, "lines": selectors.case_lines(case), "totals": selectors.case_totals(case),
         "service_form": form if can_manage else None, "can_manage": can_manage,
         "void_errors": void_errors or {}},
        status=status,
    )


@permission_required(PERM_VIEW)
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@permission_required(PERM_VIEW, PERM_MANAGE)
@require_POST
def service_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    form = ServiceAddForm(request.POST, types=selectors.service_types(),
                          places=selectors.places_in_scope(user=request.user))
    if form.is_valid():
        data = form.cleaned_data
        place = selectors.place_get(user=request.user, pk=data["facility"]) if data["facility"] else None
        try:
            line = services.funeral_service_add(
                actor=request.user, case=case, service_type=selectors.service_type_get(data["service_type"] or None),
                facility=place, performed_at=data["performed_at"], fee=data["fee"], note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.PAGE_SERVICE_ADDED.format(service=line.service_type.name, fee=line.fee,
                                                                      waived=line.waived))
            return redirect("funeral_services:case", pk=case.pk)
    return _detail(request, pk, service_form=form, status=400)


@permission_required(PERM_VIEW, PERM_MANAGE)
@require_POST
def service_void(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.service_get(user=request.user, pk=pk)
    form = VoidForm(request.POST)
    form.is_valid()
    try:
        services.funeral_service_void(actor=request.user, service=line, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        return _detail(request, line.case_id, void_errors={line.pk: exc.messages}, status=400)
    flash.success(request, messages.PAGE_SERVICE_VOIDED.format(service=line.service_type.name))
    return redirect("funeral_services:case", pk=line.case_id)


@permission_required(PERM_VIEW)
@require_http_methods(["GET", "POST"])
def catalogue(request: HttpRequest) -> HttpResponse:
    can_manage = request.user.has_perm(PERM_CATALOGUE)
    form = WaiverItemForm(request.POST if request.method == "POST" else None, types=selectors.service_types())
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            data: dict[str, Any] = form.cleaned_data
            try:
                item = services.waiver_item_add(
                    actor=request.user, service_type=selectors.service_type_get(data["service_type"] or None),
                    cap=data["cap"], valid_from=data["valid_from"], note=data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, messages.PAGE_ITEM_ADDED.format(service=item.service_type.name, cap=item.cap,
                                                                       date=f"{item.valid_from:%Y-%m-%d}"))
                return redirect("funeral_services:catalogue")
    return render(
        request,
        "funeral/services/catalogue.html",
        {**selectors.catalogue(user=request.user), "form": form if can_manage else None,
         "own_region": getattr(request.user, "region_id", ""), "today": timezone.localdate()},
        status=status,
    )


@permission_required(PERM_VIEW, PERM_CATALOGUE)
@require_POST
def catalogue_item_end(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.catalogue_item_get(user=request.user, pk=pk)
    form = ItemEndForm(request.POST)
    form.is_valid()
    try:
        item = services.waiver_item_end(actor=request.user, item=item, valid_to=form.cleaned_data.get("valid_to", ""))
    except ValidationError as exc:
        for text in exc.messages:
            flash.error(request, text)
    else:
        flash.success(request, messages.PAGE_ITEM_ENDED.format(service=item.service_type.name,
                                                               date=f"{item.valid_to:%Y-%m-%d}"))
    return redirect("funeral_services:catalogue")
