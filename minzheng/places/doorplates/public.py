"""The public doorplate page ``/d/<token>``: what anybody sees after scanning a plate.

No login, and no personal data at all: the standard address, the services that apply to it,
map links and a form to report a problem. Residents linked to the address are never read here.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from minzheng.core.forms import add_service_errors
from minzheng.core.geo import map_links
from minzheng.places.doorplates import selectors, services
from minzheng.places.doorplates.forms import PlateReportForm


def client_address(request: HttpRequest) -> str:
    """The client the rate limit counts against: REMOTE_ADDR, which behind a trusted reverse proxy
    is already the real client's address (operations.serving.middleware.RealClientAddressMiddleware,
    MINZHENG_TRUSTED_PROXIES). X-Forwarded-For itself is never read here: it is whatever the client says."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "places/public/not_found.html", status=404)


@require_http_methods(["GET", "POST"])
@never_cache
def plate(request: HttpRequest, token: str) -> HttpResponse:
    doorplate = selectors.doorplate_public_get(token=token)
    if doorplate is None:
        return _not_found(request)
    address = doorplate.address
    form = PlateReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.plate_report_submit(doorplate=doorplate, client=client_address(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except services.ReportRateLimited as exc:
            form.add_error(None, str(exc))
            status = 429
        else:
            # Post/redirect/get: a reload does not send the report twice.
            return redirect(reverse("public:plate", args=[token]) + "?sent=1#report")
    links = (map_links(float(address.lng), float(address.lat), address.full_text)
             if address.lng is not None and address.lat is not None else None)
    return render(request, "places/public/plate.html", {
        "address": address,
        # Called by the template only when its cached services section has expired: the section
        # is the same for every address of a village, and is most of the page's work.
        "groups": lambda: selectors.services_for_address(address=address),
        "catalogue_version": selectors.catalogue_version(),
        "services_cache_seconds": selectors.SERVICES_CACHE_SECONDS,
        "facilities": selectors.nearby_facilities(address),
        "links": links,
        "form": form,
        "sent": request.method == "GET" and request.GET.get("sent") == "1",
    }, status=status)
