"""Staff pages of campaigns (募捐活动, incl. 慈善一日捐), the donation ledger (捐赠台账) with each
receipt as PDF and its voiding, and disbursements (慈善资金拨付) to assistance projects; lists
scoped by the organization's region and downloadable as Excel."""

from __future__ import annotations

from typing import Any

from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.civil_society.charity import selectors as charity_selectors
from minzheng.civil_society.charity.pages import Cell, form_page, list_page, yuan
from minzheng.civil_society.donations import selectors, services
from minzheng.civil_society.donations.forms import (
    CampaignFilterForm,
    CampaignForm,
    DisbursementFilterForm,
    DisbursementForm,
    DonationForm,
    LedgerFilterForm,
    VoidForm,
)
from minzheng.civil_society.donations.receipts import receipt_pdf
from minzheng.core.http import permission_required

VIEW, MANAGE = charity_selectors.PERM_VIEW, charity_selectors.PERM_MANAGE


def _charities(request: HttpRequest) -> Any:
    return charity_selectors.charities_visible(user=request.user, on=timezone.localdate())


@permission_required(VIEW)
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    form = CampaignFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.campaign_list(user=request.user, kind=values.get("kind") or "", year=values.get("year"))
    return list_page(
        request,
        title="募捐活动",
        rows=rows,
        form=form,
        filename="募捐活动",
        headers=[
            "名称",
            "编号",
            "慈善组织",
            "类型",
            "应急",
            "备案日期",
            "开始",
            "结束",
            "目标（元）",
            "已募集（元）",
        ],
        cells=lambda c: [
            Cell(c.name, f"{reverse('charity_donations:list')}?campaign={c.pk}"),
            c.pk,
            c.organization.name,
            c.get_kind_display(),
            "应急" if c.emergency else "",
            c.filed_on,
            c.starts_on,
            c.ends_on,
            c.target,
            yuan(c.raised),
        ],
        # Readers such as the auditor see no link they could not follow.
        actions=[
            *([("备案募捐方案", reverse("charity_donations:campaign_new"))] if request.user.has_perm(MANAGE) else []),
            ("捐赠台账", reverse("charity_donations:list")),
        ],
        note="公开募捐（含慈善一日捐等全市性活动）须取得公开募捐资格，募捐方案在开始前7日备案；重大突发事件应急募捐可在开始后10日内补办备案。",
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, charities=_charities(request))

    def run(values: dict[str, Any]) -> HttpResponse:
        services.campaign_file(actor=request.user, **{**values, "organization": values["organization"].pk})
        return redirect("charity_donations:campaigns")

    return form_page(
        request,
        title="备案募捐方案",
        form=form,
        run=run,
        done="募捐方案已备案",
        back=("募捐活动", reverse("charity_donations:campaigns")),
    )


