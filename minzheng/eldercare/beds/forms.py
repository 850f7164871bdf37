"""Forms of the bed pages. They check shape only (a date is a date); the services check the rules
and name the field in Chinese, and the pages put those reasons back on the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from minzheng.core.forms import DateInput
from minzheng.eldercare.assessment.scoring import AbilityLevel
from minzheng.eldercare.beds import integrity, messages
from minzheng.eldercare.beds.models import BedKind, CheckOutReason
from minzheng.eldercare.beds.services import NOTE_MAX, ROOM_MAX


def _date_errors(label: str) -> dict[str, str]:
    return {"required": messages.ON_REQUIRED.format(field=label), "invalid": messages.ON_INVALID.format(field=label)}


class MonthInput(forms.TextInput):
    input_type = "month"


class BedsAddForm(forms.Form):
    room = forms.CharField(label="房间号", max_length=ROOM_MAX,
                           error_messages={"required": messages.ROOM_REQUIRED,
                                           "max_length": messages.ROOM_TOO_LONG.format(max=ROOM_MAX)})
    number = forms.CharField(label="床位号", max_length=200, help_text="一张填 1；连续多张填 1-4；不连续填 1,2,5",
                             error_messages={"required": messages.NUMBERS_REQUIRED})
    kind = forms.ChoiceField(label="床位类型", choices=BedKind.choices, initial=BedKind.NURSING,
                             error_messages={"required": messages.KIND_INVALID, "invalid_choice": messages.KIND_INVALID})


class CheckInForm(forms.Form):
    id_number = forms.CharField(label="身份证号", max_length=18, min_length=18,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}),
                                error_messages={"required": messages.ID_NUMBER_REQUIRED,
                                                "min_length": "身份证号：应为18位",
                                                "max_length": "身份证号：应为18位"})
    checked_in_on = forms.DateField(label="入住日期", widget=DateInput(), error_messages=_date_errors("入住日期"))
    note = forms.CharField(label="备注", required=False, max_length=NOTE_MAX,
                           error_messages={"max_length": messages.NOTE_TOO_LONG.format(max=NOTE_MAX)})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["checked_in_on"].initial = timezone.localdate()


class CheckOutForm(forms.Form):
    checked_out_on = forms.DateField(label="退住日期", widget=DateInput(), error_messages=_date_errors("退住日期"))
    check_out_reason = forms.ChoiceField(label="退住原因", choices=CheckOutReason.choices,
                                         error_messages={"required": messages.REASON_INVALID,
                                                         "invalid_choice": messages.REASON_INVALID})
    note = forms.CharField(label="备注", required=False, max_length=NOTE_MAX, help_text="退住原因为“其他”时必填",
                           error_messages={"max_length": messages.NOTE_TOO_LONG.format(max=NOTE_MAX)})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["checked_out_on"].initial = timezone.localdate()


class RetireForm(forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=NOTE_MAX,
                             error_messages={"required": messages.RETIRE_REASON_REQUIRED,
                                             "max_length": messages.NOTE_TOO_LONG.format(max=NOTE_MAX)})


class RunForm(forms.Form):
    period = forms.CharField(label="补贴月份", widget=MonthInput(), help_text="已结束的月份，如 2025-01",
                             error_messages={"required": messages.PERIOD_REQUIRED})
    region = forms.ChoiceField(label="补贴范围", required=False)

    def __init__(self, *args: Any, region_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "本辖区全部"), *region_choices]


class RateForm(forms.Form):
    level = forms.ChoiceField(label="能力等级", choices=AbilityLevel.choices,
                              error_messages={"required": messages.RATE_LEVEL_INVALID,
                                              "invalid_choice": messages.RATE_LEVEL_INVALID})
    region_prefix = forms.CharField(label="适用区划（代码前缀）", max_length=12, required=False,
                                    help_text="如全市 3305、某区县 330502；留空为本人辖区")
    effective_from = forms.CharField(label="起始月份", widget=MonthInput(),
                                     error_messages={"required": messages.RATE_MONTH_INVALID.format(value="")})
    amount = forms.CharField(label="补贴标准（元/床日）", max_length=12,
                             error_messages={"required": messages.RATE_AMOUNT_INVALID.format(max="10000")})
    note = forms.CharField(label="依据", required=False, max_length=NOTE_MAX, help_text="文件名称和文号")


class FindingsForm(forms.Form):
    month = forms.CharField(label="补贴月份", widget=MonthInput(), required=False,
                            help_text="核对这个月的补贴明细是否有扫码或入住记录")
    check = forms.ChoiceField(label="核查项", required=False, choices=[("", "全部"), *integrity.CHECKS.items()])
