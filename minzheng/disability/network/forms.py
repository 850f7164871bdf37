from __future__ import annotations

from typing import Any

from django import forms

from minzheng.disability import messages
from minzheng.disability.forms import date_field
from minzheng.disability.network.models import NetworkLevel


class PlaceForm(forms.Form):
    facility = forms.TypedChoiceField(
        label="机构",
        coerce=int,
        error_messages={"required": messages.FACILITY_REQUIRED, "invalid_choice": messages.FACILITY_REQUIRED},
    )
    level = forms.ChoiceField(
        label="网络层级",
        choices=NetworkLevel.choices,
        error_messages={"required": messages.LEVEL_INVALID, "invalid_choice": messages.LEVEL_INVALID},
    )
    placed_on = date_field("纳入日期")

    def __init__(self, *args: Any, facilities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = facilities  # type: ignore[attr-defined]


class EndForm(forms.Form):
    ended_on = date_field("退出日期")
