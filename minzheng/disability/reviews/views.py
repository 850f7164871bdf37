"""Pages of the disability-subsidy review rounds: the rounds in one's view by year, starting one
(counties and the city), and one round with the engine reviews it recorded."""

from __future__ import annotations

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.audit import access_record_many
from minzheng.core.forms import add_service_errors
from minzheng.core.http import permission_required
from minzheng.disability import messages
from minzheng.disability.forms import date_field
from minzheng.disability.network.selectors import PERM_VIEW
from minzheng.disability.reviews import selectors, services


class RoundForm(forms.Form):
    region = forms.CharField(
        label="复核范围（区划代码前缀）",
        max_length=9,
        help_text="如全市 3305、某区县 330502",
        error_messages={"required": messages.REGION_INVALID},
    )
    done_on = date_field("复核日期")
    name = forms.CharField(
        label="批次名称", required=False, max_length=services.NAME_MAX, help_text="留空自动命名"
    )


@permission_required(PERM_VIEW)
@require_http_methods(["GET", "POST"])
def round_list(request: HttpRequest) -> HttpResponse:
    can_run = request.user.has_perm(selectors.PERM_RUN)
    form = RoundForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            try:
                done = services.review_round_run(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(
                    request,
                    messages.PAGE_ROUND_DONE.format(
                        name=done.name,
                        reviewed=done.reviewed,
                        continued=done.continued,
                        changed=done.changed,
                        terminated=done.terminated,
                    ),
                )
                return redirect("rehab_reviews:detail", pk=done.pk)
    return render(
        request,
        "disability/reviews/list.html",
        {"rounds": selectors.round_list(user=request.user), "form": form if can_run else None},
        status=status,
    )


@permission_required(PERM_VIEW)
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.round_get(user=request.user, pk=pk)
    items = list(selectors.round_items(review_round=found)[:500])
    access_record_many(actor=request.user, subjects=[i.enrollment.person for i in items])
    return render(request, "disability/reviews/detail.html", {"round": found, "items": items})
