from __future__ import annotations

from typing import Any

from django import forms

from minzheng.disability import messages
from minzheng.disability.forms import date_field
from minzheng.disability.patients.models import ConsentSigner, Diagnosis, Severity
from minzheng.disability.patients.services import GUARDIAN_MAX, REASON_MAX

STATUS_CHOICES = [("active", "在册"), ("ended", "已结案"), ("all", "全部")]


class FilterForm(forms.Form):
    q = forms.CharField(label="姓名", required=False, max_length=50)
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)


class ConsentFields(forms.Form):
    consent_on = date_field("知情同意日期", required=False)
    consent_signer = forms.ChoiceField(
        label="签署人",
        required=False,
        choices=[("", "—"), *ConsentSigner.choices],
        error_messages={"invalid_choice": messages.SIGNER_INVALID},
    )
    guardian_name = forms.CharField(label="监护人姓名", required=False, max_length=GUARDIAN_MAX)


class RegisterForm(ConsentFields):
    id_number = forms.CharField(
        label="身份证号",
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": messages.PERSON_REQUIRED},
    )
    organization = forms.TypedChoiceField(
        label="服务机构",
        coerce=int,
        error_messages={
            "required": messages.ORGANIZATION_REQUIRED,
            "invalid_choice": messages.ORGANIZATION_REQUIRED,
        },
    )
    diagnosis = forms.ChoiceField(
        label="诊断",
        choices=Diagnosis.choices,
        error_messages={"required": messages.DIAGNOSIS_INVALID, "invalid_choice": messages.DIAGNOSIS_INVALID},
    )
    severity = forms.ChoiceField(
        label="严重程度",
        choices=Severity.choices,
        error_messages={"required": messages.SEVERITY_INVALID, "invalid_choice": messages.SEVERITY_INVALID},
    )
    registered_on = date_field("在册日期")

    field_order = [
        "id_number",
        "organization",
        "diagnosis",
        "severity",
        "registered_on",
        "consent_on",
        "consent_signer",
        "guardian_name",
    ]

    def __init__(self, *args: Any, organizations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = organizations  # type: ignore[attr-defined]


class ConsentForm(ConsentFields):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent_on"].required = True
        self.fields["consent_signer"].required = True
        self.fields["consent_signer"].error_messages["required"] = messages.SIGNER_REQUIRED


class EndForm(forms.Form):
    ended_on = date_field("结案日期")
    end_reason = forms.CharField(
        label="结案原因",
        max_length=REASON_MAX,
        help_text="如 死亡、迁出、长期住院、本人或监护人申请退出",
        error_messages={"required": messages.END_REASON_REQUIRED.format(max=REASON_MAX)},
    )
