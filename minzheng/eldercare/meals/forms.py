"""Forms of the meal pages. They check the shape of the input; the services decide (the site, the
elder, the subsidy, the card) and their reasons land on the same fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from minzheng.eldercare.meals import messages
from minzheng.eldercare.meals.models import Meal, MealMode, MealTier, PaidWith
from minzheng.eldercare.meals.services import NOTE_MAX, RATE_MAX, price_error

YEARS = (2000, 2100)


class MonthInput(forms.TextInput):
    input_type = "month"


class CountsForm(forms.Form):
    year = forms.IntegerField(
        label="年度",
        min_value=YEARS[0],
        max_value=YEARS[1],
        required=False,
        error_messages={key: messages.YEAR_INVALID for key in ("invalid", "min_value", "max_value")},
    )
    month = forms.TypedChoiceField(
        label="月份",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "全年"), *((m, f"{m}月") for m in range(1, 13))],
        error_messages={"invalid_choice": messages.MONTH_INVALID.format(value="")},
    )


class MonthForm(forms.Form):
    month = forms.CharField(label="月份", widget=MonthInput(), required=False)


class RecordForm(forms.Form):
    site = forms.TypedChoiceField(
        label="助餐点",
        coerce=int,
        error_messages={"required": messages.SITE_REQUIRED, "invalid_choice": messages.SITE_REQUIRED},
    )
    id_number = forms.CharField(
        label="老人身份证号",
        max_length=18,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="身份证号或爱心卡号填写其一",
    )
    card_number = forms.CharField(
        label="爱心卡号",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    served_on = forms.DateField(
        label="就餐日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": messages.SERVED_ON_REQUIRED, "invalid": messages.SERVED_ON_INVALID},
    )
    meal = forms.ChoiceField(
        label="餐次",
        choices=Meal.choices,
        widget=forms.RadioSelect,
        error_messages={"required": messages.MEAL_INVALID, "invalid_choice": messages.MEAL_INVALID},
    )
    mode = forms.ChoiceField(
        label="就餐方式",
        choices=MealMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": messages.MODE_INVALID, "invalid_choice": messages.MODE_INVALID},
    )
    price = forms.CharField(
        label="餐费（元）",
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"required": messages.PRICE_REQUIRED},
    )
    paid_with = forms.ChoiceField(
        label="个人支付",
        choices=PaidWith.choices,
        widget=forms.RadioSelect,
        error_messages={"required": messages.PAID_WITH_INVALID, "invalid_choice": messages.PAID_WITH_INVALID},
    )

    def __init__(self, *args: Any, sites: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {
            "served_on": timezone.localdate(),
            "meal": Meal.LUNCH,
            "mode": MealMode.EAT_IN,
            "paid_with": PaidWith.LOVE_CARD,
            **kwargs["initial"],
        }
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = sites  # type: ignore[attr-defined]

    def clean_price(self) -> str:
        value = self.cleaned_data["price"]
        if error := price_error(value):
            raise forms.ValidationError(error)
        return str(value).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool((data.get("id_number") or "").strip()) == bool((data.get("card_number") or "").strip()):
            self.add_error("id_number", messages.FIND_ONE)
        served = data.get("served_on")
        if isinstance(served, dt.date) and served > timezone.localdate():
            self.add_error("served_on", messages.SERVED_ON_FUTURE)
        return data


class RateForm(forms.Form):
    tier = forms.ChoiceField(
        label="年龄段",
        choices=MealTier.choices,
        error_messages={"required": messages.RATE_TIER_INVALID, "invalid_choice": messages.RATE_TIER_INVALID},
    )
    region_prefix = forms.CharField(
        label="适用区划（代码前缀）",
        max_length=12,
        help_text="如全市 3305、某区县 330502",
        error_messages={"required": messages.REGION_INVALID},
    )
    effective_from = forms.CharField(
        label="起始月份",
        widget=MonthInput(),
        error_messages={"required": messages.RATE_MONTH_INVALID.format(value="")},
    )
    amount = forms.CharField(
        label="补贴标准（元/餐）",
        max_length=12,
        error_messages={"required": messages.RATE_AMOUNT_INVALID.format(max=RATE_MAX)},
    )
    note = forms.CharField(label="依据", required=False, max_length=NOTE_MAX, help_text="文件名称和文号")
