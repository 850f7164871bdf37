"""A registered patient's record (their facts, consent and services, the service entry form for
a rehab organization's operator), and the service records in one's view with an Excel export.
Each page that shows a patient writes an access-log row."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.audit import access_record_many
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.tabular import xlsx_download
from minzheng.disability import messages
from minzheng.disability.patients.forms import ConsentForm, EndForm
from minzheng.disability.patients.selectors import PERM_MANAGE, PERM_VIEW, patient_get
from minzheng.disability.records import selectors, services
from minzheng.disability.records.forms import ServiceForm, YearFilterForm


def _facilities(request: HttpRequest, patient: Any) -> list[tuple[int, str]]:
    return list(selectors.service_facilities(user=request.user, patient=patient).values_list("pk", "name"))


def _record(
    request: HttpRequest, pk: int, service_form: ServiceForm | None = None, status: int = 200
) -> HttpResponse:
    patient = patient_get(user=request.user, pk=pk)
    access_record_many(actor=request.user, subjects=[patient.person])
    can_record = request.user.has_perm(selectors.PERM_RECORD)
    services_list = list(selectors.services_of(patient=patient)[:200])
    return render(
        request,
        "disability/records/patient.html",
        {
            "patient": patient,
            "services": services_list,
            "years": selectors.service_years(patient=patient),
            "can_manage": request.user.has_perm(PERM_MANAGE),
            "service_form": (service_form or ServiceForm(facilities=_facilities(request, patient)))
            if can_record
            else None,
            "consent_form": ConsentForm(),
            "end_form": EndForm(),
        },
        status=status,
    )


@permission_required(PERM_VIEW)
@require_GET
def patient_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _record(request, pk)


@permission_required(PERM_VIEW, selectors.PERM_RECORD)
@require_POST
def service_new(request: HttpRequest, pk: int) -> HttpResponse:
    patient = patient_get(user=request.user, pk=pk)
    form = ServiceForm(request.POST, facilities=_facilities(request, patient))
    if form.is_valid():
        values = form.cleaned_data
        facility = (
            selectors.service_facilities(user=request.user, patient=patient)
            .filter(pk=values["facility"])
            .first()
        )
        try:
            service = services.service_record(
                actor=request.user,
                patient=patient,
                facility=facility,
                kind=values["kind"],
                served_on=values["served_on"],
                minutes=values["minutes"],
                staff=values["staff"],
                note=values["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(
                request,
                messages.PAGE_SERVICE_RECORDED.format(
                    kind=service.get_kind_display(), date=service.served_on
                ),
            )
            return redirect("rehab_records:patient", pk=pk)
    return _record(request, pk, service_form=form, status=400)


def _services(request: HttpRequest) -> tuple[YearFilterForm, Any]:
    form = YearFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    return form, selectors.service_list(
        user=request.user, year=values.get("year"), kind=values.get("kind", "")
    )


@permission_required(PERM_VIEW)
@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    form, rows = _services(request)
    page = Window(rows, request)
    if page.object_list:
        access_record_many(actor=request.user, subjects=[s.patient.person for s in page.object_list])
    return render(
        request,
        "disability/records/services.html",
        {"form": form, "page": page},
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


HEADERS = ["日期", "患者", "服务类型", "服务机构", "时长（分钟）", "服务人员", "备注"]


@permission_required(PERM_VIEW)
@require_GET
def service_export(request: HttpRequest) -> HttpResponse:
    _, rows = _services(request)
    records = list(rows[:50_000])
    access_record_many(actor=request.user, subjects=[s.patient.person for s in records], kind="export")
    return xlsx_download(
        name="精神康复服务记录",
        sheet="康复服务记录",
        headers=HEADERS,
        rows=(
            [
                s.served_on,
                s.patient.masked_name,
                s.get_kind_display(),
                s.facility.name,
                s.minutes,
                s.staff,
                s.note,
            ]
            for s in records
        ),
    )
