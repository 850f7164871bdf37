"""The dibian (低保边缘家庭) policy, docs/DOMAIN.md "Social assistance".

Eligible when the household's per-capita monthly income is above the **dibao** standard and at
most ``k`` × it (k = 1.5 by default, a param; Hangzhou uses 2), and its assets are within the
dibao limits. Both ends are compared as household totals, as dibao does, so nothing is rounded on
the way: income exactly at the standard is dibao's, not dibian's; exactly k × the standard is
still dibian. The ``standard`` passed in is the dibao standard (``standard_program``).

Dibian households usually get targeted help (projects, medical and education aid) and no monthly
cash: ``per_person_amount`` is 0 by default. Their enrollment is what marks them low-income.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from minzheng.assistance import messages
from minzheng.assistance.policies.common import amount_param, assets_over, shown
from minzheng.benefits import messages as benefit_messages
from minzheng.benefits.money import ZERO, to_decimal, yuan
from minzheng.benefits.programs.policy import Assessment, Facts, Policy, register

DEFAULT_PARAMS: dict[str, Any] = {
    "k": "1.5",
    "per_person_amount": "0.00",
    "deposits_per_capita_months": 24,
    "vehicles_max": 0,
    "houses_max": 1,
}


@register
class DibianPolicy(Policy):
    code = "dibian"
    standard_program = "dibao"
    params_doc = {
        "k": "人均收入上限为低保标准的倍数；默认 1.5（浙江省未经确认，可设置）",
        "per_person_amount": "每人每月现金补助（元）；默认 0（一般不发放按月现金）",
        "deposits_per_capita_months": "人均存款限额为低保标准的倍数（月数）；默认 24",
        "vehicles_max": "机动车上限（辆）；默认 0",
        "houses_max": "住房上限（套）；默认 1",
    }

    def assess(self, facts: Facts, *, standard: Decimal | None, params: Mapping[str, Any]) -> Assessment:
        params = {**DEFAULT_PARAMS, **params}
        if standard is None:
            return Assessment(False, ZERO, ZERO, ZERO, [benefit_messages.POLICY_NO_STANDARD])
        reasons = [benefit_messages.POLICY_MEMBER_DECEASED.format(name=m.name or "—")
                   for m in facts.members if m.deceased]
        counted = [m for m in facts.members if m.counted and not m.deceased]
        if not counted:
            return Assessment(False, ZERO, standard, ZERO, [*reasons, benefit_messages.POLICY_NO_MEMBERS])
        size = len(counted)
        income = sum((m.monthly_income for m in counted), ZERO)
        per_capita = income / size
        k = to_decimal(params["k"], Decimal("1.5"))
        limit = standard * k
        eligible = True
        if income <= standard * size:
            eligible = False
            reasons.append(messages.DIBIAN_INCOME_NOT_ABOVE.format(income=shown(per_capita), standard=shown(standard)))
        elif income > limit * size:
            eligible = False
            reasons.append(messages.DIBIAN_INCOME_OVER.format(income=shown(per_capita), k=k, limit=shown(limit)))
        else:
            reasons.append(messages.DIBIAN_INCOME_IN_BAND.format(income=shown(per_capita), standard=shown(standard),
                                                                k=k, limit=shown(limit)))
        over = assets_over(facts.assets, standard=standard, size=size, params=params)
        if over:
            eligible = False
            reasons.extend(over)
        amount = ZERO
        if eligible:
            amount = yuan(amount_param(params, "per_person_amount") * size)
            reasons.append(messages.DIBIAN_LOW_INCOME)
            reasons.append(messages.DIBIAN_AMOUNT.format(amount=shown(amount)) if amount > 0
                           else messages.DIBIAN_NO_CASH)
        return Assessment(eligible=eligible, per_capita_income=per_capita, standard=standard, monthly_amount=amount,
                          reasons=reasons, counted_members=size, household_income=income)
