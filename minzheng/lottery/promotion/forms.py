from __future__ import annotations

from django import forms

from minzheng.core.forms import DateInput


class EventForm(forms.Form):
    held_on = forms.DateField(label="活动日期", widget=DateInput())
    title = forms.CharField(label="活动名称", max_length=100)
    place = forms.CharField(label="活动地点", max_length=100)
    region_code = forms.ChoiceField(label="所属区划")
    participants = forms.IntegerField(label="参与人数", min_value=0, max_value=1_000_000, initial=0)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, regions: list[tuple[str, str]] = (), **kwargs) -> None:  # type: ignore[assignment, no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = list(regions)
