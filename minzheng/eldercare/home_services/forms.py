"""Forms of the home-service pages. They check the shape of the input; the services decide (the
site, the caregiver, the elder, the card, the times) and their reasons land on the same fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from minzheng.benefits.money import parse_month
from minzheng.eldercare.home_services import messages
from minzheng.eldercare.home_services.models import (
    OrderStatus,
    Payer,
    ServiceKind,
    SupervisionRule,
    ThresholdKey,
)
from minzheng.eldercare.home_services.services import NOTE_MAX


class MonthInput(forms.TextInput):
    input_type = "month"


class DateTimeInput(forms.TextInput):
    input_type = "datetime-local"


class MonthField(forms.CharField):
    widget = MonthInput

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_month(text)
        except ValueError:
            raise forms.ValidationError(messages.PERIOD_INVALID) from None


class OrderFilterForm(forms.Form):
    provider = forms.TypedChoiceField(label="服务机构", coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *OrderStatus.choices])
    month = MonthField(label="月份", required=False)

    def __init__(self, *args: Any, providers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", "全部"), *providers]


class MonthForm(forms.Form):
    month = MonthField(label="月份", required=False)


class FindingFilterForm(MonthForm):
    rule = forms.ChoiceField(
        label="监管规则", required=False, choices=[("", "全部"), *SupervisionRule.choices]
    )


class OrderForm(forms.Form):
    provider = forms.TypedChoiceField(
        label="服务机构",
        coerce=int,
        error_messages={"required": messages.PROVIDER_REQUIRED, "invalid_choice": messages.PROVIDER_REQUIRED},
    )
    id_number = forms.CharField(
        label="老人身份证号", max_length=18, widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": messages.PERSON_REQUIRED},
    )  # fmt: skip
    caregiver = forms.TypedChoiceField(label="护理员", coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(
        label="服务类别", choices=ServiceKind.choices, error_messages={"required": messages.KIND_INVALID}
    )
    scheduled_at = forms.CharField(
        label="预约时间", widget=DateTimeInput(), error_messages={"required": messages.SCHEDULED_REQUIRED}
    )
    price = forms.CharField(label="服务费（元）", error_messages={"required": messages.PRICE_REQUIRED})
    payer = forms.ChoiceField(
        label="支付方",
        choices=Payer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": messages.PAYER_INVALID},
    )

    def __init__(
        self, *args: Any, providers: list[tuple[int, str]], caregivers: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = providers
        self.fields["caregiver"].choices = [("", "（暂不指派）"), *caregivers]


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="老人评价", coerce=int, choices=[(n, f"{n}星") for n in range(5, 0, -1)],
        error_messages={"required": messages.RATING_INVALID, "invalid_choice": messages.RATING_INVALID},
    )  # fmt: skip


class RunForm(forms.Form):
    period = forms.CharField(
        label="月份", widget=MonthInput(), error_messages={"required": messages.PERIOD_INVALID}
    )
    region_prefix = forms.CharField(label="区划代码前缀", required=False, help_text="默认本人辖区")


class ThresholdForm(forms.Form):
    key = forms.ChoiceField(label="阈值项", choices=ThresholdKey.choices)
    kind = forms.ChoiceField(
        label="服务类别", required=False, choices=[("", "（不分类别）"), *ServiceKind.choices],
        help_text="仅最短服务时长按类别设置",
    )  # fmt: skip
    region_prefix = forms.CharField(label="适用区划（代码前缀）", initial="3305", max_length=12)
    effective_from = forms.CharField(label="起始月份", widget=MonthInput())
    value = forms.CharField(label="阈值", help_text="分钟或米")
    note = forms.CharField(label="依据", required=False, max_length=NOTE_MAX)