@permission_required(VIEW)
@require_GET
def donation_list(request: HttpRequest) -> HttpResponse:
    can_manage = request.user.has_perm(MANAGE)
    form = LedgerFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    try:
        campaign = int(request.GET.get("campaign") or 0) or None
    except ValueError:
        campaign = None
    rows = selectors.donation_list(
        user=request.user,
        campaign=campaign,
        start=values.get("start"),
        end=values.get("end"),
        q=values.get("q") or "",
    )
    total = yuan(rows.filter(voided_on__isnull=True).aggregate(total=Sum("amount"))["total"])
    return list_page(
        request,
        title="捐赠台账",
        rows=rows,
        form=form,
        filename="捐赠台账",
        headers=[
            "票据号",
            "捐赠人",
            "受赠组织",
            "财产",
            "金额（元）",
            "捐赠日期",
            "经手人",
            "募捐活动",
            "状态",
        ],
        cells=lambda d: [
            Cell(d.receipt_number, reverse("charity_donations:receipt", args=[d.pk]))
            if d.receipt_number
            else "不要求票据",
            d.donor_display,
            d.organization.name,
            d.get_property_kind_display() + (f"：{d.description}" if d.description else ""),
            d.amount,
            d.received_on,
            d.handler,
            d.campaign.name if d.campaign else "",
            Cell(
                f"已作废（{d.voided_on}）" if d.voided_on else ("作废" if can_manage else "有效"),
                ""
                if d.voided_on or not d.receipt_number or not can_manage
                else reverse("charity_donations:void", args=[d.pk]),
            ),
        ],
        export=lambda d: [
            d.receipt_number or "不要求票据",
            d.donor_display,
            d.organization.name,
            d.get_property_kind_display(),
            d.description,
            d.amount,
            d.received_on,
            d.handler,
            d.campaign.name if d.campaign else "",
            f"已作废 {d.voided_on}" if d.voided_on else "有效",
        ],
        facts=[("合计（不含作废）", f"{total:,} 元")],
        actions=[
            *([("登记捐赠", reverse("charity_donations:new"))] if can_manage else []),
            ("募捐活动", reverse("charity_donations:campaigns")),
            ("慈善资金拨付", reverse("charity_donations:disbursements")),
        ],
        note="捐赠票据载明捐赠人、捐赠财产种类及数量（金额）、受赠组织、经手人和日期（《慈善法》第三十八条）。"
        "票据号按组织、年度连续编号；作废票据保留原号并加盖作废标记，号码不再使用。",
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def donation_new(request: HttpRequest) -> HttpResponse:
    form = DonationForm(request.POST or None, charities=_charities(request))

    def run(values: dict[str, Any]) -> HttpResponse:
        row = services.donation_record(
            actor=request.user, **{**values, "organization": values["organization"].pk}
        )
        return redirect(
            f"{reverse('charity_donations:list')}?q={row.receipt_number}"
            if row.receipt_number
            else reverse("charity_donations:list")
        )

    return form_page(
        request,
        title="登记捐赠",
        form=form,
        run=run,
        done="捐赠已登记",
        back=("捐赠台账", reverse("charity_donations:list")),
    )


@permission_required(VIEW)
@require_GET
def donation_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.donation_get(user=request.user, pk=pk)
    if not row.receipt_number:
        return redirect("charity_donations:list")
    response = HttpResponse(receipt_pdf(row), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"捐赠票据{row.receipt_number}.pdf")
    return response


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def donation_void(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.donation_get(user=request.user, pk=pk)
    form = VoidForm(request.POST or None)

    def run(values: dict[str, Any]) -> HttpResponse:
        services.donation_void(
            actor=request.user, donation=row.pk, voided_on=values["voided_on"], reason=values["reason"]
        )
        return redirect("charity_donations:list")

    facts = [
        ("票据号", row.receipt_number or "—"),
        ("捐赠人", row.donor_display),
        ("金额（元）", row.amount),
        ("捐赠日期", row.received_on),
    ]
    return form_page(
        request,
        title="作废捐赠票据",
        form=form,
        run=run,
        done="票据已作废",
        aliases={"void_reason": "reason", "receipt": "reason"},
        back=("捐赠台账", reverse("charity_donations:list")),
        context={"facts": facts},
        note="作废后票据号保留并标记作废，不再使用；该笔捐赠不再计入合计。",
    )


@permission_required(VIEW)
@require_GET
def disbursement_list(request: HttpRequest) -> HttpResponse:
    form = DisbursementFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.disbursement_list(
        user=request.user,
        year=values.get("year"),
        purpose=values.get("purpose") or "",
        project_ref=values.get("project_ref") or "",
    )
    total = yuan(rows.aggregate(total=Sum("amount"))["total"])
    return list_page(
        request,
        title="慈善资金拨付",
        rows=rows,
        form=form,
        filename="慈善资金拨付",
        headers=["项目编号", "慈善组织", "民生领域", "金额（元）", "拨付日期", "说明"],
        cells=lambda d: [
            d.project_ref,
            d.organization.name,
            d.get_purpose_display(),
            d.amount,
            d.paid_on,
            d.note,
        ],
        facts=[("合计", f"{total:,} 元")],
        actions=[
            ("登记拨付", reverse("charity_donations:disbursement_new")),
            ("捐赠台账", reverse("charity_donations:list")),
        ],
        note="项目编号为救助项目或一户一策计划事项的编号（暂为文本，待相关功能上线后迁移为关联）。",
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def disbursement_new(request: HttpRequest) -> HttpResponse:
    form = DisbursementForm(request.POST or None, charities=_charities(request))

    def run(values: dict[str, Any]) -> HttpResponse:
        services.disbursement_record(
            actor=request.user, **{**values, "organization": values["organization"].pk}
        )
        return redirect("charity_donations:disbursements")

    return form_page(
        request,
        title="登记慈善资金拨付",
        form=form,
        run=run,
        done="拨付已登记",
        back=("慈善资金拨付", reverse("charity_donations:disbursements")),
    )
