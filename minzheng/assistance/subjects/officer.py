"""The questions the economic check page asks the officer for the person programs whose rules
need facts no record holds (registered with ``register_officer_facts``):

- tekun: the supporters (none, unable, able) and, when assessed, the six self-care items;
- temporary aid: the kind (emergency or expenditure) and the need in yuan.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms

from minzheng.assistance import messages
from minzheng.assistance.codes import AidKind, Supporters
from minzheng.assistance.policies.tekun import SELF_CARE_ITEMS
from minzheng.benefits.programs.policy import OfficerFacts, register_officer_facts


def tekun_fields() -> dict[str, Any]:
    fields: dict[str, Any] = {
        "supporters": forms.ChoiceField(label="法定赡养、抚养、扶养义务人", choices=Supporters.choices,
                                        error_messages={"required": messages.SUPPORTERS_INVALID,
                                                        "invalid_choice": messages.SUPPORTERS_INVALID}),
        "self_care_assessed": forms.BooleanField(label="已评估生活自理能力（勾选后按下列6项认定照料护理等级）",
                                                 required=False),
    }
    for item in SELF_CARE_ITEMS:
        fields[item] = forms.BooleanField(label=f"能自理：{messages.SELF_CARE_ITEMS[item]}", required=False)
    return fields


def tekun_extra(values: Mapping[str, Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {"supporters": values.get("supporters", "")}
    if values.get("self_care_assessed"):
        extra["self_care"] = {item: bool(values.get(item)) for item in SELF_CARE_ITEMS}
    return extra


def aid_fields() -> dict[str, Any]:
    return {
        "aid_kind": forms.ChoiceField(label="临时救助类型", choices=AidKind.choices,
                                      error_messages={"required": messages.AID_KIND_INVALID,
                                                      "invalid_choice": messages.AID_KIND_INVALID}),
        "aid_need": forms.DecimalField(label="需救助金额（元）", min_value=Decimal("0.01"), max_digits=14,
                                       decimal_places=2, help_text="超过上限（低保标准的倍数）按上限救助",
                                       error_messages={"required": messages.AID_NEED_MISSING,
                                                       "min_value": messages.AID_NEED_MISSING,
                                                       "invalid": messages.AID_NEED_INVALID}),
    }


def aid_extra(values: Mapping[str, Any]) -> dict[str, Any]:
    return {"aid_kind": values.get("aid_kind", ""), "aid_need": values.get("aid_need")}


register_officer_facts("tekun", facts=OfficerFacts(fields=tekun_fields, to_extra=tekun_extra))
register_officer_facts("temporary_aid", facts=OfficerFacts(fields=aid_fields, to_extra=aid_extra))
