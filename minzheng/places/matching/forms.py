"""The match-as-you-type form, on the matching page and on the address search page: the text,
and a range inside the user's jurisdiction (a county or township from the list, or a village
that a tie offered)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from minzheng.places import messages
from minzheng.places.matching.matcher import MAX_TEXT
from minzheng.places.parsing import normalize


class MatchForm(forms.Form):
    q = forms.CharField(label="地址", max_length=MAX_TEXT, required=False,
                        help_text="可以省略市、区县、街道，可用 18-3-2-501 写法、全角数字或中文数字，可有错一个字")
    region = forms.ChoiceField(label="范围", required=False)

    def clean_q(self) -> str:
        q: str = self.cleaned_data["q"]
        if q.strip() and not normalize(q):
            raise forms.ValidationError(messages.MATCH_Q_NO_TEXT)  # only punctuation or noise words
        return q

    def __init__(self, *args: Any, region_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        # Its own ids: on the address search page it sits beside the filter form, which has a q too.
        kwargs.setdefault("auto_id", "match_%s")
        super().__init__(*args, **kwargs)
        url = reverse("matching:match")
        htmx = {"hx-get": url, "hx-target": "#match-results", "hx-include": "closest form",
                "hx-indicator": "#match-busy"}
        self.fields["q"].widget.attrs.update({
            **htmx, "type": "search", "autocomplete": "off", "autofocus": True,
            "placeholder": "如：红旗路18号3幢501", "hx-trigger": "input changed delay:300ms, search",
        })
        self.fields["region"].choices = [("", "本辖区全部"), *region_choices]
        self.fields["region"].widget.attrs.update({**htmx, "hx-trigger": "change"})
