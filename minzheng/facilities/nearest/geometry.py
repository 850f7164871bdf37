"""Distances and search boxes on the sphere: pure functions, no database.

Distances are great-circle (haversine) on a sphere of the mean Earth radius, between WGS-84
points. Against the ellipsoid that is off by at most 0.5 %, a few metres over the kilometres a
resident walks to a meal site, which no one can notice; GCJ-02 and BD-09 inputs are converted to
WGS-84 before any distance is taken (a GCJ-02 point is some 500 m off in Huzhou).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8  # the IUGG mean radius


def haversine_m(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    """The great-circle distance in metres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Box:
    """A longitude and latitude window, in degrees."""

    min_lng: float
    min_lat: float
    max_lng: float
    max_lat: float


def box_around(lng: float, lat: float, radius_m: float) -> Box:
    """The smallest longitude/latitude window that holds every point within ``radius_m`` of
    (lng, lat). Latitude spans a fixed angle; a degree of longitude shrinks with the cosine of
    latitude, so the window is widened at the latitude nearest a pole it reaches."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    far = min(89.9, abs(lat) + dlat)
    dlng = min(180.0, math.degrees(radius_m / (EARTH_RADIUS_M * math.cos(math.radians(far)))))
    return Box(min_lng=lng - dlng, min_lat=lat - dlat, max_lng=lng + dlng, max_lat=lat + dlat)


@dataclass(frozen=True)
class Candidate:
    key: int
    lng: float
    lat: float


@dataclass(frozen=True)
class Hit:
    key: int
    distance_m: float


def nearest(candidates: Iterable[Candidate], *, lng: float, lat: float, limit: int,
            within_m: float | None = None) -> list[Hit]:
    """The ``limit`` candidates nearest (lng, lat), nearest first (ties by key, so the answer is
    the same every time). With ``within_m``, only those at most that far."""
    hits = [Hit(c.key, haversine_m(lng, lat, c.lng, c.lat)) for c in candidates]
    if within_m is not None:
        hits = [h for h in hits if h.distance_m <= within_m]
    hits.sort(key=lambda h: (h.distance_m, h.key))
    return hits[:limit]
