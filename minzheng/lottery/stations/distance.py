"""The 200 m rule: a lottery station is kept at least ``LOTTERY_SCHOOL_DISTANCE_M`` metres (a
setting, default 200, the local rule) from every school (``facilities.Facility`` of kind
``school`` that is not closed, with coordinates).

Distances are great-circle (``facilities.nearest.geometry.haversine_m``) between WGS-84 points.
Schools are found through a bounding box first (``box_around``: the smallest longitude/latitude
window that holds the circle), so one position costs one indexed range read, and the findings of
all stations against all schools cost one read of the schools, sorted by latitude, and a binary
search per station: never stations × schools distances.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from minzheng.facilities.nearest.geometry import box_around, haversine_m
from minzheng.facilities.sites.models import Facility


def limit_m() -> int:
    return int(getattr(settings, "LOTTERY_SCHOOL_DISTANCE_M", 200))


@dataclass(frozen=True)
class Near:
    school_id: int
    school_name: str
    distance_m: float


def _schools():  # type: ignore[no-untyped-def]
    return Facility.objects.filter(kind=Facility.Kind.SCHOOL, lat__isnull=False, lng__isnull=False).exclude(
        status=Facility.Status.CLOSED
    )


def schools_near(lng: float | Decimal, lat: float | Decimal, *, limit: float | None = None) -> list[Near]:
    """The schools closer than ``limit`` metres (default: the setting) to a point, nearest first."""
    radius = float(limit if limit is not None else limit_m())
    x, y = float(lng), float(lat)
    box = box_around(x, y, radius)
    rows = (
        _schools()
        .filter(lng__gte=box.min_lng, lng__lte=box.max_lng, lat__gte=box.min_lat, lat__lte=box.max_lat)
        .values_list("pk", "name", "lng", "lat")
    )
    found = [Near(pk, name, haversine_m(x, y, float(slng), float(slat))) for pk, name, slng, slat in rows]
    return sorted((n for n in found if n.distance_m < radius), key=lambda n: n.distance_m)


class SchoolIndex:
    """Every school, sorted by latitude, for checking many positions in one pass."""

    def __init__(self) -> None:
        rows = sorted(
            (float(lat), float(lng), pk, name)
            for pk, name, lng, lat in _schools().values_list("pk", "name", "lng", "lat")
        )
        self.rows = rows
        self.lats = [row[0] for row in rows]

    def near(self, lng: float, lat: float, *, limit: float | None = None) -> list[Near]:
        radius = float(limit if limit is not None else limit_m())
        box = box_around(lng, lat, radius)
        start = bisect.bisect_left(self.lats, box.min_lat)
        end = bisect.bisect_right(self.lats, box.max_lat)
        found = []
        for slat, slng, pk, name in self.rows[start:end]:
            if box.min_lng <= slng <= box.max_lng:
                distance = haversine_m(lng, lat, slng, slat)
                if distance < radius:
                    found.append(Near(pk, name, distance))
        return sorted(found, key=lambda n: n.distance_m)


@dataclass(frozen=True)
class Finding:
    station: Facility
    school_id: int
    school_name: str
    distance_m: float


def findings(stations: Iterable[Facility], *, limit: float | None = None) -> list[Finding]:
    """Each (station, school) pair closer than the limit, nearest first per station."""
    index = SchoolIndex()
    out = []
    for station in stations:
        if station.lng is None or station.lat is None:
            continue
        for near in index.near(float(station.lng), float(station.lat), limit=limit):
            out.append(Finding(station, near.school_id, near.school_name, near.distance_m))
    return out
