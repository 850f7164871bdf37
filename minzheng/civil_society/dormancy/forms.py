"""Forms of the dormancy pages: the day the rules are run on, and the steps of a cleanup case."""

from __future__ import annotations

from django import forms

from minzheng.civil_society.dormancy.models import CaseState, Decision
from minzheng.civil_society.dormancy.rules import RULE_LABELS
from minzheng.core.forms import DateInput

DAY_ERROR = "检测日期：格式应为 YYYY-MM-DD"


class CandidateForm(forms.Form):
    day = forms.DateField(
        label="检测日期",
        required=False,
        widget=DateInput(),
        help_text="不填为今天",
        error_messages={"invalid": DAY_ERROR},
    )
    rule = forms.ChoiceField(label="情形", required=False, choices=[("", "全部"), *RULE_LABELS.items()])


class FileForm(forms.Form):
    organization = forms.CharField(
        label="社会组织编号", required=False, max_length=20, widget=forms.HiddenInput()
    )
    filed_on = forms.CharField(label="立案日期", required=False, widget=DateInput())
    reasons = forms.CharField(label="立案事由", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoticeForm(forms.Form):
    noticed_on = forms.CharField(
        label="告知公告日期", required=False, widget=DateInput(), help_text="事先告知书以公告方式送达之日"
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label="处理决定", required=False, choices=Decision.choices)
    decided_on = forms.CharField(label="决定日期", required=False, widget=DateInput())
    rectify_by = forms.CharField(
        label="整改期限", required=False, widget=DateInput(), help_text="仅限期整改填写"
    )


class RectifiedForm(forms.Form):
    rectified_on = forms.CharField(label="整改完成日期", required=False, widget=DateInput())


class CaseFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *CaseState.choices])
    decision = forms.ChoiceField(label="处理决定", required=False, choices=[("", "全部"), *Decision.choices])
