"""Staff pages of charities (慈善组织): the charity registry (名录) on a day, recognitions (认定) and
public fundraising qualifications with their deadlines, and the art. 61 spending checks of a year
with findings, each list scoped by the organization's region and downloadable as Excel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.civil_society.charity import selectors, services
from minzheng.civil_society.charity.forms import (
    AccountsForm,
    CharityFilterForm,
    DecideForm,
    QualificationApplyForm,
    QualificationDecideForm,
    RecognitionApplyForm,
    RecognitionFilterForm,
    SpendingFilterForm,
    WithdrawForm,
)
from minzheng.civil_society.charity.pages import Cell, form_page, list_page
from minzheng.core.http import permission_required

VIEW, MANAGE = selectors.PERM_VIEW, selectors.PERM_MANAGE


def _pct(value: Any) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def _org_by_uscc(request: HttpRequest, uscc: str) -> Any:
    org = selectors.organizations_visible(user=request.user).filter(uscc=uscc.strip().upper()).first()
    return org.pk if org is not None else ""


@permission_required(VIEW)
@require_GET
def charity_list(request: HttpRequest) -> HttpResponse:
    form = CharityFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    on = values.get("on") or timezone.localdate()
    rows = selectors.charity_list(user=request.user, on=on, q=values.get("q") or "")
    return list_page(
        request,
        title="慈善组织名录",
        rows=rows,
        form=form,
        filename="慈善组织名录",
        headers=["名称", "统一社会信用代码", "类型", "所属区划", "登记日期", "公开募捐资格"],
        cells=lambda o: [
            o.name,
            o.uscc,
            o.get_kind_display(),
            o.region_code,
            o.registered_on,
            "有" if o.public_fundraising else "无",
        ],
        facts=[("截至", on.isoformat()), ("慈善组织", f"{rows.count()} 家")],
        actions=[
            ("认定申请", reverse("charity:recognitions")),
            ("公开募捐资格", reverse("charity:qualifications")),
            ("年度支出检查", reverse("charity:spending")),
        ],
    )


@permission_required(VIEW)
@require_GET
def recognition_list(request: HttpRequest) -> HttpResponse:
    form = RecognitionFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.recognition_list(
        user=request.user, decision=values.get("decision") or "", late=bool(values.get("late"))
    )
    return list_page(
        request,
        title="慈善组织认定",
        rows=rows,
        form=form,
        filename="慈善组织认定",
        headers=["组织", "申请日期", "决定期限", "决定", "决定日期", "超期", "慈善总会系统"],
        cells=lambda r: [
            Cell(r.organization.name, reverse("charity:recognition", args=[r.pk])),
            r.applied_on,
            r.due_on,
            r.get_decision_display(),
            r.decided_on,
            "超期" if r.decided_late else "",
            "是" if r.federation else "",
        ],
        actions=[
            ("受理认定申请", reverse("charity:recognition_new")),
            ("慈善组织名录", reverse("charity:list")),
        ],
        note="认定申请自受理次日起20日内决定（新设立登记时申请为30日），期限最后一日为法定节假日或休息日的顺延至下一个工作日。",
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def recognition_new(request: HttpRequest) -> HttpResponse:
    form = RecognitionApplyForm(request.POST or None)

    def run(values: dict[str, Any]) -> HttpResponse:
        rec = services.recognition_apply(
            actor=request.user,
            organization=_org_by_uscc(request, values["uscc"]),
            applied_on=values["applied_on"],
            new_registration=values["new_registration"],
            federation=values["federation"],
        )
        return redirect("charity:recognition", pk=rec.pk)

    return form_page(
        request,
        title="受理慈善组织认定申请",
        form=form,
        run=run,
        aliases={"organization": "uscc"},
        back=("慈善组织认定", reverse("charity:recognitions")),
        done="已受理认定申请",
    )


def _decision_page(
    request: HttpRequest,
    app: Any,
    *,
    form: Any,
    decide: Any,
    title: str,
    back: tuple[str, str],
    url: str,
    facts: list[tuple[str, Any]],
    links: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """One application (recognition or qualification): its facts and, while it is pending and the
    reader may decide, the decision form (``decide`` calls the service)."""

    def run(values: dict[str, Any]) -> HttpResponse:
        decide(values)
        return redirect(url)

    facts = [
        ("组织", app.organization.name),
        *facts,
        ("申请日期", app.applied_on),
        ("决定期限", app.due_on),
        ("决定", app.get_decision_display()),
        ("决定日期", app.decided_on or "—"),
        ("超期决定", "是" if app.decided_late else "否"),
        ("理由", app.reason or "—"),
    ]
    can = request.user.has_perm(MANAGE)
    return form_page(
        request,
        title=title,
        form=form,
        run=run,
        back=back,
        done="已作出决定",
        context={
            "facts": facts,
            "hide_form": app.decision != "pending" or not can,
            "links": links if can else [],
        },
    )


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def recognition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rec = selectors.recognition_get(user=request.user, pk=pk)
    standing = rec.decision == "granted" and rec.withdrawn_on is None
    return _decision_page(
        request,
        rec,
        form=DecideForm(request.POST or None),
        decide=lambda v: services.recognition_decide(
            actor=request.user,
            recognition=rec.pk,
            decision=v["decision"],
            decided_on=v["decided_on"],
            reason=v["reason"],
        ),
        title=f"慈善组织认定：{rec.organization.name}",
        url=reverse("charity:recognition", args=[rec.pk]),
        back=("慈善组织认定", reverse("charity:recognitions")),
        facts=[("统一社会信用代码", rec.organization.uscc), ("取消认定日期", rec.withdrawn_on or "—")],
        links=[("取消认定", reverse("charity:recognition_withdraw", args=[rec.pk]))] if standing else [],
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def recognition_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    rec = selectors.recognition_get(user=request.user, pk=pk)
    form = WithdrawForm(request.POST or None)

    def run(values: dict[str, Any]) -> HttpResponse:
        services.recognition_withdraw(
            actor=request.user,
            recognition=rec.pk,
            withdrawn_on=values["withdrawn_on"],
            reason=values["reason"],
        )
        return redirect("charity:recognition", pk=rec.pk)

    return form_page(
        request,
        title=f"取消慈善组织认定：{rec.organization.name}",
        form=form,
        run=run,
        aliases={"recognition": "withdrawn_on"},
        done="已取消认定",
        back=("认定详情", reverse("charity:recognition", args=[rec.pk])),
        note="取消认定后，该组织自取消之日起不再是慈善组织，不再计入慈善组织总数。",
    )


@permission_required(VIEW)
@require_GET
def qualification_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.qualifications_visible(user=request.user)
    return list_page(
        request,
        title="公开募捐资格",
        rows=rows,
        filename="公开募捐资格",
        headers=["组织", "申请日期", "决定期限", "决定", "决定日期", "超期", "证书编号"],
        cells=lambda q: [
            Cell(q.organization.name, reverse("charity:qualification", args=[q.pk])),
            q.applied_on,
            q.due_on,
            q.get_decision_display(),
            q.decided_on,
            "超期" if q.decided_late else "",
            q.certificate_number,
        ],
        actions=[
            ("受理资格申请", reverse("charity:qualification_new")),
            ("慈善组织名录", reverse("charity:list")),
        ],
        note="慈善组织登记满一年后方可申请公开募捐资格，自受理次日起20日内决定。",
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def qualification_new(request: HttpRequest) -> HttpResponse:
    form = QualificationApplyForm(request.POST or None)

    def run(values: dict[str, Any]) -> HttpResponse:
        qual = services.qualification_apply(
            actor=request.user,
            organization=_org_by_uscc(request, values["uscc"]),
            applied_on=values["applied_on"],
        )
        return redirect("charity:qualification", pk=qual.pk)

    return form_page(
        request,
        title="受理公开募捐资格申请",
        form=form,
        run=run,
        aliases={"organization": "uscc"},
        back=("公开募捐资格", reverse("charity:qualifications")),
        done="已受理资格申请",
    )


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def qualification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    qual = selectors.qualification_get(user=request.user, pk=pk)
    return _decision_page(
        request,
        qual,
        form=QualificationDecideForm(request.POST or None),
        decide=lambda v: services.qualification_decide(
            actor=request.user,
            qualification=qual.pk,
            decision=v["decision"],
            decided_on=v["decided_on"],
            reason=v["reason"],
            certificate_number=v["certificate_number"],
        ),
        title=f"公开募捐资格：{qual.organization.name}",
        url=reverse("charity:qualification", args=[qual.pk]),
        back=("公开募捐资格", reverse("charity:qualifications")),
        facts=[("登记日期", qual.organization.registered_on), ("证书编号", qual.certificate_number or "—")],
    )


@permission_required(VIEW)
@require_GET
def spending(request: HttpRequest) -> HttpResponse:
    form = SpendingFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    year = values.get("year") or timezone.localdate().year - 1
    rows = selectors.spending_checks(user=request.user, year=year, failing_only=bool(values.get("failing")))
    failing = sum(1 for r in rows if r.check.findings)
    return list_page(
        request,
        title=f"{year}年度慈善组织支出检查",
        rows=rows,
        form=form,
        filename=f"{year}年度慈善组织支出检查",
        headers=[
            "组织",
            "公开募捐资格",
            "慈善活动支出（元）",
            "应支出（元）",
            "支出达标",
            "管理费用占比",
            "上限",
            "管理费用达标",
            "检查发现",
        ],
        cells=lambda r: [
            r.accounts.organization.name,
            "有" if r.accounts.public_fundraising else "无",
            r.accounts.charity_spending,
            r.check.required_spending,
            "达标" if r.check.spending_ok else "不达标",
            _pct(r.check.management_ratio),
            _pct(r.check.management_cap),
            "达标" if r.check.management_ok else "超上限",
            "；".join(r.check.findings) or "—",
        ],
        facts=[("检查组织", f"{len(rows)} 家"), ("有问题", f"{failing} 家")],
        actions=[
            ("录入年度账目", reverse("charity:accounts_new")),
            ("慈善组织名录", reverse("charity:list")),
        ],
        note="依《慈善法》第六十一条：具有公开募捐资格的，年度慈善活动支出不低于上年总收入或前三年收入平均数的70%，"
        "管理费用不超过当年总支出的10%；其他按上年末净资产分档（≥1000万元6%/13%，500万–1000万元7%/14%，"
        "100万–500万元8%/15%，<100万元8%且不低于上年总收入的50%/20%）。当年总支出为慈善活动支出与管理费用之和。",
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def accounts_new(request: HttpRequest) -> HttpResponse:
    charities = selectors.charities_visible(user=request.user, on=timezone.localdate())
    form = AccountsForm(request.POST or None, charities=charities)

    def run(values: dict[str, Any]) -> HttpResponse:
        amounts = {key: values[key] for key in services.ACCOUNT_AMOUNTS}
        acc = services.accounts_record(
            actor=request.user,
            organization=values["organization"].pk,
            year=values["year"],
            public_fundraising=values["public_fundraising"],
            **amounts,
        )
        return redirect(f"{reverse('charity:spending')}?year={acc.year}")

    return form_page(
        request,
        title="录入慈善组织年度账目",
        form=form,
        run=run,
        back=("年度支出检查", reverse("charity:spending")),
        done="已录入年度账目",
    )
