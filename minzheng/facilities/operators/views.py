"""Staff pages for service providers: the list, one operator with its facilities and its
operator accounts, registering and correcting an operator, opening or adding an account."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, login_required, permission_required
from minzheng.facilities import messages
from minzheng.facilities.operators import selectors, services
from minzheng.facilities.operators.forms import (
    AccountCreateForm,
    MemberAddForm,
    OperatorForm,
    OperatorSearchForm,
)

OPERATOR_SAVED = "已保存：{name}"
ACCOUNT_CREATED = "已开设操作员账号：{username}"
MEMBER_ADDED = "已添加操作员：{username}"
MEMBER_REMOVED = "已移除操作员：{username}"


@login_required
@require_GET
def operator_list(request: HttpRequest) -> HttpResponse:
    form = OperatorSearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    page = Window(selectors.operator_list(user=request.user, q=q), request)
    return render(request, "facilities/operators/list.html", {"form": form, "page": page})


def _detail(request: HttpRequest, pk: int, *, account_form: AccountCreateForm | None = None,
            add_form: MemberAddForm | None = None, status: int = 200) -> HttpResponse:
    operator = selectors.operator_get(user=request.user, pk=pk)
    may_manage = request.user.has_perm(services.PERM_MANAGE) and not selectors.is_provider_operator(request.user)
    return render(request, "facilities/operators/detail.html", {
        "operator": operator, "may_manage": may_manage,
        "members": selectors.operator_members(user=request.user, operator=operator) if may_manage else [],
        "account_form": account_form or AccountCreateForm(), "add_form": add_form or MemberAddForm(),
    }, status=status)


@login_required
@require_GET
def operator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@permission_required(services.PERM_MANAGE)
@require_http_methods(["GET", "POST"])
def operator_create(request: HttpRequest) -> HttpResponse:
    form = OperatorForm(request.POST or None, initial={"region_code": request.user.region_id or ""})
    if request.method == "POST" and form.is_valid():
        try:
            operator = services.operator_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, OPERATOR_SAVED.format(name=operator.name))
            return redirect("facility_operators:detail", pk=operator.pk)
    return render(request, "facilities/operators/form.html", {"form": form, "title": "登记服务机构"},
                  status=400 if form.errors else 200)


@permission_required(services.PERM_MANAGE)
@require_http_methods(["GET", "POST"])
def operator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    operator = selectors.operator_get(user=request.user, pk=pk)
    form = OperatorForm(request.POST or None,
                        initial={"name": operator.name, "uscc": operator.uscc, "region_code": operator.region_code})
    if request.method == "POST" and form.is_valid():
        try:
            operator = services.operator_update(actor=request.user, operator=operator, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, OPERATOR_SAVED.format(name=operator.name))
            return redirect("facility_operators:detail", pk=operator.pk)
    return render(request, "facilities/operators/form.html", {"form": form, "title": f"修改：{operator.name}",
                                                               "operator": operator},
                  status=400 if form.errors else 200)


@permission_required(services.PERM_MANAGE)
@require_POST
def account_create(request: HttpRequest, pk: int) -> HttpResponse:
    operator = selectors.operator_get(user=request.user, pk=pk)
    form = AccountCreateForm(request.POST)
    if form.is_valid():
        try:
            member = services.operator_account_create(actor=request.user, operator=operator, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, ACCOUNT_CREATED.format(username=member.user.get_username()))
            return redirect("facility_operators:detail", pk=operator.pk)
    return _detail(request, pk, account_form=form, status=400)


@permission_required(services.PERM_MANAGE)
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    operator = selectors.operator_get(user=request.user, pk=pk)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        username = form.cleaned_data["username"].strip()
        user = selectors.user_by_username(username=username)
        try:
            if user is None:
                raise ValidationError({"username": [messages.MEMBER_USER_UNKNOWN.format(username=username)]})
            services.operator_member_add(actor=request.user, operator=operator, user=user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, MEMBER_ADDED.format(username=username))
            return redirect("facility_operators:detail", pk=operator.pk)
    return _detail(request, pk, add_form=form, status=400)


@permission_required(services.PERM_MANAGE)
@require_POST
def member_remove(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    operator = selectors.operator_get(user=request.user, pk=pk)
    row = selectors.operator_member_get(user=request.user, operator=operator, pk=member)
    username = row.user.get_username()
    services.operator_member_remove(actor=request.user, member=row)
    flash.success(request, MEMBER_REMOVED.format(username=username))
    return redirect("facility_operators:detail", pk=operator.pk)
