"""Application pages: the township officer's work queue, the county approval queue, taking in an
application, its detail (timeline, economic check, notice, decision) with the actions the user
may take now, the economic check form, and a household's benefits history.

Every read goes through ``applications.selectors`` (404 outside the scope); every write through
one service, whose Chinese answers land on the form field they name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.benefits import messages as benefit_messages
from minzheng.benefits.applications import selectors, services
from minzheng.benefits.applications.forms import (
    EconomicCheckForm,
    ObjectionForm,
    OpinionForm,
    RefuseForm,
    SubmitForm,
)
from minzheng.benefits.applications.models import Application
from minzheng.benefits.applications.states import allowed_verbs
from minzheng.benefits.programs.policy import officer_facts_for
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, is_htmx, permission_required, render_page
from minzheng.people.models import Person
from minzheng.people.selectors import household_get, person_find_by_id_number

VIEW = "benefits.view_application"
HANDLE = services.HANDLE
DECIDE = services.DECIDE

SUBMITTED = "已受理申请（编号{pk}），办结期限{due}"
DONE = {
    "check_started": "已开始家庭经济状况核对",
    "checked": "已登记经济状况核对结果",
    "notice_started": "已开始公示，公示至{ends}",
    "objected": "已登记异议，案件退回乡镇审核",
    "approved": "已批准",
    "refused": "已作出不予批准决定，请在{due}前送达书面通知",
    "refusal_notified": "已登记送达不予批准通知",
}


@permission_required(VIEW)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The township officer's work: new, checks due, in review, notices ending, overdue; then
    every application in the scope, newest first."""
    status = request.GET.get("status", "")
    status = status if status in Application.Status.values else ""
    rows = selectors.application_list(user=request.user, status=status).only(*selectors.ROW_FIELDS)
    context: dict[str, Any] = {"page": Window(rows, request), "today": timezone.localdate()}
    if not is_htmx(request):
        context.update(queue=selectors.township_queue(user=request.user, fields=selectors.ROW_FIELDS), status=status,
                       statuses=Application.Status.choices, can_submit=request.user.has_perm(HANDLE),
                       can_decide=request.user.has_perm(DECIDE))
    return render_page(request, "benefits/applications/queue.html", "benefits/applications/_list.html", context)


@permission_required(DECIDE)
@require_GET
def approvals(request: HttpRequest) -> HttpResponse:
    return render(request, "benefits/applications/approvals.html",
                  {**selectors.approval_queue(user=request.user), "today": timezone.localdate()})


