"""The forms of the people pages. They check the shape of the input; the services check the
rules and answer in Chinese, and the views put those answers back on these forms."""

from __future__ import annotations

from django import forms

from minzheng.core.forms import DateInput
from minzheng.people.messages import MEMBER_PICK_OR_ID_NUMBER
from minzheng.people.models import Membership, Person
from minzheng.people.validation import FieldError, clean_id_number

Choices = list[tuple[str, str]]

# 本人 is given only by opening a household or changing its head, never by picking it.
MEMBER_RELATIONSHIPS: Choices = [
    (value, label) for value, label in Membership.Relationship.choices if value != Membership.Relationship.SELF
]
# In a form the user must choose: a preselected 配偶 would be saved by whoever forgot to look.
CHOOSE_RELATIONSHIP: Choices = [("", "请选择"), *MEMBER_RELATIONSHIPS]


class IdNumberField(forms.CharField):
    """A resident ID number, checked (length, date, checksum) with the registry's own reasons."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("label", "身份证号")
        kwargs.setdefault("max_length", 24)
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "class": "id-number"})

    def clean(self, value: object) -> str:
        raw = super().clean(value)
        if raw in self.empty_values:
            return ""
        try:
            return clean_id_number(raw).value
        except FieldError as exc:
            raise forms.ValidationError(exc.message) from exc


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="姓名或身份证号", required=False, max_length=50,
                        widget=forms.SearchInput(attrs={"placeholder": "姓名（前几个字）或18位身份证号",
                                                        "autocomplete": "off"}))
    region = forms.ChoiceField(label="区划", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *Person.Status.choices])
    address = forms.RegexField(
        label="标准地址编码", required=False, regex=r"^\d{12,30}$",
        error_messages={"invalid": "标准地址编码应为12到30位数字（可填前若干位）"},
        widget=forms.TextInput(attrs={"placeholder": "地址编码或其前缀", "autocomplete": "off"}),
    )
    unhoused = forms.BooleanField(label="只看未入户（不属于任何家庭户）", required=False)

    def __init__(self, *args: object, region_choices: Choices, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region"].choices = [("", "全部"), *region_choices]


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(label="户主姓名或成员身份证号", required=False, max_length=50,
                        widget=forms.SearchInput(attrs={"placeholder": "户主姓名或任一成员的身份证号",
                                                        "autocomplete": "off"}))
    region = forms.ChoiceField(label="区划", required=False)

    def __init__(self, *args: object, region_choices: Choices, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region"].choices = [("", "全部"), *region_choices]


class _PersonFieldsForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号", required=False, max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    region_code = forms.ChoiceField(label="居住地（村社区）")
    address_text = forms.CharField(label="住址", required=False, max_length=200)

    def __init__(self, *args: object, village_choices: Choices, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region_code"].choices = village_choices
        if len(village_choices) == 1:
            self.fields["region_code"].initial = village_choices[0][0]


class PersonCreateForm(_PersonFieldsForm):
    id_number = IdNumberField()

    field_order = ["id_number", "name", "phone", "region_code", "address_text"]


class PersonUpdateForm(_PersonFieldsForm):
    clear_phone = forms.BooleanField(label="删除手机号", required=False)

    field_order = ["name", "phone", "clear_phone", "region_code", "address_text"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["phone"].help_text = "留空则不修改"

    def phone_change(self) -> str | None:
        """The new phone for the service: ``None`` leaves it, ``""`` removes it."""
        if self.cleaned_data.get("clear_phone"):
            return ""
        return self.cleaned_data.get("phone") or None


class DeathForm(forms.Form):
    death_date = forms.DateField(label="死亡日期", widget=DateInput())


class HouseholdCreateForm(forms.Form):
    id_number = IdNumberField(label="户主身份证号")
    address_text = forms.CharField(label="住址", required=False, max_length=200,
                                   help_text="留空则使用户主的住址")


# The household page shows the member forms side by side; their prefixes keep field ids apart.
class MemberAddForm(forms.Form):
    """Add a registered person who belongs to no household yet: picked from a search by name
    (``person``, the radio buttons of the candidates), or by ID number."""

    prefix = "add"

    q = forms.CharField(label="按姓名查找未入户人员", required=False, max_length=50,
                        widget=forms.SearchInput(attrs={"placeholder": "姓名（前几个字）", "autocomplete": "off"}))
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)  # rendered as the candidates' radios
    id_number = IdNumberField(required=False, label="或填写身份证号")
    relationship = forms.ChoiceField(label="与户主关系", choices=CHOOSE_RELATIONSHIP)

    def clean(self) -> dict:
        data = super().clean() or {}
        if not data.get("person") and not data.get("id_number") and "id_number" not in self.errors:
            self.add_error("id_number", MEMBER_PICK_OR_ID_NUMBER)
        return data


class MemberCreateForm(forms.Form):
    """Register a new person and add them, in one step."""

    prefix = "new"

    name = forms.CharField(label="姓名", max_length=50)
    id_number = IdNumberField()
    phone = forms.CharField(label="手机号", required=False, max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    relationship = forms.ChoiceField(label="与户主关系", choices=CHOOSE_RELATIONSHIP)


class MemberMoveForm(forms.Form):
    """Move a person from the household they are in now into this one."""

    prefix = "move"

    id_number = IdNumberField()
    relationship = forms.ChoiceField(label="在本户中与户主关系", choices=CHOOSE_RELATIONSHIP)


class HeadChangeForm(forms.Form):
    prefix = "head"
    new_head = forms.ChoiceField(label="新户主")
    old_head_relationship = forms.ChoiceField(label="原户主改为", choices=CHOOSE_RELATIONSHIP)

    def __init__(self, *args: object, members: list[Membership], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        others = [m for m in members if m.relationship != Membership.Relationship.SELF]
        self.fields["new_head"].choices = [
            ("", "请选择"),
            *((str(m.person_id), f"{m.person.name}（{m.get_relationship_display()}）") for m in others),
        ]


# Service errors name the model's fields; these forms ask for the person by ID number.
PERSON_BY_ID_NUMBER = {"person": "id_number", "head": "id_number"}

