"""The credit lists' pages: the entries in one's scope (open or all, Excel export), entering an
organization by decision, taking an entry off, and running the lists' rules as of a day."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from minzheng.civil_society.credit import selectors, services
from minzheng.civil_society.credit.models import CreditList, EntryReason
from minzheng.civil_society.registry import messages
from minzheng.civil_society.registry.selectors import PERM_MANAGE, PERM_VIEW, organization_get
from minzheng.core.forms import DateInput, add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.tabular import wants_xlsx, xlsx_download


class FilterForm(forms.Form):
    list_ = forms.ChoiceField(label="名录", required=False, choices=[("", "全部"), *CreditList.choices])
    scope = forms.ChoiceField(
        label="范围", required=False, choices=[("open", "在录"), ("all", "全部（含已移出）")]
    )
    q = forms.CharField(label="组织名称", required=False, max_length=100)


class EnterForm(forms.Form):
    organization = forms.CharField(label="社会组织编号", required=False, max_length=20)
    list = forms.ChoiceField(label="名录", required=False, choices=CreditList.choices)
    reason = forms.ChoiceField(label="列入事由", required=False, choices=EntryReason.choices)
    entered_on = forms.CharField(label="列入日期", required=False, widget=DateInput())
    note = forms.CharField(label="说明", required=False, max_length=200)


class RemoveForm(forms.Form):
    removed_on = forms.CharField(label="移出日期", required=False, widget=DateInput())
    removal_reason = forms.CharField(label="移出事由", required=False, max_length=200)


class RunForm(forms.Form):
    as_of = forms.CharField(
        label="执行日期", required=False, widget=DateInput(), help_text="按该日适用名录规则；不填为今天"
    )


def _page(
    request: HttpRequest, *, enter: EnterForm | None = None, run: RunForm | None = None, status: int = 200
) -> HttpResponse:
    form = FilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.entry_list(
        user=request.user,
        list_=values.get("list_", ""),
        open_only=values.get("scope", "open") != "all",
        q=values.get("q", ""),
    )
    if wants_xlsx(request):
        return xlsx_download(
            name="社会组织信用名录",
            headers=["社会组织", "名录", "列入事由", "说明", "列入日期", "移出日期", "移出事由"],
            rows=(
                [
                    e.organization.name,
                    e.get_list_display(),
                    e.get_reason_display(),
                    e.note,
                    e.entered_on,
                    e.removed_on,
                    e.removal_reason,
                ]
                for e in rows.iterator()
            ),
        )
    may_manage = request.user.has_perm(PERM_MANAGE)
    return render(
        request,
        "civil_society/credit/list.html",
        {
            "form": form,
            "page": Window(rows, request),
            "may_manage": may_manage,
            "query": request.GET.urlencode(),
            "enter_form": enter or EnterForm(initial={"organization": request.GET.get("org", "")}),
            "run_form": run or RunForm(),
            "remove_form": RemoveForm(),
        },
        status=status,
    )


@permission_required(PERM_VIEW)
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


@permission_required(PERM_MANAGE)
@require_POST
def entry_enter(request: HttpRequest) -> HttpResponse:
    form = EnterForm(request.POST)
    if form.is_valid():
        values: dict[str, Any] = dict(form.cleaned_data)
        org = organization_get(user=request.user, pk=values.pop("organization"))
        try:
            entry = services.credit_entry_enter(actor=request.user, organization=org, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(
                request, messages.PAGE_DONE.format(what=f"{org.name}列入{entry.get_list_display()}")
            )
            return redirect("orgs:detail", pk=org.pk)
    return _page(request, enter=form, status=400)


@permission_required(PERM_MANAGE)
@require_POST
def entry_remove(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get(user=request.user, pk=pk)
    form = RemoveForm(request.POST)
    if form.is_valid():
        try:
            services.credit_entry_remove(actor=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as exc:
            for messages_ in exc.message_dict.values():
                for text in messages_:
                    flash.error(request, text)
            return redirect("org_credit:list")
        flash.success(
            request,
            messages.PAGE_DONE.format(what=f"{entry.organization.name}移出{entry.get_list_display()}"),
        )
    return redirect("org_credit:list")


@permission_required(PERM_MANAGE)
@require_POST
def lists_apply(request: HttpRequest) -> HttpResponse:
    form = RunForm(request.POST)
    if form.is_valid():
        try:
            counts = services.credit_lists_apply(actor=request.user, as_of=form.cleaned_data["as_of"] or None)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(
                request,
                "已按名录规则处理：逾期年报列入{late_report}家，无法联系列入{uncontactable}家，"
                "移入严重违法失信名单{to_serious}家，期满移出{serious_removed}家".format(**counts),
            )
            return redirect("org_credit:list")
    return _page(request, run=form, status=400)
