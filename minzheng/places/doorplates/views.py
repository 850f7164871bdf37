"""Staff pages for digital doorplates: the plate list with counts per region, a plate's detail,
QR codes and printable plate, single and bulk installation, the report queue, and the service
catalogue (read by all staff, edited by the city administrator)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, is_htmx, login_required, permission_required, render_page
from minzheng.core.regions import LEVEL_LABELS
from minzheng.places import messages as place_messages
from minzheng.places.addresses import selectors as address_selectors
from minzheng.places.doorplates import qr, selectors, services
from minzheng.places.doorplates.forms import (
    BatchForm,
    DepartmentForm,
    DoorplateCreateForm,
    DoorplateFilterForm,
    DoorplateRemoveForm,
    ReportHandleForm,
    ServiceForm,
)
from minzheng.places.doorplates.services import PERM_CATALOGUE, PERM_MANAGE, PERM_REPORTS

DOORPLATE_CREATED = "已安装门牌：{address}"
DOORPLATE_REMOVED = "门牌已拆除，其二维码即时失效"
BATCH_STARTED = "已发起批量安装，正在后台处理"
REPORT_RESOLVED = "已标记为已处理"
REPORT_DISMISSED = "已标记为不予处理"
CATALOGUE_SAVED = "已保存"
CATALOGUE_DEACTIVATED = "已停用：{name}"

REPORT_STATUS_CHOICES = [("open", "待处理"), ("resolved", "已处理"), ("dismissed", "不予处理"), ("all", "全部")]


# ---- plates ---------------------------------------------------------------------------------


@login_required
@require_GET
def doorplate_list(request: HttpRequest) -> HttpResponse:
    """Plates in scope, filterable by region and status; above them, counts per region one level
    below the user's own (htmx asks for the results table alone)."""
    user = request.user
    form = DoorplateFilterForm(request.GET, region_choices=selectors.doorplate_region_choices(user=user))
    plates = (selectors.doorplate_list(user=user, region=form.cleaned_data["region"],
                                       status=form.cleaned_data["status"], q=form.cleaned_data["q"])
              if form.is_valid() else selectors.doorplate_list(user=user).none())
    page = Window(plates, request)
    texts = address_selectors.address_standard_texts(addresses=[plate.address for plate in page])
    for plate in page:
        plate.standard_text = texts[plate.address_id]
    context: dict[str, Any] = {"form": form, "page": page}
    if not is_htmx(request):
        # Coverage needs every address counted too (2.2M rows city-wide, seconds): on request only.
        coverage = request.GET.get("coverage") == "1"
        level, counts = selectors.doorplate_counts(user=user, level=selectors.child_level(user),
                                                   with_addresses=coverage)
        context.update(counts=counts, level_label=LEVEL_LABELS[level], coverage=coverage,
                       total_plates=sum(c.plates for c in counts),
                       total_addresses=sum(c.addresses or 0 for c in counts) if coverage else None,
                       open_reports=selectors.open_report_count(user=user))
    return render_page(request, "places/doorplates/list.html", "places/doorplates/_results.html", context)


@login_required
@require_GET
def doorplate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plate = selectors.doorplate_get(user=request.user, pk=pk)
    reports = selectors.plate_report_list(user=request.user, status="").filter(doorplate=plate)[:20]
    return render(request, "places/doorplates/detail.html", {
        "plate": plate,
        "public_url": qr.public_url(plate.token, request),
        "reports": reports,
        "remove_form": DoorplateRemoveForm(),
        "region_name": selectors.region_names([plate.region_code]).get(plate.region_code, ""),
    })


