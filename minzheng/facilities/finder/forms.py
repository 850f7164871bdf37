"""The finder's one form, read from the query string: an address typed (``q``), a standard
address picked from the candidates (``address``, its code), or a point (``lng``, ``lat`` and
``coord``, as the phone's location or the doorplate page sends it). A picked address wins over a
point, a point over typed text."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.core import geo
from minzheng.facilities import messages
from minzheng.places.matching.matcher import MAX_TEXT
from minzheng.places.parsing import normalize

SYSTEMS = [(system.value, system.value) for system in geo.System]


def _number(label: str, low: int, high: int, invalid: str) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        widget=forms.HiddenInput,
        error_messages={"invalid": invalid, "min_value": invalid, "max_value": invalid},
    )


class FinderForm(forms.Form):
    q = forms.CharField(
        label="地址",
        required=False,
        max_length=MAX_TEXT,
        error_messages={"max_length": messages.FINDER_ADDRESS_TOO_LONG.format(max=MAX_TEXT)},
        widget=forms.TextInput(
            attrs={
                "placeholder": "如：红旗路18号，或仪凤桥社区红旗路18号",
                "autocomplete": "street-address",
                "enterkeyhint": "search",
            }
        ),
    )
    address = forms.RegexField(
        label="地址",
        required=False,
        regex=r"^\d{12,32}$",
        widget=forms.HiddenInput,
        error_messages={"invalid": messages.FINDER_ADDRESS_CODE_INVALID},
    )
    lng = _number("经度", -180, 180, messages.NEAREST_LNG_INVALID)
    lat = _number("纬度", -90, 90, messages.NEAREST_LAT_INVALID)
    coord = forms.ChoiceField(
        label="坐标系",
        required=False,
        choices=SYSTEMS,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": messages.NEAREST_COORD_INVALID},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        lng, lat = data.get("lng"), data.get("lat")
        if data.get("address"):
            return data
        if lng is not None or lat is not None:
            if lng is None or lat is None:
                self.add_error("lng" if lng is None else "lat", messages.FINDER_POINT_PAIR)
            elif geo.outside_china(lng, lat):
                self.add_error("lng", messages.NEAREST_OUTSIDE_CHINA)
            data["coord"] = geo.System(data.get("coord") or geo.System.WGS84)
            return data
        text = data.get("q", "")
        if not text:
            self.add_error("q", messages.FINDER_ADDRESS_REQUIRED)
        elif not normalize(text):
            self.add_error("q", messages.FINDER_ADDRESS_NO_TEXT)
        return data
