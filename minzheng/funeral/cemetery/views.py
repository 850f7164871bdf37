"""Staff pages of the smart cemetery: the cemeteries in scope, one cemetery's plot map (a grid by
section and row, coloured by status, each plot a link) with the batch form, the plot list with
filters, a plot (reserve, buy, lay to rest, renew, its QR code), the due renewals, eco burials
and conversion projects. Readers need ``funeral.view_plot``; writers ``funeral.manage_cemetery``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.audit import access_record_many
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.funeral.cemetery import messages, qr, selectors, services
from minzheng.funeral.cemetery.forms import (
    CemeteryFilterForm,
    CompleteForm,
    EcoBurialForm,
    EcoFilterForm,
    IntermentForm,
    PlotFilterForm,
    PlotsCreateForm,
    ProjectFilterForm,
    ProjectForm,
    PurchaseForm,
    ReserveForm,
    StartForm,
)
from minzheng.funeral.cemetery.selectors import PERM_MANAGE, PERM_VIEW

VIEW = PERM_VIEW


def _values(form: Any) -> dict[str, Any]:
    return form.cleaned_data if form.is_valid() else {}


@permission_required(VIEW)
@require_GET
def cemetery_list(request: HttpRequest) -> HttpResponse:
    form = CemeteryFilterForm(request.GET or None)
    values = _values(form)
    rows = selectors.cemetery_list(user=request.user, q=values.get("q", ""), kind=values.get("kind", ""))
    return render(request, "funeral/cemetery/list.html", {"form": form, "page": Window(rows, request)})


def _map(request: HttpRequest, pk: int, create_form: PlotsCreateForm | None = None, status: int = 200) -> HttpResponse:
    facility = selectors.cemetery_get(user=request.user, pk=pk)
    section = request.GET.get("section", "")[:20]
    return render(request, "funeral/cemetery/map.html", {
        "facility": facility,
        "sections": selectors.sections_of(facility=facility),
        "section": section,
        "grid": selectors.plot_grid(facility=facility, section=section),
        "can_manage": request.user.has_perm(PERM_MANAGE),
        "create_form": create_form or PlotsCreateForm(),
    }, status=status)


@permission_required(VIEW)
@require_GET
def cemetery_map(request: HttpRequest, pk: int) -> HttpResponse:
    return _map(request, pk)


@permission_required(VIEW, PERM_MANAGE)
@require_POST
def plots_create(request: HttpRequest, pk: int) -> HttpResponse:
    facility = selectors.cemetery_get(user=request.user, pk=pk)
    form = PlotsCreateForm(request.POST)
    if form.is_valid():
        try:
            plots = services.plots_create(actor=request.user, facility=facility, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.PAGE_PLOTS_CREATED.format(count=len(plots),
                                                                      section=form.cleaned_data["section"]))
            return redirect("funeral_cemetery:map", pk=pk)
    return _map(request, pk, form, status=400)


@permission_required(VIEW)
@require_GET
def plot_list(request: HttpRequest) -> HttpResponse:
    form = PlotFilterForm(request.GET or None)
    values = _values(form)
    facility = None
    if request.GET.get("facility", "").isdigit():
        facility = selectors.cemetery_get(user=request.user, pk=request.GET["facility"])
    rows = selectors.plot_list(user=request.user, facility=facility, section=values.get("section", ""),
                               kind=values.get("kind", ""), status=values.get("status", ""))
    page = Window(rows, request)
    day = selectors.today()
    for plot in page.object_list:
        plot.shown_status = plot.status_on(day)
    return render(request, "funeral/cemetery/plots.html", {"form": form, "page": page, "facility": facility},
                  status=200 if form.is_valid() or not form.is_bound else 400)


def _detail(request: HttpRequest, pk: int, forms: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    plot = selectors.plot_get(user=request.user, pk=pk)
    forms = forms or {}
    sale = selectors.sale_of(plot=plot)
    interments = selectors.interments_of(plot=plot)
    # The holder, the reserver and the deceased are named on this page: each read is logged.
    access_record_many(actor=request.user, subjects=[sale.holder if sale else None, plot.reserved_for,
                                                     *(i.person for i in interments)])
    current = selectors.current_period(plot=plot)
    return render(request, "funeral/cemetery/plot.html", {
        "plot": plot, "facility": plot.facility, "shown_status": plot.status_on(selectors.today()),
        "sale": sale, "interments": interments, "periods": selectors.periods_of(plot=plot), "current": current,
        "has_room": sale is not None and len(interments) < plot.capacity,
        "can_manage": request.user.has_perm(PERM_MANAGE),
        "public_url": qr.public_url(plot.code, request),
        "reserve_form": forms.get("reserve") or ReserveForm(),
        "purchase_form": forms.get("purchase") or PurchaseForm(),
        "interment_form": forms.get("interment") or IntermentForm(),
        "renew_errors": forms.get("renew_errors", []),
    }, status=status)


@permission_required(VIEW)
@require_GET
def plot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


def _act(request: HttpRequest, pk: int, *, key: str, form: Any, write: Callable[..., Any],
         done: Callable[[Any], str]) -> HttpResponse:
    plot = selectors.plot_get(user=request.user, pk=pk)
    if form.is_valid():
        try:
            result = write(actor=request.user, plot=plot, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, done(result))
            return redirect("funeral_cemetery:plot", pk=pk)
    return _detail(request, pk, {key: form}, status=400)


@permission_required(VIEW, PERM_MANAGE)
@require_POST
def plot_reserve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, key="reserve", form=ReserveForm(request.POST), write=services.plot_reserve,
                done=lambda p: messages.PAGE_RESERVED.format(plot=p, until=p.reserved_until))


@permission_required(VIEW, PERM_MANAGE)
@require_POST
def plot_reservation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    plot = selectors.plot_get(user=request.user, pk=pk)
    try:
        services.plot_reservation_cancel(actor=request.user, plot=plot)
    except ValidationError as exc:
        return _detail(request, pk, {"renew_errors": exc.messages}, status=400)
    flash.success(request, messages.PAGE_RESERVATION_CANCELLED.format(plot=plot))
    return redirect("funeral_cemetery:plot", pk=pk)


@permission_required(VIEW, PERM_MANAGE)
@require_POST
def plot_purchase(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, key="purchase", form=PurchaseForm(request.POST), write=services.plot_purchase,
                done=lambda s: messages.PAGE_PURCHASED.format(plot=s.plot, end=s.plot.use_periods.get().ends_on))


@permission_required(VIEW, PERM_MANAGE)
@require_POST
def plot_inter(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, key="interment", form=IntermentForm(request.POST), write=services.plot_interment_record,
                done=lambda i: messages.PAGE_INTERRED.format(plot=i.plot))


@permission_required(VIEW, PERM_MANAGE)
@require_POST
def plot_renew(request: HttpRequest, pk: int) -> HttpResponse:
    plot = selectors.plot_get(user=request.user, pk=pk)
    try:
        period = services.use_period_renew(actor=request.user, plot=plot)
    except ValidationError as exc:
        return _detail(request, pk, {"renew_errors": exc.messages}, status=400)
    flash.success(request, messages.PAGE_RENEWED.format(plot=plot, end=period.ends_on))
    return redirect("funeral_cemetery:plot", pk=pk)


def _qr(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    plot = selectors.plot_get(user=request.user, pk=pk)
    url = qr.public_url(plot.code, request)
    if kind == "svg":
        body, content_type = qr.qr_svg(url, title=f"{plot.facility.name} {plot}"), "image/svg+xml"
    else:
        body, content_type = qr.qr_png(url), "image/png"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        request.GET.get("download") == "1", f"墓穴码_{plot.facility.name}_{plot}.{kind}")
    response["Cache-Control"] = "private, max-age=300"
    return response


@permission_required(VIEW)
@require_GET
def plot_qr_svg(request: HttpRequest, pk: int) -> HttpResponse:
    return _qr(request, pk, "svg")


@permission_required(VIEW)
@require_GET
def plot_qr_png(request: HttpRequest, pk: int) -> HttpResponse:
    return _qr(request, pk, "png")


@permission_required(VIEW)
@require_GET
def renewals(request: HttpRequest) -> HttpResponse:
    rows = selectors.due_renewals(user=request.user)
    page = Window(rows, request)
    access_record_many(actor=request.user, subjects=[getattr(getattr(p.plot, "sale", None), "holder", None)
                                                     for p in page.object_list])
    return render(request, "funeral/cemetery/renewals.html", {
        "page": page, "days": selectors.renewal_notice_days(), "today": selectors.today(),
        "can_manage": request.user.has_perm(PERM_MANAGE),
    })


def _facility_choices(request: HttpRequest, *, kind: str | None = None) -> list[tuple[int, str]]:
    rows = selectors.cemeteries_visible(user=request.user)
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.order_by("region_code", "name").values_list("pk", "name"))


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def eco_burials(request: HttpRequest) -> HttpResponse:
    filters = EcoFilterForm(request.GET or None)
    values = _values(filters)
    form = EcoBurialForm(request.POST or None, facilities=_facility_choices(request))
    status = 200
    if request.method == "POST":
        if not request.user.has_perm(PERM_MANAGE):
            return HttpResponse(status=403)
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            pk = data.pop("facility")
            facility = selectors.cemetery_get(user=request.user, pk=pk) if pk else None
            try:
                burial = services.eco_burial_record(actor=request.user, facility=facility, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, messages.PAGE_ECO_RECORDED.format(kind=burial.get_kind_display()))
                return redirect("funeral_cemetery:eco_burials")
    rows = selectors.eco_burial_list(user=request.user, year=values.get("year"), kind=values.get("kind", ""))
    page = Window(rows, request)
    access_record_many(actor=request.user, subjects=[b.person for b in page.object_list])
    return render(request, "funeral/cemetery/eco.html", {
        "filters": filters, "form": form, "page": page, "can_manage": request.user.has_perm(PERM_MANAGE),
    }, status=status)


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def projects(request: HttpRequest) -> HttpResponse:
    filters = ProjectFilterForm(request.GET or None)
    form = ProjectForm(request.POST or None, facilities=_facility_choices(request, kind="cemetery"))
    status = 200
    if request.method == "POST":
        if not request.user.has_perm(PERM_MANAGE):
            return HttpResponse(status=403)
        status = 400
        if form.is_valid():
            facility = selectors.cemetery_get(user=request.user, pk=form.cleaned_data["facility"])
            try:
                services.conversion_project_create(actor=request.user, facility=facility,
                                                   plan=form.cleaned_data["plan"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, messages.PAGE_PROJECT_CREATED)
                return redirect("funeral_cemetery:projects")
    rows = selectors.project_list(user=request.user, status=_values(filters).get("status", ""))
    return render(request, "funeral/cemetery/projects.html", {
        "filters": filters, "form": form, "page": Window(rows, request),
        "can_manage": request.user.has_perm(PERM_MANAGE), "start_form": StartForm(), "complete_form": CompleteForm(),
    }, status=status)


def _project_step(request: HttpRequest, pk: int, form: Any, write: Callable[..., Any], done: str) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    if form.is_valid():
        try:
            write(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, done)
            return redirect("funeral_cemetery:projects")
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            flash.error(request, error if not label or error.startswith(label) else f"{label}：{error}")
    return redirect("funeral_cemetery:projects")


@permission_required(VIEW, PERM_MANAGE)
@require_POST
def project_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_step(request, pk, StartForm(request.POST), services.conversion_project_start,
                         messages.PAGE_PROJECT_STARTED)


@permission_required(VIEW, PERM_MANAGE)
@require_POST
def project_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_step(request, pk, CompleteForm(request.POST), services.conversion_project_complete,
                         messages.PAGE_PROJECT_COMPLETED)
