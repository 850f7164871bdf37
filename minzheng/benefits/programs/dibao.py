"""The dibao (最低生活保障) policy, docs/DOMAIN.md "Social assistance".

Eligible when the household's monthly per-capita income is below the standard and its assets are
within the limits. Amount = (standard − per-capita income) × members, computed as
standard × members − household income so that nothing is rounded on the way, then raised to the
per-person floor × members if it is below, and rounded half up to the fen once: incomes 1,000, 0
and 0 against 1,145 give 2,435.00 (not 3 × 811.67 = 2,435.01).

Only 共同生活家庭成员 count (``MemberFacts.counted``); a deceased member is not a member and is
named in the reasons. Income exactly at the standard is not below it: not eligible.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from minzheng.benefits import messages
from minzheng.benefits.money import ZERO, to_decimal, yuan
from minzheng.benefits.programs.policy import (
    Assessment,
    Facts,
    Policy,
    asset_failures,
    counted_members,
    register,
)

# Defaults of the params; the seeded program carries the same values as data.
DEFAULT_PARAMS: dict[str, Any] = {
    "per_person_floor": "0.00",
    "deposits_per_capita_months": 24,
    "vehicles_max": 0,
    "houses_max": 1,
    "review_months_stable": 12,
    "review_months_unstable": 6,
}


def _shown(value: Decimal) -> str:
    return f"{yuan(value):,.2f}"


@register
class DibaoPolicy(Policy):
    code = "dibao"
    params_doc = {
        "per_person_floor": "每人每月最低补差（元），补差不足时按此发放；默认 0",
        "deposits_per_capita_months": "人均存款限额，为低保标准的倍数（月数）；默认 24（未经确认，可设置）",
        "vehicles_max": "家庭机动车辆上限（辆）；默认 0",
        "houses_max": "家庭住房上限（套）；默认 1",
        "review_months_stable": "收入稳定家庭的复核周期（月）；默认 12",
        "review_months_unstable": "有劳动能力成员且收入不稳定家庭的复核周期（月）；默认 6",
    }

    def assess(self, facts: Facts, *, standard: Decimal | None, params: Mapping[str, Any]) -> Assessment:
        params = {**DEFAULT_PARAMS, **params}
        if standard is None:
            return Assessment(False, ZERO, ZERO, ZERO, [messages.POLICY_NO_STANDARD])
        counted, reasons = counted_members(facts)
        if not counted:
            return Assessment(False, ZERO, standard, ZERO, [*reasons, messages.POLICY_NO_MEMBERS])
        size = len(counted)
        income = sum((m.monthly_income for m in counted), ZERO)
        per_capita = income / size
        # Compared as totals, so a per-capita figure that does not divide evenly decides nothing.
        eligible = income < standard * size
        template = messages.DIBAO_INCOME_BELOW if eligible else messages.DIBAO_INCOME_NOT_BELOW
        reasons.append(template.format(income=_shown(per_capita), standard=_shown(standard)))
        failures = asset_failures(facts.assets, standard=standard, size=size, params=params)
        eligible = eligible and not failures
        reasons += failures
        amount = ZERO
        if eligible:
            floor = to_decimal(params["per_person_floor"])
            gap = standard * size - income
            if gap < floor * size:
                gap = floor * size
                reasons.append(messages.DIBAO_FLOOR_APPLIED.format(floor=_shown(floor)))
            amount = yuan(gap)
            reasons.append(messages.DIBAO_AMOUNT.format(members=size, amount=_shown(amount)))
        return Assessment(eligible=eligible, per_capita_income=per_capita, standard=standard,
                          monthly_amount=amount, reasons=reasons, counted_members=size, household_income=income)
