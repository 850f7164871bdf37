"""``{% field_row %}`` writes what ``web/_field.html`` writes, for every field of the household page's
forms: empty, and bound with bad input (errors), with labels and choices that need escaping."""

from __future__ import annotations

import pytest
from django.forms import BooleanField, CharField, Form
from django.template.loader import render_to_string

from minzheng.people.forms import HeadChangeForm, MemberAddForm, MemberCreateForm, MemberMoveForm
from minzheng.people.templatetags.people_fields import field_row


class _Odd(Form):
    text = CharField(label="<b>名</b>", help_text="a & b", max_length=2)
    flag = BooleanField(label="同意 <i>", required=False)


def _forms(data: dict[str, str] | None) -> list[Form]:
    forms: list[Form] = [MemberAddForm(data), MemberCreateForm(data), MemberMoveForm(data), _Odd(data)]
    return [*forms, HeadChangeForm(data, members=[])]


@pytest.mark.parametrize("data", [None, {"text": "<太长了>", "flag": "on", "head-new_head": "x", "add-q": "<"}])
def test_field_row_is_the_field_template_byte_for_byte(data: dict[str, str] | None) -> None:
    fields = [field for form in _forms(data) for field in form]
    assert len(fields) > 10
    if data:
        assert any(field.errors for field in fields)
    for field in fields:
        assert field_row(field) == render_to_string("web/_field.html", {"field": field})
