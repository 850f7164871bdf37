"""The temporary aid (临时救助) policy, docs/DOMAIN.md "Social assistance".

One-off aid of two kinds (``extra["aid_kind"]``): emergency (急难型: sudden accident or illness)
and expenditure (支出型: medical or education spending the household cannot bear). The amount is
the need the officer assessed (``extra["aid_need"]``, yuan), capped at ``cap_months`` × the
monthly **dibao** standard (N = 10 by default, a param): the ``standard`` passed in is the dibao
standard (``standard_program``). It is counted in person-times: one approved application is one
person-time (``assistance.low_income.selectors.temporary_aid_person_times``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from minzheng.assistance import messages
from minzheng.assistance.codes import AidKind
from minzheng.assistance.policies.common import shown
from minzheng.benefits import messages as benefit_messages
from minzheng.benefits.money import ZERO, to_decimal, yuan
from minzheng.benefits.programs.policy import Assessment, Facts, Policy, register

DEFAULT_PARAMS: dict[str, Any] = {"cap_months": 10}


@register
class TemporaryAidPolicy(Policy):
    code = "temporary_aid"
    standard_program = "dibao"
    params_doc = {"cap_months": "一次救助上限为当月低保标准的倍数；默认 10（常见地方上限，可设置）"}

    def assess(self, facts: Facts, *, standard: Decimal | None, params: Mapping[str, Any]) -> Assessment:
        params = {**DEFAULT_PARAMS, **params}
        if standard is None:
            return Assessment(False, ZERO, ZERO, ZERO, [benefit_messages.POLICY_NO_STANDARD])
        extra: Mapping[str, Any] = facts.subject.extra if facts.subject is not None else {}
        if facts.subject is not None and facts.subject.deceased:
            return Assessment(False, ZERO, standard, ZERO, [messages.SUBJECT_DECEASED], counted_members=1)
        kind = str(extra.get("aid_kind") or "")
        if kind not in AidKind.values:
            return Assessment(False, ZERO, standard, ZERO, [messages.AID_KIND_INVALID], counted_members=1)
        reasons = [messages.AID_KIND.format(kind=AidKind(kind).label)]
        need = to_decimal(extra.get("aid_need"))
        if need <= 0:
            return Assessment(False, ZERO, standard, ZERO, [*reasons, messages.AID_NEED_MISSING], counted_members=1)
        months = to_decimal(params["cap_months"], Decimal(10))
        cap = standard * months
        if need > cap:
            reasons.append(messages.AID_CAPPED.format(need=shown(need), cap=shown(cap), months=months))
            need = cap
        amount = yuan(need)
        reasons.append(messages.AID_AMOUNT.format(amount=shown(amount)))
        return Assessment(eligible=True, per_capita_income=ZERO, standard=standard, monthly_amount=amount,
                          reasons=reasons, counted_members=1)
