"""Forms of the payment pages. They check the shape only; the services check the rest and
their Chinese errors land on the field they name."""

from __future__ import annotations

from django import forms

from minzheng.benefits.payments import messages
from minzheng.benefits.programs.models import Program

RETURN_MAX_MB = 50


def _required(message: str) -> dict[str, str]:
    return {"required": message}


class RunCreateForm(forms.Form):
    program = forms.ChoiceField(label="救助项目", error_messages=_required(messages.PROGRAM_REQUIRED))
    period = forms.CharField(label="发放月份", max_length=7, help_text="YYYY-MM，例如 2025-01",
                             error_messages=_required(messages.PERIOD_REQUIRED),
                             widget=forms.TextInput(attrs={"placeholder": "2025-01", "inputmode": "numeric"}))
    region = forms.CharField(label="发放范围", max_length=12, required=False,
                             help_text="区划代码前缀：3305 全市，330502 一个区县；不填为本人辖区")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        programs = Program.objects.filter(active=True, kind=Program.Kind.MONTHLY).order_by("id")
        self.fields["program"].choices = [("", "请选择"), *[(p.code, p.name) for p in programs]]  # type: ignore[attr-defined]

    def clean_program(self) -> str:
        # Any code goes to the service, which names an unknown one.
        return str(self.data.get("program", "")).strip()


class ReturnsForm(forms.Form):
    file = forms.FileField(label="银行回盘文件", help_text="xlsx 或 csv：明细编号、回盘结果（成功/失败）、失败原因",
                           error_messages=_required(messages.RETURN_FILE_REQUIRED))


class BankAccountForm(forms.Form):
    bank_name = forms.CharField(label="开户银行", max_length=64, error_messages=_required(messages.BANK_NAME_REQUIRED))
    account_number = forms.CharField(label="银行账号", max_length=40,
                                     error_messages=_required(messages.BANK_ACCOUNT_REQUIRED),
                                     widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
