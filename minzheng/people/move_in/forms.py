"""The forms of the move-in pages: the shape of the input; the services check the rules."""

from __future__ import annotations

from django import forms

from minzheng.people.forms import IdNumberField

Choices = list[tuple[str, str]]


class MoveInRequestForm(forms.Form):
    id_number = IdNumberField(help_text="要迁入人员的身份证号（该人员已在本市其他地区登记）")
    name = forms.CharField(label="姓名", max_length=50, help_text="由对方经办人核对")
    region_code = forms.ChoiceField(label="迁入地（村社区）")
    reason = forms.CharField(label="迁入理由", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, village_choices: Choices, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region_code"].choices = village_choices
        if len(village_choices) == 1:
            self.fields["region_code"].initial = village_choices[0][0]


class AcceptForm(forms.Form):
    note = forms.CharField(label="处理意见", required=False, max_length=200)


class RefuseForm(forms.Form):
    reason = forms.CharField(label="拒绝理由", max_length=200, widget=forms.Textarea(attrs={"rows": 2}))
