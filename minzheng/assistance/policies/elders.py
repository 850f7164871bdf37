"""The three subsidies for elders in difficulty (困难老年人三项补贴): basic living
(``elder_living``), eldercare service (``elder_service``) and nursing (``elder_nursing``). Each is
a person program.

Eligible at age ``min_age`` (60) or over, counted as docs/DOMAIN.md "Counting" says (reached on
the birthday; the engine gives the age on the first day of the assessed month), and low-income:
a live enrollment of the person or their household in one of ``low_income_programs`` (dibao,
dibian, tekun). Nursing also needs an ability level in ``nursing_levels`` (moderate, severe or
full loss by default). The level is the latest valid ability assessment's (``eldercare``,
GB/T 42195-2022), or for an elder never assessed in the system the one recorded by hand
(``assistance.ability``); ``subjects.facts.ability_level`` decides which.

Amounts are params (Huzhou's are not confirmed): ``monthly_amount`` for living and service,
``amounts`` by level for nursing.

Facts under ``SubjectFacts.extra``: ``low_income`` (program codes) and ``ability_level``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

from minzheng.assistance import messages
from minzheng.assistance.codes import LOW_INCOME_PROGRAMS, AbilityLevel
from minzheng.assistance.policies.common import amount_by, amount_param, codes_param, shown
from minzheng.benefits.money import ZERO, yuan
from minzheng.benefits.programs.policy import Assessment, Facts, Policy, register

NURSING_AMOUNTS = {"moderate": "0.00", "severe": "0.00", "full": "0.00"}
BASE_DOC = {
    "min_age": "最低年龄（周岁，生日当天满）；默认 60",
    "low_income_programs": "视为低收入人口的项目代码；默认 dibao、dibian、tekun",
}


class ElderPolicy(Policy):
    needs_level: ClassVar[bool] = False

    def amount(self, params: Mapping[str, Any], level: str) -> Decimal:
        return amount_param(params, "monthly_amount")

    def assess(self, facts: Facts, *, standard: Decimal | None, params: Mapping[str, Any]) -> Assessment:
        subject = facts.subject
        if subject is not None and subject.deceased:
            return Assessment(False, ZERO, ZERO, ZERO, [messages.SUBJECT_DECEASED], counted_members=1)
        extra: Mapping[str, Any] = subject.extra if subject is not None else {}
        min_age = int(params.get("min_age", 60))
        reasons: list[str] = []
        eligible = True
        age = subject.age if subject is not None else None
        if age is None:
            eligible = False
            reasons.append(messages.ELDER_AGE_UNKNOWN)
        elif age >= min_age:
            reasons.append(messages.ELDER_AGE_OK.format(age=min_age))
        else:
            eligible = False
            reasons.append(messages.ELDER_AGE_UNDER.format(age=min_age))
        covered = codes_param(params, "low_income_programs", LOW_INCOME_PROGRAMS)
        found = [code for code in covered if code in set(extra.get("low_income") or ())]
        if found:
            reasons.append(messages.DISABILITY_LOW_INCOME.format(programs="、".join(found)))
        else:
            eligible = False
            reasons.append(messages.ELDER_NOT_LOW_INCOME)
        level = str(extra.get("ability_level") or "")
        if self.needs_level:
            levels = codes_param(params, "nursing_levels", tuple(NURSING_AMOUNTS))
            label = AbilityLevel(level).label if level in AbilityLevel.values else ""
            if not label:
                eligible = False
                reasons.append(messages.ELDER_LEVEL_MISSING)
            elif level not in levels:
                eligible = False
                reasons.append(messages.ELDER_LEVEL_NOT_COVERED.format(level=label))
            else:
                reasons.append(messages.ELDER_LEVEL.format(level=label))
        amount = ZERO
        if eligible:
            amount = yuan(self.amount(params, level))
            reasons.append(messages.ELDER_AMOUNT.format(amount=shown(amount)))
        return Assessment(eligible, ZERO, standard or ZERO, amount, reasons, counted_members=1)


@register
class ElderLivingPolicy(ElderPolicy):
    code = "elder_living"
    params_doc = {**BASE_DOC, "monthly_amount": "每人每月基本生活补助（元）；未经确认，默认 0，请按本地标准设置"}


@register
class ElderServicePolicy(ElderPolicy):
    code = "elder_service"
    params_doc = {**BASE_DOC, "monthly_amount": "每人每月养老服务补贴（元）；未经确认，默认 0，请按本地标准设置"}


@register
class ElderNursingPolicy(ElderPolicy):
    code = "elder_nursing"
    needs_level = True
    params_doc = {
        **BASE_DOC,
        "nursing_levels": "可享受护理补贴的能力等级；默认 moderate、severe、full（中度、重度、完全失能）",
        "amounts": "每人每月护理补贴（元），按能力等级；未经确认，默认 0，请按本地标准设置",
    }

    def amount(self, params: Mapping[str, Any], level: str) -> Decimal:
        return amount_by(params, "amounts", level, NURSING_AMOUNTS)
