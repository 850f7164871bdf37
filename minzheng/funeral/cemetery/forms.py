"""Forms of the cemetery pages. They parse; the services judge (area limits, dates, double sale).
A person is named by the exact 18-digit ID number and looked up in the registry wherever they
live: only a number the officer already holds finds anyone."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.core.forms import DateInput
from minzheng.funeral.cemetery import messages
from minzheng.funeral.cemetery.models import EcoBurialKind, PlotKind, PlotStatus, ProjectStatus
from minzheng.people.models import Person
from minzheng.people.selectors import person_by_full_id_number


class PersonField(forms.CharField):
    """An ID number, cleaned to the registry ``Person`` (``None`` when left empty)."""

    def __init__(self, *, label: str, required: bool = False, **kwargs: Any) -> None:
        self.person_label = label
        super().__init__(label=f"{label}身份证号", required=False, max_length=18, **kwargs)

    def clean(self, value: Any) -> Person | None:  # type: ignore[override]
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        person = person_by_full_id_number(id_number=text)
        if person is None:
            raise forms.ValidationError(messages.PERSON_NOT_FOUND.format(label=self.person_label))
        return person


class CemeteryFilterForm(forms.Form):
    q = forms.CharField(label="名称", required=False, max_length=50)
    kind = forms.ChoiceField(label="类别", required=False,
                             choices=[("", "全部"), ("cemetery", "公墓"), ("columbarium", "骨灰堂")])


class PlotFilterForm(forms.Form):
    section = forms.CharField(label="墓区", required=False, max_length=20)
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *PlotKind.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *PlotStatus.choices])


class PlotsCreateForm(forms.Form):
    section = forms.CharField(label="墓区", max_length=20, required=False)
    kind = forms.ChoiceField(label="类型", choices=PlotKind.choices)
    row_from = forms.IntegerField(label="起排", min_value=1, initial=1)
    row_to = forms.IntegerField(label="止排", min_value=1, initial=1)
    number_from = forms.IntegerField(label="起号", min_value=1, initial=1)
    number_to = forms.IntegerField(label="止号", min_value=1, initial=10)
    area = forms.CharField(label="占地面积（平方米）", required=False, max_length=10,
                           help_text="骨灰单穴≤0.7，双穴≤1；遗体单穴≤4，双穴≤6；格位可不填")


class ReserveForm(forms.Form):
    person = PersonField(label="预订人")
    until = forms.DateField(label="预订保留至", widget=DateInput())


class PurchaseForm(forms.Form):
    holder = PersonField(label="使用权人")
    sold_on = forms.DateField(label="购买日期", widget=DateInput())
    price = forms.DecimalField(label="价格（元）", min_value=0, max_digits=14, decimal_places=2)
    deceased = PersonField(label="逝者")
    interred_on = forms.DateField(label="安葬日期", required=False, widget=DateInput(),
                                  help_text="不填则为购买日期；双穴预购可不填逝者")


class IntermentForm(forms.Form):
    deceased = PersonField(label="逝者")
    interred_on = forms.DateField(label="安葬日期", widget=DateInput())


class EcoBurialForm(forms.Form):
    person = PersonField(label="逝者")
    kind = forms.ChoiceField(label="安葬方式", choices=EcoBurialKind.choices)
    buried_on = forms.DateField(label="安葬日期", widget=DateInput())
    place = forms.CharField(label="安葬地点", max_length=100, required=False)
    facility = forms.TypedChoiceField(label="公墓或骨灰堂", required=False, coerce=int, empty_value=None)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args: Any, facilities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = [("", "（不在公墓或骨灰堂，如海葬）"), *facilities]


class EcoFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=1950, max_value=2100)
    kind = forms.ChoiceField(label="安葬方式", required=False, choices=[("", "全部"), *EcoBurialKind.choices])


class ProjectForm(forms.Form):
    facility = forms.TypedChoiceField(label="公墓", coerce=int)
    plan = forms.CharField(label="改造方案", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, facilities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = facilities


class ProjectFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *ProjectStatus.choices])


class StartForm(forms.Form):
    started_on = forms.DateField(label="开工日期", widget=DateInput())


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label="完工日期", widget=DateInput())
