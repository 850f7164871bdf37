"""The public self-check pages (自助试算) at /self-check/: no login, nothing saved, nothing looked
up about a person. A resident types their household's size, income and assets; the page runs the
dibao policy, then dibian when dibao does not apply, exactly as the trial API does, and answers in
plain Chinese with the reasons and where to apply (the township of household registration).
/self-check/tekun/ does the same for one person and the tekun policy.

Rate-limited like the doorplate page's reports: at most ``MINZHENG_SELF_CHECKS_PER_HOUR``
calculations per client an hour, counted in the shared cache under a hashed key (the only thing
written, and it holds no address in clear)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from minzheng.assistance import messages
from minzheng.assistance.assess.calculate import MemberInput, township_get, trial_household, trial_tekun
from minzheng.assistance.assess.forms import SelfCheckForm, TekunSelfCheckForm
from minzheng.benefits.money import ZERO, month_start
from minzheng.benefits.programs.policy import Assessment, AssetFacts
from minzheng.core.forms import add_service_errors
from minzheng.core.rate_limits import hourly_hit
from minzheng.places.doorplates.public import client_address


def self_check_rate_limit() -> int:
    return int(getattr(settings, "MINZHENG_SELF_CHECKS_PER_HOUR", 30))


@dataclass
class Answer:
    program: str  # "dibao", "dibian", "tekun" or "" (none)
    result: Assessment
    township: str

    @property
    def next_step(self) -> str:
        text = messages.SELF_CHECK_NEXT_STEP if self.program else messages.SELF_CHECK_NEXT_STEP_NONE
        return text.format(township=self.township)


def _calculate(form: SelfCheckForm) -> Answer:
    data = form.cleaned_data
    township = township_get(data["township"])
    size = data["members"]
    # The policy adds the members' incomes: the total on the first member is the same household.
    members = [MemberInput(monthly_income=data["income"])] + [MemberInput(monthly_income=ZERO)] * (size - 1)
    assets = AssetFacts(deposits=data.get("deposits") or ZERO, vehicles=data.get("vehicles") or 0,
                        houses=data["houses"] if data.get("houses") is not None else 1)
    month = month_start(timezone.localdate())
    region = township.code if township is not None else data["township"]
    dibao = trial_household(code="dibao", region_code=region, month=month, members=members, assets=assets)
    name = township.name if township is not None else ""
    if dibao.eligible:
        return Answer("dibao", dibao, name)
    if dibao.household_income >= dibao.standard * dibao.counted_members:
        dibian = trial_household(code="dibian", region_code=region, month=month, members=members, assets=assets)
        if dibian.eligible:
            return Answer("dibian", dibian, name)
    return Answer("", dibao, name)


def _calculate_tekun(form: TekunSelfCheckForm) -> Answer:
    data = form.cleaned_data
    township = township_get(data["township"])
    disability = ({"kind": data["disability_kind"], "grade": data["disability_grade"]}
                  if data.get("disability_kind") else None)
    assets = AssetFacts(deposits=data.get("deposits") or ZERO, vehicles=data.get("vehicles") or 0,
                        houses=data["houses"] if data.get("houses") is not None else 1)
    result = trial_tekun(region_code=township.code if township is not None else data["township"],
                         month=month_start(timezone.localdate()), age=data["age"], monthly_income=data["income"],
                         supporters=data["supporters"], assets=assets, disability=disability)
    return Answer("tekun" if result.eligible else "", result, township.name if township is not None else "")


def _page(request: HttpRequest, form_class: type[forms.Form], calculate: Callable[[Any], Answer],
          template: str) -> HttpResponse:
    """Validate, count the client against the rate limit, calculate, answer on the same page."""
    form = form_class(request.POST or None)
    answer, status = None, 200
    if request.method == "POST":
        limit = self_check_rate_limit()
        if hourly_hit(prefix="assistance:self-check", client=client_address(request)) > limit:
            form.is_valid()
            form.add_error(None, messages.SELF_CHECK_RATE_LIMITED.format(limit=limit))
            status = 429
        elif form.is_valid():
            try:
                answer = calculate(form)
            except ValidationError as exc:
                add_service_errors(form, exc, aliases={"region_code": "township", "month": "township"})
    return render(request, template, {
        "form": form, "answer": answer, "note": messages.SELF_CHECK_NOTE,
        "per_capita": answer.result.per_capita_income.quantize(Decimal("0.01")) if answer else None,
    }, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
def self_check(request: HttpRequest) -> HttpResponse:
    return _page(request, SelfCheckForm, _calculate, "assistance/public/self_check.html")


@require_http_methods(["GET", "POST"])
@never_cache
def self_check_tekun(request: HttpRequest) -> HttpResponse:
    """The same for tekun: one person, the three conditions."""
    return _page(request, TekunSelfCheckForm, _calculate_tekun, "assistance/public/self_check_tekun.html")
