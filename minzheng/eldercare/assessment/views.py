"""Staff pages of the ability assessment: find an elder by ID number in one's scope, see their
history, record an assessment on the 26-item form (with a running total while the items are
chosen), read one assessment item by item, void one entered in error. Reading a person's
assessments writes an access-log row: they are health data."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from minzheng.core.audit import access_record
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.eldercare import messages
from minzheng.eldercare.assessment import selectors, services
from minzheng.eldercare.assessment.forms import AssessmentForm, FindPersonForm, VoidForm
from minzheng.eldercare.assessment.scoring import INDICATORS, ITEMS, ScoresInvalid, score
from minzheng.people.selectors import person_find_by_id_number, person_get

VIEW = "eldercare.view_assessment"
RECORD = "eldercare.record_assessment"


@permission_required(VIEW)
@require_http_methods(["GET"])
def assessment_find(request: HttpRequest) -> HttpResponse:
    form = FindPersonForm(request.GET or None)
    if request.GET and form.is_valid():
        person = person_find_by_id_number(user=request.user, id_number=form.cleaned_data["id_number"])
        if person is not None:
            return redirect("assessment:person", pk=person.pk)
        form.add_error("id_number", messages.PAGE_ID_NUMBER_NOT_FOUND)
    page = Window(selectors.assessment_list(user=request.user), request)
    return render(request, "eldercare/assessment/find.html", {"form": form, "page": page},
                  status=400 if form.errors else 200)


@permission_required(VIEW)
@require_http_methods(["GET"])
def person_assessments(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=pk)
    history = list(selectors.assessments_of(user=request.user, person=person)[:100])
    access_record(actor=request.user, kind="view", subject=person)
    latest = next((a for a in history if a.is_valid and a.assessed_on <= timezone.localdate()), None)
    return render(request, "eldercare/assessment/person.html", {
        "person": person, "history": history, "latest": latest,
        "can_record": request.user.has_perm(RECORD),
    })


@permission_required(VIEW, RECORD)
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=pk)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_record(actor=request.user, person=person, **form.service_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.PAGE_RECORDED.format(
                date=assessment.assessed_on.isoformat(), level=assessment.get_level_display()))
            return redirect("assessment:detail", pk=assessment.pk)
    access_record(actor=request.user, kind="view", subject=person)
    return render(request, "eldercare/assessment/form.html", {
        "person": person, "form": form, "preview": _preview(form),
    }, status=400 if form.errors else 200)


@permission_required(VIEW, RECORD)
@require_POST
def assessment_preview(request: HttpRequest) -> HttpResponse:
    """The running total of the form as it stands (htmx, on every change): nothing is saved and
    no person is read."""
    return render(request, "eldercare/assessment/_preview.html", {"preview": _preview(AssessmentForm(request.POST))})


def _preview(form: AssessmentForm) -> dict[str, object]:
    chosen = form.chosen_scores()
    done = sum(value is not None for value in chosen)
    subtotals, start = [], 0
    for indicator in INDICATORS:
        part = chosen[start:start + len(indicator.items)]
        subtotals.append({"name": indicator.name, "score": sum(v or 0 for v in part), "max": indicator.max,
                          "done": sum(v is not None for v in part), "items": len(part)})
        start += len(part)
    preview: dict[str, object] = {"done": done, "items": len(ITEMS), "subtotals": subtotals,
                                  "total": sum(v or 0 for v in chosen), "result": None}
    if done == len(ITEMS):
        data = form.data
        try:
            risk = int(data.get("risk_events_30d") or 0)
        except (TypeError, ValueError):
            risk = 0
        try:
            preview["result"] = score([v for v in chosen if v is not None], coma=bool(data.get("coma")),
                                      dementia=bool(data.get("dementia")), psychiatric=bool(data.get("psychiatric")),
                                      risk_events_30d=max(risk, 0)).as_dict()
        except ScoresInvalid:  # cannot happen once every item holds an allowed score
            preview["result"] = None
    return preview


@permission_required(VIEW)
@require_http_methods(["GET"])
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    access_record(actor=request.user, kind="view", subject=assessment.person)
    groups = [(indicator, getattr(assessment, indicator.key),
               [(item, getattr(assessment, item.key), item.wording(getattr(assessment, item.key)))
                for item in indicator.items]) for indicator in INDICATORS]
    return render(request, "eldercare/assessment/detail.html", {
        "a": assessment, "person": assessment.person, "groups": groups,
        "void_form": VoidForm() if request.user.has_perm(RECORD) and assessment.is_valid else None,
    })


@permission_required(VIEW, RECORD)
@require_POST
def assessment_void(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    form = VoidForm(request.POST)
    if not form.is_valid():
        flash.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("assessment:detail", pk=pk)
    try:
        services.assessment_void(actor=request.user, assessment=assessment, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        flash.error(request, "；".join(exc.messages))
    else:
        flash.success(request, messages.PAGE_VOIDED.format(date=assessment.assessed_on.isoformat()))
    return redirect("assessment:detail", pk=pk)
