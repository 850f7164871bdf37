"""Forms of the death pages. They only carry text: the service checks every field and its Chinese
reasons land on the same fields (a date typed wrong gets the service's message, not Django's)."""

from __future__ import annotations

from django import forms

from minzheng.core.forms import DateInput
from minzheng.funeral.deaths.models import Cause, DeathRegistration, Source


def _choices(choices: list[tuple[str, str]], blank: str) -> list[tuple[str, str]]:
    return [("", blank), *choices]


class DeathRegisterForm(forms.Form):
    id_number = forms.CharField(label="死者身份证号码", max_length=30, required=False,
                                widget=forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off"}))
    name = forms.CharField(label="死者姓名", max_length=50, required=False,
                           help_text="人口库已有此人时可不填；填写的须与人口库一致")
    region_code = forms.CharField(label="户籍地区划代码", max_length=12, required=False,
                                  help_text="仅当人口库尚无此人时填写：12位村（社区）代码")
    source = forms.CharField(label="信息来源", required=False,
                             widget=forms.Select(choices=_choices(Source.choices, "请选择")))
    cause = forms.CharField(label="死亡原因类别", required=False,
                            widget=forms.Select(choices=_choices(Cause.choices, "请选择")))
    death_date = forms.CharField(label="死亡日期", required=False, widget=DateInput())
    death_place = forms.CharField(label="死亡地点", max_length=200, required=False)
    informant_name = forms.CharField(label="报告人姓名", max_length=50, required=False)
    informant_relation = forms.CharField(label="与死者关系", max_length=20, required=False)
    informant_phone = forms.CharField(label="报告人手机号", max_length=20, required=False,
                                      widget=forms.TextInput(attrs={"inputmode": "tel"}),
                                      help_text="只保存脱敏号码")


class DeathFilterForm(forms.Form):
    q = forms.CharField(label="姓名", required=False, max_length=50)
    source = forms.ChoiceField(label="信息来源", required=False, choices=_choices(Source.choices, "全部"))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=_choices(DeathRegistration.Status.choices, "全部"))
    month = forms.DateField(label="死亡月份（任一天）", required=False, widget=DateInput())


class RevokeForm(forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=200, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
