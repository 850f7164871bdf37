"""Forms of the case pages: they carry the text typed; the services check it and their reasons,
one per field in Chinese, land on the same fields."""

from __future__ import annotations

from django import forms

from minzheng.core.forms import DateInput


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


def _choices(rows, blank: str = "请选择") -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [("", blank), *((str(row.pk), str(row)) for row in rows)]


class CaseFilterForm(forms.Form):
    home = forms.ChoiceField(label="殡仪馆", required=False)
    month = forms.CharField(label="受理月份", required=False, max_length=7, help_text="YYYY-MM",
                            widget=forms.TextInput(attrs={"type": "month"}))

    def __init__(self, *args, homes=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["home"].choices = _choices(homes, "全部")


class CaseOpenForm(forms.Form):
    id_number = forms.CharField(label="逝者身份证号", required=False, max_length=18)
    home = forms.ChoiceField(label="殡仪馆", required=False)
    received_on = forms.CharField(label="受理日期", required=False, widget=DateInput())
    hukou_province = forms.CharField(label="户籍省份代码", required=False, max_length=2,
                                     help_text="两位省级代码，33 为浙江；留空取身份证号前两位。浙江户籍享受基本殡葬服务减免")
    family_contact = forms.CharField(label="家属联系人", required=False, max_length=50)
    note = forms.CharField(label="备注", required=False, max_length=200)

    def __init__(self, *args, homes=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["home"].choices = _choices(homes)


class ServiceAddForm(forms.Form):
    service_type = forms.ChoiceField(label="服务项目", required=False)
    facility = forms.ChoiceField(label="服务场所", required=False)
    performed_at = forms.CharField(label="服务时间", required=False, widget=DateTimeInput())
    fee = forms.CharField(label="收费（元）", required=False, max_length=14,
                          widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    note = forms.CharField(label="备注", required=False, max_length=200)

    def __init__(self, *args, types=(), places=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["service_type"].choices = _choices(types)
        self.fields["facility"].choices = _choices(places)


class VoidForm(forms.Form):
    reason = forms.CharField(label="作废原因", required=False, max_length=200)


class WaiverItemForm(forms.Form):
    service_type = forms.ChoiceField(label="服务项目", required=False)
    cap = forms.CharField(label="减免上限（元）", required=False, max_length=12,
                          widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    valid_from = forms.CharField(label="起始日期", required=False, widget=DateInput())
    note = forms.CharField(label="说明", required=False, max_length=200)

    def __init__(self, *args, types=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["service_type"].choices = _choices(types)


class ItemEndForm(forms.Form):
    valid_to = forms.CharField(label="截止日期", required=False, widget=DateInput())
