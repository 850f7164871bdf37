"""The nearest meal sites and community care centres, for the public doorplate page.

Registered with ``places.doorplates.nearby`` in ``FacilitiesConfig.ready()``: places never
imports facilities. The page shows only public, open sites and what anybody may know of them.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from minzheng.facilities.nearest.selectors import facilities_nearest_each
from minzheng.facilities.sites.models import Facility
from minzheng.places.doorplates.nearby import NearbyGroup, NearbyPlace

# What a plate lists, in this order: for elders, a meal and a day centre are the daily needs.
DOORPLATE_KINDS = (Facility.Kind.MEAL_SITE, Facility.Kind.COMMUNITY_CARE_CENTRE)
DOORPLATE_LIMIT = 3
# Farther than this is not "nearby" for someone walking with a stick; the page then says nothing.
DOORPLATE_WITHIN_M = 10_000
FINDER_LABEL = "在地图上查看附近的助餐点"


def nearest_for_doorplate(lng: float, lat: float) -> list[NearbyGroup]:
    """For a WGS-84 point: per kind, the nearest few open public sites within 10 km (one query
    in all, whatever the number of kinds)."""
    found = facilities_nearest_each(kinds=DOORPLATE_KINDS, lng=lng, lat=lat, limit=DOORPLATE_LIMIT,
                                    within_m=DOORPLATE_WITHIN_M)
    return [NearbyGroup(title=f"附近的{kind.label}", places=[
        NearbyPlace(name=r.name, kind=r.kind_display, distance_m=r.distance_m, address=r.address,
                    opening_hours=r.opening_hours, links=r.links) for r in found[kind]],
        **(_finder_link(lng, lat) if kind == Facility.Kind.MEAL_SITE else {}))
        for kind in DOORPLATE_KINDS]


def _finder_link(lng: float, lat: float) -> dict[str, str]:
    """The meal-site finder from the plate's point: whoever scanned the plate stands there."""
    query = urlencode({"lng": f"{lng:.7f}", "lat": f"{lat:.7f}", "coord": "wgs84"})
    return {"more_url": f"{reverse('finder:meal_sites')}?{query}", "more_label": FINDER_LABEL}
