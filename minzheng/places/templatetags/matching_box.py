"""``{% match_box %}``: the match-as-you-type box of ``places.matching``, for pages of other
sub-domains (the address search page). A page shows the box through this tag, so that its own
sub-domain never imports the matcher: sub-domains depend one way (matching → addresses)."""

from __future__ import annotations

from typing import Any

from django import template

from minzheng.core.selectors import region_filter_choices
from minzheng.places.matching.forms import MatchForm
from minzheng.places.matching.views import match_context

register = template.Library()


@register.inclusion_tag("places/matching/_box.html", takes_context=True)
def match_box(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    form = MatchForm(region_choices=region_filter_choices(user=request.user))
    return match_context(request, form)
