from __future__ import annotations

import datetime as dt

from django import forms

from minzheng.benefits import messages
from minzheng.benefits.money import parse_month
from minzheng.benefits.programs.models import Program


class StandardForm(forms.Form):
    program = forms.ModelChoiceField(label="项目", queryset=Program.objects.order_by("id"), empty_label=None,
                                     error_messages={"required": messages.PROGRAM_REQUIRED,
                                                     "invalid_choice": messages.PROGRAM_REQUIRED})
    region_prefix = forms.CharField(label="适用区划代码", max_length=12, initial="3305",
                                    help_text="区划代码前缀：3305 全市，330502 吴兴区，9位为乡镇街道",
                                    widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                                    error_messages={"required": messages.STANDARD_REGION_INVALID})
    effective_from = forms.CharField(label="起始月份", max_length=7, widget=forms.TextInput(attrs={"type": "month"}),
                                     error_messages={"required": messages.STANDARD_MONTH_INVALID})
    amount = forms.CharField(label="标准（元/月）", max_length=20,
                             widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                             error_messages={"required": messages.STANDARD_AMOUNT_REQUIRED})
    note = forms.CharField(label="依据", required=False, max_length=200, help_text="如：湖政办发〔2025〕号文")

    def clean_effective_from(self) -> dt.date:
        try:
            return parse_month(self.cleaned_data["effective_from"])
        except ValueError as exc:
            raise forms.ValidationError(messages.STANDARD_MONTH_INVALID) from exc
