"""The registrar's pages: the desk (find a party by ID number; the registration form, whose legal
checks are shown before saving), the record (certificates, divorces, status history, and the
divorce, replacement and court-mark forms), the certificate, and the divorce cooling-off lists.
Only marriage registrars open them, and only for offices of their county; every read is logged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.idnumber import IdNumberError
from minzheng.marriage import messages
from minzheng.marriage.permissions import REGISTER, VIEW_RECORDS
from minzheng.marriage.registrations import selectors, services
from minzheng.marriage.registrations.forms import (
    CourtMarkForm,
    DivorceApplyForm,
    DivorceRegisterForm,
    LookupForm,
    RegisterForm,
    ReplaceForm,
    WithdrawForm,
)


def _register_form(request: HttpRequest, data: Any = None) -> RegisterForm:
    initial = {"registered_on": timezone.localdate().isoformat()}
    return RegisterForm(data, offices=selectors.offices_of(user=request.user), initial=initial)


@permission_required(VIEW_RECORDS, REGISTER)
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest) -> HttpResponse:
    lookup_form = LookupForm(request.GET or None)
    lookup, lookup_error = None, ""
    if lookup_form.is_valid() and lookup_form.cleaned_data["id_number"]:
        try:
            lookup = selectors.person_lookup(user=request.user, id_number=lookup_form.cleaned_data["id_number"])
        except IdNumberError as exc:
            lookup_error = selectors.id_number_error(exc)
    form, preview, status = _register_form(request), None, 200
    if request.method == "POST":
        form, status = _register_form(request, request.POST), 400
        if form.is_valid():
            values = dict(form.cleaned_data)
            if request.POST.get("action") == "save":
                try:
                    marriage = services.marriage_register(actor=request.user, **values)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    number = marriage.certificates.get().number
                    flash.success(request, messages.PAGE_REGISTERED.format(number=number))
                    return redirect("marriage_registrations:record", pk=marriage.pk)
            else:
                preview, status = _preview(form, values, request), 200
    return render(request, "marriage/registrations/desk.html", {
        "lookup_form": lookup_form, "lookup": lookup, "lookup_error": lookup_error, "form": form, "preview": preview,
    }, status=status)


def _preview(form: RegisterForm, values: dict[str, Any], request: HttpRequest) -> Any:
    """The checks before saving; a bad date or ID number lands on its field instead."""
    try:
        day = services.clean_day(values["registered_on"], key="registered_on", label="登记日期")
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    try:
        return selectors.registration_preview(
            user=request.user, husband_id_number=values["husband_id_number"],
            wife_id_number=values["wife_id_number"], registration_date=day,
            declared_no_prohibited_relationship=values["declared_no_prohibited_relationship"],
        )
    except IdNumberError as exc:
        form.add_error(None, selectors.id_number_error(exc))
        return None


@permission_required(VIEW_RECORDS)
@require_GET
def records(request: HttpRequest) -> HttpResponse:
    page = Window(selectors.marriage_list(user=request.user), request)
    selectors.rows_viewed(user=request.user, rows=page.object_list)
    return render(request, "marriage/registrations/records.html", {"page": page})


def _record(request: HttpRequest, pk: int, forms: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    marriage = selectors.marriage_get(user=request.user, pk=pk)
    offices = selectors.offices_of(user=request.user)
    forms = forms or {}
    today = timezone.localdate()
    return render(request, "marriage/registrations/record.html", {
        "marriage": marriage,
        "certificates": selectors.certificates_of(marriage),
        "divorces": selectors.divorces_of(marriage),
        "history": selectors.status_history(marriage),
        "today": today,
        "can_register": request.user.has_perm(REGISTER),
        "divorce_form": forms.get("divorce") or DivorceApplyForm(offices=offices, initial={"applied_on": today}),
        "withdraw_form": forms.get("withdraw") or WithdrawForm(initial={"withdrawn_on": today}),
        "divorce_register_form": forms.get("divorce_register") or DivorceRegisterForm(initial={"registered_on": today}),
        "replace_form": forms.get("replace") or ReplaceForm(offices=offices, initial={"issued_on": today}),
        "court_form": forms.get("court") or CourtMarkForm(),
    }, status=status)


@permission_required(VIEW_RECORDS)
@require_GET
def record(request: HttpRequest, pk: int) -> HttpResponse:
    return _record(request, pk)


def _act(request: HttpRequest, pk: int, *, key: str, form: Any, write: Callable[[dict[str, Any]], Any],
         done: Callable[[Any], str]) -> HttpResponse:
    if form.is_valid():
        try:
            result = write(dict(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, done(result))
            return redirect("marriage_registrations:record", pk=pk)
    return _record(request, pk, {key: form}, status=400)


@permission_required(VIEW_RECORDS, REGISTER)
@require_POST
def divorce_apply(request: HttpRequest, pk: int) -> HttpResponse:
    marriage = selectors.marriage_get(user=request.user, pk=pk)
    return _act(
        request, pk, key="divorce",
        form=DivorceApplyForm(request.POST, offices=selectors.offices_of(user=request.user)),
        write=lambda v: services.divorce_apply(actor=request.user, marriage=marriage, **v),
        done=lambda a: messages.PAGE_DIVORCE_APPLIED.format(cooling=a.cooling_off_ends, appear=a.appear_by),
    )


@permission_required(VIEW_RECORDS, REGISTER)
@require_POST
def divorce_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.divorce_get(user=request.user, pk=pk)
    return _act(
        request, application.marriage_id, key="withdraw", form=WithdrawForm(request.POST),
        write=lambda v: services.divorce_withdraw(actor=request.user, application=application, **v),
        done=lambda _: messages.PAGE_WITHDRAWN,
    )


@permission_required(VIEW_RECORDS, REGISTER)
@require_POST
def divorce_register(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.divorce_get(user=request.user, pk=pk)
    return _act(
        request, application.marriage_id, key="divorce_register", form=DivorceRegisterForm(request.POST),
        write=lambda v: services.divorce_register(actor=request.user, application=application, **v),
        done=lambda c: messages.PAGE_DIVORCED.format(number=c.number),
    )


@permission_required(VIEW_RECORDS, REGISTER)
@require_POST
def certificate_replace(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    return _act(
        request, certificate.marriage_id, key="replace",
        form=ReplaceForm(request.POST, offices=selectors.offices_of(user=request.user)),
        write=lambda v: services.certificate_replace(actor=request.user, certificate=certificate, **v),
        done=lambda c: messages.PAGE_REPLACED.format(number=c.number),
    )


@permission_required(VIEW_RECORDS, REGISTER)
@require_POST
def court_mark(request: HttpRequest, pk: int) -> HttpResponse:
    marriage = selectors.marriage_get(user=request.user, pk=pk)
    return _act(
        request, pk, key="court", form=CourtMarkForm(request.POST),
        write=lambda v: services.court_mark_record(actor=request.user, marriage=marriage, **v),
        done=lambda m: messages.PAGE_COURT_MARKED.format(kind=m.get_kind_display()),
    )


@permission_required(VIEW_RECORDS)
@require_GET
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "marriage/registrations/certificate.html",
                  {"certificate": selectors.certificate_get(user=request.user, pk=pk)})


@permission_required(VIEW_RECORDS)
@require_GET
def divorces(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "marriage/registrations/divorces.html",
                  {"lists": selectors.divorce_lists(user=request.user, today=today), "today": today,
                   "yesterday": today - dt.timedelta(days=1)})
