"""Form helpers every app's pages share, and the audit search forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError

from minzheng.core.models import AccessLog

DATE_RANGE_REVERSED = "开始日期不能晚于结束日期"
REGION_PREFIX_INVALID = "区划代码应为2到12位数字"


def add_service_errors(form: forms.BaseForm, exc: ValidationError, aliases: Mapping[str, str] | None = None) -> None:
    """Show a service's ``ValidationError`` on ``form``: each key lands on the field of that name
    (or of the name ``aliases`` maps it to), and keys the form has no field for become errors of
    the whole form, so no reason is ever lost."""
    aliases = aliases or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, messages in exc.message_dict.items():
        name = aliases.get(key, key)
        form.add_error(name if name in form.fields else None, messages)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class DateRangeForm(forms.Form):
    since = forms.DateField(label="开始日期", required=False, widget=DateInput())
    until = forms.DateField(label="结束日期", required=False, widget=DateInput())

    def clean(self) -> dict:
        data = super().clean() or {}
        since: dt.date | None = data.get("since")
        until: dt.date | None = data.get("until")
        if since and until and since > until:
            self.add_error("until", DATE_RANGE_REVERSED)
        return data


class AuditSearchForm(DateRangeForm):
    action = forms.CharField(label="操作", required=False, max_length=100,
                             widget=forms.TextInput(attrs={"list": "audit-actions", "placeholder": "如 people.household"}))
    actor = forms.CharField(label="操作人账号", required=False, max_length=150)
    object_type = forms.CharField(label="对象类型", required=False, max_length=100,
                                  widget=forms.TextInput(attrs={"list": "audit-object-types"}))
    object_id = forms.CharField(label="对象编号", required=False, max_length=64)
    region_code = forms.RegexField(label="区划代码", required=False, regex=r"^\d{2,12}$",
                                   error_messages={"invalid": REGION_PREFIX_INVALID},
                                   widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "前缀即可"}))

    field_order = ["action", "actor", "object_type", "object_id", "region_code", "since", "until"]


class AccessLogSearchForm(DateRangeForm):
    actor = forms.CharField(label="操作人账号", required=False, max_length=150)
    subject_id = forms.CharField(label="人员编号", required=False, max_length=64)
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *AccessLog.Kind.choices])

    field_order = ["actor", "subject_id", "kind", "since", "until"]
