"""Staff pages of visits and services: the visit queue (overdue first; Excel export), one child's
visits and services with the forms to record them, and the migrant children's basic service list
with what was delivered in view (Excel export). A village worker sees their own village only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.children import messages
from minzheng.children.exports import MAX_ROWS
from minzheng.children.profiles.models import ChildProfile
from minzheng.children.profiles.selectors import PERM_VIEW, profile_get
from minzheng.children.visits import selectors, services
from minzheng.children.visits.forms import QueueForm, ServiceForm, VisitForm
from minzheng.core.audit import access_record_many
from minzheng.core.figures import YearForm
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.tabular import xlsx_download

VISITS = selectors.PERM_VISITS
QUEUE_HEADERS = ["档案编号", "区划代码", "儿童姓名", "类别", "最近走访", "下次应走访", "逾期天数"]
SERVICE_HEADERS = ["服务日期", "区划代码", "儿童姓名", "服务项目", "服务提供方"]


def _items() -> list[tuple[int, str]]:
    return [(item.pk, str(item)) for item in selectors.service_items()]


@permission_required(PERM_VIEW)
@require_GET
def visit_queue(request: HttpRequest) -> HttpResponse:
    form = QueueForm(request.GET or None)
    within = (form.cleaned_data.get("within") or 0) if form.is_valid() else 0
    today = timezone.localdate()
    rows = selectors.visit_queue(user=request.user, day=today, within=within)
    if request.GET.get("export") == "xlsx":
        return xlsx_download(
            name="儿童走访队列",
            headers=QUEUE_HEADERS,
            rows=(
                [
                    p.pk,
                    p.region_code,
                    p.person.name,
                    "、".join(p.category_labels),
                    p.last_visited_on,
                    p.next_visit_on,
                    max((today - p.next_visit_on).days, 0),
                ]
                for p in rows[:MAX_ROWS].iterator(chunk_size=2000)
            ),
        )
    page = Window(rows, request)
    if page.object_list:
        access_record_many(actor=request.user, subjects=[p.person for p in page.object_list])
    return render(
        request,
        "children/visits/queue.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "overdue": selectors.overdue_count(user=request.user, day=today),
            "export_query": request.GET.copy().urlencode(),
        },
    )


def _child(
    request: HttpRequest,
    pk: int,
    *,
    visit_form: VisitForm | None = None,
    service_form: ServiceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    profile = profile_get(user=request.user, pk=pk)
    access_record_many(actor=request.user, subjects=[profile.person])
    can_record = request.user.has_perm(VISITS) and profile.status == ChildProfile.Status.ACTIVE
    return render(
        request,
        "children/visits/child.html",
        {
            "profile": profile,
            "visits": selectors.visits_of(profile=profile),
            "services": selectors.services_of(profile=profile),
            "can_record": can_record,
            "visit_form": visit_form
            or VisitForm(initial={"visited_on": timezone.localdate(), "way": "home"}),
            "service_form": service_form
            or ServiceForm(items=_items(), initial={"delivered_on": timezone.localdate()}),
            "today": timezone.localdate(),
        },
        status=status,
    )


@permission_required(PERM_VIEW)
@require_GET
def child_visits(request: HttpRequest, pk: int) -> HttpResponse:
    return _child(request, pk)


@permission_required(VISITS)
@require_POST
def visit_record(request: HttpRequest, pk: int) -> HttpResponse:
    profile = profile_get(user=request.user, pk=pk)
    form = VisitForm(request.POST)
    if form.is_valid():
        try:
            visit = services.visit_record(actor=request.user, profile=profile, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.PAGE_VISIT.format(date=visit.visited_on.isoformat()))
            return redirect("child_visits:child", pk=pk)
    return _child(request, pk, visit_form=form, status=400)


@permission_required(VISITS)
@require_POST
def service_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    profile = profile_get(user=request.user, pk=pk)
    form = ServiceForm(request.POST, items=_items())
    if form.is_valid():
        values = dict(form.cleaned_data)
        item = selectors.service_items().filter(pk=values.pop("item")).first()
        try:
            delivery = services.service_deliver(actor=request.user, profile=profile, item=item, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.PAGE_SERVICE.format(item=delivery.item.name))
            return redirect("child_visits:child", pk=pk)
    return _child(request, pk, service_form=form, status=400)


@permission_required(PERM_VIEW)
@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET)
    valid = form.is_valid()
    year = (form.cleaned_data.get("year") if valid else None) or timezone.localdate().year
    if request.GET.get("export") == "xlsx":
        rows: Any = (
            selectors.deliveries_visible(user=request.user)
            .filter(delivered_on__year=year)
            .order_by("region_code", "delivered_on", "id")[:MAX_ROWS]
        )
        return xlsx_download(
            name=f"流动儿童基本服务{year}",
            headers=SERVICE_HEADERS,
            rows=(
                [d.delivered_on, d.region_code, d.profile.person.name, d.item.name, d.provider]
                for d in rows.iterator(chunk_size=2000)
            ),
        )
    return render(
        request,
        "children/visits/services.html",
        {"form": form, "year": year, "rows": selectors.service_counts(user=request.user, year=year)},
        status=200 if valid else 400,
    )
