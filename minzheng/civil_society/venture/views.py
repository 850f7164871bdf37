"""Venture philanthropy (公益创投) and award pages: the rounds, one round's applications ranked by
their average score (Excel export) with the apply and public-notice forms, one application (reviews,
funding, outcome), and the awards (Excel export, add). Reading: ``civil_society.view_organization``;
writing: ``civil_society.manage_organizations``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.civil_society.registry import messages
from minzheng.civil_society.registry.selectors import PERM_MANAGE, PERM_VIEW, organization_get, person_for_org
from minzheng.civil_society.venture import selectors, services
from minzheng.civil_society.venture.forms import (
    ApplyForm,
    AwardFilterForm,
    AwardForm,
    FundForm,
    NoticeForm,
    OutcomeForm,
    ReviewForm,
    RoundForm,
)
from minzheng.core.audit import access_record_many
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.tabular import wants_xlsx, xlsx_download
from minzheng.people.services import person_id_number_looked_up


def _manage(request: HttpRequest) -> None:
    if not request.user.has_perm(PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION_MANAGE)


@permission_required(PERM_VIEW)
@require_http_methods(["GET", "POST"])
def round_list(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        _manage(request)
        if form.is_valid():
            try:
                venture_round = services.venture_round_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, messages.PAGE_SAVED.format(name=venture_round.name))
                return redirect("org_venture:round", pk=venture_round.pk)
    return render(
        request,
        "civil_society/venture/rounds.html",
        {
            "rounds": selectors.round_list(user=request.user),
            "form": form,
            "may_manage": request.user.has_perm(PERM_MANAGE),
        },
        status=400 if form.errors else 200,
    )


def _round_page(
    request: HttpRequest, pk: int, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    venture_round = selectors.round_get(user=request.user, pk=pk)
    rows = selectors.application_list(user=request.user, venture_round=venture_round)
    if wants_xlsx(request):
        return xlsx_download(
            name=f"公益创投{venture_round.year}",
            headers=[
                "项目",
                "申报组织",
                "总预算",
                "申请资助",
                "平均分",
                "评审数",
                "状态",
                "资助金额",
                "成效",
            ],
            rows=(
                [
                    a.project,
                    a.organization.name,
                    a.budget_total,
                    a.requested,
                    a.avg_score,
                    a.n_reviews,
                    a.get_status_display(),
                    a.funded_amount,
                    a.get_outcome_display(),
                ]
                for a in rows
            ),
        )
    forms = forms or {}
    return render(
        request,
        "civil_society/venture/round.html",
        {
            "round": venture_round,
            "page": Window(rows, request),
            "may_manage": request.user.has_perm(PERM_MANAGE),
            "apply_form": forms.get("apply") or ApplyForm(),
            "notice_form": forms.get("notice") or NoticeForm(),
            "query": request.GET.urlencode(),
        },
        status=status,
    )


@permission_required(PERM_VIEW)
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_page(request, pk)


@permission_required(PERM_MANAGE)
@require_POST
def round_apply(request: HttpRequest, pk: int) -> HttpResponse:
    venture_round = selectors.round_get(user=request.user, pk=pk)
    form = ApplyForm(request.POST)
    if form.is_valid():
        values = dict(form.cleaned_data)
        org = organization_get(user=request.user, pk=values.pop("organization"))
        try:
            application = services.venture_apply(
                actor=request.user, venture_round=venture_round, organization=org, **values
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.PAGE_SAVED.format(name=application.project))
            return redirect("org_venture:round", pk=pk)
    return _round_page(request, pk, {"apply": form}, status=400)


@permission_required(PERM_MANAGE)
@require_POST
def round_notice(request: HttpRequest, pk: int) -> HttpResponse:
    venture_round = selectors.round_get(user=request.user, pk=pk)
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            services.venture_round_notice(
                actor=request.user, venture_round=venture_round, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.PAGE_DONE.format(what="公示"))
            return redirect("org_venture:round", pk=pk)
    return _round_page(request, pk, {"notice": form}, status=400)


def _application_page(
    request: HttpRequest, pk: int, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    forms = forms or {}
    return render(
        request,
        "civil_society/venture/application.html",
        {
            "a": application,
            "reviews": application.reviews.select_related("reviewer").order_by("id"),
            "may_manage": request.user.has_perm(PERM_MANAGE),
            "cap": services.cap_for(application.organization),
            "review_form": forms.get("review") or ReviewForm(),
            "fund_form": forms.get("fund") or FundForm(),
            "outcome_form": forms.get("outcome") or OutcomeForm(),
        },
        status=status,
    )


@permission_required(PERM_VIEW)
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_page(request, pk)


def _act(request: HttpRequest, pk: int, key: str, form: Any, write: Any, done: str) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    if form.is_valid():
        try:
            write(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.PAGE_DONE.format(what=done))
            return redirect("org_venture:application", pk=pk)
    return _application_page(request, pk, {key: form}, status=400)


@permission_required(PERM_MANAGE)
@require_POST
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "review", ReviewForm(request.POST), services.venture_review_add, "评审")


@permission_required(PERM_MANAGE)
@require_POST
def application_fund(request: HttpRequest, pk: int) -> HttpResponse:
    if request.POST.get("reject"):
        application = selectors.application_get(user=request.user, pk=pk)
        try:
            services.venture_reject(actor=request.user, application=application)
        except ValidationError as exc:
            return _rejected(request, pk, exc)
        flash.success(request, messages.PAGE_DONE.format(what="不予资助"))
        return redirect("org_venture:application", pk=pk)
    return _act(request, pk, "fund", FundForm(request.POST), services.venture_fund, "资助")


def _rejected(request: HttpRequest, pk: int, exc: ValidationError) -> HttpResponse:
    form = FundForm()
    add_service_errors(form, exc)
    return _application_page(request, pk, {"fund": form}, status=400)


@permission_required(PERM_MANAGE)
@require_POST
def application_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, "outcome", OutcomeForm(request.POST), services.venture_outcome_record, "登记成效"
    )


@permission_required(PERM_VIEW)
@require_http_methods(["GET", "POST"])
def award_list(request: HttpRequest) -> HttpResponse:
    filters = AwardFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.award_list(user=request.user, year=values.get("year"), kind=values.get("kind", ""))
    if wants_xlsx(request):
        return xlsx_download(
            name="社会组织表彰",
            headers=["年度", "类别", "级别", "社会组织", "领军人物", "名称或案例"],
            rows=(
                [
                    w.year,
                    w.get_kind_display(),
                    w.get_level_display(),
                    w.organization.name,
                    w.person.name if w.person else "",
                    w.title,
                ]
                for w in rows.iterator()
            ),
        )
    form = AwardForm(request.POST or None)
    if request.method == "POST":
        _manage(request)
        if form.is_valid():
            data = dict(form.cleaned_data)
            org = organization_get(user=request.user, pk=data.pop("organization"))
            id_number = data.pop("id_number").strip()
            person = person_for_org(user=request.user, id_number=id_number) if id_number else None
            if id_number and person is None:
                form.add_error(
                    "id_number", messages.LEGAL_REP_UNKNOWN.replace("法定代表人", "领军人物身份证号")
                )
            else:
                if person is not None:
                    person_id_number_looked_up(actor=request.user, person=person)
                try:
                    services.award_add(actor=request.user, organization=org, person=person, **data)
                except ValidationError as exc:
                    add_service_errors(form, exc, aliases={"person": "id_number"})
                else:
                    flash.success(request, messages.PAGE_SAVED.format(name=org.name))
                    return redirect("org_venture:awards")
    page = Window(rows, request)
    # The leading figures a page names are access-logged (one row per person).
    access_record_many(actor=request.user, subjects=[w.person for w in page.object_list if w.person_id])
    return render(
        request,
        "civil_society/venture/awards.html",
        {
            "filters": filters,
            "page": page,
            "form": form,
            "may_manage": request.user.has_perm(PERM_MANAGE),
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors or not (filters.is_valid() or not filters.is_bound) else 200,
    )
