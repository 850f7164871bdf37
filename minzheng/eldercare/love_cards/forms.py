"""Forms of the love card pages. They check the shape of the input; the services decide (age,
scope, an existing card, the balance) and their reasons land on the same fields."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django import forms

from minzheng.eldercare import messages
from minzheng.eldercare.love_cards.models import LoveCard
from minzheng.eldercare.love_cards.services import NOTE_MAX, PAYER_MAX, amount_error, clean_amount


class SearchForm(forms.Form):
    q = forms.CharField(label="姓名或身份证号", required=False, max_length=50,
                        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "姓名开头或18位身份证号"}))
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *LoveCard.Status.choices])


class ActivateForm(forms.Form):
    id_number = forms.CharField(label="老年人身份证号", max_length=18, min_length=18,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}),
                                error_messages={"min_length": "身份证号应为18位", "max_length": "身份证号应为18位",
                                                "required": "请填写身份证号"})


class TopUpForm(forms.Form):
    kind = forms.ChoiceField(label="充值类型", choices=[("family", "家庭充值"), ("enterprise", "企业充值")],
                             error_messages={"required": messages.TOP_UP_KIND_INVALID,
                                             "invalid_choice": messages.TOP_UP_KIND_INVALID})
    payer = forms.CharField(label="充值单位或充值人", max_length=PAYER_MAX,
                            error_messages={"required": messages.PAYER_REQUIRED,
                                            "max_length": messages.PAYER_TOO_LONG.format(max=PAYER_MAX)})
    amount = forms.CharField(label="金额（元）", max_length=20,
                             widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                             error_messages={"required": messages.AMOUNT_REQUIRED})
    note = forms.CharField(label="备注", required=False, max_length=NOTE_MAX,
                           error_messages={"max_length": messages.CARD_NOTE_TOO_LONG.format(max=NOTE_MAX)})
    # Made when the form is shown and sent back with it: the same form sent twice (a double
    # tap, a resend after a timeout) is one top-up.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("idempotency_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)

    def clean_amount(self) -> Decimal:
        value = self.cleaned_data["amount"]
        error = amount_error(value)
        if error:
            raise forms.ValidationError(error)
        return clean_amount(value)
