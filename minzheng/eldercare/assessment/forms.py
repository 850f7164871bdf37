"""Forms of the assessment pages. The assessment form has one radio group per item, each option in
the standard's words, grouped under the four indicators; it hands the service the 26 scores in
the standard's order."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from minzheng.core.forms import DateInput
from minzheng.eldercare import messages
from minzheng.eldercare.assessment.scoring import INDICATORS, ITEMS, RISK_EVENTS_MAX, Indicator, Item, Reason
from minzheng.eldercare.assessment.services import NOTE_MAX


class FindPersonForm(forms.Form):
    id_number = forms.CharField(label="身份证号", max_length=18, min_length=18,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}),
                                error_messages={"min_length": "身份证号应为18位", "required": "请填写身份证号"})


def item_field(n: int, item: Item) -> forms.TypedChoiceField:
    required = messages.SCORE_REQUIRED.format(n=n, code=item.code, name=item.name)
    return forms.TypedChoiceField(
        label=f"{item.code} {item.name}", help_text=item.definition, coerce=int, widget=forms.RadioSelect,
        choices=[(score, f"{score}分：{wording}") for score, wording in item.options],
        error_messages={"required": required, "invalid_choice": messages.SCORE_INVALID.format(
            n=n, code=item.code, name=item.name, max=item.max)})


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(label="评估日期", widget=DateInput(),
                                  error_messages={"required": messages.ASSESSED_ON_REQUIRED,
                                                  "invalid": messages.ASSESSED_ON_INVALID})
    reason = forms.ChoiceField(label="评估原因", choices=Reason.choices,
                               error_messages={"required": messages.REASON_INVALID,
                                               "invalid_choice": messages.REASON_INVALID})
    coma = forms.BooleanField(label="处于昏迷状态（直接评定为完全失能）", required=False)
    dementia = forms.BooleanField(label="确诊为痴呆", required=False)
    psychiatric = forms.BooleanField(label="确诊为精神科专科疾病（痴呆以外）", required=False)
    risk_events_30d = forms.IntegerField(
        label="近30天照护风险事件次数", min_value=0, max_value=RISK_EVENTS_MAX, initial=0,
        help_text="跌倒、噎食、自杀、自伤、走失等；2次及以上等级提高一级",
        error_messages={key: messages.RISK_EVENTS_INVALID.format(max=RISK_EVENTS_MAX)
                        for key in ("required", "invalid", "min_value", "max_value")})
    note = forms.CharField(label="备注", required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="评估原因为“其他”时必填",
                           error_messages={"max_length": messages.NOTE_TOO_LONG.format(max=NOTE_MAX)})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["assessed_on"].initial = timezone.localdate()
        for n, item in enumerate(ITEMS, start=1):
            self.fields[item.key] = item_field(n, item)

    FACTS = ("coma", "dementia", "psychiatric", "risk_events_30d")
    HEAD = ("assessed_on", "reason")

    def head_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.HEAD]

    def fact_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.FACTS]

    def groups(self) -> list[tuple[Indicator, list[forms.BoundField]]]:
        """The item fields under their indicator, in the standard's order."""
        return [(indicator, [self[item.key] for item in indicator.items]) for indicator in INDICATORS]

    def service_values(self) -> dict[str, Any]:
        """The cleaned answers as the service's keyword arguments."""
        data = self.cleaned_data
        return {"scores": [data[item.key] for item in ITEMS], "coma": data["coma"], "dementia": data["dementia"],
                "psychiatric": data["psychiatric"], "risk_events_30d": data["risk_events_30d"],
                "reason": data["reason"], "assessed_on": data["assessed_on"], "note": data.get("note", "")}

    def chosen_scores(self) -> list[int | None]:
        """What is chosen so far, item by item (None for an item not yet chosen or not a score),
        for the running total the page shows while the assessor works through the items."""
        out: list[int | None] = []
        for item in ITEMS:
            raw = self.data.get(item.key) if self.is_bound else None
            try:
                value = int(raw) if raw not in (None, "") else None
            except (TypeError, ValueError):
                value = None
            out.append(value if value in item.scores else None)
        return out


class VoidForm(forms.Form):
    reason = forms.CharField(label="作废原因", max_length=NOTE_MAX,
                             error_messages={"required": messages.VOID_REASON_REQUIRED,
                                             "max_length": messages.NOTE_TOO_LONG.format(max=NOTE_MAX)})