@permission_required(HANDLE)
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    form = SubmitForm(request.POST or None, initial={"household": request.GET.get("household")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        program = data["program"]
        household = person = None
        try:
            if program.is_household:
                if not data["household"]:
                    raise ValidationError({"household": [benefit_messages.APPLICATION_HOUSEHOLD_REQUIRED.format(
                        program=program.name)]})
                try:
                    household = household_get(user=request.user, pk=data["household"])
                except Http404 as exc:
                    raise ValidationError({"household": [benefit_messages.APPLICATION_HOUSEHOLD_UNKNOWN]}) from exc
            else:
                if not data["id_number"].strip():
                    raise ValidationError({"id_number": [benefit_messages.APPLICATION_PERSON_REQUIRED.format(
                        program=program.name)]})
                person = person_find_by_id_number(user=request.user, id_number=data["id_number"])
                if person is None:
                    raise ValidationError({"id_number": [benefit_messages.APPLICATION_PERSON_UNKNOWN]})
            application = services.application_submit(actor=request.user, program=program, household=household,
                                                      person=person, channel=data["channel"], reason=data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc, {"person": "id_number"})
        else:
            messages.success(request, SUBMITTED.format(pk=application.pk, due=application.due_on.isoformat()))
            return redirect("benefit_applications:detail", pk=application.pk)
    return render(request, "benefits/applications/submit.html", {"form": form})


def _action_forms(request: HttpRequest, application: Application, bound: dict[str, forms.Form]) -> dict[str, Any]:
    """The actions the user may take now, each with its form (a bound one if it just failed)."""
    user, verbs = request.user, allowed_verbs(application.status)
    can_handle, can_decide = user.has_perm(HANDLE), user.has_perm(DECIDE)
    today = timezone.localdate()
    notice_over = application.notice_ends_on is not None and today > application.notice_ends_on
    return {
        "can_check_start": can_handle and "check_started" in verbs,
        "can_check": can_handle and "checked" in verbs,
        "notice_form": bound.get("notice_started") or OpinionForm() if can_handle and "notice_started" in verbs
        and hasattr(application, "economic_check") else None,
        "objection_form": bound.get("objected") or ObjectionForm() if can_handle and "objected" in verbs else None,
        "can_approve": can_decide and "approved" in verbs and notice_over,
        "refuse_form": bound.get("refused") or RefuseForm() if can_decide and "refused" in verbs else None,
        "can_notify": can_handle and "refusal_notified" in verbs and application.refusal_notified_at is None,
    }


def _detail(request: HttpRequest, application: Application, bound: dict[str, forms.Form] | None = None,
            status: int = 200) -> HttpResponse:
    check = selectors.economic_check_of(application=application)
    # Each step with its action's name, looked up here rather than by a loop over the names per row.
    timeline = [(step, benefit_messages.ACTION_NAMES.get(step.action, ""))
                for step in selectors.timeline_of(application=application)]
    context = {"application": application, "timeline": timeline,
               "check": check, "objections": application.objections.order_by("recorded_at", "id"),
               "today": timezone.localdate(), **_action_forms(request, application, bound or {})}
    return render(request, "benefits/applications/detail.html", context, status=status)


@permission_required(VIEW)
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.application_get(user=request.user, pk=pk))


ACTIONS: dict[str, tuple[str, type[forms.Form] | None, Callable[..., Any]]] = {
    "check_started": (HANDLE, None, lambda user, app, data: services.application_check_start(
        actor=user, application=app)),
    "notice_started": (HANDLE, OpinionForm, lambda user, app, data: services.application_notice_start(
        actor=user, application=app, opinion=data["opinion"])),
    "objected": (HANDLE, ObjectionForm, lambda user, app, data: services.application_objection_record(
        actor=user, application=app, content=data["content"], raised_by=data["raised_by"])),
    "approved": (DECIDE, None, lambda user, app, data: services.application_approve(actor=user, application=app)),
    "refused": (DECIDE, RefuseForm, lambda user, app, data: services.application_refuse(
        actor=user, application=app, reason=data["reason"])),
    "refusal_notified": (HANDLE, None, lambda user, app, data: services.application_refusal_notify(
        actor=user, application=app)),
}


@permission_required(VIEW)
@require_POST
def act(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    if verb not in ACTIONS:
        raise Http404
    perm, form_class, call = ACTIONS[verb]
    application = selectors.application_get(user=request.user, pk=pk)
    if not request.user.has_perm(perm):
        raise PermissionDenied
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return _detail(request, application, {verb: form}, status=400)
    try:
        call(request.user, application, form.cleaned_data if form else {})
    except ValidationError as exc:
        # A reason about the case itself (its status, the notice) is not about a field of the
        # form, which the page may not even show any more: it goes in the page's messages.
        if form is None or not hasattr(exc, "error_dict") or set(exc.message_dict) - set(form.fields):
            for message in exc.messages:
                messages.error(request, message)
            return redirect("benefit_applications:detail", pk=pk)
        add_service_errors(form, exc)
        return _detail(request, application, {verb: form}, status=400)
    application.refresh_from_db()
    messages.success(request, DONE[verb].format(
        ends=application.notice_ends_on, due=application.refusal_notice_due_on))
    return redirect("benefit_applications:detail", pk=pk)


def _check_people(application: Application) -> list[tuple[Person, str]]:
    if application.household_id:
        household = application.household
        assert household is not None
        return [(m.person, m.relationship) for m in household.memberships.select_related("person").order_by("id")]
    assert application.person is not None
    return [(application.person, "self")]


@permission_required(HANDLE)
@require_http_methods(["GET", "POST"])
def economic_check(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    if "checked" not in allowed_verbs(application.status):
        messages.error(request, benefit_messages.APPLICATION_ILLEGAL_TRANSITION.format(
            status=application.get_status_display(), action=benefit_messages.ACTION_NAMES["checked"]))
        return redirect("benefit_applications:detail", pk=pk)
    form = EconomicCheckForm(request.POST or None, people=_check_people(application),
                             officer_facts=officer_facts_for(application.program.code))
    if request.method == "POST" and form.is_valid():
        try:
            services.application_economic_check_record(actor=request.user, application=application,
                                                       **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, DONE["checked"])
            return redirect("benefit_applications:detail", pk=pk)
    return render(request, "benefits/applications/check.html", {"application": application, "form": form},
                  status=400 if form.errors else 200)


@permission_required(VIEW)
@require_GET
def household_history(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "benefits/applications/household.html",
                  selectors.household_history(user=request.user, pk=pk))
