"""The match-as-you-type page at /places/match/: type a messy address, see the standard address
it means, the other candidates, and how the text was read. Results come from the caller's
jurisdiction only (``address_match``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from minzheng.core.http import login_required, render_page
from minzheng.core.regions import Level
from minzheng.core.selectors import region_list, user_region
from minzheng.places import messages
from minzheng.places.matching import address_match
from minzheng.places.matching.matcher import MAX_TEXT
from minzheng.places.parsing import LEVEL_LABELS

# Which levels the range filter offers, by the level of the user's own region.
FILTER_LEVELS = {
    Level.CITY: (Level.COUNTY, Level.TOWNSHIP),
    Level.COUNTY: (Level.TOWNSHIP,),
    Level.TOWNSHIP: (Level.VILLAGE,),
}


class MatchForm(forms.Form):
    q = forms.CharField(label="地址", max_length=MAX_TEXT, required=False,
                        help_text="可以省略市、区县、街道，可用 18-3-2-501 写法、全角数字或中文数字，可有错一个字")
    region = forms.ChoiceField(label="范围", required=False)

    def __init__(self, *args: Any, region_choices: list[tuple[str, str]], **kwargs: Any) -> None:
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


def _region_choices(user: Any) -> list[tuple[str, str]]:
    own = user_region(user=user)
    if own is None:
        return []
    levels = FILTER_LEVELS.get(Level(own.level), ())
    if not levels:
        return []
    rows = region_list(user=user).filter(level__in=[lv.value for lv in levels]).only("code", "name", "level")
    return [(r.code, ("　" if r.level == Level.TOWNSHIP and Level.COUNTY in levels else "") + r.name) for r in rows]


@login_required
@require_GET
def match(request: HttpRequest) -> HttpResponse:
    """The whole page, or (for htmx, as the user types) only the results."""
    form = MatchForm(request.GET or None, region_choices=_region_choices(request.user))
    q, result = "", None
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            result = address_match(user=request.user, q=q, region_code=form.cleaned_data["region"] or None)
    context = {
        "form": form,
        "q": q,
        "result": result,
        "parsed": [(LEVEL_LABELS[k], v) for k, v in result.parsed.items()] if result else [],
        "threshold": settings.MINZHENG_ADDRESS_MATCH_THRESHOLD,
        "no_result": messages.MATCH_NO_RESULT,
        "ambiguous": messages.MATCH_AMBIGUOUS,
        "below_threshold": messages.MATCH_BELOW_THRESHOLD,
    }
    return render_page(request, "places/matching/match.html", "places/matching/_results.html", context)
