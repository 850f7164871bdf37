"""The two disability subsidies (残疾人两项补贴, 国发〔2015〕52号), docs/DOMAIN.md.

- **Living subsidy** (``disability_living``, 困难残疾人生活补贴): a person holding a valid
  disability certificate who is a member of a dibao household; with ``include_low_income`` (a
  param, off by default) members of the other low-income programs (``low_income_programs``) too.
- **Nursing subsidy** (``disability_nursing``, 重度残疾人护理补贴): a valid certificate of grade 1
  or 2, of any kind; grades 3–4 of intellectual or mental disability too when
  ``grades_3_4_intellectual_mental`` is on (seeded on).

Amounts are local (Shanghai 2021: living 410, nursing 300 for grade 1 and 150 for grade 2), so
they are params; Huzhou's figures are not confirmed. Both are reviewed twice a year (the seeded
``review_months_*`` of 6).

Facts under ``SubjectFacts.extra``: ``certificates`` (the person's certificates valid in the
month: [{"kind", "grade"}]) and ``low_income`` (the codes of the programs the person or their
household has a live enrollment in).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from minzheng.assistance import messages
from minzheng.assistance.codes import DisabilityKind
from minzheng.assistance.policies.common import amount_by, amount_param, codes_param, shown
from minzheng.benefits.money import ZERO, yuan
from minzheng.benefits.programs.policy import Assessment, Facts, Policy, register

LIVING_DEFAULTS: dict[str, Any] = {"monthly_amount": "0.00", "include_low_income": False,
                                   "low_income_programs": ["dibian", "tekun"]}
NURSING_AMOUNTS = {"1": "0.00", "2": "0.00", "3": "0.00", "4": "0.00"}
NURSING_DEFAULTS: dict[str, Any] = {"grades_3_4_intellectual_mental": True, "amounts": NURSING_AMOUNTS}


def _label(kind: str) -> str:
    return DisabilityKind(kind).label if kind in DisabilityKind.values else kind


def _certificates(facts: Facts) -> list[Mapping[str, Any]]:
    extra = facts.subject.extra if facts.subject is not None else {}
    return sorted(extra.get("certificates") or [], key=lambda c: int(c["grade"]))


def _start(facts: Facts) -> tuple[list[str], Assessment | None, list[Mapping[str, Any]]]:
    """The shared first steps: a living subject with a valid certificate."""
    if facts.subject is not None and facts.subject.deceased:
        return [], Assessment(False, ZERO, ZERO, ZERO, [messages.SUBJECT_DECEASED], counted_members=1), []
    certificates = _certificates(facts)
    if not certificates:
        return [], Assessment(False, ZERO, ZERO, ZERO, [messages.DISABILITY_NO_CERTIFICATE], counted_members=1), []
    best = certificates[0]
    reasons = [messages.DISABILITY_CERTIFICATE.format(kind=_label(str(best["kind"])), grade=int(best["grade"]))]
    return reasons, None, certificates


@register
class DisabilityLivingPolicy(Policy):
    code = "disability_living"
    params_doc = {
        "monthly_amount": "每人每月生活补贴（元）；未经确认，默认 0，请按本地标准设置（上海2021年为410）",
        "include_low_income": "是否扩大到低保以外的低收入家庭；默认否",
        "low_income_programs": "扩大时计入的项目代码；默认 dibian、tekun",
        "review_months_stable": "复核周期（月）；每年两次复核，为 6",
        "review_months_unstable": "复核周期（月）；每年两次复核，为 6",
    }

    def assess(self, facts: Facts, *, standard: Decimal | None, params: Mapping[str, Any]) -> Assessment:
        params = {**LIVING_DEFAULTS, **params}
        reasons, refused, _ = _start(facts)
        if refused is not None:
            return refused
        assert facts.subject is not None
        enrolled = set(facts.subject.extra.get("low_income") or ())
        covered = ["dibao"]
        if params["include_low_income"]:
            covered += codes_param(params, "low_income_programs", LIVING_DEFAULTS["low_income_programs"])
        found = [code for code in covered if code in enrolled]
        if not found:
            reasons.append(messages.DISABILITY_NOT_LOW_INCOME_EXTENDED if params["include_low_income"]
                           else messages.DISABILITY_NOT_LOW_INCOME)
            return Assessment(False, ZERO, standard or ZERO, ZERO, reasons, counted_members=1)
        reasons.append(messages.DISABILITY_LOW_INCOME.format(programs="、".join(found)))
        amount = yuan(amount_param(params, "monthly_amount"))
        reasons.append(messages.DISABILITY_AMOUNT.format(amount=shown(amount)))
        return Assessment(True, ZERO, standard or ZERO, amount, reasons, counted_members=1)


@register
class DisabilityNursingPolicy(Policy):
    code = "disability_nursing"
    params_doc = {
        "grades_3_4_intellectual_mental": "三、四级智力、精神残疾人是否纳入；默认是",
        "amounts": "每人每月护理补贴（元），按等级：{\"1\": ..., \"2\": ..., \"3\": ..., \"4\": ...}；"
                   "未经确认，默认 0，请按本地标准设置（上海2021年一级300、二级150）",
        "review_months_stable": "复核周期（月）；每年两次复核，为 6",
        "review_months_unstable": "复核周期（月）；每年两次复核，为 6",
    }

    def assess(self, facts: Facts, *, standard: Decimal | None, params: Mapping[str, Any]) -> Assessment:
        params = {**NURSING_DEFAULTS, **params}
        reasons, refused, certificates = _start(facts)
        if refused is not None:
            return refused
        extended = bool(params["grades_3_4_intellectual_mental"])
        covered = [c for c in certificates if int(c["grade"]) <= 2
                   or (extended and str(c["kind"]) in (DisabilityKind.INTELLECTUAL, DisabilityKind.MENTAL))]
        if not covered:
            best = certificates[0]
            reasons.append(messages.DISABILITY_GRADE_NOT_COVERED.format(kind=_label(str(best["kind"])),
                                                                       grade=int(best["grade"])))
            return Assessment(False, ZERO, standard or ZERO, ZERO, reasons, counted_members=1)
        grade = int(covered[0]["grade"])
        if covered[0] is not certificates[0]:
            reasons = [messages.DISABILITY_CERTIFICATE.format(kind=_label(str(covered[0]["kind"])), grade=grade)]
        amount = yuan(amount_by(params, "amounts", grade, NURSING_AMOUNTS))
        reasons.append(messages.DISABILITY_AMOUNT.format(amount=shown(amount)))
        return Assessment(True, ZERO, standard or ZERO, amount, reasons, counted_members=1)
