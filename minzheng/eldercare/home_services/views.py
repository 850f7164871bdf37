"""Staff pages of home services (六助): the orders (filtered by provider, status and month) and
one order with its findings; booking a visit; the caregiver's phone page, which checks visits
in and out through the API with the phone's position; the supervision (the month's runs and
findings per provider, a run on demand); the thresholds; the providers' ranked scores.

Every person a page shows by name writes an access-log row (one per person, in one statement);
finding an elder by ID number writes a look-up row."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.audit import access_record_many
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, login_required, permission_required
from minzheng.eldercare.home_services import scores, selectors, services, supervision
from minzheng.eldercare.home_services.forms import (
    FindingFilterForm,
    MonthForm,
    OrderFilterForm,
    OrderForm,
    RatingForm,
    RunForm,
    ThresholdForm,
)
from minzheng.eldercare.home_services.models import ServiceKind, SupervisionRule, ThresholdKey
from minzheng.people.models import Person
from minzheng.people.selectors import person_by_full_id_number
from minzheng.people.services import person_id_number_looked_up

SERVE = services.PERM_SERVE
SUPERVISE = services.PERM_SUPERVISE
THRESHOLDS = services.PERM_THRESHOLDS


def _readers_only(request: HttpRequest) -> None:
    if not selectors.may_read(request.user):
        raise PermissionDenied


def _last_month() -> dt.date:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _month(form: Any, default: dt.date) -> tuple[dt.date, int]:
    if form.is_bound and not form.is_valid():
        return default, 400
    return (form.cleaned_data.get("month") if form.is_bound else None) or default, 200


# ---- orders -----------------------------------------------------------------------------------------


@login_required
@require_GET
def orders(request: HttpRequest) -> HttpResponse:
    _readers_only(request)
    providers = selectors.provider_choices(user=request.user)
    form = OrderFilterForm(request.GET or None, providers=providers)
    status, values = 200, {}
    if form.is_bound:
        if form.is_valid():
            values = form.cleaned_data
        else:
            status = 400
    provider = (
        selectors.provider_get(user=request.user, pk=values["provider"]) if values.get("provider") else None
    )
    rows = selectors.order_list(
        user=request.user, provider=provider, status=values.get("status") or "", month=values.get("month")
    )
    page = Window(rows, request)
    people = {o.person_id: o.person for o in page.object_list}
    if people:
        access_record_many(actor=request.user, subjects=list(people.values()))
    return render(
        request,
        "eldercare/home_services/orders.html",
        {"form": form, "page": page, "can_serve": request.user.has_perm(SERVE),
         "can_supervise": request.user.has_perm(SUPERVISE)},
        status=status,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _readers_only(request)
    order = selectors.order_get(user=request.user, pk=pk)
    rating_form = RatingForm(request.POST if request.POST.get("action") == "rate" else None)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                services.order_cancel(actor=request.user, order=order)
                flash.success(request, "工单已取消。")
                return redirect("home_services:order", pk=order.pk)
            if action == "rate" and rating_form.is_valid():
                services.order_rate(
                    actor=request.user, order=order, rating=rating_form.cleaned_data["rating"]
                )
                flash.success(request, "评价已登记。")
                return redirect("home_services:order", pk=order.pk)
        except ValidationError as exc:
            add_service_errors(rating_form, exc)
        status = 400
    access_record_many(actor=request.user, subjects=[order.person])
    return render(
        request,
        "eldercare/home_services/order.html",
        {"order": order, "findings": selectors.finding_list(user=request.user, order=order),
         "rating_form": rating_form, "can_serve": request.user.has_perm(SERVE)},
        status=status,
    )  # fmt: skip


def _aware(text: str) -> Any:
    """A datetime-local input (no zone) read as Beijing time; anything else goes to the service."""
    value = parse_datetime(text.strip()) if text else None
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return text


@permission_required(SERVE)
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest) -> HttpResponse:
    providers = selectors.provider_choices(user=request.user)
    caregivers = selectors.caregiver_choices(user=request.user)
    initial = {"provider": providers[0][0]} if len(providers) == 1 else {}
    form = OrderForm(request.POST or None, providers=providers, caregivers=caregivers, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = form.cleaned_data
            person = _elder(values["id_number"])
            if person is None:
                form.add_error("id_number", "老人身份证号：未找到该身份证号的登记人员。")
            else:
                person_id_number_looked_up(actor=request.user, person=person)
                provider = selectors.provider_get(user=request.user, pk=values["provider"])
                carer = next(
                    (c for c in selectors.caregivers_of(provider=provider) if c.pk == values["caregiver"]),
                    None,
                )
                if values["caregiver"] and carer is None:
                    form.add_error("caregiver", "护理员：不在该服务机构就职。")
                else:
                    try:
                        order = services.order_create(
                            actor=request.user, person=person, provider=provider, caregiver=carer,
                            kind=values["kind"], scheduled_at=_aware(values["scheduled_at"]),
                            price=values["price"], payer=values["payer"],
                        )  # fmt: skip
                    except ValidationError as exc:
                        add_service_errors(form, exc, aliases={"person": "id_number"})
                    else:
                        flash.success(request, f"已为{person.name}预约{order.get_kind_display()}服务。")
                        return redirect("home_services:order", pk=order.pk)
    return render(request, "eldercare/home_services/book.html", {"form": form}, status=status)


def _elder(id_number: str) -> Person | None:
    """The registered person a full ID number names, wherever they live: a provider operator has
    no region, and only the exact number finds anyone (as for meals)."""
    return person_by_full_id_number(id_number=id_number)


@permission_required(SERVE)
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    """The caregiver's phone page: today's visits, each checked in and out through the API."""
    day = timezone.localdate()
    rows = list(selectors.orders_to_serve(user=request.user, day=day))
    if rows:
        access_record_many(actor=request.user, subjects=[o.person for o in rows])
    return render(request, "eldercare/home_services/today.html", {"orders": rows, "day": day})


# ---- supervision ------------------------------------------------------------------------------------


@permission_required(SUPERVISE)
@require_http_methods(["GET", "POST"])
def supervision_page(request: HttpRequest) -> HttpResponse:
    form = MonthForm(request.GET or None)
    month, status = _month(form, _last_month())
    run_form = RunForm(request.POST or None, initial={"period": month.strftime("%Y-%m")})
    if request.method == "POST":
        if run_form.is_valid():
            try:
                run = services.supervision_run_request(
                    actor=request.user,
                    period=run_form.cleaned_data["period"],
                    region_prefix=run_form.cleaned_data["region_prefix"] or None,
                )
            except ValidationError as exc:
                add_service_errors(run_form, exc)
            else:
                flash.success(request, f"监管已运行：{run.orders}张工单，{run.findings}条发现。")
                return redirect(f"{request.path}?month={run.period:%Y-%m}")
        status = 400
    findings = selectors.finding_list(user=request.user, period=month)
    per_provider: dict[int, dict[str, Any]] = {}
    for provider_id, name, rule in findings.values_list("provider_id", "provider__name", "rule"):
        row = per_provider.setdefault(provider_id, {"id": provider_id, "name": name, "counts": Counter()})
        row["counts"][rule] += 1
    rules = list(SupervisionRule.choices)
    table = [
        {
            **row,
            "cells": [row["counts"].get(key, 0) for key, _ in rules],
            "total": sum(row["counts"].values()),
        }
        for row in sorted(per_provider.values(), key=lambda r: -sum(r["counts"].values()))
    ]
    return render(
        request,
        "eldercare/home_services/supervision.html",
        {"form": form, "run_form": run_form, "month": month, "rules": rules, "table": table,
         "runs": selectors.runs_visible(user=request.user).filter(period=month)[:10]},
        status=status,
    )  # fmt: skip


@login_required
@require_GET
def provider_findings(request: HttpRequest, pk: int) -> HttpResponse:
    _readers_only(request)
    provider = selectors.provider_get(user=request.user, pk=pk)
    form = FindingFilterForm(request.GET or None)
    month, status = _month(form, _last_month())
    rule = form.cleaned_data.get("rule", "") if form.is_bound and status == 200 else ""
    page = Window(
        selectors.finding_list(user=request.user, provider=provider, period=month, rule=rule), request
    )
    people = {f.order.person_id: f.order.person for f in page.object_list}
    if people:
        access_record_many(actor=request.user, subjects=list(people.values()))
    return render(
        request,
        "eldercare/home_services/findings.html",
        {"provider": provider, "form": form, "month": month, "page": page},
        status=status,
    )


@permission_required(SUPERVISE)
@require_http_methods(["GET", "POST"])
def thresholds(request: HttpRequest) -> HttpResponse:
    can_add = request.user.has_perm(THRESHOLDS)
    form = ThresholdForm(request.POST or None) if can_add else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.threshold_add(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, "阈值已录入，自起始月份起的监管按新阈值判断。")
                return redirect("home_services:thresholds")
        status = 400
    month = timezone.localdate().replace(day=1)
    prefix = selectors.scope_prefix_of(request.user) or "3305"
    in_force = [
        {"label": label if key != ThresholdKey.SHORT_VISIT else f"{label}·{dict(ServiceKind.choices)[kind]}",
         "value": supervision.threshold_value(key=key, kind=kind, region_code=prefix, period=month)}
        for key, label in ThresholdKey.choices
        for kind in (ServiceKind.values if key == ThresholdKey.SHORT_VISIT else [""])
    ]  # fmt: skip
    return render(
        request,
        "eldercare/home_services/thresholds.html",
        {"in_force": in_force, "prefix": prefix, "month": month, "form": form,
         "history": selectors.threshold_history()},
        status=status,
    )  # fmt: skip


@login_required
@require_GET
def score_table(request: HttpRequest) -> HttpResponse:
    _readers_only(request)
    form = MonthForm(request.GET or None)
    month, status = _month(form, _last_month())
    rows = scores.provider_scores(
        period=month, region_prefix="", orders=selectors.orders_visible(user=request.user)
    )
    return render(
        request,
        "eldercare/home_services/scores.html",
        {"form": form, "month": month, "rows": rows, "weights": scores.WEIGHTS},
        status=status,
    )
