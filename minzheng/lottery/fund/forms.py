from __future__ import annotations

from decimal import Decimal

from django import forms

from minzheng.lottery.fund.models import GameType


class MonthInput(forms.TextInput):
    input_type = "month"


class RateForm(forms.Form):
    game_type = forms.ModelChoiceField(label="游戏类型", queryset=GameType.objects.all())
    effective_from = forms.CharField(label="起始月份", widget=MonthInput(), help_text="YYYY-MM")
    rate = forms.DecimalField(label="公益金提取比例", max_digits=5, decimal_places=4, help_text="如 0.3600")
    approximate = forms.BooleanField(label="约数", required=False)
    note = forms.CharField(label="依据", max_length=200, required=False)


class UnclaimedForm(forms.Form):
    month = forms.CharField(label="逾期月份", widget=MonthInput(), help_text="YYYY-MM")
    region_code = forms.ChoiceField(label="所属区划")
    amount = forms.DecimalField(
        label="逾期未兑奖金（元）", max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, regions: list[tuple[str, str]] = (), **kwargs) -> None:  # type: ignore[assignment, no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = list(regions)
