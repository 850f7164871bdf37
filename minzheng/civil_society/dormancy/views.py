"""The dormancy pages: the candidates the four rules find on a day (with their reasons, Excel export,
and a button that files a case), the cleanup cases (list, export) and one case with the step its
state allows. Reading takes ``civil_society.view_organization``; filing and the steps,
``civil_society.manage_organizations``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.civil_society.dormancy import rules, selectors, services
from minzheng.civil_society.dormancy.forms import (
    CandidateForm,
    CaseFilterForm,
    DecideForm,
    FileForm,
    NoticeForm,
    RectifiedForm,
)
from minzheng.civil_society.registry import messages
from minzheng.civil_society.registry.selectors import PERM_MANAGE, PERM_VIEW, organization_get
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.tabular import wants_xlsx, xlsx_download


@permission_required(PERM_VIEW)
@require_GET
def candidates(request: HttpRequest) -> HttpResponse:
    form = CandidateForm(request.GET or None)
    valid = form.is_valid() or not form.is_bound
    values = form.cleaned_data if form.is_bound and valid else {}
    day = values.get("day") or rules.default_day(user=request.user)
    found = rules.dormancy_candidates(user=request.user, day=day, rule=values.get("rule") or "")
    if wants_xlsx(request):
        return xlsx_download(
            name="僵尸型社会组织疑似名单",
            headers=["社会组织", "类型", "统一社会信用代码", "状态", "情形", "办理中案件"],
            rows=(
                [
                    c.organization.name,
                    c.organization.get_kind_display(),
                    c.organization.uscc,
                    c.organization.get_status_display(),
                    "；".join(c.reasons),
                    c.open_case.pk if c.open_case else "",
                ]
                for c in found
            ),
        )
    return render(
        request,
        "civil_society/dormancy/candidates.html",
        {
            "form": form,
            "day": day,
            "candidates": found,
            "may_manage": request.user.has_perm(PERM_MANAGE),
            "query": request.GET.urlencode(),
        },
        status=200 if valid else 400,
    )


@permission_required(PERM_MANAGE)
@require_POST
def case_file(request: HttpRequest) -> HttpResponse:
    form = FileForm(request.POST)
    org = organization_get(user=request.user, pk=request.POST.get("organization"))
    if form.is_valid():
        try:
            case = services.cleanup_case_file(
                actor=request.user,
                organization=org,
                filed_on=form.cleaned_data["filed_on"] or timezone.localdate(),
                reasons=form.cleaned_data["reasons"],
            )
        except ValidationError as exc:
            for texts in exc.message_dict.values():
                for text in texts:
                    flash.error(request, text)
            return redirect("org_dormancy:candidates")
        flash.success(request, messages.PAGE_DONE.format(what=f"{org.name}立案"))
        return redirect("org_dormancy:case", pk=case.pk)
    return redirect("org_dormancy:candidates")


@permission_required(PERM_VIEW)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.case_list(
        user=request.user, state=values.get("state", ""), decision=values.get("decision", "")
    )
    if wants_xlsx(request):
        return xlsx_download(
            name="清理整治案件",
            headers=["社会组织", "立案日期", "事由", "状态", "告知公告", "处理决定", "决定日期", "整改期限"],
            rows=(
                [
                    c.organization.name,
                    c.filed_on,
                    c.reasons,
                    c.get_state_display(),
                    c.noticed_on,
                    c.get_decision_display(),
                    c.decided_on,
                    c.rectify_by,
                ]
                for c in rows.iterator()
            ),
        )
    return render(
        request,
        "civil_society/dormancy/cases.html",
        {"form": form, "page": Window(rows, request), "query": request.GET.urlencode()},
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


def _case_page(
    request: HttpRequest, pk: int, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    forms = forms or {}
    return render(
        request,
        "civil_society/dormancy/case.html",
        {
            "case": case,
            "may_manage": request.user.has_perm(PERM_MANAGE),
            "notice_form": forms.get("notice")
            or NoticeForm(initial={"noticed_on": timezone.localdate().isoformat()}),
            "decide_form": forms.get("decide") or DecideForm(),
            "rectified_form": forms.get("rectified") or RectifiedForm(),
            "notice_days": services.notice_days(),
        },
        status=status,
    )


@permission_required(PERM_VIEW)
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, pk)


def _step(request: HttpRequest, pk: int, key: str, form: Any, write: Any, done: str) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    if form.is_valid():
        try:
            write(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.PAGE_DONE.format(what=done))
            return redirect("org_dormancy:case", pk=pk)
    return _case_page(request, pk, {key: form}, status=400)


@permission_required(PERM_MANAGE)
@require_POST
def case_notice(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "notice", NoticeForm(request.POST), services.cleanup_case_notice, "事先告知")


@permission_required(PERM_MANAGE)
@require_POST
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "decide", DecideForm(request.POST), services.cleanup_case_decide, "处理决定")


@permission_required(PERM_MANAGE)
@require_POST
def case_rectified(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, "rectified", RectifiedForm(request.POST), services.cleanup_case_rectified, "整改完成"
    )
