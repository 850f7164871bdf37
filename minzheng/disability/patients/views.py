"""Pages of registered patients: the list in one's view (names masked, access-logged, Excel
export), registering one (with consent, or consent later), recording the consent and ending.
A patient's own page, with their services, is ``records.views.patient_record``."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.audit import access_record_many
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.tabular import xlsx_download
from minzheng.disability import messages
from minzheng.disability.patients import selectors, services
from minzheng.disability.patients.forms import ConsentForm, EndForm, FilterForm, RegisterForm
from minzheng.people.services import person_id_number_looked_up

VIEW = selectors.PERM_VIEW
MANAGE = selectors.PERM_MANAGE


def _filtered(request: HttpRequest) -> tuple[FilterForm, object]:
    form = FilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.patient_list(
        user=request.user, q=values.get("q", ""), status=values.get("status") or "active"
    )
    return form, rows


@permission_required(VIEW)
@require_GET
def patient_list(request: HttpRequest) -> HttpResponse:
    form, rows = _filtered(request)
    page = Window(rows, request)
    if page.object_list:
        access_record_many(actor=request.user, subjects=[p.person for p in page.object_list])
    return render(
        request,
        "disability/patients/list.html",
        {"form": form, "page": page, "can_manage": request.user.has_perm(MANAGE)},
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


HEADERS = [
    "编号",
    "姓名",
    "身份证号",
    "居住地区划",
    "诊断",
    "严重程度",
    "服务机构",
    "在册日期",
    "知情同意",
    "结案日期",
]


@permission_required(VIEW)
@require_GET
def patient_export(request: HttpRequest) -> HttpResponse:
    """The list of the current filter, names masked, ID numbers masked; logged as one export."""
    _, rows = _filtered(request)
    patients = list(rows[:20_000])
    access_record_many(actor=request.user, subjects=[p.person for p in patients], kind="export")
    return xlsx_download(
        name="在册精神障碍患者",
        sheet="在册患者",
        headers=HEADERS,
        rows=(
            [
                p.pk,
                p.masked_name,
                p.person.id_number_masked,
                p.region_code,
                p.get_diagnosis_display(),
                p.get_severity_display(),
                p.organization.name,
                p.registered_on,
                f"{p.consent_on}（{p.get_consent_signer_display()}）" if p.consent_on else "未签署",
                p.ended_on or "",
            ]
            for p in patients
        ),
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def patient_register(request: HttpRequest) -> HttpResponse:
    organizations = selectors.organization_choices(user=request.user)
    form = RegisterForm(request.POST or None, organizations=organizations)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = form.cleaned_data
            person = selectors.person_for_patient(user=request.user, id_number=values["id_number"])
            if person is None:
                form.add_error("id_number", messages.ID_NUMBER_UNKNOWN)
            else:
                person_id_number_looked_up(actor=request.user, person=person)
                try:
                    patient = services.patient_register(
                        actor=request.user,
                        person=person,
                        organization=selectors.organization_find(
                            user=request.user, pk=values["organization"]
                        ),
                        diagnosis=values["diagnosis"],
                        severity=values["severity"],
                        registered_on=values["registered_on"],
                        consent_on=values["consent_on"],
                        consent_signer=values["consent_signer"],
                        guardian_name=values["guardian_name"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc, aliases={"person": "id_number"})
                else:
                    flash.success(request, messages.PAGE_REGISTERED.format(name=patient.masked_name))
                    return redirect("rehab_records:patient", pk=patient.pk)
    return render(
        request,
        "disability/patients/register.html",
        {"form": form, "has_organizations": bool(organizations)},
        status=status,
    )


def _back_with_errors(request: HttpRequest, pk: int, form: object) -> HttpResponse:
    errors = getattr(form, "errors", {})
    flash.error(request, "；".join(e for field in errors.values() for e in field))
    return redirect("rehab_records:patient", pk=pk)


@permission_required(MANAGE)
@require_POST
def patient_consent(request: HttpRequest, pk: int) -> HttpResponse:
    patient = selectors.patient_get(user=request.user, pk=pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            patient = services.patient_consent_record(
                actor=request.user, patient=patient, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(
                request,
                messages.PAGE_CONSENTED.format(
                    date=patient.consent_on, signer=patient.get_consent_signer_display()
                ),
            )
            return redirect("rehab_records:patient", pk=pk)
    return _back_with_errors(request, pk, form)


@permission_required(MANAGE)
@require_POST
def patient_end(request: HttpRequest, pk: int) -> HttpResponse:
    patient = selectors.patient_get(user=request.user, pk=pk)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            patient = services.patient_end(actor=request.user, patient=patient, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.PAGE_ENDED.format(date=patient.ended_on))
            return redirect("rehab_records:patient", pk=pk)
    return _back_with_errors(request, pk, form)
