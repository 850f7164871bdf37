"""Forms of the facility pages. They only gather input: the services check it and give the
reasons (``core.forms.add_service_errors`` puts them on the fields), so a rule lives in one
place whether it comes in through a page or the API."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.core.forms import DateInput
from minzheng.facilities.sites.models import Facility

SYSTEMS = [("wgs84", "WGS-84（GPS）"), ("gcj02", "GCJ-02（高德、腾讯地图上取的点）"), ("bd09", "BD-09（百度地图上取的点）")]


class FacilityFilterForm(forms.Form):
    q = forms.CharField(label="名称或地址", required=False, max_length=50)
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *Facility.Kind.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *Facility.Status.choices])
    region = forms.ChoiceField(label="区划", required=False)
    tag = forms.ChoiceField(label="标签", required=False, choices=[("", "全部"), *Facility.Tag.choices])
    # Set by the link on an operator's page: that operator's sites.
    operator = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, region_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "全部"), *region_choices]


class FacilityForm(forms.Form):
    name = forms.CharField(label="设施名称", max_length=200)
    kind = forms.ChoiceField(label="类别", choices=Facility.Kind.choices)
    operator = forms.TypedChoiceField(label="运营机构", required=False, coerce=int, empty_value=None)
    address_code = forms.CharField(label="标准地址编码", required=False, max_length=40,
                                   help_text="在“标准地址”中查到的地址编码；有标准地址时，区划、地址和坐标可留空")
    region_code = forms.CharField(label="所属区划代码", required=False, max_length=12,
                                  help_text="12位区划代码，如乡镇街道或村（社区）")
    address_text = forms.CharField(label="地址", required=False, max_length=400, help_text="无标准地址时必填")
    lng = forms.CharField(label="经度", required=False, max_length=20)
    lat = forms.CharField(label="纬度", required=False, max_length=20)
    coord = forms.ChoiceField(label="坐标系", choices=SYSTEMS, initial="wgs84",
                              help_text="在哪种地图上取的点；保存时统一换算为 WGS-84")
    capacity = forms.CharField(label="容量", required=False, max_length=10, help_text="床位、座位或格位数")
    floor_area = forms.CharField(label="建筑面积（平方米）", required=False, max_length=15)
    opened_on = forms.DateField(label="开业日期", required=False, widget=DateInput())
    rebuilt_on = forms.DateField(label="改扩建日期", required=False, widget=DateInput())
    status = forms.ChoiceField(label="状态", choices=Facility.Status.choices, initial=Facility.Status.OPEN)
    opening_hours = forms.CharField(label="开放时间", required=False, max_length=400,
                                    widget=forms.TextInput(attrs={"placeholder": "如：周一至周六 11:00-13:00"}))
    service_phone = forms.CharField(label="服务电话", required=False, max_length=40)
    public = forms.BooleanField(label="对公众公开（出现在就近查询、门牌页和地图标注中）", required=False, initial=True)
    tags = forms.MultipleChoiceField(label="标签", required=False, choices=Facility.Tag.choices,
                                     widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, operator_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["operator"].choices = [("", "（无）"), *operator_choices]

    @staticmethod
    def initial_of(facility: Facility) -> dict[str, Any]:
        return {"name": facility.name, "kind": facility.kind, "operator": facility.operator_id,
                "address_code": facility.address.code if facility.address is not None else "",
                "region_code": facility.region_code,
                "address_text": "" if facility.address_id else facility.address_text,
                "lng": facility.lng if facility.lng is not None else "",
                "lat": facility.lat if facility.lat is not None else "", "coord": "wgs84",
                "capacity": facility.capacity if facility.capacity is not None else "",
                "floor_area": facility.floor_area if facility.floor_area is not None else "",
                "opened_on": facility.opened_on, "rebuilt_on": facility.rebuilt_on, "status": facility.status,
                "opening_hours": facility.opening_hours, "service_phone": facility.service_phone,
                "public": facility.public, "tags": list(facility.tags or [])}


class OperationForm(forms.Form):
    """What a provider operator keeps up to date on their own sites."""

    opening_hours = forms.CharField(label="开放时间", required=False, max_length=400)
    status = forms.ChoiceField(label="状态", choices=Facility.Status.choices)
