"""Staff pages of caregivers (养老护理员): the registry in one's view, registering one, one
caregiver (certificate, leaving, awards, this month's allowance), the allowance standards and
the monthly grant with its payment run, and the indicator per 10,000 elders.

Every person a page shows by name writes an access-log row (one per person, in one statement);
finding a person by ID number writes a look-up row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.audit import access_record_many
from minzheng.core.figures import YearForm
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.eldercare.caregivers import allowance, messages, selectors, services
from minzheng.eldercare.caregivers.forms import (
    AwardForm,
    CertificateForm,
    FilterForm,
    GrantForm,
    LeaveForm,
    MonthForm,
    RegisterForm,
    StandardForm,
)
from minzheng.eldercare.caregivers.models import CertificateLevel
from minzheng.people.services import person_id_number_looked_up

MANAGE = services.PERM_MANAGE


@permission_required(MANAGE)
@require_GET
def caregiver_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.caregiver_list(
        user=request.user,
        q=values.get("q", ""),
        level=values.get("level", ""),
        status=values.get("status") or "active",
    )
    page = Window(rows, request)
    if page.object_list:
        access_record_many(actor=request.user, subjects=[c.person for c in page.object_list])
    counts = selectors.level_counts(user=request.user)
    levels = [("未持证", counts[""])] + [(label, counts[value]) for value, label in CertificateLevel.choices]
    return render(
        request,
        "eldercare/caregivers/list.html",
        {
            "form": form,
            "page": page,
            "levels": levels,
            "certified": sum(counts.values()) - counts[""],
            "can_allowance": request.user.has_perm(allowance.PERM_PAYMENTS)
            or request.user.has_perm(services.PERM_ALLOWANCE),
            "can_indicator": request.user.has_perm(selectors.PERM_INDICATOR),
        },
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def caregiver_register(request: HttpRequest) -> HttpResponse:
    employers = selectors.employer_choices(user=request.user)
    form = RegisterForm(request.POST or None, employers=employers)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = form.cleaned_data
            person = selectors.person_for_caregiver(user=request.user, id_number=values["id_number"])
            if person is None:
                form.add_error("id_number", messages.ID_NUMBER_UNKNOWN)
            else:
                person_id_number_looked_up(actor=request.user, person=person)
                employer = (
                    selectors.employers_visible(user=request.user).filter(pk=values["employer"]).first()
                )
                try:
                    caregiver = services.caregiver_register(
                        actor=request.user,
                        person=person,
                        employer=employer,
                        started_on=values["started_on"],
                        level=values["level"],
                        certificate_number=values["certificate_number"],
                        certified_on=values["certified_on"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc, aliases={"person": "id_number"})
                else:
                    flash.success(
                        request,
                        messages.PAGE_REGISTERED.format(
                            name=person.name, level=caregiver.get_level_display() or "未持证"
                        ),
                    )
                    return redirect("caregivers:detail", pk=caregiver.pk)
    return render(
        request,
        "eldercare/caregivers/register.html",
        {"form": form, "has_employers": bool(employers)},
        status=status,
    )


def _detail(
    request: HttpRequest, pk: int, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    caregiver = selectors.caregiver_get(user=request.user, pk=pk)
    access_record_many(actor=request.user, subjects=[caregiver.person])
    month = timezone.localdate().replace(day=1)
    month_form = MonthForm(request.GET or None)
    if month_form.is_valid() and month_form.cleaned_data["month"]:
        try:
            month = services.clean_month(month_form.cleaned_data["month"])
        except ValidationError as exc:
            add_service_errors(month_form, exc)
            status = 400
    decision = allowance.allowance_decisions(caregivers=[caregiver], month=month)[0]
    forms = forms or {}
    context = {
        "caregiver": caregiver,
        "awards": selectors.awards_of(caregiver=caregiver),
        "month": month,
        "month_form": month_form,
        "decision": decision,
        "level_form": forms.get("level")
        or CertificateForm(
            initial={
                "level": caregiver.level,
                "certificate_number": caregiver.certificate_number,
                "certified_on": caregiver.certified_on,
            }
        ),
        "leave_form": forms.get("leave") or LeaveForm(),
        "award_form": forms.get("award") or AwardForm(),
    }
    return render(request, "eldercare/caregivers/detail.html", context, status=status)


@permission_required(MANAGE)
@require_GET
def caregiver_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


def _act(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    form: Any,
    write: Callable[..., Any],
    done: Callable[[Any], str],
) -> HttpResponse:
    """One write on one caregiver from a form of their page: the service's reasons land on the
    form's fields and the page is shown again (400); done, back to the page with ``done``'s note."""
    caregiver = selectors.caregiver_get(user=request.user, pk=pk)
    if form.is_valid():
        try:
            result = write(actor=request.user, caregiver=caregiver, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, done(result))
            return redirect("caregivers:detail", pk=pk)
    return _detail(request, pk, {key: form}, status=400)


@permission_required(MANAGE)
@require_POST
def caregiver_level(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        key="level",
        form=CertificateForm(request.POST),
        write=services.caregiver_level_change,
        done=lambda c: messages.PAGE_LEVEL_CHANGED.format(level=c.get_level_display() or "未持证"),
    )


@permission_required(MANAGE)
@require_POST
def caregiver_leave(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        key="leave",
        form=LeaveForm(request.POST),
        write=services.caregiver_leave,
        done=lambda c: messages.PAGE_LEFT.format(date=c.left_on),
    )


@permission_required(MANAGE)
@require_POST
def caregiver_award(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        key="award",
        form=AwardForm(request.POST),
        write=services.caregiver_award_add,
        done=lambda award: messages.PAGE_AWARD_ADDED.format(name=award.name),
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def allowance_page(request: HttpRequest) -> HttpResponse:
    """The standards by tier (the city adds new ones) and the monthly grant with its run (those who
    make payment runs)."""
    can_standards = request.user.has_perm(services.PERM_ALLOWANCE)
    can_grant = request.user.has_perm(allowance.PERM_PAYMENTS)
    standard_form = StandardForm(request.POST if request.POST.get("form") == "standard" else None)
    grant_form = GrantForm(request.POST if request.POST.get("form") == "grant" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if request.POST.get("form") == "standard":
            if not can_standards:
                raise PermissionDenied
            if standard_form.is_valid():
                try:
                    services.allowance_standard_add(actor=request.user, **standard_form.cleaned_data)
                except ValidationError as exc:
                    add_service_errors(standard_form, exc)
                else:
                    flash.success(request, messages.PAGE_STANDARD_ADDED)
                    return redirect("caregivers:allowance")
        elif request.POST.get("form") == "grant":
            if not can_grant:
                raise PermissionDenied
            if grant_form.is_valid():
                try:
                    month = services.clean_month(grant_form.cleaned_data["month"])
                    grant, run = allowance.caregiver_allowance_pay(
                        actor=request.user, month=month, region_prefix=grant_form.cleaned_data["region"]
                    )
                except ValidationError as exc:
                    add_service_errors(grant_form, exc, aliases={"region": "region"})
                else:
                    flash.success(
                        request,
                        messages.PAGE_GRANTED.format(
                            month=f"{grant.month:%Y-%m}",
                            created=grant.created,
                            changed=grant.changed,
                            stopped=grant.stopped,
                            run=run.pk,
                            status=run.get_status_display(),
                            lines=run.line_count,
                            total=f"{run.total_amount:,.2f}",
                        ),
                    )
                    return redirect("caregivers:allowance")
    return render(
        request,
        "eldercare/caregivers/allowance.html",
        {
            "standards": selectors.standard_history(),
            "standard_form": standard_form if can_standards else None,
            "grant_form": grant_form if can_grant else None,
        },
        status=status,
    )


@permission_required(selectors.PERM_INDICATOR)
@require_GET
def indicator(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET)
    valid = form.is_valid()
    year = (form.cleaned_data.get("year") if valid else None) or timezone.localdate().year - 1
    found = selectors.caregivers_per_10k(actor=request.user, day=selectors.indicator_day(year))
    return render(
        request,
        "eldercare/caregivers/indicator.html",
        {"form": form, "year": year, "indicator": found},
        status=200 if valid else 400,
    )
