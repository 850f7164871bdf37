"""Payment run pages: the runs of the user's scope, a new run (computed by a background task
with a polled progress line), a run's preview with its differences from last month, approval,
the bank file, the bank's return file; and a person's bank accounts (masked, revealed with the
permission and logged)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from minzheng.benefits.payments import selectors, services
from minzheng.benefits.payments.forms import BankAccountForm, ReturnsForm, RunCreateForm
from minzheng.benefits.payments.models import PaymentRun
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required, render_page
from minzheng.people import selectors as people_selectors

MANAGE = services.PERM_MANAGE
APPROVE = services.PERM_APPROVE
RUN_STARTED = "已开始计算发放批次，完成后本页自动刷新"
RUN_APPROVED = "发放批次已审核通过"
RETURNS_IMPORTED = "已导入回盘：到账 {paid} 笔，失败 {failed} 笔（失败明细将由下一批次重发）"
ACCOUNT_SAVED = "已登记银行账户"


@permission_required(MANAGE)
@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    page = Window(selectors.run_list(user=request.user, program=request.GET.get("program", "")[:32]), request)
    return render_page(request, "benefits/payments/list.html", "benefits/payments/_runs.html", {"page": page})


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def run_create(request: HttpRequest) -> HttpResponse:
    form = RunCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = services.payment_run_start(actor=request.user, program_code=data["program"],
                                                 period=data["period"], region_prefix=data["region"],
                                                 background=True)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, RUN_STARTED)
                return redirect("benefit_payments:detail", pk=run.pk)
        status = 400
    return render(request, "benefits/payments/create.html", {"form": form}, status=status)


@permission_required(MANAGE)
@require_GET
@never_cache
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    computed = run.status != PaymentRun.Status.COMPUTING
    return render(request, "benefits/payments/detail.html", {
        "run": run,
        "differences": selectors.run_differences_stored(run=run),
        "lines": selectors.run_lines(run=run) if computed else [],
        "can_approve": (computed and run.approved_at is None and request.user.has_perm(APPROVE)
                        and run.created_by_id != request.user.pk),
        "returns_form": ReturnsForm() if run.status == PaymentRun.Status.EXPORTED else None,
    })


@permission_required(MANAGE)
@require_GET
@never_cache
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The polled progress line; once the run is computed, the poll reloads the page."""
    run = selectors.run_get(user=request.user, pk=pk)
    if run.status != PaymentRun.Status.COMPUTING and getattr(request, "htmx", False):
        return HttpResponseClientRefresh()
    return render(request, "benefits/payments/_progress.html", {"run": run})


@permission_required(APPROVE)
@require_POST
def run_approve(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    try:
        services.payment_run_approve(actor=request.user, run=run)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, RUN_APPROVED)
    return redirect("benefit_payments:detail", pk=pk)


@permission_required(MANAGE)
@require_GET
@never_cache
def run_export(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    try:
        export = services.payment_run_export(actor=request.user, run=run, fmt=request.GET.get("format", "xlsx"))
    except ValidationError as exc:
        return HttpResponseBadRequest("；".join(exc.messages), content_type="text/plain; charset=utf-8")
    response: HttpResponse
    if export.content is not None:
        response = HttpResponse(export.content, content_type=export.content_type)
    else:
        response = StreamingHttpResponse(export.chunks, content_type=export.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(export.filename)}"
    return response


@permission_required(MANAGE)
@require_POST
def run_returns(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    form = ReturnsForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            counts = services.payment_run_import_returns(actor=request.user, run=run, data=upload.read(),
                                                         filename=upload.name)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, RETURNS_IMPORTED.format(**counts))
            return redirect("benefit_payments:detail", pk=pk)
    return render(request, "benefits/payments/detail.html", {
        "run": run, "differences": selectors.run_differences_stored(run=run), "lines": selectors.run_lines(run=run),
        "can_approve": False, "returns_form": form}, status=400)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
@never_cache
def person_accounts(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = people_selectors.person_get(user=request.user, pk=person_pk)
    form = BankAccountForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.bank_account_set(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, ACCOUNT_SAVED)
                return redirect("benefit_payments:accounts", person_pk=person.pk)
        status = 400
    return render(request, "benefits/payments/accounts.html", {
        "person": person, "accounts": selectors.bank_accounts_of(person=person), "form": form,
        "can_reveal": request.user.has_perm(services.PERM_REVEAL)}, status=status)


@permission_required(services.PERM_REVEAL)
@require_POST
@never_cache
def account_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """One clear account number, logged; htmx swaps it in place of the masked one."""
    account = selectors.bank_account_get(user=request.user, pk=pk)
    value = services.bank_account_reveal(actor=request.user, account=account)
    return render(request, "benefits/payments/_revealed.html", {"account": account, "value": value})
