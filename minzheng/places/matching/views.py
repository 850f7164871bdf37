"""The match-as-you-type page at /places/match/: type a messy address, see the standard address
it means, the other candidates, and how the text was read. Results come from the caller's
jurisdiction only (``address_match``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from minzheng.core.http import login_required, render_page
from minzheng.core.selectors import region_filter_choices
from minzheng.places import messages
from minzheng.places.matching import address_match
from minzheng.places.matching.forms import MatchForm
from minzheng.places.parsing import LEVEL_LABELS


@login_required
@require_GET
def match(request: HttpRequest) -> HttpResponse:
    """The whole page, or (for htmx, as the user types) only the results."""
    form = MatchForm(request.GET or None, region_choices=region_filter_choices(user=request.user))
    context = match_context(request, form)
    return render_page(request, "places/matching/match.html", "places/matching/_results.html", context)


def match_context(request: HttpRequest, form: MatchForm) -> dict[str, Any]:
    """What ``places/matching/_results.html`` shows for ``form`` (bound or not)."""
    q, result = "", None
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            result = address_match(user=request.user, q=q, region_code=form.cleaned_data["region"] or None)
    context = {
        "match_form": form,
        "q": q,
        "result": result,
        "parsed": [(LEVEL_LABELS[k], v) for k, v in result.parsed.items()] if result else [],
        "threshold": settings.MINZHENG_ADDRESS_MATCH_THRESHOLD,
        "no_result": messages.MATCH_NO_RESULT,
        "ambiguous": messages.MATCH_AMBIGUOUS,
        "below_threshold": messages.MATCH_BELOW_THRESHOLD,
    }
    return context
