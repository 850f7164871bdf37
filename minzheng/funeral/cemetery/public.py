"""The public plot page ``/funeral/cemeteries/q/<code>/``: what anybody sees after scanning the
code on a plot or niche. No login, and no personal data: the cemetery (name, address, phone), the
place (section, row, number), the kind and the status (available, reserved or in use) only, never
the holder or the deceased. Rate-limited like the other public pages (``MINZHENG_PLOT_PAGES_PER_HOUR``
an hour per client, then 429), which also stops anyone trying codes."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from minzheng.core.rate_limits import hourly_hit
from minzheng.funeral.cemetery import messages, selectors
from minzheng.places.doorplates.public import client_address


def plot_page_rate_limit() -> int:
    return int(settings.MINZHENG_PLOT_PAGES_PER_HOUR)


@require_GET
@never_cache
def plot_page(request: HttpRequest, code: str) -> HttpResponse:
    limit = plot_page_rate_limit()
    if hourly_hit(prefix="funeral:plot-page", client=client_address(request)) > limit:
        return render(request, "funeral/cemetery/public/limited.html",
                      {"message": messages.PUBLIC_RATE_LIMITED.format(limit=limit)}, status=429)
    plot = selectors.plot_public_get(code=code)
    if plot is None:
        return render(request, "funeral/cemetery/public/not_found.html", status=404)
    return render(request, "funeral/cemetery/public/plot.html", {
        "plot": plot, "facility": plot.facility, "status": plot.status_on(selectors.today()),
    })
