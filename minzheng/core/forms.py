"""Form helpers every app's pages share, and the audit search forms."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import BaseChoiceIterator, normalize_choices

from minzheng.core import audit_labels
from minzheng.core.models import AccessLog

DATE_RANGE_REVERSED = "开始日期不能晚于结束日期"


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


class _Normalized(BaseChoiceIterator):
    """Choices already in Django's normal form: a field and its widget take them as they are
    (``normalize_choices`` passes a choice iterator through) instead of walking every option
    again on each form."""

    def __init__(self, choices: list[tuple[Any, Any]]) -> None:
        self.choices = choices

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)


@functools.cache
def _audit_pick_lists() -> tuple[_Normalized, _Normalized]:
    """The action and object-type pick lists (some 620 options, from code, not the database):
    normalized once per process, not on every search."""
    return (_Normalized(normalize_choices([("", "全部"), *audit_labels.action_choices()])),
            _Normalized(normalize_choices([("", "全部"), *audit_labels.object_type_choices()])))


class AuditSearchForm(DateRangeForm):
    """The auditor's filters, in words: pick lists of actions, object types and regions, and
    staff found by the name they go by."""

    action = forms.ChoiceField(label="操作", required=False)
    actor = forms.CharField(label="操作人", required=False, max_length=150,
                            widget=forms.TextInput(attrs={"placeholder": "姓名或账号；系统操作填“系统”"}))
    object_type = forms.ChoiceField(label="对象类型", required=False)
    object_name = forms.CharField(label="对象名称", required=False, max_length=100,
                                  widget=forms.TextInput(attrs={"placeholder": "如人名、户名、地址"}))
    region_code = forms.ChoiceField(label="区划", required=False)

    field_order = ["action", "actor", "object_type", "object_name", "region_code", "since", "until"]

    def __init__(self, *args: Any, region_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices, self.fields["object_type"].choices = _audit_pick_lists()
        self.fields["region_code"].choices = [("", "全部"), *region_choices]
        if not region_choices:  # a village-wide auditor has nothing to narrow
            del self.fields["region_code"]


class AccessLogSearchForm(DateRangeForm):
    person = forms.CharField(label="被查看人员", required=False, max_length=50,
                             widget=forms.TextInput(attrs={"placeholder": "姓名或18位身份证号", "autocomplete": "off"}))
    actor = forms.CharField(label="操作人", required=False, max_length=150,
                            widget=forms.TextInput(attrs={"placeholder": "姓名或账号"}))
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *AccessLog.Kind.choices])

    field_order = ["person", "actor", "kind", "since", "until"]
