"""Staff pages of charitable trusts (慈善信托): the filings with their 7-day deadline (late ones
flagged), the cumulative total and its growth by year, one trust with its trustee changes and
yearly reports; scoped by the trust's region and downloadable as Excel."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.civil_society.charity import selectors as charity_selectors
from minzheng.civil_society.charity.pages import Cell, form_page, list_page
from minzheng.civil_society.trusts import selectors, services
from minzheng.civil_society.trusts.forms import ReportForm, TrusteeChangeForm, TrustFilterForm, TrustForm
from minzheng.core.forms import add_service_errors
from minzheng.core.http import permission_required

VIEW, MANAGE = charity_selectors.PERM_VIEW, charity_selectors.PERM_MANAGE
YEARS_SHOWN = 5


@permission_required(VIEW)
@require_GET
def trust_list(request: HttpRequest) -> HttpResponse:
    form = TrustFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.trust_list(
        user=request.user, year=values.get("year"), late=bool(values.get("late")), q=values.get("q") or ""
    )
    last = timezone.localdate().year
    totals = selectors.trust_totals(user=request.user, years=list(range(last - YEARS_SHOWN + 1, last + 1)))
    return list_page(
        request,
        title="慈善信托",
        rows=rows,
        form=form,
        filename="慈善信托",
        headers=[
            "信托名称",
            "受托人",
            "委托人",
            "信托财产（元）",
            "签订日期",
            "备案日期",
            "备案期限",
            "逾期",
        ],
        cells=lambda t: [
            Cell(t.name, reverse("charity_trusts:detail", args=[t.pk])),
            t.trustee_name,
            t.settlors,
            t.amount,
            t.signed_on,
            t.filed_on,
            t.due_on,
            "逾期" if t.filed_late else "",
        ],
        facts=[
            (
                f"{row['year']}年末累计",
                f"{row['total']:,} 元"
                + (f"（新增 {row['new']:,} 元，增长 {row['growth']}%）" if row["growth"] is not None else ""),
            )
            for row in totals
        ],
        actions=[("慈善信托备案", reverse("charity_trusts:new"))],
        note="受托人应在信托合同签订之日起7日内备案，变更受托人的应在变更之日起7日内重新备案（期限最后一日为法定节假日或休息日的顺延）。"
        "信托公司担任受托人的向市民政局备案。",
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def trust_new(request: HttpRequest) -> HttpResponse:
    form = TrustForm(request.POST or None)

    def run(values: dict[str, Any]) -> HttpResponse:
        trust = services.trust_file(actor=request.user, **values)
        return redirect("charity_trusts:detail", pk=trust.pk)

    return form_page(
        request,
        title="慈善信托备案",
        form=form,
        run=run,
        done="慈善信托已备案",
        back=("慈善信托", reverse("charity_trusts:list")),
    )


def _detail(
    request: HttpRequest, pk: int, *, change: Any = None, report: Any = None, status: int = 200
) -> HttpResponse:
    trust = selectors.trust_get(user=request.user, pk=pk)
    facts = [
        ("受托人", f"{trust.trustee_name}（{trust.get_trustee_kind_display()}）"),
        ("受托人统一社会信用代码", trust.trustee_uscc or "—"),
        ("委托人", trust.settlors),
        ("信托财产（元）", trust.amount),
        ("信托目的", trust.purpose),
        ("签订日期", trust.signed_on),
        ("备案日期", trust.filed_on),
        ("备案期限", trust.due_on),
        ("逾期备案", "是" if trust.filed_late else "否"),
    ]
    facts += [
        (
            f"受托人变更 {c.changed_on}",
            f"{c.previous_trustee} → {c.trustee_name}，{c.filed_on}重新备案"
            + ("（逾期）" if c.filed_late else ""),
        )
        for c in trust.trustee_changes.all()
    ]
    facts += [
        (f"{r.year}年度报告", f"{r.submitted_on}报告，支出{r.spending}元，年末{r.balance}元")
        for r in trust.reports.all()
    ]
    can = request.user.has_perm(MANAGE)
    return render(
        request,
        "civil_society/trusts/detail.html",
        {
            "title": trust.name,
            "trust": trust,
            "facts": facts,
            "can_manage": can,
            "change_form": change or TrusteeChangeForm(),
            "report_form": report or ReportForm(),
            "back": ("慈善信托", reverse("charity_trusts:list")),
        },
        status=status,
    )


@permission_required(VIEW)
@require_GET
def trust_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


def _post(request: HttpRequest, pk: int, form: Any, key: str, call: Any) -> HttpResponse:
    trust = selectors.trust_get(user=request.user, pk=pk)
    if form.is_valid():
        try:
            call(trust, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("charity_trusts:detail", pk=trust.pk)
    return _detail(request, pk, status=400, **{key: form})


@permission_required(MANAGE)
@require_POST
def trust_change(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        TrusteeChangeForm(request.POST),
        "change",
        lambda trust, v: services.trustee_change(actor=request.user, trust=trust.pk, **v),
    )


@permission_required(MANAGE)
@require_POST
def trust_report(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        ReportForm(request.POST),
        "report",
        lambda trust, v: services.trust_report(actor=request.user, trust=trust.pk, **v),
    )
