"""Forms of the charity pages: they check the shape of the input; the services decide, and their
reasons land on the same fields."""

from __future__ import annotations

from django import forms

from minzheng.civil_society.charity.models import Decision
from minzheng.civil_society.charity.pages import date_field, money_field, text_field, year_field

DECISIONS = [(Decision.GRANTED, "准予"), (Decision.REFUSED, "不予")]


class UsccForm(forms.Form):
    uscc = forms.CharField(
        label="统一社会信用代码",
        max_length=18,
        help_text="申请组织的18位统一社会信用代码",
        error_messages={"required": "统一社会信用代码：请填写申请组织的统一社会信用代码"},
    )


class RecognitionApplyForm(UsccForm):
    applied_on = date_field("申请日期")
    new_registration = forms.BooleanField(label="新设立登记时一并申请（决定期限30日）", required=False)
    federation = forms.BooleanField(label="属于慈善总会系统（市、县区慈善总会）", required=False)


class QualificationApplyForm(UsccForm):
    applied_on = date_field("申请日期")


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="决定",
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "决定：请选择准予或不予"},
    )
    decided_on = date_field("决定日期")
    reason = text_field("理由", required=False, max_length=200, help_text="不予时必填")


class WithdrawForm(forms.Form):
    withdrawn_on = date_field("取消认定日期")
    reason = text_field("理由", max_length=200, help_text="如：注销登记、被撤销登记、不再符合慈善组织条件")


class QualificationDecideForm(DecideForm):
    certificate_number = text_field("证书编号", required=False, max_length=40)


class RecognitionFilterForm(forms.Form):
    decision = forms.ChoiceField(label="决定", required=False, choices=[("", "全部"), *Decision.choices])
    late = forms.BooleanField(label="只看超期决定", required=False)


class CharityFilterForm(forms.Form):
    on = date_field("日期", required=False)
    q = text_field("名称或信用代码", required=False, max_length=50)


class SpendingFilterForm(forms.Form):
    year = year_field()
    failing = forms.BooleanField(label="只看有问题的", required=False)


class AccountsForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="慈善组织",
        queryset=None,
        error_messages={"required": "慈善组织：请选择慈善组织", "invalid_choice": "慈善组织：请从列表中选择"},
    )
    year = year_field()
    public_fundraising = forms.BooleanField(label="具有公开募捐资格", required=False)
    net_assets_prev_year = money_field("上年末净资产")
    income_prev_year = money_field("上年总收入")
    income_avg_3y = money_field("前三年收入平均数")
    charity_spending = money_field("年度慈善活动支出")
    management_costs = money_field("年度管理费用")

    def __init__(self, *args, charities=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = charities
        self.fields["year"].required = True
