"""Forms of the home bed pages. They check the shape of the input; the services decide (the
provider, the elder, the plan, the dates) and their reasons land on the same fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from minzheng.core.forms import DateInput
from minzheng.eldercare.home_beds import messages
from minzheng.eldercare.home_beds.models import VISITS_MAX, DeviceKind, EndReason, HomeBedStatus
from minzheng.eldercare.home_beds.services import NOTE_MAX, SERIAL_MAX
from minzheng.eldercare.home_services.models import ServiceKind

PLAN_PREFIX = "visits_"


class MonthInput(forms.TextInput):
    input_type = "month"


def _visits_field(label: str) -> forms.IntegerField:
    error = messages.PLAN_VISITS_INVALID.format(kind=label, max=VISITS_MAX)
    return forms.IntegerField(
        label=f"{label}（次/月）",
        required=False,
        min_value=0,
        max_value=VISITS_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": VISITS_MAX}),
        error_messages={key: error for key in ("invalid", "min_value", "max_value")},
    )


class SignForm(forms.Form):
    provider = forms.TypedChoiceField(
        label="服务机构",
        coerce=int,
        error_messages={"required": messages.PROVIDER_REQUIRED, "invalid_choice": messages.PROVIDER_REQUIRED},
    )
    id_number = forms.CharField(
        label="老人身份证号",
        max_length=18,
        min_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": messages.PERSON_REQUIRED,
            "min_length": messages.ID_NUMBER_UNKNOWN,
            "max_length": messages.ID_NUMBER_UNKNOWN,
        },
    )
    started_on = forms.DateField(
        label="服务起始日期",
        widget=DateInput(),
        error_messages={"required": messages.STARTED_ON_REQUIRED, "invalid": messages.STARTED_ON_INVALID},
    )

    def __init__(self, *args: Any, providers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = providers  # type: ignore[attr-defined]
        if not self.is_bound:
            self.fields["started_on"].initial = timezone.localdate()
        for kind, label in ServiceKind.choices:
            self.fields[f"{PLAN_PREFIX}{kind}"] = _visits_field(str(label))

    def plan_fields(self) -> list[forms.BoundField]:
        return [self[f"{PLAN_PREFIX}{kind}"] for kind in ServiceKind.values]

    def contract_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("provider", "id_number", "started_on")]

    def plan(self) -> dict[str, Any]:
        return {kind: self.cleaned_data.get(f"{PLAN_PREFIX}{kind}") for kind in ServiceKind.values}


class EndForm(forms.Form):
    ended_on = forms.DateField(
        label="终止日期",
        widget=DateInput(),
        help_text="终止当天不再服务",
        error_messages={"required": messages.ENDED_ON_REQUIRED, "invalid": messages.ENDED_ON_INVALID},
    )
    end_reason = forms.ChoiceField(
        label="终止原因",
        choices=EndReason.choices,
        error_messages={
            "required": messages.END_REASON_INVALID,
            "invalid_choice": messages.END_REASON_INVALID,
        },
    )
    end_note = forms.CharField(
        label="终止说明",
        required=False,
        max_length=NOTE_MAX,
        help_text="终止原因为“其他”时必填",
        error_messages={"max_length": messages.NOTE_TOO_LONG.format(max=NOTE_MAX)},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["ended_on"].initial = timezone.localdate()


class DeviceForm(forms.Form):
    kind = forms.ChoiceField(
        label="设备类型",
        choices=DeviceKind.choices,
        error_messages={
            "required": messages.DEVICE_KIND_INVALID,
            "invalid_choice": messages.DEVICE_KIND_INVALID,
        },
    )
    serial = forms.CharField(
        label="设备序列号",
        max_length=SERIAL_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": messages.SERIAL_REQUIRED,
            "max_length": messages.SERIAL_INVALID.format(max=SERIAL_MAX),
        },
    )
    installed_on = forms.DateField(
        label="安装日期",
        widget=DateInput(),
        error_messages={"required": messages.INSTALLED_ON_REQUIRED, "invalid": messages.INSTALLED_ON_INVALID},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["installed_on"].initial = timezone.localdate()


class ListForm(forms.Form):
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), *HomeBedStatus.choices],
        error_messages={"invalid_choice": messages.STATUS_INVALID},
    )
    month = forms.CharField(label="达标月份", required=False, widget=MonthInput(), help_text="默认上月")


class MonthForm(forms.Form):
    month = forms.CharField(label="月份", required=False, widget=MonthInput())


class RemoveForm(forms.Form):
    removed_on = forms.DateField(
        label="拆除日期",
        widget=DateInput(),
        error_messages={"required": messages.REMOVED_ON_REQUIRED, "invalid": messages.REMOVED_ON_INVALID},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["removed_on"].initial = timezone.localdate()
