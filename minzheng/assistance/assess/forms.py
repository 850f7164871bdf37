"""The public self-check forms: what a resident can answer on a phone, with no ID number and no
name. The household's income is asked as one total (the policy uses the total and the number of
members, so this is the same calculation as listing each member)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from minzheng.assistance import messages
from minzheng.assistance.assess.calculate import townships_grouped
from minzheng.assistance.assess.inputs import DEPOSITS_MAX, INCOME_MAX, MEMBERS_MAX
from minzheng.assistance.codes import GRADES, DisabilityKind, Supporters

NUMERIC = {"inputmode": "decimal", "autocomplete": "off"}


def _money(label: str, help_text: str, *, maximum: Decimal, required: bool, initial: str | None = None,
           invalid: str, negative: str, large: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, help_text=help_text, required=required, initial=initial, min_value=0, max_value=maximum,
        max_digits=14, decimal_places=2, widget=forms.TextInput(attrs=NUMERIC),
        error_messages={"required": messages.INCOME_REQUIRED, "invalid": invalid, "max_digits": invalid,
                        "max_decimal_places": invalid, "max_whole_digits": invalid, "min_value": negative,
                        "max_value": large.format(max=maximum)})


def _count(label: str, initial: int) -> forms.IntegerField:
    invalid = messages.COUNT_INVALID.format(field=label)
    return forms.IntegerField(label=label, initial=initial, min_value=0, max_value=99, required=False,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 99}),
                              error_messages={"invalid": invalid, "min_value": invalid,
                                              "max_value": messages.COUNT_TOO_LARGE.format(field=label, max=99)})


class SelfCheckForm(forms.Form):
    township = forms.ChoiceField(label="户籍所在乡镇（街道）", error_messages={
        "required": messages.SELF_CHECK_TOWNSHIP_REQUIRED, "invalid_choice": messages.SELF_CHECK_TOWNSHIP_REQUIRED})
    members = forms.IntegerField(
        label="共同生活的家庭人数", min_value=1, max_value=MEMBERS_MAX, initial=1,
        help_text="配偶、未成年子女、不能独立生活的成年子女等共同生活的家庭成员，含本人",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": MEMBERS_MAX}),
        error_messages={"required": messages.ASSESS_MEMBERS_REQUIRED, "invalid": messages.ASSESS_MEMBERS_REQUIRED,
                        "min_value": messages.ASSESS_MEMBERS_REQUIRED,
                        "max_value": messages.ASSESS_MEMBERS_TOO_MANY.format(max=MEMBERS_MAX)})
    income = _money("全家每月收入合计（元）", "工资、经营、财产、养老金等收入，按月平均", maximum=INCOME_MAX * MEMBERS_MAX,
                    required=True, invalid=messages.INCOME_INVALID, negative=messages.INCOME_NEGATIVE,
                    large=messages.INCOME_TOO_LARGE)
    deposits = _money("全家存款及理财（元）", "没有可填0", maximum=DEPOSITS_MAX, required=False, initial="0",
                      invalid=messages.DEPOSITS_INVALID, negative=messages.DEPOSITS_NEGATIVE,
                      large=messages.DEPOSITS_TOO_LARGE)
    vehicles = _count("机动车数量", 0)
    houses = _count("住房套数", 1)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["township"].choices = [("", "请选择"), *townships_grouped()]


class TekunSelfCheckForm(forms.Form):
    """One person: age, own income, supporters, a disability certificate if any, assets. The
    self-care items are assessed by the township, so the care subsidy is not estimated here."""

    township = SelfCheckForm.base_fields["township"]
    age = forms.IntegerField(label="年龄（周岁）", min_value=0, max_value=150,
                             widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 150}),
                             error_messages={"required": messages.AGE_REQUIRED, "invalid": messages.AGE_INVALID,
                                             "min_value": messages.AGE_INVALID, "max_value": messages.AGE_INVALID})
    income = _money("本人每月收入（元）", "养老金、工资、租金等收入，按月平均；没有可填0", maximum=INCOME_MAX,
                    required=True, invalid=messages.INCOME_INVALID, negative=messages.INCOME_NEGATIVE,
                    large=messages.INCOME_TOO_LARGE)
    supporters = forms.ChoiceField(label="子女、配偶等法定赡养、抚养、扶养人", choices=[("", "请选择"), *Supporters.choices],
                                   error_messages={"required": messages.SUPPORTERS_INVALID,
                                                   "invalid_choice": messages.SUPPORTERS_INVALID})
    disability_kind = forms.ChoiceField(label="残疾人证类别", required=False,
                                        choices=[("", "没有残疾人证"), *DisabilityKind.choices],
                                        error_messages={"invalid_choice": messages.DISABILITY_KIND_INVALID})
    disability_grade = forms.TypedChoiceField(label="残疾等级", required=False, coerce=int, empty_value=None,
                                              choices=[("", "—"), *[(g, f"{g}级") for g in GRADES]],
                                              error_messages={"invalid_choice": messages.DISABILITY_GRADE_INVALID})
    deposits = SelfCheckForm.base_fields["deposits"]
    vehicles = SelfCheckForm.base_fields["vehicles"]
    houses = SelfCheckForm.base_fields["houses"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["township"].choices = [("", "请选择"), *townships_grouped()]
        self.fields["deposits"].label = "本人存款及理财（元）"

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("disability_kind") and not data.get("disability_grade"):
            self.add_error("disability_grade", messages.DISABILITY_GRADE_INVALID)
        return data
