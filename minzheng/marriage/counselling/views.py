"""The counselling and events registry: the events of a year by kind (list, new, edit, Excel),
the stations (read from facilities) and the simple-wedding bases (list, new, edit, Excel)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.tabular import wants_xlsx, xlsx_download
from minzheng.marriage.counselling import messages, selectors, services
from minzheng.marriage.counselling.forms import EventFilterForm, EventForm, WeddingBaseForm
from minzheng.marriage.counselling.models import Event, EventKind, WeddingBase
from minzheng.marriage.counselling.services import PERM_MANAGE, PERM_VIEW


@permission_required(PERM_VIEW)
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET)
    valid = form.is_valid()
    year = (form.cleaned_data.get("year") if valid else None) or timezone.localdate().year
    kind = form.cleaned_data.get("kind") if valid else None
    rows = selectors.events(user=request.user, year=year, kind=kind or None)
    if wants_xlsx(request):
        return xlsx_download(
            name=f"婚恋服务活动{year}",
            headers=["活动日期", "活动类型", "活动名称", "地点", "区划代码", "主办单位", "参与人数", "参与新人（对）", "说明"],
            rows=([e.held_on, e.get_kind_display(), e.title, e.place, e.region_code, e.organizer, e.people,
                   e.couples, e.note] for e in rows.iterator()),
        )
    counts = selectors.event_counts(user=request.user, year=year)
    return render(request, "marriage/counselling/events.html", {
        "form": form, "year": year, "page": Window(rows, request),
        "counts": [(label, counts[value]) for value, label in EventKind.choices],
        "can_manage": request.user.has_perm(PERM_MANAGE), "export_query": request.GET.urlencode(),
    }, status=200 if valid else 400)


def _event_form(request: HttpRequest, data: Any = None, initial: dict[str, Any] | None = None) -> EventForm:
    user = request.user
    return EventForm(data, initial=initial, regions=selectors.region_choices(user=user),
                     facilities=selectors.facility_choices(user=user), bases=selectors.base_choices(user=user))


def _event_args(request: HttpRequest, form: EventForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["facility"] = selectors.facility_for_event(user=request.user, pk=data.get("facility"))
    data["base"] = selectors.base_for_event(user=request.user, pk=data.get("base"))
    return data


@permission_required(PERM_VIEW, PERM_MANAGE)
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    return _event_edit(request, None)


@permission_required(PERM_VIEW, PERM_MANAGE)
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_edit(request, selectors.event_get(user=request.user, pk=pk))


def _event_edit(request: HttpRequest, event: Event | None) -> HttpResponse:
    initial = None
    if event is not None:
        initial = {"kind": event.kind, "title": event.title, "held_on": event.held_on.isoformat(),
                   "region_code": event.region_code, "facility": event.facility_id or "", "base": event.base_id or "",
                   "place_text": event.place_text, "organizer": event.organizer, "people": event.people,
                   "couples": event.couples, "note": event.note,
                   "participant_names": "\n".join(event.participants.values_list("name", flat=True))}
    form = _event_form(request, request.POST or None, initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if event is None:
                    saved = services.event_create(actor=request.user, **_event_args(request, form))
                else:
                    saved = services.event_update(actor=request.user, event=event, **_event_args(request, form))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, messages.PAGE_EVENT_SAVED.format(title=saved.title))
                return redirect(f"{reverse('marriage_counselling:events')}?year={saved.held_on.year}")
    return render(request, "marriage/counselling/event_form.html", {"form": form, "event": event}, status=status)


@permission_required(PERM_VIEW)
@require_GET
def station_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.stations(user=request.user)
    bases = selectors.bases(user=request.user)
    if wants_xlsx(request):
        return xlsx_download(
            name="简约婚礼示范基地",
            headers=["基地名称", "区划代码", "地址", "命名日期", "状态", "说明"],
            rows=([b.name, b.region_code, b.address_text, b.designated_on, b.get_status_display(), b.note]
                  for b in bases.iterator()),
        )
    return render(request, "marriage/counselling/stations.html", {
        "stations": Window(rows, request, size=100), "bases": list(bases[:500]),
        "can_manage": request.user.has_perm(PERM_MANAGE),
    })


@permission_required(PERM_VIEW, PERM_MANAGE)
@require_http_methods(["GET", "POST"])
def base_new(request: HttpRequest) -> HttpResponse:
    return _base_edit(request, None)


@permission_required(PERM_VIEW, PERM_MANAGE)
@require_http_methods(["GET", "POST"])
def base_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _base_edit(request, selectors.base_get(user=request.user, pk=pk))


def _base_edit(request: HttpRequest, base: WeddingBase | None) -> HttpResponse:
    if not request.user.has_perm(PERM_MANAGE):
        raise PermissionDenied
    initial = None
    if base is not None:
        initial = {"name": base.name, "region_code": base.region_code, "designated_on": base.designated_on.isoformat(),
                   "address_text": base.address_text, "status": base.status, "note": base.note}
    form = WeddingBaseForm(request.POST or None, initial=initial, regions=selectors.region_choices(user=request.user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if base is None:
                    saved = services.wedding_base_create(actor=request.user, **form.cleaned_data)
                else:
                    saved = services.wedding_base_update(actor=request.user, base=base, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, messages.PAGE_BASE_SAVED.format(name=saved.name))
                return redirect("marriage_counselling:stations")
    return render(request, "marriage/counselling/base_form.html", {"form": form, "base": base}, status=status)
