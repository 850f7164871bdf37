"""Form pieces the rehab pages share: a date input and a date field with Chinese messages."""

from __future__ import annotations

from django import forms

from minzheng.disability import messages


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def date_field(label: str, *, required: bool = True) -> forms.DateField:
    invalid = messages.DATE_INVALID.format(field=label)
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        error_messages={"required": messages.DATE_REQUIRED.format(field=label), "invalid": invalid},
    )
