"""Forms of the child profile pages. They check the shape of the input; the services decide (the
child, the facts, the categories) and their reasons land on the same fields."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.children.codes import Category, Hukou, ParentRole, ParentStatus
from minzheng.children.profiles.models import ChildProfile
from minzheng.core.forms import DateInput

STATUS_CHOICES = [("active", "在册"), ("ended", "已终止"), ("all", "全部")]
DATE_INVALID = "{field}：格式应为 YYYY-MM-DD"


def _date(label: str, *, required: bool = False) -> forms.DateField:
    message = DATE_INVALID.format(field=label)
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        error_messages={"required": message, "invalid": message},
    )


class FilterForm(forms.Form):
    q = forms.CharField(label="儿童姓名", required=False, max_length=50)
    category = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *Category.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)
    review_due = forms.BooleanField(label="只看30天内到期复核", required=False)


class ProfileForm(forms.Form):
    """The facts an officer enters when opening or reviewing a profile."""

    hukou = forms.ChoiceField(
        label="户口性质",
        choices=Hukou.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "户口性质：请选择", "invalid_choice": "户口性质：请选择"},
    )
    categories = forms.MultipleChoiceField(
        label="儿童类别",
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "儿童类别：请至少选择一个类别"},
    )
    guardian_name = forms.CharField(
        label="监护人姓名", max_length=50, error_messages={"required": "监护人姓名：请填写"}
    )
    guardian_relation = forms.CharField(
        label="与儿童关系", max_length=20, error_messages={"required": "与儿童关系：请填写"}
    )
    guardian_phone = forms.CharField(label="监护人电话", required=False, max_length=20)
    review_on = _date("复核日期")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for role, label in ParentRole.choices:
            self.fields[f"{role}_status"] = forms.ChoiceField(
                label=f"{label}情况",
                choices=ParentStatus.choices,
                error_messages={"required": f"{label}情况：请选择", "invalid_choice": f"{label}情况：请选择"},
            )
            self.fields[f"{role}_since"] = _date(f"{label}情况起始日期")
            self.fields[f"{role}_id_number"] = forms.CharField(
                label=f"{label}身份证号（已知时）", required=False, max_length=18
            )
            self.fields[f"{role}_name"] = forms.CharField(label=f"{label}姓名", required=False, max_length=50)
            self.fields[f"{role}_works_away"] = forms.BooleanField(label=f"{label}外出务工", required=False)
            self.fields[f"{role}_cannot_guard"] = forms.BooleanField(
                label=f"{label}不能履行监护职责", required=False
            )

    def parent_fields(self, role: str) -> list[Any]:
        return [
            self[f"{role}_{name}"]
            for name in ("status", "since", "id_number", "name", "works_away", "cannot_guard")
        ]

    @property
    def father_fields(self) -> list[Any]:
        return self.parent_fields("father")

    @property
    def mother_fields(self) -> list[Any]:
        return self.parent_fields("mother")

    def main_fields(self) -> list[Any]:
        return [self[name] for name in ("hukou", "categories")]

    def guardian_fields(self) -> list[Any]:
        return [self[name] for name in ("guardian_name", "guardian_relation", "guardian_phone", "review_on")]


class CreateForm(ProfileForm):
    id_number = forms.CharField(
        label="儿童身份证号", max_length=18, error_messages={"required": "身份证号：请填写"}
    )
    opened_on = _date("建档日期")

    def main_fields(self) -> list[Any]:
        return [self["id_number"], self["opened_on"], *super().main_fields()]


class EndForm(forms.Form):
    end_reason = forms.ChoiceField(
        label="终止原因",
        choices=ChildProfile.EndReason.choices,
        error_messages={"required": "终止原因：请选择", "invalid_choice": "终止原因：请选择"},
    )
    ended_on = _date("终止日期")


def initial_of(profile: ChildProfile) -> dict[str, Any]:
    """The review form's starting values: the profile as it stands."""
    initial: dict[str, Any] = {
        "hukou": profile.hukou,
        "categories": profile.categories,
        "guardian_name": profile.guardian_name,
        "guardian_relation": profile.guardian_relation,
    }
    for parent in profile.parents.select_related("person"):
        initial.update(
            {
                f"{parent.role}_status": parent.status,
                f"{parent.role}_since": parent.since,
                f"{parent.role}_name": parent.name,
                f"{parent.role}_works_away": parent.works_away,
                f"{parent.role}_cannot_guard": not parent.can_guard,
            }
        )
    return initial
