"""Forms of the director pages."""

from __future__ import annotations

from django import forms

from minzheng.children.directors.models import ChildDirector
from minzheng.core.forms import DateInput


class AppointForm(forms.Form):
    role = forms.ChoiceField(
        label="职务",
        choices=ChildDirector.Role.choices,
        error_messages={"required": "职务：请选择", "invalid_choice": "职务：请选择"},
    )
    region_code = forms.CharField(
        label="区划代码",
        max_length=12,
        help_text="儿童主任填村（社区）12位代码，儿童督导员填乡镇（街道）代码（以000结尾）",
        error_messages={"required": "区划：请填写区划代码"},
    )
    id_number = forms.CharField(
        label="身份证号", max_length=18, error_messages={"required": "身份证号：请填写"}
    )
    started_on = forms.DateField(
        label="任职日期",
        widget=DateInput(),
        error_messages={"required": "任职日期：请填写", "invalid": "任职日期：格式应为 YYYY-MM-DD"},
    )


class EndForm(forms.Form):
    ended_on = forms.DateField(
        label="离任日期",
        widget=DateInput(),
        error_messages={"required": "离任日期：请填写", "invalid": "离任日期：格式应为 YYYY-MM-DD"},
    )
