"""Forms of the registrar's pages. They carry the values; the services check them and their
reasons, keyed by field, land on the same fields (dates and ID numbers are read by the services,
so that a page and the API give the same Chinese message)."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.core.forms import DateInput
from minzheng.marriage.registrations.models import CourtMark


def _office_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label="登记机关", queryset=None, empty_label=None,  # type: ignore[arg-type]
                                  error_messages={"invalid_choice": "登记机关：请选择本辖区的婚姻登记处"})


class OfficeForm(forms.Form):
    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "office" in self.fields:
            field = self.fields["office"]
            field.queryset = offices  # type: ignore[attr-defined]
            # The drop-down's options, read once: a model choice field queries its offices each
            # time it is drawn (twice: for the options and for the ``required`` check), and the
            # record page draws one replacement form per certificate. ``offices`` is one queryset
            # per page, so every form on the page shares the one read. A posted choice is still
            # checked against ``offices`` (``field.queryset``).
            field.widget.choices = [(office.pk, field.label_from_instance(office))  # type: ignore[attr-defined]
                                    for office in offices]


class LookupForm(forms.Form):
    id_number = forms.CharField(label="身份证号", max_length=18, required=False)


class RegisterForm(OfficeForm):
    office = _office_field()
    registered_on = forms.CharField(label="登记日期", widget=DateInput(), required=False)
    husband_id_number = forms.CharField(label="男方身份证号", max_length=18, required=False)
    husband_name = forms.CharField(label="男方姓名（未登记人员填写）", max_length=50, required=False)
    wife_id_number = forms.CharField(label="女方身份证号", max_length=18, required=False)
    wife_name = forms.CharField(label="女方姓名（未登记人员填写）", max_length=50, required=False)
    residence_region_code = forms.CharField(
        label="未登记人员居住地区划代码", max_length=12, required=False,
        help_text="12位村（社区）代码；不填则录入在登记处所在地（全国通办的外地当事人）",
    )
    both_present = forms.BooleanField(label="登记员确认：双方当事人均亲自到场", required=False)
    declared_not_married = forms.BooleanField(label="双方已签署声明：本人没有配偶", required=False)
    declared_no_prohibited_relationship = forms.BooleanField(
        label="双方已签署声明：双方没有直系血亲和三代以内旁系血亲关系", required=False
    )


class DivorceApplyForm(OfficeForm):
    office = _office_field()
    applied_on = forms.CharField(label="申请日期", widget=DateInput(), required=False)
    agreement = forms.CharField(label="离婚协议（内容或书面协议的文件编号）", widget=forms.Textarea(attrs={"rows": 3}),
                                required=False, max_length=4000)


class WithdrawForm(forms.Form):
    party = forms.ChoiceField(label="撤回人", choices=[("husband", "男方"), ("wife", "女方")], required=False)
    withdrawn_on = forms.CharField(label="撤回日期", widget=DateInput(), required=False)


class DivorceRegisterForm(forms.Form):
    both_present = forms.BooleanField(label="登记员确认：双方当事人均亲自到场", required=False)
    registered_on = forms.CharField(label="登记日期", widget=DateInput(), required=False)


class ReplaceForm(OfficeForm):
    office = _office_field()
    reason = forms.CharField(label="补领原因", max_length=200, required=False)
    issued_on = forms.CharField(label="补领日期", widget=DateInput(), required=False)


class CourtMarkForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=CourtMark.Kind.choices, required=False)
    court = forms.CharField(label="法院", max_length=100, required=False)
    judgment_number = forms.CharField(label="判决文书号", max_length=100, required=False)
    effective_on = forms.CharField(label="生效日期", widget=DateInput(), required=False)
