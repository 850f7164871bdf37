"""Forms of the charitable-trust pages; the services decide."""

from __future__ import annotations

from django import forms

from minzheng.civil_society.charity.pages import choice_field, date_field, money_field, text_field, year_field
from minzheng.civil_society.trusts.models import TrusteeKind


class TrusteeFields(forms.Form):
    trustee_kind = choice_field("受托人类型", choices=TrusteeKind.choices)
    trustee_name = text_field(
        "信托公司名称", required=False, max_length=100, help_text="受托人为信托公司时填写"
    )
    trustee_uscc = text_field("信托公司统一社会信用代码", required=False, max_length=18)
    trustee_organization = forms.IntegerField(
        label="受托慈善组织编号", required=False, min_value=1, help_text="受托人为慈善组织时填写"
    )


class TrustForm(TrusteeFields):
    name = text_field("信托名称", max_length=100)
    settlors = text_field("委托人", max_length=300, help_text="多个委托人以顿号分隔")
    amount = money_field("信托财产")
    signed_on = date_field("信托合同签订日期")
    filed_on = date_field("备案日期")
    purpose = text_field("信托目的", max_length=200)


class TrusteeChangeForm(TrusteeFields):
    changed_on = date_field("变更日期")
    filed_on = date_field("重新备案日期")


class ReportForm(forms.Form):
    year = year_field()
    submitted_on = date_field("报告日期")
    spending = money_field("本年度慈善支出")
    balance = money_field("年末信托财产")

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["year"].required = True


class TrustFilterForm(forms.Form):
    year = year_field()
    late = forms.BooleanField(label="只看逾期备案", required=False)
    q = text_field("名称、受托人或委托人", required=False, max_length=50)
