from __future__ import annotations

from django import forms

from minzheng.lottery import messages
from minzheng.lottery.fund.models import GameType


class MonthInput(forms.TextInput):
    input_type = "month"


class SalesFilterForm(forms.Form):
    month = forms.CharField(label="月份", required=False, widget=MonthInput(), help_text="YYYY-MM")
    game = forms.ChoiceField(label="游戏类型", required=False)
    station = forms.IntegerField(label="设施编号", required=False, min_value=1)
    region = forms.ChoiceField(label="区划", required=False)

    def __init__(self, *args, regions: list[tuple[str, str]] = (), **kwargs) -> None:  # type: ignore[assignment, no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["game"].choices = [("", "全部"), *GameType.objects.values_list("code", "name")]
        self.fields["region"].choices = [("", "全部"), *regions]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="销量文件（.xlsx 或 .csv）", error_messages={"required": messages.IMPORT_FILE_REQUIRED}
    )
