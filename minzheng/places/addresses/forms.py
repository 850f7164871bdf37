"""Forms of the standard-address pages. They shape the input; the services check the rules and
answer in Chinese, and the views put those answers back on these forms."""

from __future__ import annotations

from django import forms

from minzheng.places.addresses.models import Address, QualityIssue

Choices = list[tuple[str, str]]

UPLOAD_REQUIRED = "请选择要导入的文件"
ID_NUMBER_HELP = "居民的18位身份证号；只能关联您辖区内的居民"
ID_NUMBER_REQUIRED = "请填写身份证号"
PERSON_NOT_FOUND = "您的辖区内没有登记该身份证号的居民"


class AddressFilterForm(forms.Form):
    q = forms.CharField(label="标准地址包含", required=False, max_length=100,
                        widget=forms.SearchInput(attrs={"placeholder": "地址文字或地址编码前缀", "autocomplete": "off"}))
    region = forms.ChoiceField(label="区划", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *Address.Status.choices])

    def __init__(self, *args: object, region_choices: Choices, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region"].choices = [("", "全部"), *region_choices]


class AddressCreateForm(forms.Form):
    region_code = forms.ChoiceField(label="所属村（社区）")
    road = forms.TypedChoiceField(label="街路巷/小区", coerce=int, empty_value=None,
                                  help_text="本村（社区）及所在乡镇街道的道路；没有时请先新增道路")
    number = forms.CharField(label="门牌号", max_length=10, help_text="如 18 或 18-1",
                             widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    building = forms.CharField(label="幢", max_length=10, required=False)
    unit = forms.CharField(label="单元", max_length=10, required=False)
    room = forms.CharField(label="室", max_length=10, required=False)
    lng = forms.CharField(label="经度（WGS-84）", max_length=20, required=False)
    lat = forms.CharField(label="纬度（WGS-84）", max_length=20, required=False)

    def __init__(self, *args: object, village_choices: Choices, road_choices: Choices, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region_code"].choices = [("", "请选择"), *village_choices]
        self.fields["road"].choices = [("", "请先选择村（社区）"), *road_choices]


class RoadCreateForm(forms.Form):
    region_code = forms.ChoiceField(label="所属乡镇街道或村（社区）")
    name = forms.CharField(label="名称", max_length=30)
    kind = forms.ChoiceField(label="类别", required=False,
                             choices=[("", "按名称判断"), ("road", "街路巷"), ("compound", "小区")])
    aliases = forms.CharField(label="别名", required=False, max_length=300,
                              help_text="曾用名、简称，用顿号或逗号分隔，如：红旗、反修路")

    def __init__(self, *args: object, region_choices: Choices, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region_code"].choices = [("", "请选择"), *region_choices]


def split_aliases(text: str) -> list[str]:
    for sep in ("、", "，", ",", ";", "；", " "):
        text = text.replace(sep, "\n")
    return [a.strip() for a in text.splitlines() if a.strip()]


class CoordinatesForm(forms.Form):
    lng = forms.CharField(label="经度", max_length=20, required=False, help_text="WGS-84；经纬度同时留空表示清除")
    lat = forms.CharField(label="纬度", max_length=20, required=False)


class RetireForm(forms.Form):
    successor = forms.CharField(label="继承地址编码", max_length=32, required=False,
                                help_text="替代本地址的使用中地址的30位编码；没有可不填")


class LinkPersonForm(forms.Form):
    id_number = forms.CharField(label="居民身份证号", max_length=24, help_text=ID_NUMBER_HELP,
                                error_messages={"required": ID_NUMBER_REQUIRED},
                                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))


class UploadForm(forms.Form):
    file = forms.FileField(label="选择文件（.xlsx 或 .csv）",
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
                           error_messages={"required": UPLOAD_REQUIRED, "empty": "文件是空的"})
    only_good = forms.BooleanField(label="有错误行时只导入正确的行", required=False, initial=True,
                                   help_text="不勾选时，只要有一行错误就不导入任何数据，先看校验结果")


class QualityRunForm(forms.Form):
    county = forms.ChoiceField(label="区县", required=False)

    def __init__(self, *args: object, county_choices: Choices, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [("", "全部区县")] if len(county_choices) > 1 else []
        self.fields["county"].choices = [*choices, *county_choices]


class IssueFilterForm(forms.Form):
    kind = forms.ChoiceField(label="问题类型", required=False, choices=[("", "全部"), *QualityIssue.Kind.choices])


class LinkRunForm(forms.Form):
    relink = forms.BooleanField(label="重新匹配已自动关联的居民", required=False,
                                help_text="人工确认的关联不会被改动")
