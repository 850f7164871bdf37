"""Forms of the disability certificate pages."""

from __future__ import annotations

from django import forms

from minzheng.assistance.codes import AbilityLevel, DisabilityKind
from minzheng.core.forms import DateInput


class FindPersonForm(forms.Form):
    id_number = forms.CharField(label="身份证号", max_length=18, min_length=18,
                                error_messages={"min_length": "身份证号应为18位", "required": "请填写身份证号"})


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(label="残疾类别", choices=DisabilityKind.choices)
    grade = forms.TypedChoiceField(label="残疾等级", coerce=int, choices=[(g, f"{g}级") for g in (1, 2, 3, 4)])
    number = forms.CharField(label="残疾人证号", max_length=20, help_text="20位：身份证号加残疾类别、等级各1位",
                             widget=forms.TextInput(attrs={"autocomplete": "off"}))
    issued_on = forms.DateField(label="发证日期", widget=DateInput)
    valid_until = forms.DateField(label="有效期至", required=False, widget=DateInput, help_text="长期有效可不填")


class RevokeForm(forms.Form):
    reason = forms.CharField(label="注销原因", max_length=200)


class AbilityLevelForm(forms.Form):
    level = forms.ChoiceField(label="能力等级", choices=AbilityLevel.choices)
    assessed_on = forms.DateField(label="评估日期", widget=DateInput)
    assessor = forms.CharField(label="评估机构", max_length=100, required=False)
