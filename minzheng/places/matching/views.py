"""The match-as-you-type page at /places/match/: type a messy address, see the standard address
it means, the other candidates, and how the text was read. When the text fits addresses in
several villages equally well, each village is a link that matches again inside it. Results come
from the caller's jurisdiction only (``address_match``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages as django_messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.http import login_required, permission_required, render_page
from minzheng.core.scope import scope_for
from minzheng.core.selectors import region_filter_choices, region_list
from minzheng.places import messages
from minzheng.places.addresses.forms import LinkRunForm
from minzheng.places.matching import address_match, tasks
from minzheng.places.matching.forms import MatchForm
from minzheng.places.parsing import LEVEL_LABELS

MANAGE_ADDRESSES = "places.manage_addresses"


@login_required
@require_GET
def match(request: HttpRequest) -> HttpResponse:
    """The whole page, or (for htmx, as the user types) only the results."""
    form = MatchForm(request.GET or None, region_choices=match_region_choices(request.user, request.GET.get("region")))
    context = match_context(request, form)
    return render_page(request, "places/matching/match.html", "places/matching/_results.html", context)


def match_region_choices(user: Any, wanted: str | None) -> list[tuple[str, str]]:
    """The ranges the form offers, and the one asked for when it is a region of the user's that
    the list leaves out (a community offered by a tie)."""
    choices = region_filter_choices(user=user)
    if wanted and wanted not in dict(choices):
        region = region_list(user=user).filter(code=wanted).first()
        if region is not None:
            choices.append((region.code, region.full_name))
    return choices


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
        "number_missing": (messages.MATCH_NUMBER_MISSING.format(**vars(result.missing_number))
                           if result is not None and result.missing_number else ""),
        "tied_regions": messages.MATCH_TIED_REGIONS,
    }
    return context


@permission_required(MANAGE_ADDRESSES)
@require_POST
def link_run(request: HttpRequest) -> HttpResponse:
    """Match the free-text addresses of the residents in the user's scope, in the background."""
    form = LinkRunForm(request.POST)
    relink = form.cleaned_data["relink"] if form.is_valid() else False
    prefix = scope_for(request.user).prefix or ""
    tasks.link_registry_addresses.enqueue(prefix, request.user.pk, relink)
    django_messages.success(request, messages.LINK_STARTED)
    return redirect("addresses:quality")
