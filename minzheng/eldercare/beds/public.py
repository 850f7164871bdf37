"""The public bed page ``/b/<code>``: what anybody sees after scanning the code on a bed.

No login needed, and no personal data for anyone but those who keep the bed: the home (name,
address, service phone), the room and bed number, the kind, and whether the bed is in use. A
member of staff signed in who may keep the bed (an officer whose scope holds the home, or the
home's provider operator, with ``eldercare.manage_beds``) also sees who lies in it (name and
masked ID number); that visit is recorded as a scan of the bed, and the read of the person as an
access-log row. Anyone else signed in sees what the public sees, and nothing is recorded.

Rate-limited like the other public pages: at most ``MINZHENG_BED_PAGES_PER_HOUR`` pages per client
an hour, counted in the shared cache under a hashed key; beyond that 429 (which also stops anyone
trying codes).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from minzheng.core.audit import access_record
from minzheng.core.rate_limits import hourly_hit
from minzheng.eldercare.beds import messages, selectors, services
from minzheng.places.doorplates.public import client_address


def bed_page_rate_limit() -> int:
    return int(getattr(settings, "MINZHENG_BED_PAGES_PER_HOUR", 120))


@require_GET
@never_cache
def bed_page(request: HttpRequest, code: str) -> HttpResponse:
    limit = bed_page_rate_limit()
    if hourly_hit(prefix="eldercare:bed-page", client=client_address(request)) > limit:
        return render(request, "eldercare/beds/public/limited.html",
                      {"message": messages.PUBLIC_RATE_LIMITED.format(limit=limit)}, status=429)
    bed = selectors.bed_public_get(code=code)
    if bed is None:
        return render(request, "eldercare/beds/public/not_found.html", status=404)
    stay = None
    staff = False
    user = request.user
    if user.is_authenticated and selectors.may_manage(user, bed):
        staff = True
        services.bed_scan_record(actor=user, bed=bed)
        stay = selectors.open_stay(bed=bed)
        if stay is not None:
            access_record(actor=user, kind="view", subject=stay.person)
    in_use = stay is not None if staff else selectors.bed_in_use(bed=bed)
    home = bed.facility
    return render(request, "eldercare/beds/public/bed.html", {
        "bed": bed, "home": home, "address": home.display_address, "in_use": in_use, "staff": staff, "stay": stay,
    })
