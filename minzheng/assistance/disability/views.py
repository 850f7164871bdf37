"""Staff pages for disability certificates and (the stand-in) recorded ability levels: find a
person by ID number in one's scope, see their certificates (numbers masked) and levels, record a
certificate, revoke one, record a level. Reading a person's page writes an access-log row."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from minzheng.assistance import messages
from minzheng.assistance.ability.selectors import ability_levels_of
from minzheng.assistance.ability.services import ability_level_record
from minzheng.assistance.disability import selectors, services
from minzheng.assistance.disability.forms import AbilityLevelForm, CertificateForm, FindPersonForm, RevokeForm
from minzheng.core.audit import access_record
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.people.selectors import person_find_by_id_number, person_get

MANAGE = "assistance.manage_disability_certificates"


@permission_required(MANAGE)
@require_http_methods(["GET"])
def certificate_list(request: HttpRequest) -> HttpResponse:
    form = FindPersonForm(request.GET or None)
    if request.GET and form.is_valid():
        person = person_find_by_id_number(user=request.user, id_number=form.cleaned_data["id_number"])
        if person is not None:
            return redirect("disability:person", pk=person.pk)
        form.add_error("id_number", messages.PAGE_ID_NUMBER_NOT_FOUND)
    page = Window(selectors.certificate_list(user=request.user), request)
    return render(request, "assistance/disability/list.html", {"form": form, "page": page},
                  status=400 if form.errors else 200)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def person_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=pk)
    form = CertificateForm(request.POST if request.POST.get("form") == "certificate" else None)
    level_form = AbilityLevelForm(request.POST if request.POST.get("form") == "level" else None)
    status = 200
    if request.method == "POST":
        try:
            if form.is_bound and form.is_valid():
                cert = services.disability_certificate_record(actor=request.user, person=person, **form.cleaned_data)
                flash.success(request, messages.PAGE_CERT_RECORDED.format(cert=cert))
                return redirect("disability:person", pk=pk)
            if level_form.is_bound and level_form.is_valid():
                record = ability_level_record(actor=request.user, person=person, **level_form.cleaned_data)
                flash.success(request, messages.PAGE_LEVEL_RECORDED.format(level=record.get_level_display()))
                return redirect("disability:person", pk=pk)
        except ValidationError as exc:
            add_service_errors(form if form.is_bound else level_form, exc)
        status = 400
    access_record(actor=request.user, kind="view", subject=person)
    return render(request, "assistance/disability/person.html", {
        "person": person, "certificates": selectors.certificates_of(user=request.user, person=person),
        "levels": ability_levels_of(person=person),
        "form": form, "level_form": level_form, "revoke_form": RevokeForm(),
    }, status=status)


@permission_required(MANAGE)
@require_POST
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    cert = selectors.certificate_get(user=request.user, pk=pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.disability_certificate_revoke(actor=request.user, certificate=cert, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            flash.error(request, "；".join(exc.messages))
        else:
            flash.success(request, messages.PAGE_CERT_REVOKED.format(cert=cert))
    else:
        flash.error(request, messages.CERT_REVOKE_REASON_REQUIRED)
    return redirect("disability:person", pk=cert.person_id)
