"""Forms of the campaign, ledger and disbursement pages; the services decide."""

from __future__ import annotations

from django import forms

from minzheng.civil_society.charity.pages import choice_field, date_field, money_field, text_field, year_field
from minzheng.civil_society.donations.models import CampaignKind, Channel, DonorKind, Livelihood, PropertyKind


def _charity_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="慈善组织",
        queryset=None,
        error_messages={"required": "慈善组织：请选择慈善组织", "invalid_choice": "慈善组织：请从列表中选择"},
    )


class CharityChoiceForm(forms.Form):
    def __init__(self, *args, charities=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = charities


class CampaignForm(CharityChoiceForm):
    organization = _charity_field()
    name = text_field("募捐活动名称", max_length=100)
    kind = choice_field("类型", choices=CampaignKind.choices)
    channel = choice_field("募捐方式", choices=Channel.choices)
    emergency = forms.BooleanField(label="重大突发事件应急募捐（可于开始后10日内备案）", required=False)
    filed_on = date_field("方案备案日期")
    starts_on = date_field("开始日期")
    ends_on = date_field("结束日期")
    target = money_field("募捐目标")
    purpose = text_field("募得款物用途", max_length=200)


class DonationForm(CharityChoiceForm):
    organization = _charity_field()
    campaign = forms.IntegerField(
        label="募捐活动编号", required=False, min_value=1, help_text="计入某一募捐活动时填写"
    )
    donor_kind = choice_field("捐赠人类型", choices=DonorKind.choices)
    donor_id_number = text_field("捐赠人身份证号", required=False, max_length=18, help_text="个人捐赠时填写")
    donor_organization = forms.IntegerField(label="捐赠社会组织编号", required=False, min_value=1)
    donor_name = text_field("捐赠单位名称", required=False, max_length=100, help_text="单位捐赠时填写")
    property_kind = choice_field("财产种类", choices=PropertyKind.choices)
    description = text_field("财产名称及数量", required=False, max_length=200)
    amount = money_field("金额或折价")
    received_on = date_field("捐赠日期")
    handler = text_field("经手人", max_length=50)
    receipt_declined = forms.BooleanField(label="捐赠人不要求开具票据", required=False)


class VoidForm(forms.Form):
    voided_on = date_field("作废日期")
    reason = text_field("作废原因", max_length=200)


class DisbursementForm(CharityChoiceForm):
    organization = _charity_field()
    amount = money_field("金额")
    paid_on = date_field("拨付日期")
    purpose = choice_field("民生领域", choices=Livelihood.choices)
    project_ref = text_field("项目编号", max_length=100, help_text="救助项目或一户一策计划事项的编号")
    note = text_field("说明", required=False, max_length=200)


class LedgerFilterForm(forms.Form):
    start = date_field("起始日期", required=False)
    end = date_field("截止日期", required=False)
    q = text_field("票据号或捐赠人", required=False, max_length=50)


class YearFilterForm(forms.Form):
    year = year_field()


class DisbursementFilterForm(YearFilterForm):
    purpose = forms.ChoiceField(label="民生领域", required=False, choices=[("", "全部"), *Livelihood.choices])
    project_ref = text_field("项目编号", required=False, max_length=100)


class CampaignFilterForm(YearFilterForm):
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *CampaignKind.choices])
