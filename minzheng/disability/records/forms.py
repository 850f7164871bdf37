from __future__ import annotations

from typing import Any

from django import forms

from minzheng.disability import messages
from minzheng.disability.forms import date_field
from minzheng.disability.records.models import ServiceKind
from minzheng.disability.records.services import MINUTES_MAX, NOTE_MAX, STAFF_MAX


class ServiceForm(forms.Form):
    facility = forms.TypedChoiceField(
        label="服务机构",
        coerce=int,
        error_messages={
            "required": messages.SERVICE_FACILITY_REQUIRED,
            "invalid_choice": messages.SERVICE_FACILITY_NOT_YOURS,
        },
    )
    kind = forms.ChoiceField(
        label="服务类型",
        choices=ServiceKind.choices,
        error_messages={
            "required": messages.SERVICE_KIND_INVALID,
            "invalid_choice": messages.SERVICE_KIND_INVALID,
        },
    )
    served_on = date_field("服务日期")
    minutes = forms.CharField(
        label="时长（分钟）",
        max_length=3,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": messages.MINUTES_INVALID.format(max=MINUTES_MAX)},
    )
    staff = forms.CharField(
        label="服务人员",
        max_length=STAFF_MAX,
        error_messages={"required": messages.STAFF_REQUIRED.format(max=STAFF_MAX)},
    )
    note = forms.CharField(label="备注", required=False, max_length=NOTE_MAX)

    def __init__(self, *args: Any, facilities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = facilities  # type: ignore[attr-defined]


class YearFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="服务类型", required=False, choices=[("", "全部"), *ServiceKind.choices])
