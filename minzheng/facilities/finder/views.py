"""The public page 找助餐点 (``/meal-sites/``): no sign-in, and nothing personal on it.

A resident types an address (the address matcher finds the standard address), picks one of the
candidates it offers, or lets the phone say where they are; the page lists the nearest open meal
sites with their distance, opening hours and navigation links, and draws them on a map. Without
JavaScript the form and the list work all the same (the map and "使用我的位置" need it).

Every search counts against the public nearest search's rate limit (``nearest.limits``): the page
and ``/api/public/facilities/nearest/`` share one allowance per client. Opening the empty page
does not count.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from minzheng.facilities import messages
from minzheng.facilities.finder import selectors
from minzheng.facilities.finder.forms import FinderForm
from minzheng.facilities.finder.map import map_data, map_tiles, tiles_origin
from minzheng.facilities.nearest.limits import nearest_rate_limit, nearest_search_allowed
from minzheng.places.doorplates.public import client_address

TEMPLATE = "facilities/finder/finder.html"
ASKED = ("q", "address", "lng", "lat")


@require_GET
@never_cache  # the query string holds where someone is: no shared cache keeps it
def meal_sites(request: HttpRequest) -> HttpResponse:
    tiles = map_tiles()
    context: dict[str, object] = {"tiles": tiles}
    asked = any(name in request.GET for name in ASKED)
    form = FinderForm(request.GET if asked else None)
    context["form"] = form
    status = 200
    if asked and not nearest_search_allowed(client_address(request)):
        form.add_error(None, messages.NEAREST_RATE_LIMITED.format(limit=nearest_rate_limit()))
        status = 429
    elif asked and form.is_valid():
        data = form.cleaned_data
        if data["address"]:
            finding = selectors.meal_sites_near_address(code=data["address"])
        elif data["lng"] is not None:
            finding = selectors.meal_sites_near_point(lng=data["lng"], lat=data["lat"], coord=data["coord"])
        else:
            finding = selectors.meal_sites_near_text(text=data["q"])
        if finding.problem:
            form.add_error("q", finding.problem)
        context.update(finding=finding, map=map_data(finding, tiles), none_open=messages.FINDER_NONE_OPEN)
    response = render(request, TEMPLATE, context, status=status)
    origin = tiles_origin(tiles)
    if origin is not None:
        # The site's policy allows images from itself only; the tile server is the one exception.
        response._csp_update = {"img-src": [origin]}  # type: ignore[attr-defined]
    return response
