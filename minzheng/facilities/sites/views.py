"""Staff pages of the facility registry: the list with its filters and counts per kind, a
facility's page with its map links, registering and changing one. A provider operator sees their
own operator's sites and changes only their opening hours and status."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.forms import add_service_errors
from minzheng.core.geo import map_links
from minzheng.core.http import Window, is_htmx, login_required, permission_required, render_page
from minzheng.core.selectors import region_names
from minzheng.facilities import messages
from minzheng.facilities.operators.selectors import is_provider_operator, operator_choices, operator_find
from minzheng.facilities.sites import selectors, services
from minzheng.facilities.sites.forms import FacilityFilterForm, FacilityForm, OperationForm
from minzheng.facilities.sites.models import Facility

FACILITY_CREATED = "已登记：{name}"
FACILITY_SAVED = "已保存：{name}"
# Service error keys that the form shows on another field.
ALIASES = {"address": "address_code"}


@login_required
@require_GET
def facility_list(request: HttpRequest) -> HttpResponse:
    """Facilities in scope (or of one's operator), filterable by kind, status, region and tag;
    above them, how many of each kind (htmx asks for the results table alone)."""
    user = request.user
    form = FacilityFilterForm(request.GET, region_choices=selectors.facility_region_choices(user=user))
    facilities = (selectors.facility_list(user=user, **form.cleaned_data) if form.is_valid()
                  else selectors.facilities_visible(user=user).none())
    page = Window(facilities, request)
    context: dict[str, Any] = {"form": form, "page": page}
    if not is_htmx(request):
        context["counts"] = selectors.facility_counts(user=user)
    return render_page(request, "facilities/sites/list.html", "facilities/sites/_results.html", context)


@login_required
@require_GET
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    facility = selectors.facility_get(user=request.user, pk=pk)
    links = (map_links(float(facility.lng), float(facility.lat), facility.name)
             if facility.lng is not None and facility.lat is not None else None)
    return render(request, "facilities/sites/detail.html", {
        "facility": facility, "links": links,
        "region_name": region_names(codes={facility.region_code}).get(facility.region_code, ""),
        "may_manage": request.user.has_perm(services.PERM_MANAGE) and not is_provider_operator(request.user),
        "may_operate": services.may_operate(request.user, facility),
    })


def _values(request: HttpRequest, form: FacilityForm) -> dict[str, Any]:
    """The form's answers as the service's arguments: the address and operator looked up in the
    user's scope (a wrong one is named on its field)."""
    data = dict(form.cleaned_data)
    code = (data.pop("address_code") or "").strip()
    errors: dict[str, list[str]] = {}
    data["address"] = selectors.address_for_facility(user=request.user, code=code) if code else None
    if code and data["address"] is None:
        errors["address"] = [messages.FACILITY_ADDRESS_NOT_FOUND]
    if data.get("operator") is not None:
        data["operator"] = operator_find(user=request.user, pk=data["operator"])
        if data["operator"] is None:
            errors["operator"] = [messages.FACILITY_OPERATOR_NOT_FOUND]
    if errors:
        raise ValidationError(errors)
    return data


@permission_required(services.PERM_MANAGE)
@require_http_methods(["GET", "POST"])
def facility_create(request: HttpRequest) -> HttpResponse:
    form = FacilityForm(request.POST or None, operator_choices=operator_choices(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            facility = services.facility_create(actor=request.user, **_values(request, form))
        except ValidationError as exc:
            add_service_errors(form, exc, aliases=ALIASES)
        else:
            flash.success(request, FACILITY_CREATED.format(name=facility.name))
            return redirect("facilities:detail", pk=facility.pk)
    return render(request, "facilities/sites/form.html", {"form": form, "title": "登记服务设施"},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def facility_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Managers change every field; a provider operator, the opening hours and status only."""
    user = request.user
    facility = selectors.facility_get(user=user, pk=pk)
    if is_provider_operator(user) or not user.has_perm(services.PERM_MANAGE):
        return _operation_edit(request, facility)
    form = FacilityForm(request.POST or None, initial=FacilityForm.initial_of(facility),
                        operator_choices=operator_choices(user=user))
    if request.method == "POST" and form.is_valid():
        try:
            values = _values(request, form)
            if not {"lng", "lat", "coord"} & set(form.changed_data):
                # Untouched coordinates stay as stored (or follow a new standard address).
                for key in ("lng", "lat", "coord"):
                    values.pop(key)
            facility = services.facility_update(actor=user, facility=facility, **values)
        except ValidationError as exc:
            add_service_errors(form, exc, aliases=ALIASES)
        else:
            flash.success(request, FACILITY_SAVED.format(name=facility.name))
            return redirect("facilities:detail", pk=facility.pk)
    return render(request, "facilities/sites/form.html", {"form": form, "title": f"修改：{facility.name}",
                                                           "facility": facility},
                  status=400 if form.errors else 200)


def _operation_edit(request: HttpRequest, facility: Facility) -> HttpResponse:
    if not services.may_operate(request.user, facility):
        raise PermissionDenied
    form = OperationForm(request.POST or None,
                         initial={"opening_hours": facility.opening_hours, "status": facility.status})
    if request.method == "POST" and form.is_valid():
        try:
            facility = services.facility_operation_update(actor=request.user, facility=facility,
                                                          **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, FACILITY_SAVED.format(name=facility.name))
            return redirect("facilities:detail", pk=facility.pk)
    return render(request, "facilities/sites/form.html", {"form": form, "facility": facility,
                                                           "title": f"开放时间和状态：{facility.name}"},
                  status=400 if form.errors else 200)
