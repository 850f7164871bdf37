"""Forms of the station pages: they check the shape; the services decide and their reasons land
on the same fields."""

from __future__ import annotations

from django import forms

from minzheng.core.forms import DateInput
from minzheng.facilities.sites.models import Facility
from minzheng.lottery.stations.models import UpgradeKind

STATUS_CHOICES = [("", "全部"), *Facility.Status.choices]


class StationFilterForm(forms.Form):
    q = forms.CharField(label="名称、地址或终端编号", required=False, max_length=50)
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)
    region = forms.ChoiceField(label="区划", required=False, choices=[("", "全部")])

    def __init__(self, *args, regions: list[tuple[str, str]] = (), **kwargs) -> None:  # type: ignore[assignment, no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "全部"), *regions]


class StationOpenForm(forms.Form):
    name = forms.CharField(label="站点名称", max_length=100)
    region_code = forms.CharField(label="所属区划代码", max_length=12, help_text="12位村（社区）代码")
    address_text = forms.CharField(label="地址", max_length=200)
    lng = forms.DecimalField(label="经度（WGS-84）", max_digits=10, decimal_places=7)
    lat = forms.DecimalField(label="纬度（WGS-84）", max_digits=10, decimal_places=7)
    opened_on = forms.DateField(label="开业日期", widget=DateInput())


class ContractForm(forms.Form):
    contract_number = forms.CharField(label="合同编号", max_length=40)
    terminal_number = forms.CharField(label="终端编号", max_length=20)
    agent_name = forms.CharField(label="代销者姓名", max_length=50)
    agent_id_number = forms.CharField(label="代销者身份证号", max_length=18)
    signed_on = forms.DateField(label="签订日期", widget=DateInput())
    valid_from = forms.DateField(label="合同起始日期", widget=DateInput())
    valid_to = forms.DateField(label="合同截止日期", widget=DateInput())


class UpgradeForm(forms.Form):
    upgraded_on = forms.DateField(label="改造日期", widget=DateInput())
    kind = forms.ChoiceField(label="改造类型", choices=UpgradeKind.choices)
    note = forms.CharField(label="说明", max_length=200, required=False)


class CloseForm(forms.Form):
    closed_on = forms.DateField(label="关闭日期", widget=DateInput())
    reason = forms.CharField(label="关闭原因", max_length=200)
