"""The meal-site finder (找助餐点): from an address a resident types, a standard address they pick,
or where their phone says they are, to the nearest open meal sites.

Public reads: no user, no scope. The address matcher searches the whole city (a standard
address is public: it is on the plate by the door), and nothing about who lives anywhere is read.
Every answer is a ``Finding``: where the search starts and the sites, or why it cannot start
(a message for the address field) with the standard addresses to pick from when there are some.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from minzheng.core import geo
from minzheng.facilities import messages
from minzheng.facilities.nearest.selectors import NearestResult, facilities_nearest
from minzheng.facilities.sites.models import Facility
from minzheng.places import messages as places_messages
from minzheng.places.addresses.models import Address
from minzheng.places.matching import Candidate, match_address

FINDER_LIMIT = 5
# What the page calls a point it was given rather than an address it matched.
LOCATION_LABEL = "您的位置"


@dataclass(frozen=True)
class Origin:
    """Where the search starts, in WGS-84; ``code`` is the standard address's, when it is one."""

    label: str
    lng: float
    lat: float
    code: str = ""


@dataclass(frozen=True)
class Finding:
    origin: Origin | None = None
    sites: list[NearestResult] = field(default_factory=list)
    problem: str = ""  # why there is no origin: shown on the address field
    candidates: tuple[Candidate, ...] = ()  # standard addresses to pick from


def meal_sites_near_point(
    *,
    lng: float,
    lat: float,
    coord: geo.System = geo.System.WGS84,
    label: str = LOCATION_LABEL,
    limit: int = FINDER_LIMIT,
) -> Finding:
    """The ``limit`` open public meal sites nearest (lng, lat) given in ``coord``, nearest first."""
    wlng, wlat = geo.convert(lng, lat, source=coord, target=geo.System.WGS84)
    return _near(Origin(label=label, lng=wlng, lat=wlat), limit)


def meal_sites_near_address(*, code: str, limit: int = FINDER_LIMIT) -> Finding:
    """The nearest open meal sites to the active standard address with ``code`` (one picked from
    the candidates the page offered)."""
    address = _address(code=code, status=Address.Status.ACTIVE)
    if address is None:
        return Finding(problem=messages.FINDER_ADDRESS_GONE)
    return _from_address(address.code, address.full_text, address.lng, address.lat, limit)


def meal_sites_near_text(*, text: str, limit: int = FINDER_LIMIT) -> Finding:
    """The nearest open meal sites to the standard address ``text`` means. When the matcher
    finds no single best address, its candidates are offered to pick from; when it finds none
    at all, the problem says so."""
    result = match_address(text)
    if result.best is not None:
        address = _address(pk=result.best.address_id)
        if address is not None:
            return _from_address(address.code, address.full_text, address.lng, address.lat, limit)
    if not result.candidates:
        return Finding(problem=messages.FINDER_ADDRESS_NOT_FOUND.format(text=text))
    if result.ambiguous:
        problem = messages.FINDER_ADDRESS_AMBIGUOUS
    elif result.missing_number is not None:
        missing = result.missing_number
        problem = messages.FINDER_ADDRESS_NUMBER_MISSING.format(
            missing=places_messages.MATCH_NUMBER_MISSING.format(
                road=missing.road, number=missing.number, existing=missing.existing
            )
        )
    else:
        problem = messages.FINDER_ADDRESS_PICK.format(text=text)
    return Finding(problem=problem, candidates=result.candidates)


def _address(**lookup: object) -> Address | None:
    return Address.objects.filter(**lookup).only("code", "full_text", "lng", "lat").first()


def _from_address(code: str, full_text: str, lng: Decimal | None, lat: Decimal | None, limit: int) -> Finding:
    if lng is None or lat is None:
        return Finding(problem=messages.FINDER_ADDRESS_NO_POINT.format(text=full_text))
    return _near(Origin(label=full_text, lng=float(lng), lat=float(lat), code=code), limit)


def _near(origin: Origin, limit: int) -> Finding:
    sites = facilities_nearest(kinds=[Facility.Kind.MEAL_SITE], lng=origin.lng, lat=origin.lat, limit=limit)
    return Finding(origin=origin, sites=sites)
