"""Forms of the insurance pages. They check the shape of the input; the services decide, and
their reasons land on the same fields."""

from __future__ import annotations

from django import forms

from minzheng.core.figures import YearForm
from minzheng.core.forms import DateInput
from minzheng.eldercare.insurance import messages
from minzheng.eldercare.insurance.models import YEARS, ClaimKind, ClaimStatus
from minzheng.eldercare.insurance.services import INSURER_MAX, REASON_MAX

YEAR_ERROR = messages.YEAR_INVALID.format(min=YEARS[0], max=YEARS[1])


def _year(label: str = "保险年度") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=YEARS[0],
        max_value=YEARS[1],
        error_messages={k: YEAR_ERROR for k in ("required", "invalid", "min_value", "max_value")},
    )


def _money(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=14,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _id_number() -> forms.CharField:
    return forms.CharField(
        label="老人身份证号",
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": messages.PERSON_REQUIRED},
    )


class ClaimFilterForm(YearForm):
    kind = forms.ChoiceField(
        label="理赔类型",
        required=False,
        choices=[("", "全部"), *ClaimKind.choices],
        error_messages={"invalid_choice": messages.KIND_INVALID},
    )
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *ClaimStatus.choices])


class PolicyForm(forms.Form):
    id_number = _id_number()
    year = _year()
    insurer = forms.CharField(
        label="承保公司",
        max_length=INSURER_MAX,
        error_messages={"required": messages.INSURER_REQUIRED.format(max=INSURER_MAX)},
    )
    premium = _money("保费（元）")


class ClaimForm(forms.Form):
    id_number = _id_number()
    year = _year()
    kind = forms.ChoiceField(
        label="理赔类型",
        choices=ClaimKind.choices,
        error_messages={"required": messages.KIND_INVALID, "invalid_choice": messages.KIND_INVALID},
    )
    accident_on = forms.DateField(
        label="出险日期",
        widget=DateInput(),
        error_messages={"required": messages.ACCIDENT_ON_REQUIRED, "invalid": messages.ACCIDENT_ON_REQUIRED},
    )
    claimed_on = forms.DateField(
        label="报案日期",
        widget=DateInput(),
        error_messages={"required": messages.CLAIMED_ON_REQUIRED, "invalid": messages.CLAIMED_ON_REQUIRED},
    )
    amount_claimed = _money("申请金额（元）")


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="结案方式",
        choices=[("pay", "赔付"), ("refuse", "拒赔")],
        widget=forms.RadioSelect,
        initial="pay",
        error_messages={"required": messages.DECISION_INVALID, "invalid_choice": messages.DECISION_INVALID},
    )
    amount_paid = _money("赔付金额（元）")
    paid_on = forms.DateField(
        label="赔付日期",
        widget=DateInput(),
        required=False,
        error_messages={"invalid": messages.PAID_ON_REQUIRED},
    )
    refusal_reason = forms.CharField(label="拒赔原因", max_length=REASON_MAX, required=False)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["amount_paid"].required = False
