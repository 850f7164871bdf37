"""Staff pages of home eldercare beds (家庭养老床位): the contracts in view with last month's visit
compliance and the beds established this year per county, signing a contract (the elder found
by ID number, the plan per kind of 六助), a contract's page (plan, devices, a month's compliance
per kind and the last months', recording a device, ending it).

Every person a page shows by name writes an access-log row (one per person, in one statement);
finding an elder by ID number writes a look-up row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.benefits.money import parse_month
from minzheng.core.audit import access_record_many
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.selectors import region_names
from minzheng.eldercare.home_beds import messages, selectors, services
from minzheng.eldercare.home_beds.forms import (
    PLAN_PREFIX,
    DeviceForm,
    EndForm,
    ListForm,
    MonthForm,
    RemoveForm,
    SignForm,
)
from minzheng.eldercare.home_beds.models import HomeBed
from minzheng.people.services import person_id_number_looked_up

MANAGE = services.PERM_MANAGE


def _month(form: ListForm | MonthForm, default: dt.date) -> tuple[dt.date, int]:
    """The form's month, or ``default``; (month, 400) with the reason on the field when bad."""
    if form.is_bound and not form.is_valid():
        return default, 400
    if form.is_bound and form.cleaned_data["month"]:
        text = form.cleaned_data["month"]
        try:
            return parse_month(text), 200
        except ValueError:
            form.add_error("month", messages.MONTH_INVALID.format(value=text))
            return default, 400
    return default, 200


@permission_required(MANAGE)
@require_GET
def home_bed_list(request: HttpRequest) -> HttpResponse:
    form = ListForm(request.GET or None)
    month, status = _month(form, selectors.default_month())
    state = form.cleaned_data.get("status", "") if status == 200 and form.is_bound else ""
    page = Window(selectors.home_bed_list(user=request.user, status=state), request)
    beds: list[HomeBed] = list(page.object_list)
    found = selectors.compliance_many(home_beds=beds, month=month)
    for bed in beds:
        bed.month = found[bed.pk]
    access_record_many(actor=request.user, subjects=[b.person for b in beds])
    year = month.year  # the beds established in the year of the month shown
    counties = selectors.built_by_county(user=request.user, year=year)
    names = region_names(codes={c for c, _ in counties})
    return render(
        request,
        "eldercare/home_beds/list.html",
        {
            "form": form,
            "page": page,
            "month": month,
            "year": year,
            "counties": [(names.get(code, code), n) for code, n in counties],
            "built": sum(n for _, n in counties),
        },
        status=status,
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def home_bed_sign(request: HttpRequest) -> HttpResponse:
    providers = selectors.provider_choices(user=request.user)
    initial = {"provider": providers[0][0]} if len(providers) == 1 else {}
    form = SignForm(request.POST or None, providers=providers, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            person = selectors.person_for_home_bed(user=request.user, id_number=data["id_number"])
            if person is None:
                form.add_error("id_number", messages.ID_NUMBER_UNKNOWN)
            else:
                person_id_number_looked_up(actor=request.user, person=person)
                provider = selectors.provider_get(user=request.user, pk=data["provider"])
                try:
                    bed = services.home_bed_sign(
                        actor=request.user,
                        provider=provider,
                        person=person,
                        started_on=data["started_on"],
                        plan=form.plan(),
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc, aliases={"person": "id_number", "plan": "__all__"})
                else:
                    flash.success(
                        request,
                        messages.PAGE_SIGNED.format(
                            name=person.name, provider=provider.name, start=bed.started_on.isoformat()
                        ),
                    )
                    return redirect("home_beds:detail", pk=bed.pk)
    return render(
        request,
        "eldercare/home_beds/sign.html",
        {"form": form, "has_providers": bool(providers), "plan_prefix": PLAN_PREFIX},
        status=status,
    )


def _detail(
    request: HttpRequest,
    bed: HomeBed,
    *,
    end: EndForm | None = None,
    device: DeviceForm | None = None,
    remove: RemoveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    form = MonthForm(request.GET or None)
    month, month_status = _month(form, selectors.default_month(home_bed=bed))
    months = selectors.months_of(home_bed=bed, last=max(month, selectors.default_month(home_bed=bed)))
    chosen = selectors.compliance(home_bed=bed, month=month)
    recent = [(m, selectors.compliance(home_bed=bed, month=m)) for m in months]
    access_record_many(actor=request.user, subjects=[bed.person])
    return render(
        request,
        "eldercare/home_beds/detail.html",
        {
            "bed": bed,
            "plan": selectors.plan_of(home_bed=bed),
            "devices": selectors.devices_of(home_bed=bed),
            "form": form,
            "month": month,
            "compliance": chosen,
            "recent": recent,
            "end": end or EndForm(),
            "device": device or DeviceForm(),
            "remove": remove or RemoveForm(),
        },
        status=max(status, month_status),
    )


@permission_required(MANAGE)
@require_GET
def home_bed_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.home_bed_get(user=request.user, pk=pk))


@permission_required(MANAGE)
@require_POST
def home_bed_end(request: HttpRequest, pk: int) -> HttpResponse:
    bed = selectors.home_bed_get(user=request.user, pk=pk)
    form = EndForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            bed = services.home_bed_end(
                actor=request.user,
                home_bed=bed,
                ended_on=data["ended_on"],
                reason=data["end_reason"],
                note=data["end_note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            assert bed.ended_on is not None
            flash.success(
                request, messages.PAGE_ENDED.format(name=bed.person.name, date=bed.ended_on.isoformat())
            )
            return redirect("home_beds:detail", pk=bed.pk)
    return _detail(request, bed, end=form, status=400)


@permission_required(MANAGE)
@require_POST
def home_bed_device_add(request: HttpRequest, pk: int) -> HttpResponse:
    bed = selectors.home_bed_get(user=request.user, pk=pk)
    form = DeviceForm(request.POST)
    if form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            device = services.home_bed_device_add(
                actor=request.user,
                home_bed=bed,
                kind=data["kind"],
                serial=data["serial"],
                installed_on=data["installed_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(
                request,
                messages.PAGE_DEVICE_ADDED.format(kind=device.get_kind_display(), serial=device.serial),
            )
            return redirect("home_beds:detail", pk=bed.pk)
    return _detail(request, bed, device=form, status=400)


@permission_required(MANAGE)
@require_POST
def home_bed_device_remove(request: HttpRequest, pk: int, device: int) -> HttpResponse:
    bed = selectors.home_bed_get(user=request.user, pk=pk)
    found = selectors.device_get(user=request.user, home_bed=bed, pk=device)
    form = RemoveForm(request.POST)
    if form.is_valid():
        try:
            found = services.home_bed_device_remove(
                actor=request.user, device=found, removed_on=form.cleaned_data["removed_on"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            assert found.removed_on is not None
            flash.success(
                request,
                messages.PAGE_DEVICE_REMOVED.format(
                    kind=found.get_kind_display(), serial=found.serial, date=found.removed_on.isoformat()
                ),
            )
            return redirect("home_beds:detail", pk=bed.pk)
    return _detail(request, bed, remove=form, status=400)
