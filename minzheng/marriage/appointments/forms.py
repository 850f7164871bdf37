"""The appointment forms. Fields are loose (text, not required) on purpose: the services check
every value and answer with a Chinese message that names the field, the same on every channel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from minzheng.core.forms import DateInput
from minzheng.marriage.appointments import messages
from minzheng.marriage.appointments.models import Business, Slot

WEEKDAYS = "一二三四五六日"
ID_ATTRS = {"autocomplete": "off", "inputmode": "text", "maxlength": "18", "autocapitalize": "characters",
            "spellcheck": "false"}


def slot_label(slot: Slot) -> str:
    return (f"{slot.day:%m月%d日} 周{WEEKDAYS[slot.day.weekday()]} {slot.starts_at:%H:%M}–{slot.ends_at:%H:%M}"
            f"（余{slot.free}）")


class OfficeChoiceForm(forms.Form):
    """The public page's first step: which office and which business."""

    office = forms.ChoiceField(label="婚姻登记处", required=False)
    business = forms.ChoiceField(label="办理业务", choices=Business.choices, initial=Business.MARRIAGE, required=False)

    def __init__(self, *args: Any, offices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [("", "请选择婚姻登记处")] + [(str(pk), name) for pk, name in offices]


class BookingForm(forms.Form):
    slot = forms.ChoiceField(label="预约时段", required=False,
                             error_messages={"invalid_choice": messages.SLOT_UNKNOWN})
    first_name = forms.CharField(label="甲方姓名", required=False, max_length=60,
                                 widget=forms.TextInput(attrs={"autocomplete": "off"}))
    first_id_number = forms.CharField(label="甲方身份证号", required=False, max_length=30,
                                      widget=forms.TextInput(attrs=ID_ATTRS))
    second_name = forms.CharField(label="乙方姓名", required=False, max_length=60,
                                  widget=forms.TextInput(attrs={"autocomplete": "off"}))
    second_id_number = forms.CharField(label="乙方身份证号", required=False, max_length=30,
                                       widget=forms.TextInput(attrs=ID_ATTRS),
                                       help_text="补领婚姻登记证可由一方预约，乙方可不填")

    def __init__(self, *args: Any, slots: list[Slot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [("", "请选择时段")] + [(str(s.pk), slot_label(s)) for s in slots]
        for name in ("first_name", "first_id_number", "second_name", "second_id_number"):
            self.fields[name].error_messages["max_length"] = messages.NAME_TOO_LONG.format(
                field=self.fields[name].label, max=self.fields[name].max_length)


class CancelForm(forms.Form):
    code = forms.CharField(label="确认码", required=False, max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))
    id_number = forms.CharField(label="任一方身份证号", required=False, max_length=30,
                                widget=forms.TextInput(attrs=ID_ATTRS))


class SlotBatchForm(forms.Form):
    office = forms.ChoiceField(label="婚姻登记处", required=False,
                               error_messages={"invalid_choice": messages.OFFICE_INVALID})
    business = forms.ChoiceField(label="业务类型", choices=Business.choices, initial=Business.MARRIAGE, required=False,
                                 error_messages={"invalid_choice": messages.BUSINESS_INVALID})
    first_day = forms.CharField(label="开始日期", required=False, widget=DateInput())
    days = forms.CharField(label="天数", required=False, initial="7", help_text="只在工作日开放（法定节假日不开放，调休上班日开放）")
    times = forms.CharField(label="开始时间", required=False, initial="09:00,09:30,10:00,10:30,14:00,14:30,15:00,15:30",
                            help_text="多个时间用逗号分隔")
    length_minutes = forms.CharField(label="每段时长（分钟）", required=False, initial="30")
    capacity = forms.CharField(label="可预约对数", required=False, initial="4")

    def __init__(self, *args: Any, offices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [(str(pk), name) for pk, name in offices]
        self.fields["first_day"].initial = dt.date.today().isoformat()


class DeskForm(forms.Form):
    office = forms.ChoiceField(label="婚姻登记处", required=False,
                               error_messages={"invalid_choice": messages.OFFICE_INVALID})
    day = forms.DateField(label="日期", required=False, widget=DateInput(),
                          error_messages={"invalid": "日期：不是有效日期"})

    def __init__(self, *args: Any, offices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [(str(pk), name) for pk, name in offices]
