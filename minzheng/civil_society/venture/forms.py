"""Forms of the venture-philanthropy and award pages (the services check the answers)."""

from __future__ import annotations

from django import forms

from minzheng.civil_society.venture.models import AwardKind, AwardLevel, Outcome
from minzheng.core.forms import DateInput


class RoundForm(forms.Form):
    year = forms.CharField(label="年度", required=False, max_length=4)
    name = forms.CharField(label="批次名称", required=False, max_length=100)
    budget = forms.CharField(label="预算（元）", required=False, max_length=20)
    fund_source = forms.CharField(
        label="资金来源", required=False, max_length=100, initial="市本级福利彩票公益金"
    )


class ApplyForm(forms.Form):
    organization = forms.CharField(label="申报组织编号", required=False, max_length=20)
    project = forms.CharField(label="项目名称", required=False, max_length=100)
    budget_total = forms.CharField(label="项目总预算（元）", required=False, max_length=20)
    requested = forms.CharField(
        label="申请资助（元）",
        required=False,
        max_length=20,
        help_text="登记的社会组织不超过20万元，备案的社区社会组织不超过3万元",
    )


class NoticeForm(forms.Form):
    noticed_on = forms.CharField(label="公示日期", required=False, widget=DateInput())


class ReviewForm(forms.Form):
    score = forms.CharField(label="评分（0–100）", required=False, max_length=6)
    comment = forms.CharField(label="评审意见", required=False, max_length=200)


class FundForm(forms.Form):
    amount = forms.CharField(label="资助金额（元）", required=False, max_length=20)
    funded_on = forms.CharField(label="资助日期", required=False, widget=DateInput())


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label="项目成效", required=False, choices=Outcome.choices)
    outcome_note = forms.CharField(label="成效说明", required=False, max_length=200)


class AwardForm(forms.Form):
    organization = forms.CharField(label="社会组织编号", required=False, max_length=20)
    kind = forms.ChoiceField(label="类别", required=False, choices=AwardKind.choices)
    year = forms.CharField(label="年度", required=False, max_length=4)
    level = forms.ChoiceField(
        label="级别", required=False, choices=AwardLevel.choices, initial=AwardLevel.PROVINCIAL
    )
    id_number = forms.CharField(
        label="领军人物身份证号", required=False, max_length=30, help_text="仅社会组织领军人物填写"
    )
    title = forms.CharField(label="名称或案例", required=False, max_length=100)


class AwardFilterForm(forms.Form):
    year = forms.IntegerField(
        label="年度",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "年度：应为四位年份",
            "min_value": "年度：应为四位年份",
            "max_value": "年度：应为四位年份",
        },
    )
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *AwardKind.choices])
