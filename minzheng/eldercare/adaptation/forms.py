"""Forms of the adaptation pages. They check the shape of the input; the services decide, and
their reasons land on the same fields. The application form has a quantity (and an optional unit
price, the contractor's quote) for each item of the catalogue in use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from minzheng.core.figures import YearForm
from minzheng.core.forms import DateInput
from minzheng.eldercare.adaptation import messages
from minzheng.eldercare.adaptation.models import AdaptationItem, ApplicationStatus, ItemCategory
from minzheng.eldercare.adaptation.services import NAME_MAX, NOTE_MAX, QUANTITY_MAX, UNIT_MAX, LineInput


class ListForm(YearForm):
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *ApplicationStatus.choices]
    )


class ApplicationForm(forms.Form):
    id_number = forms.CharField(
        label="老人身份证号",
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": messages.PERSON_REQUIRED},
    )
    applied_on = forms.DateField(
        label="申请日期",
        widget=DateInput(),
        error_messages={"required": messages.APPLIED_ON_REQUIRED, "invalid": messages.APPLIED_ON_REQUIRED},
    )
    subsidy_rate = forms.CharField(
        label="补贴比例",
        max_length=6,
        initial="0.80",
        help_text="0 到 1，如 0.80",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"required": messages.RATE_INVALID},
    )
    note = forms.CharField(label="备注", max_length=NOTE_MAX, required=False)

    def __init__(self, *args: Any, items: list[AdaptationItem], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("applied_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            label = f"{item.name}（{item.get_category_display()}，目录价{item.price:.2f}元/{item.unit}）"
            self.fields[f"qty_{item.pk}"] = forms.IntegerField(
                label=f"{label} 数量",
                required=False,
                min_value=0,
                max_value=QUANTITY_MAX,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    k: messages.LINE_QUANTITY_INVALID.format(name=item.name, max=QUANTITY_MAX)
                    for k in ("invalid", "min_value", "max_value")
                },
            )
            self.fields[f"price_{item.pk}"] = forms.CharField(
                label=f"{item.name} 单价（元，空为目录价）",
                required=False,
                max_length=14,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )

    def item_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"qty_{item.pk}"], self[f"price_{item.pk}"]) for item in self.items]

    def lines(self) -> list[LineInput]:
        """The items given a quantity, as the service takes them."""
        data = self.cleaned_data
        return [
            LineInput(
                item=item, quantity=data[f"qty_{item.pk}"], unit_price=data.get(f"price_{item.pk}") or None
            )
            for item in self.items
            if data.get(f"qty_{item.pk}")
        ]


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "审核通过"), ("refuse", "不予补贴"), ("pay", "登记发放")])
    refusal_reason = forms.CharField(label="不予补贴原因", max_length=NOTE_MAX, required=False)
    paid_on = forms.DateField(
        label="发放日期",
        widget=DateInput(),
        required=False,
        error_messages={"invalid": messages.PAID_ON_REQUIRED},
    )


class ItemForm(forms.Form):
    code = forms.CharField(
        label="项目编码", max_length=20, error_messages={"required": messages.ITEM_CODE_INVALID}
    )
    name = forms.CharField(
        label="项目名称",
        max_length=NAME_MAX,
        error_messages={"required": messages.ITEM_NAME_REQUIRED.format(max=NAME_MAX)},
    )
    category = forms.ChoiceField(
        label="类别",
        choices=ItemCategory.choices,
        error_messages={
            "required": messages.ITEM_CATEGORY_INVALID,
            "invalid_choice": messages.ITEM_CATEGORY_INVALID,
        },
    )
    unit = forms.CharField(
        label="单位",
        max_length=UNIT_MAX,
        error_messages={"required": messages.ITEM_UNIT_REQUIRED.format(max=UNIT_MAX)},
    )
    price = forms.CharField(
        label="目录价（元/单位）", max_length=14, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
