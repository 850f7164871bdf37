"""The tekun (特困人员救助供养) policy, docs/DOMAIN.md "Social assistance".

A person qualifies only when all three conditions hold:

1. no ability to work: aged ``old_age`` (60) or over, under ``young_age`` (16), or holding a
   disability certificate at a grade the province counts (``no_work_disability``: the highest
   grade number counted for each kind; 民发〔2016〕178号 counts intellectual and mental grades
   1–3, physical 1–2, visual 1);
2. no source of living: their own monthly income below the **dibao** standard
   (``extra["dibao_standard"]``), and assets within the dibao limits;
3. no one legally obliged to support them, or those obliged cannot (``extra["supporters"]``:
   none, unable, able).

The amount is the tekun basic living standard (the ``standard`` passed in, 1,950 in Huzhou 2024)
plus a care subsidy by self-care level. The level comes from six items (吃饭, 穿衣, 上下床, 如厕,
室内行走, 洗澡; ``extra["self_care"]`` maps each to True when the person can do it): all six is
self-care, failing 1–3 partial loss, failing 4 or more full loss. The care amounts are params.

Facts read from ``SubjectFacts``: ``age``, ``deceased`` and, under ``extra``: ``dibao_standard``,
``monthly_income`` (used when no members are given; otherwise the counted members' income per
head), ``certificates`` ([{"kind", "grade"}]), ``supporters``, ``self_care``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from minzheng.assistance import messages
from minzheng.assistance.codes import DisabilityKind, Supporters
from minzheng.assistance.policies.common import amount_by, assets_over, shown
from minzheng.benefits import messages as benefit_messages
from minzheng.benefits.money import ZERO, to_decimal, yuan
from minzheng.benefits.programs.policy import Assessment, Facts, Policy, register

SELF_CARE_ITEMS = ("eating", "dressing", "bed_transfer", "toileting", "indoor_walking", "bathing")
CARE_DEFAULTS = {"self_care": "0.00", "partial_loss": "0.00", "full_loss": "0.00"}

DEFAULT_PARAMS: dict[str, Any] = {
    "old_age": 60,
    "young_age": 16,
    "no_work_disability": {"intellectual": 3, "mental": 3, "physical": 2, "visual": 1},
    "care_amounts": CARE_DEFAULTS,
    "deposits_per_capita_months": 24,
    "vehicles_max": 0,
    "houses_max": 1,
}


def self_care_level(items: Mapping[str, bool]) -> tuple[str, int]:
    """(level, failed items) by the 6-item rule: 0 failed is self-care, 1–3 partial loss, 4 or more
    full loss. An item not given counts as failed: a level is never better than what was seen."""
    failed = sum(1 for item in SELF_CARE_ITEMS if not items.get(item, False))
    if failed == 0:
        return "self_care", 0
    return ("partial_loss", failed) if failed <= 3 else ("full_loss", failed)


def _no_work_ability(age: int | None, certificates: list[Mapping[str, Any]], params: Mapping[str, Any]) -> str:
    """The reason the person has no work ability, or "" when none applies."""
    old, young = int(params["old_age"]), int(params["young_age"])
    if age is not None and age >= old:
        return messages.TEKUN_NO_WORK_ABILITY_AGE_OLD.format(age=old)
    if age is not None and age < young:
        return messages.TEKUN_NO_WORK_ABILITY_AGE_YOUNG.format(age=young)
    counted = {str(k): int(v) for k, v in dict(params["no_work_disability"]).items()}
    for cert in sorted(certificates, key=lambda c: int(c["grade"])):
        kind, grade = str(cert["kind"]), int(cert["grade"])
        if kind in counted and grade <= counted[kind]:
            label = DisabilityKind(kind).label if kind in DisabilityKind.values else kind
            return messages.TEKUN_NO_WORK_ABILITY_DISABLED.format(kind=label, grade=grade)
    return ""


@register
class TekunPolicy(Policy):
    code = "tekun"
    params_doc = {
        "old_age": "年满此年龄视为无劳动能力；默认 60",
        "young_age": "未满此年龄视为无劳动能力；默认 16",
        "no_work_disability": "视为无劳动能力的残疾类别及最高等级，如 {\"intellectual\": 3, \"physical\": 2}；"
                              "默认按民发〔2016〕178号（智力、精神1–3级，肢体1–2级，视力1级），省定情形可增",
        "care_amounts": "照料护理补贴（元/月），按生活自理能力：{\"self_care\", \"partial_loss\", \"full_loss\"}；"
                        "未经确认，默认均为 0，请按本地标准设置",
        "deposits_per_capita_months": "存款限额为低保标准的倍数（月数）；默认 24",
        "vehicles_max": "机动车上限（辆）；默认 0",
        "houses_max": "住房上限（套）；默认 1",
    }

    def assess(self, facts: Facts, *, standard: Decimal | None, params: Mapping[str, Any]) -> Assessment:
        params = {**DEFAULT_PARAMS, **params}
        subject = facts.subject
        extra: Mapping[str, Any] = subject.extra if subject is not None else {}
        if standard is None:
            return Assessment(False, ZERO, ZERO, ZERO, [benefit_messages.POLICY_NO_STANDARD])
        if subject is not None and subject.deceased:
            return Assessment(False, ZERO, standard, ZERO, [messages.SUBJECT_DECEASED], counted_members=1)
        reasons: list[str] = []
        eligible = True

        # 1. No ability to work.
        age = subject.age if subject is not None else None
        why = _no_work_ability(age, list(extra.get("certificates") or []), params)
        if why:
            reasons.append(why)
        else:
            eligible = False
            reasons.append(messages.TEKUN_WORK_ABLE.format(age="不详" if age is None else f"{age}周岁"))

        # 2. No source of living, against the dibao standard.
        counted = [m for m in facts.members if m.counted and not m.deceased]
        if counted:
            income = sum((m.monthly_income for m in counted), ZERO) / len(counted)
        else:
            income = to_decimal(extra.get("monthly_income"))
        dibao_standard = extra.get("dibao_standard")
        if dibao_standard is None:
            eligible = False
            reasons.append(messages.TEKUN_DIBAO_STANDARD_MISSING)
        else:
            dibao_standard = to_decimal(dibao_standard)
            if income < dibao_standard:
                reasons.append(messages.TEKUN_INCOME_BELOW.format(income=shown(income), standard=shown(dibao_standard)))
            else:
                eligible = False
                reasons.append(messages.TEKUN_INCOME_NOT_BELOW.format(income=shown(income),
                                                                     standard=shown(dibao_standard)))
            over = assets_over(facts.assets, standard=dibao_standard, size=1, params=params)
            if over:
                eligible = False
                reasons.extend(over)

        # 3. No supporter, or supporters unable.
        supporters = str(extra.get("supporters") or "")
        if supporters == Supporters.NONE:
            reasons.append(messages.TEKUN_NO_SUPPORTER)
        elif supporters == Supporters.UNABLE:
            reasons.append(messages.TEKUN_SUPPORTERS_UNABLE)
        else:
            eligible = False
            reasons.append(messages.TEKUN_SUPPORTERS_ABLE if supporters == Supporters.ABLE
                           else messages.TEKUN_SUPPORTERS_UNKNOWN)

        amount = ZERO
        if eligible:
            total = standard
            reasons.append(messages.TEKUN_BASIC.format(standard=shown(standard)))
            items = extra.get("self_care")
            if items:
                level, failed = self_care_level(items)
                care = amount_by(params, "care_amounts", level, CARE_DEFAULTS)
                total += care
                reasons.append(messages.TEKUN_CARE.format(level=messages.CARE_LEVELS[level], failed=failed,
                                                         amount=shown(care)))
            else:
                reasons.append(messages.TEKUN_CARE_NOT_ASSESSED)
            amount = yuan(total)
            reasons.append(messages.TEKUN_AMOUNT.format(amount=shown(amount)))
        return Assessment(eligible=eligible, per_capita_income=income, standard=standard, monthly_amount=amount,
                          reasons=reasons, counted_members=1, household_income=income)