def _qr_response(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    plate = selectors.doorplate_get(user=request.user, pk=pk)
    url = qr.public_url(plate.token, request)
    if kind == "svg":
        body, content_type = qr.qr_svg(url, title=plate.address.full_text), "image/svg+xml"
    else:
        body, content_type = qr.qr_png(url), "image/png"
    response = HttpResponse(body, content_type=content_type)
    attachment = request.GET.get("download") == "1"
    response["Content-Disposition"] = content_disposition_header(attachment, f"门牌_{plate.address.code}.{kind}")
    # A token in a shared cache would outlive the plate's removal.
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_GET
def doorplate_qr_svg(request: HttpRequest, pk: int) -> HttpResponse:
    return _qr_response(request, pk, "svg")


@login_required
@require_GET
def doorplate_qr_png(request: HttpRequest, pk: int) -> HttpResponse:
    return _qr_response(request, pk, "png")


@login_required
@require_GET
def doorplate_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The plate as it is printed: road and number large, the full address, the QR code and the
    bureau's caption. Print with the browser (A5 landscape fits one plate)."""
    plate = selectors.doorplate_get(user=request.user, pk=pk)
    return render(request, "places/doorplates/print.html", {"plate": plate, "address": plate.address,
                                                            "public_url": qr.public_url(plate.token, request)})


@permission_required(PERM_MANAGE)
@require_http_methods(["GET", "POST"])
def doorplate_create(request: HttpRequest) -> HttpResponse:
    form = DoorplateCreateForm(request.POST or None, initial={"address": request.GET.get("address")})
    if request.method == "POST" and form.is_valid():
        address = selectors.address_for_doorplate(user=request.user, pk=form.cleaned_data["address"])
        if address is None:
            form.add_error("address", place_messages.DOORPLATE_ADDRESS_NOT_FOUND)
        else:
            try:
                plate = services.doorplate_create(actor=request.user, address=address,
                                                  installed_on=form.cleaned_data["installed_on"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, DOORPLATE_CREATED.format(address=address.full_text))
                return redirect("doorplates:detail", pk=plate.pk)
    return render(request, "places/doorplates/form.html", {"form": form, "title": "安装数字门牌",
                                                           "cancel": "doorplates:list"})


@permission_required(PERM_MANAGE)
@require_POST
def doorplate_remove(request: HttpRequest, pk: int) -> HttpResponse:
    plate = selectors.doorplate_get(user=request.user, pk=pk)
    form = DoorplateRemoveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.doorplate_remove(actor=request.user, doorplate=plate, reason=reason)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, DOORPLATE_REMOVED)
    return redirect("doorplates:detail", pk=plate.pk)


# ---- bulk installation ----------------------------------------------------------------------


@permission_required(PERM_MANAGE)
@require_http_methods(["GET", "POST"])
def batch_create(request: HttpRequest) -> HttpResponse:
    form = BatchForm(request.POST or None, village_choices=selectors.village_choices(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.doorplate_batch_create(actor=request.user, village_code=form.cleaned_data["village"],
                                                    installed_on=form.cleaned_data["installed_on"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, BATCH_STARTED)
            return redirect("doorplates:batch_detail", pk=batch.pk)
    batches = list(selectors.doorplate_batch_list(user=request.user)[:10])
    names = selectors.region_names(b.region_code for b in batches)
    for b in batches:
        b.region_name = names.get(b.region_code, b.region_code)
    return render(request, "places/doorplates/batch.html", {"form": form, "batches": batches})


@login_required
@require_GET
def batch_detail(request: HttpRequest, pk: str) -> HttpResponse:
    batch = selectors.doorplate_batch_get(user=request.user, pk=pk)
    return render(request, "places/doorplates/batch_detail.html", {
        "batch": batch, "region_name": selectors.region_names([batch.region_code]).get(batch.region_code, "")})


@login_required
@require_GET
@never_cache
def batch_progress(request: HttpRequest, pk: str) -> HttpResponse:
    """The polled progress line; once the batch has finished, the poll reloads the page."""
    batch = selectors.doorplate_batch_get(user=request.user, pk=pk)
    if batch.is_finished and is_htmx(request):
        return HttpResponseClientRefresh()
    return render(request, "places/doorplates/_batch_progress.html", {"batch": batch})


# ---- the report queue -----------------------------------------------------------------------


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """Reports from the public page in the user's region: the township officer's queue."""
    status = request.GET.get("status", "open")
    if status not in dict(REPORT_STATUS_CHOICES):
        status = "open"
    reports = selectors.plate_report_list(user=request.user, status="" if status == "all" else status)
    page = Window(reports, request)
    names = selectors.region_names(r.region_code for r in page)
    for r in page:
        r.region_name = names.get(r.region_code, r.region_code)
    return render_page(request, "places/doorplates/reports.html", "places/doorplates/_reports.html", {
        "page": page, "status": status, "status_choices": REPORT_STATUS_CHOICES,
        "can_handle": request.user.has_perm(PERM_REPORTS),
    })


def _handle_report(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = selectors.plate_report_get(user=request.user, pk=pk)
    form = ReportHandleForm(request.POST)
    resolution = form.cleaned_data["resolution"] if form.is_valid() else request.POST.get("resolution", "")
    try:
        if action == "resolve":
            services.plate_report_resolve(actor=request.user, report=report, resolution=resolution)
        else:
            services.plate_report_dismiss(actor=request.user, report=report, resolution=resolution)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, REPORT_RESOLVED if action == "resolve" else REPORT_DISMISSED)
    return redirect("doorplates:reports")


@permission_required(PERM_REPORTS)
@require_POST
def report_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _handle_report(request, pk, "resolve")


@permission_required(PERM_REPORTS)
@require_POST
def report_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    return _handle_report(request, pk, "dismiss")


# ---- the service catalogue ------------------------------------------------------------------


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    departments = selectors.catalogue()
    names = selectors.region_names(s.region_code for d in departments for s in d.services.all())
    for department in departments:
        for service in department.services.all():  # the prefetched rows: no query
            service.region_name = names.get(service.region_code, "")
    return render(request, "places/doorplates/catalogue.html", {
        "departments": departments, "region_names": names,
        "can_edit": request.user.has_perm(PERM_CATALOGUE),
        "service_count": sum(len(d.services.all()) for d in departments),
    })


def _department_form_page(request: HttpRequest, department: Any = None) -> HttpResponse:
    initial = ({"name": department.name, "phone": department.phone, "url": department.url,
                "sort": department.sort, "active": department.active} if department else None)
    form = DepartmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "sort": form.cleaned_data["sort"] or 0}
        try:
            if department is None:
                data.pop("active")
                services.department_create(actor=request.user, **data)
            else:
                services.department_update(actor=request.user, department=department, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, CATALOGUE_SAVED)
            return redirect("doorplates:catalogue")
    if department is None:
        del form.fields["active"]
    return render(request, "places/doorplates/form.html", {
        "form": form, "title": "修改部门" if department else "新增部门", "cancel": "doorplates:catalogue"})


@permission_required(PERM_CATALOGUE)
@require_http_methods(["GET", "POST"])
def department_create(request: HttpRequest) -> HttpResponse:
    return _department_form_page(request)


@permission_required(PERM_CATALOGUE)
@require_http_methods(["GET", "POST"])
def department_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _department_form_page(request, selectors.department_get(pk=pk))


@permission_required(PERM_CATALOGUE)
@require_POST
def department_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    department = selectors.department_get(pk=pk)
    try:
        services.department_deactivate(actor=request.user, department=department)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, CATALOGUE_DEACTIVATED.format(name=department.name))
    return redirect("doorplates:catalogue")


def _service_form_page(request: HttpRequest, service: Any = None) -> HttpResponse:
    initial: dict[str, Any] = {"region_code": "330500000000", "department": request.GET.get("department")}
    if service is not None:
        initial = {"department": service.department_id, "name": service.name, "region_code": service.region_code,
                   "phone": service.phone, "url": service.url, "description": service.description,
                   "sort": service.sort, "active": service.active}
    form = ServiceForm(request.POST or None, initial=initial,
                       departments=selectors.department_choices(active_only=service is None),
                       regions=selectors.catalogue_region_choices(user=request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        department_pk = data.pop("department")
        data["sort"] = data["sort"] or 0
        department = selectors.department_find(pk=department_pk)
        try:
            if service is None:
                data.pop("active")
                services.service_create(actor=request.user, department=department, **data)
            else:
                services.service_update(actor=request.user, service=service, department=department, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, CATALOGUE_SAVED)
            return redirect("doorplates:catalogue")
    if service is None:
        del form.fields["active"]
    return render(request, "places/doorplates/form.html", {
        "form": form, "title": "修改服务" if service else "新增服务", "cancel": "doorplates:catalogue"})


@permission_required(PERM_CATALOGUE)
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest) -> HttpResponse:
    return _service_form_page(request)


@permission_required(PERM_CATALOGUE)
@require_http_methods(["GET", "POST"])
def service_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _service_form_page(request, selectors.service_get(pk=pk))


@permission_required(PERM_CATALOGUE)
@require_POST
def service_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_get(pk=pk)
    try:
        services.service_deactivate(actor=request.user, service=service)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, CATALOGUE_DEACTIVATED.format(name=service.name))
    return redirect("doorplates:catalogue")

