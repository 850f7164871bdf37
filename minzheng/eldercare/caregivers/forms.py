"""Forms of the caregiver pages. They check the shape of the input; the services decide (the
employer, the person, the certificate, the tier) and their reasons land on the same fields."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.eldercare.caregivers import messages
from minzheng.eldercare.caregivers.models import AwardLevel, CertificateLevel
from minzheng.eldercare.caregivers.services import AWARD_NAME_MAX, AWARD_RANK_MAX, NOTE_MAX

LEVEL_CHOICES = [("", "未持证"), *CertificateLevel.choices]
STATUS_CHOICES = [("active", "在职"), ("left", "已离职"), ("all", "全部")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class MonthInput(forms.TextInput):
    input_type = "month"


def _date_field(label: str, *, required: bool = True, required_message: str = "") -> forms.DateField:
    invalid = messages.DATE_INVALID.format(field=label)
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        error_messages={"required": required_message or invalid, "invalid": invalid},
    )


class FilterForm(forms.Form):
    q = forms.CharField(label="姓名或机构", required=False, max_length=50)
    level = forms.ChoiceField(
        label="证书等级",
        required=False,
        choices=[("", "全部"), ("none", "未持证"), *CertificateLevel.choices],
    )
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)


class CertificateForm(forms.Form):
    level = forms.ChoiceField(
        label="证书等级",
        required=False,
        choices=LEVEL_CHOICES,
        error_messages={"invalid_choice": messages.LEVEL_INVALID},
    )
    certificate_number = forms.CharField(label="证书编号", required=False, max_length=40)
    certified_on = _date_field("发证日期", required=False)


class RegisterForm(CertificateForm):
    employer = forms.TypedChoiceField(
        label="就职机构",
        coerce=int,
        error_messages={"required": messages.EMPLOYER_REQUIRED, "invalid_choice": messages.EMPLOYER_REQUIRED},
    )
    id_number = forms.CharField(
        label="身份证号",
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": messages.PERSON_REQUIRED},
    )
    started_on = _date_field("从业起始日期", required_message=messages.STARTED_REQUIRED)

    field_order = ["employer", "id_number", "started_on", "level", "certificate_number", "certified_on"]

    def __init__(self, *args: Any, employers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].choices = employers  # type: ignore[attr-defined]


class LeaveForm(forms.Form):
    left_on = _date_field("离职日期", required_message=messages.LEFT_REQUIRED)


class AwardForm(forms.Form):
    name = forms.CharField(
        label="竞赛或奖项名称",
        max_length=AWARD_NAME_MAX,
        error_messages={"required": messages.AWARD_NAME_REQUIRED.format(max=AWARD_NAME_MAX)},
    )
    level = forms.ChoiceField(
        label="级别",
        choices=AwardLevel.choices,
        error_messages={
            "required": messages.AWARD_LEVEL_INVALID,
            "invalid_choice": messages.AWARD_LEVEL_INVALID,
        },
    )
    rank = forms.CharField(
        label="名次或等次",
        max_length=AWARD_RANK_MAX,
        error_messages={"required": messages.AWARD_RANK_REQUIRED.format(max=AWARD_RANK_MAX)},
    )
    awarded_on = _date_field("获奖日期")


class StandardForm(forms.Form):
    level = forms.ChoiceField(
        label="证书等级",
        choices=CertificateLevel.choices,
        error_messages={
            "required": messages.STANDARD_LEVEL_INVALID,
            "invalid_choice": messages.STANDARD_LEVEL_INVALID,
        },
    )
    min_years = forms.CharField(
        label="从业年限（满，起）", max_length=3, help_text="满该年数起适用，如 0、5、10"
    )
    region_prefix = forms.CharField(
        label="适用区划（代码前缀）",
        max_length=12,
        help_text="如全市 3305、某区县 330502",
        error_messages={"required": messages.REGION_INVALID},
    )
    effective_from = forms.CharField(
        label="起始月份",
        widget=MonthInput(),
        error_messages={"required": messages.STANDARD_MONTH_INVALID.format(value="")},
    )
    amount = forms.CharField(label="津贴标准（元/月）", max_length=12)
    note = forms.CharField(label="依据", required=False, max_length=NOTE_MAX, help_text="文件名称和文号")


class GrantForm(forms.Form):
    month = forms.CharField(
        label="发放月份",
        widget=MonthInput(),
        error_messages={"required": messages.MONTH_INVALID.format(value="")},
    )
    region = forms.CharField(
        label="发放范围（区划代码前缀）", required=False, max_length=12, help_text="留空为本人辖区"
    )


class MonthForm(forms.Form):
    month = forms.CharField(label="月份", widget=MonthInput(), required=False)
