"""Forms of the doorplate pages. They only gather input: the services check it and give the
reasons (``minzheng.core.forms.add_service_errors`` puts them on the fields), so a rule lives
in one place whether it comes in through a page or the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from minzheng.core.forms import DateInput
from minzheng.places.doorplates.models import Doorplate, PlateReport
from minzheng.places.doorplates.services import REPORT_TEXT_MAX, RESOLUTION_MAX


class PlateReportForm(forms.Form):
    """The public form under a plate. No personal data is asked for; the phone is optional."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # Chinese labels stand without a colon
        super().__init__(*args, **kwargs)

    # A plain field with a select widget: the service checks the value and gives the message.
    kind = forms.CharField(label="问题类型", required=False,
                           widget=forms.Select(choices=[("", "请选择"), *PlateReport.Kind.choices]))
    text = forms.CharField(
        label="问题描述", required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": REPORT_TEXT_MAX,
                                     "placeholder": "例如：门牌被遮挡、二维码无法识别、地址写错了"}),
        help_text=f"不超过{REPORT_TEXT_MAX}字。请勿填写身份证号等个人信息。",
    )
    contact = forms.CharField(
        label="联系电话（选填）", required=False, max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "便于工作人员回访"}),
        help_text="仅工作人员可见，加密保存。",
    )


class DoorplateCreateForm(forms.Form):
    address = forms.IntegerField(label="标准地址编号", min_value=1,
                                 help_text="在标准地址详情页可以看到编号")
    installed_on = forms.DateField(label="安装日期", widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["installed_on"].initial = timezone.localdate()


class DoorplateRemoveForm(forms.Form):
    reason = forms.CharField(label="拆除原因", required=False, max_length=200)


class DoorplateFilterForm(forms.Form):
    q = forms.CharField(label="地址", required=False, max_length=60,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "地址中的文字，如 红旗路18号；或地址编码"}))
    region = forms.ChoiceField(label="区域", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *Doorplate.Status.choices])

    def __init__(self, *args: Any, region_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "全部"), *region_choices]


class BatchForm(forms.Form):
    village = forms.ChoiceField(label="村（社区）")
    installed_on = forms.DateField(label="安装日期", widget=DateInput())

    def __init__(self, *args: Any, village_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [("", "请选择"), *village_choices]
        self.fields["installed_on"].initial = timezone.localdate()


class ReportHandleForm(forms.Form):
    resolution = forms.CharField(label="处理说明", required=False, max_length=RESOLUTION_MAX,
                                 widget=forms.TextInput(attrs={"placeholder": "处理说明（不予处理时必填）"}))


class DepartmentForm(forms.Form):
    name = forms.CharField(label="部门名称", required=False, max_length=60)
    phone = forms.CharField(label="咨询电话", required=False, max_length=30)
    url = forms.CharField(label="网址", required=False, max_length=200)
    sort = forms.IntegerField(label="排序", required=False, initial=0)
    active = forms.BooleanField(label="启用", required=False, initial=True)


class ServiceForm(forms.Form):
    department = forms.TypedChoiceField(label="所属部门", coerce=int, empty_value=None, required=False)
    name = forms.CharField(label="服务名称", required=False, max_length=80)
    region_code = forms.ChoiceField(label="适用区划", required=False,
                                    help_text="该区划及其下辖的所有地址的门牌都会显示此服务")
    phone = forms.CharField(label="电话", required=False, max_length=30)
    url = forms.CharField(label="办理链接", required=False, max_length=200)
    description = forms.CharField(label="说明", required=False, max_length=200)
    sort = forms.IntegerField(label="排序", required=False, initial=0)
    active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args: Any, departments: list[tuple[int, str]], regions: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "请选择"), *departments]
        self.fields["region_code"].choices = regions
