"""The counselling registry's forms. Loose on purpose: the services check every value and name the
field in Chinese; the choice fields only offer what is in the user's scope."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.core.forms import DateInput
from minzheng.marriage.counselling import messages
from minzheng.marriage.counselling.models import BaseStatus, EventKind


class WeddingBaseForm(forms.Form):
    name = forms.CharField(label="基地名称", required=False, max_length=120)
    region_code = forms.ChoiceField(label="所属区划", required=False,
                                    error_messages={"invalid_choice": messages.REGION_INVALID})
    designated_on = forms.CharField(label="命名日期", required=False, widget=DateInput())
    address_text = forms.CharField(label="地址", required=False, max_length=220)
    status = forms.ChoiceField(label="状态", choices=BaseStatus.choices, required=False,
                               error_messages={"invalid_choice": messages.STATUS_INVALID})
    note = forms.CharField(label="说明", required=False, max_length=220)

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = [("", "请选择"), *list(regions)]


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="活动类型", choices=[("", "请选择"), *list(EventKind.choices)], required=False,
                             error_messages={"invalid_choice": messages.KIND_INVALID})
    title = forms.CharField(label="活动名称", required=False, max_length=120)
    held_on = forms.CharField(label="活动日期", required=False, widget=DateInput())
    region_code = forms.ChoiceField(label="所属区划", required=False,
                                    error_messages={"invalid_choice": messages.REGION_INVALID})
    facility = forms.ChoiceField(label="服务设施", required=False, help_text="婚姻家庭辅导驿站或婚姻登记处",
                                 error_messages={"invalid_choice": messages.FACILITY_INVALID})
    base = forms.ChoiceField(label="简约婚礼示范基地", required=False,
                             error_messages={"invalid_choice": messages.BASE_INVALID})
    place_text = forms.CharField(label="其他地点", required=False, max_length=220)
    organizer = forms.CharField(label="主办单位", required=False, max_length=120)
    people = forms.CharField(label="参与人数", required=False, initial="0")
    couples = forms.CharField(label="参与新人（对）", required=False, initial="0", help_text="集体颁证、集体婚礼填写")
    participant_names = forms.CharField(label="参与人名单（选填）", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                        help_text="每行一人，可不填")
    note = forms.CharField(label="说明", required=False, max_length=220)

    def __init__(self, *args: Any, regions: list[tuple[str, str]], facilities: list[tuple[int, str]],
                 bases: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = [("", "请选择"), *list(regions)]
        self.fields["facility"].choices = [("", "无")] + [(str(pk), name) for pk, name in facilities]
        self.fields["base"].choices = [("", "无")] + [(str(pk), name) for pk, name in bases]


class EventFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100,
                              error_messages={k: "年度：应为2000至2100的年份" for k in ("invalid", "min_value", "max_value")})
    kind = forms.ChoiceField(label="活动类型", choices=[("", "全部"), *list(EventKind.choices)], required=False,
                             error_messages={"invalid_choice": messages.KIND_INVALID})
