"""Forms of the registry pages. They gather the answers; the services check them (and name the
field at fault in Chinese), so most fields are optional text here."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.civil_society.registry.models import (
    FoundationKind,
    Organization,
    OrgKind,
    OrgStatus,
    ReportResult,
    SignalKind,
    SignalOutcome,
)
from minzheng.core.forms import DateInput


class FilterForm(forms.Form):
    q = forms.CharField(label="名称或统一社会信用代码", required=False, max_length=100)
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *OrgKind.choices])
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), ("live", "存续（正常及列入名录）"), *OrgStatus.choices],
    )


class OrganizationForm(forms.Form):
    name = forms.CharField(label="名称", required=False, max_length=100)
    kind = forms.ChoiceField(label="类型", required=False, choices=OrgKind.choices)
    uscc = forms.CharField(
        label="统一社会信用代码",
        required=False,
        max_length=40,
        help_text="18位，含校验位；备案的社区社会组织不填",
    )
    registered_on = forms.CharField(label="登记（备案）日期", required=False, widget=DateInput())
    supervising_unit = forms.CharField(label="业务主管单位", required=False, max_length=100)
    legal_id_number = forms.CharField(
        label="法定代表人身份证号", required=False, max_length=30, help_text="须为人口库中已登记的人员"
    )
    address_code = forms.CharField(
        label="住所标准地址编码",
        required=False,
        max_length=40,
        help_text="在下方“地址匹配”或“标准地址”中查到的地址编码",
    )
    funds = forms.CharField(
        label="注册资金（元）",
        required=False,
        max_length=20,
        help_text="社会团体不少于3万元；基金会按类型不少于200万、400万或800万元",
    )
    foundation_kind = forms.ChoiceField(
        label="基金会类型", required=False, choices=[("", "（非基金会）"), *FoundationKind.choices]
    )
    scope = forms.CharField(label="业务范围", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, kinds: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = kinds

    @staticmethod
    def initial_of(org: Organization) -> dict[str, Any]:
        return {
            "name": org.name,
            "kind": org.kind,
            "uscc": org.uscc,
            "registered_on": org.registered_on.isoformat(),
            "supervising_unit": org.supervising_unit,
            "address_code": org.address.code,
            "funds": org.funds,
            "foundation_kind": org.foundation_kind,
            "scope": org.scope,
        }


class ReportForm(forms.Form):
    year = forms.CharField(label="报告年度", required=False, max_length=4)
    supervisor_submitted_on = forms.CharField(
        label="报业务主管单位日期",
        required=False,
        widget=DateInput(),
        help_text="社会团体、社会服务机构填写（3月31日前）",
    )
    submitted_on = forms.CharField(label="报登记管理机关日期", required=False, widget=DateInput())
    result = forms.ChoiceField(
        label="年检结论", required=False, choices=[("", "（未出结论）"), *ReportResult.choices]
    )


class SignalForm(forms.Form):
    kind = forms.ChoiceField(label="类别", required=False, choices=SignalKind.choices)
    occurred_on = forms.CharField(label="日期", required=False, widget=DateInput())
    outcome = forms.ChoiceField(
        label="结果", required=False, choices=[("", "（开展活动、报备事项不填）"), *SignalOutcome.choices]
    )
    within_scope = forms.BooleanField(label="属章程业务范围内的活动", required=False, initial=True)
    note = forms.CharField(label="说明", required=False, max_length=200)


class ReportFilterForm(forms.Form):
    year = forms.IntegerField(
        label="报告年度",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "报告年度：应为四位年份",
            "min_value": "报告年度：应为四位年份",
            "max_value": "报告年度：应为四位年份",
        },
    )
    late = forms.ChoiceField(
        label="是否逾期", required=False, choices=[("", "全部"), ("1", "逾期"), ("0", "按时")]
    )
