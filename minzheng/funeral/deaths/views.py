"""Staff pages of death registration: register a death (find the person by ID number), the list in
one's scope, one registration (with the revocation of a mistaken one and a new family code)."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.tabular import wants_xlsx, xlsx_download
from minzheng.funeral.deaths import messages, selectors, services
from minzheng.funeral.deaths.forms import DeathFilterForm, DeathRegisterForm, RevokeForm
from minzheng.funeral.deaths.models import DeathRegistration
from minzheng.people.services import person_viewed

HEADERS = ["登记号", "姓名", "身份证号", "区划代码", "死亡日期", "死亡地点", "信息来源", "原因类别", "状态", "登记时间"]


@permission_required(services.PERM_VIEW)
@require_GET
def registration_list(request: HttpRequest) -> HttpResponse:
    form = DeathFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.registration_list(user=request.user, q=values.get("q", ""), source=values.get("source", ""),
                                       status=values.get("status", ""), month=values.get("month"))
    if wants_xlsx(request):
        return xlsx_download(name="死亡登记", headers=HEADERS, rows=(
            [r.pk, r.person.name, r.person.id_number_masked, r.region_code, r.death_date, r.death_place,
             r.get_source_display(), r.get_cause_display(), r.get_status_display(),
             timezone.localtime(r.registered_at).strftime("%Y-%m-%d %H:%M")] for r in rows.iterator()))
    return render(request, "funeral/deaths/list.html", {
        "form": form, "page": Window(rows, request), "export_query": request.GET.urlencode(),
        "can_register": request.user.has_perm(services.PERM_REGISTER),
    }, status=200 if form.is_valid() or not form.is_bound else 400)


def _detail(request: HttpRequest, registration: DeathRegistration, *, family_code: str = "",
            revoke_form: RevokeForm | None = None, status: int = 200) -> HttpResponse:
    person_viewed(actor=request.user, person=registration.person)
    return render(request, "funeral/deaths/detail.html", {
        "registration": registration, "person": registration.person, "family_code": family_code,
        "revoke_form": revoke_form or RevokeForm(),
        "can_revoke": registration.in_force and request.user.has_perm(services.PERM_REVOKE),
        "can_register": registration.in_force and request.user.has_perm(services.PERM_REGISTER),
    }, status=status)


@permission_required(services.PERM_VIEW, services.PERM_REGISTER)
@require_http_methods(["GET", "POST"])
def registration_new(request: HttpRequest) -> HttpResponse:
    form = DeathRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.death_register(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            person = done.registration.person
            if not done.created:
                flash.info(request, messages.REGISTERED_BEFORE.format(
                    name=person.name, at=timezone.localtime(done.registration.registered_at).strftime("%Y-%m-%d %H:%M")))
                return redirect("funeral_deaths:detail", pk=done.registration.pk)
            flash.success(request, messages.REGISTERED.format(name=person.name))
            # Rendered, not redirected: the family's code is shown once and never stored in clear.
            return _detail(request, done.registration, family_code=done.family_code, status=201)
    return render(request, "funeral/deaths/new.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@permission_required(services.PERM_VIEW)
@require_GET
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.registration_get(user=request.user, pk=pk))


@permission_required(services.PERM_VIEW, services.PERM_REVOKE)
@require_POST
def registration_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.registration_get(user=request.user, pk=pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.death_registration_revoke(actor=request.user, registration=registration,
                                               reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.REVOKED)
            return redirect("after_death:case", pk=registration.pk)
    return _detail(request, selectors.registration_get(user=request.user, pk=pk), revoke_form=form, status=400)


@permission_required(services.PERM_VIEW, services.PERM_REGISTER)
@require_POST
def family_code_renew(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.registration_get(user=request.user, pk=pk)
    if not registration.in_force:
        return redirect("funeral_deaths:detail", pk=pk)
    code = services.family_code_renew(actor=request.user, registration=registration)
    return _detail(request, registration, family_code=code)
