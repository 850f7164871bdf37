"""The forms of the application pages. They only shape the input; the services check the rules
and the views put the services' Chinese answers back on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.benefits import messages
from minzheng.benefits.applications.models import Application, CheckMember, IncomeItem
from minzheng.benefits.applications.services import TEXT_MAX, MemberInput
from minzheng.benefits.programs.models import Program
from minzheng.benefits.programs.policy import OfficerFacts
from minzheng.people.models import Person

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}
MONEY_ERRORS = {"invalid": messages.CHECK_INCOME_INVALID, "min_value": messages.CHECK_INCOME_NEGATIVE,
                "max_decimal_places": messages.CHECK_INCOME_INVALID, "max_digits": messages.CHECK_INCOME_INVALID,
                "max_whole_digits": messages.CHECK_INCOME_INVALID}


class SubmitForm(forms.Form):
    program = forms.ModelChoiceField(label="救助项目", queryset=Program.objects.filter(active=True).order_by("id"),
                                     empty_label=None, error_messages={"required": messages.PROGRAM_REQUIRED,
                                                                       "invalid_choice": messages.PROGRAM_REQUIRED})
    household = forms.IntegerField(label="家庭户编号", required=False, min_value=1,
                                   help_text="按户申请的项目（低保、低边）填写",
                                   error_messages={"invalid": messages.APPLICATION_HOUSEHOLD_UNKNOWN,
                                                   "min_value": messages.APPLICATION_HOUSEHOLD_UNKNOWN})
    id_number = forms.CharField(label="申请人身份证号码", required=False, max_length=18,
                                help_text="按人申请的项目（特困、残疾人和老年人补贴）填写",
                                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    channel = forms.ChoiceField(label="申请渠道", choices=Application.Channel.choices,
                                initial=Application.Channel.TOWNSHIP,
                                error_messages={"invalid_choice": messages.APPLICATION_CHANNEL_INVALID})
    reason = forms.CharField(label="申请理由", required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"max_length": messages.APPLICATION_REASON_TOO_LONG.format(max=TEXT_MAX)})


class OpinionForm(forms.Form):
    opinion = forms.CharField(label="乡镇审核意见", required=False, max_length=TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ObjectionForm(forms.Form):
    raised_by = forms.CharField(label="异议人", required=False, max_length=50, help_text="可匿名")
    content = forms.CharField(label="异议内容", max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": messages.APPLICATION_OBJECTION_REQUIRED})


class RefuseForm(forms.Form):
    reason = forms.CharField(label="不予批准理由", max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="书面说明理由，将送达申请人",
                             error_messages={"required": messages.APPLICATION_REFUSAL_REASON_REQUIRED})


INCOME_FIELDS = [(kind.value, kind.label) for kind in IncomeItem.Kind]


class EconomicCheckForm(forms.Form):
    """Assets, then one block of fields per member: ``m<i>_relationship``, ``m<i>_wage`` ..."""

    deposits = forms.DecimalField(label="存款及有价证券（元）", initial=0, error_messages=MONEY_ERRORS, **MONEY)
    vehicles = forms.IntegerField(label="机动车（辆）", initial=0, min_value=0,
                                  error_messages={"min_value": messages.CHECK_ASSET_NEGATIVE.format(field="机动车")})
    houses = forms.IntegerField(label="住房（套）", initial=0, min_value=0,
                                error_messages={"min_value": messages.CHECK_ASSET_NEGATIVE.format(field="住房")})

    def __init__(self, *args: Any, people: list[tuple[Person, str]], officer_facts: OfficerFacts | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        # The program's own questions for the officer (``register_officer_facts``), as f_<name>.
        self.officer_facts = officer_facts
        for name, field in (officer_facts.fields() if officer_facts else {}).items():
            self.fields[f"f_{name}"] = field
        for i, (_person, relationship) in enumerate(people):
            self.fields[f"m{i}_relationship"] = forms.ChoiceField(label="与申请人关系", choices=CheckMember.Relationship.choices,
                                                                  initial=relationship)
            self.fields[f"m{i}_lives_together"] = forms.BooleanField(label="长期共同生活", required=False, initial=True)
            self.fields[f"m{i}_dependent"] = forms.BooleanField(label="成年子女不能独立生活或全日制在读",
                                                                required=False)
            self.fields[f"m{i}_work_capable"] = forms.BooleanField(label="有劳动能力", required=False)
            self.fields[f"m{i}_income_stable"] = forms.BooleanField(label="收入稳定", required=False, initial=True)
            for kind, label in INCOME_FIELDS:
                self.fields[f"m{i}_{kind}"] = forms.DecimalField(label=f"{label}（元/月）", initial=0,
                                                                 error_messages=MONEY_ERRORS, **MONEY)

    def member_blocks(self) -> list[dict[str, Any]]:
        return [{"person": person, "fields": [self[name] for name in self.fields if name.startswith(f"m{i}_")]}
                for i, (person, _) in enumerate(self.people)]

    def asset_fields(self) -> list[Any]:
        return [self["deposits"], self["vehicles"], self["houses"]]

    def officer_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("f_")]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        members = [MemberInput(person=person, relationship=data[f"m{i}_relationship"],
                               lives_together=data[f"m{i}_lives_together"], dependent=data[f"m{i}_dependent"],
                               work_capable=data[f"m{i}_work_capable"], income_stable=data[f"m{i}_income_stable"],
                               incomes={kind: data[f"m{i}_{kind}"] for kind, _ in INCOME_FIELDS
                                        if data[f"m{i}_{kind}"]})
                   for i, (person, _) in enumerate(self.people)]
        kwargs: dict[str, Any] = {"members": members, "deposits": data["deposits"], "vehicles": data["vehicles"],
                                  "houses": data["houses"]}
        if self.officer_facts is not None:
            kwargs["subject_extra"] = self.officer_facts.to_extra(
                {name[2:]: value for name, value in data.items() if name.startswith("f_")})
        return kwargs
