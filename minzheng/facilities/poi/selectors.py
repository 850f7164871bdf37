"""What the map POI export holds: the public, open facilities with coordinates that the user may
see (a county exports its county's sites), in region order."""

from __future__ import annotations

from django.db.models import QuerySet

from minzheng.core.models import User
from minzheng.facilities.sites.models import Facility
from minzheng.facilities.sites.selectors import facilities_visible


def poi_facilities(*, user: User, kind: str = "") -> QuerySet[Facility]:
    qs = (facilities_visible(user=user).filter(status=Facility.Status.OPEN, public=True, lng__isnull=False,
                                               lat__isnull=False).select_related("address"))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("region_code", "id")


def poi_left_out(*, user: User, kind: str = "") -> int:
    """Public, open facilities the export leaves out because they have no coordinates yet."""
    qs = facilities_visible(user=user).filter(status=Facility.Status.OPEN, public=True, lng__isnull=True)
    return (qs.filter(kind=kind) if kind else qs).count()
