"""Forms of the after-death pages; the services give the reasons."""

from __future__ import annotations

from django import forms

from minzheng.funeral.after_death.models import ChecklistStatus


class ChecklistItemForm(forms.Form):
    status = forms.CharField(label="状态", required=False, widget=forms.Select(choices=ChecklistStatus.choices))
    note = forms.CharField(label="说明", max_length=200, required=False)


class FamilyCodeForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=20, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
                           help_text="办理死亡登记时告知家属的10位查询码")
