"""Forms of the visit and service pages."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.children.visits.models import ChildVisit
from minzheng.core.forms import DateInput


class VisitForm(forms.Form):
    visited_on = forms.DateField(
        label="走访日期",
        widget=DateInput(),
        error_messages={"required": "走访日期：请填写", "invalid": "走访日期：格式应为 YYYY-MM-DD"},
    )
    way = forms.ChoiceField(
        label="走访方式",
        choices=ChildVisit.Way.choices,
        error_messages={"required": "走访方式：请选择", "invalid_choice": "走访方式：请选择"},
    )
    notes = forms.CharField(
        label="走访情况",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "走访情况：请填写"},
    )
    findings = forms.CharField(
        label="发现问题", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ServiceForm(forms.Form):
    item = forms.TypedChoiceField(
        label="服务项目",
        coerce=int,
        error_messages={"required": "服务项目：请选择", "invalid_choice": "服务项目：请选择"},
    )
    delivered_on = forms.DateField(
        label="服务日期",
        widget=DateInput(),
        error_messages={"required": "服务日期：请填写", "invalid": "服务日期：格式应为 YYYY-MM-DD"},
    )
    provider = forms.CharField(
        label="服务提供方", max_length=100, error_messages={"required": "服务提供方：请填写"}
    )

    def __init__(self, *args: Any, items: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "请选择"), *items]


class QueueForm(forms.Form):
    within = forms.TypedChoiceField(
        label="范围",
        required=False,
        coerce=int,
        empty_value=0,
        choices=[(0, "已逾期和今天到期"), (30, "30天内到期"), (90, "90天内到期")],
    )
