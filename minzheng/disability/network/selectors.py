"""Reads on the rehab network: the rehab organizations (from the facility registry, through its
own scoping ``facilities_visible``), their placements, the staged targets, and the coverage of the
"1+5+N" network per county.

Coverage of a county (on a day): its county centre in force (1 required), its township stations
(``RehabStandard.townships_required`` required, 5 by default), its village points (N, none
required), and the townships of the county where neither a township station nor a village point
stands: the ones a reader must fix. Counted by grouped SQL; no rows are read into Python beyond
one per county and the township names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core.models import Region, User
from minzheng.core.regions import Level
from minzheng.core.scope import scope_for, scoped
from minzheng.disability.network.models import NetworkLevel, NetworkPlacement, RehabStandard
from minzheng.facilities.operators.selectors import as_id, operator_ids_of
from minzheng.facilities.sites.models import Facility
from minzheng.facilities.sites.selectors import facilities_visible, facility_list

PERM_VIEW = "disability.view_rehab_network"
PERM_MANAGE = "disability.manage_rehab_network"
REHAB_KIND = Facility.Kind.MENTAL_REHAB_CENTRE
# Township stations and village points may be hosted at a community care centre; the county
# centre is a rehab organization.
HOST_KINDS = {
    NetworkLevel.COUNTY: (Facility.Kind.MENTAL_REHAB_CENTRE,),
    NetworkLevel.TOWNSHIP: (Facility.Kind.MENTAL_REHAB_CENTRE, Facility.Kind.COMMUNITY_CARE_CENTRE),
    NetworkLevel.VILLAGE: (Facility.Kind.MENTAL_REHAB_CENTRE, Facility.Kind.COMMUNITY_CARE_CENTRE),
}
DEFAULT_MIN_SERVICES = 4
DEFAULT_TOWNSHIPS = 5


def in_force_q(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}placed_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def rehab_organizations(*, user: User | Any, status: str = "", q: str = "") -> QuerySet[Facility]:
    """The rehab organizations (精神康复机构) ``user`` may see, from the facility registry."""
    return facility_list(user=user, kind=REHAB_KIND, status=status, q=q)


def network_facilities(*, user: User | Any) -> QuerySet[Facility]:
    """Facilities ``user`` may see that can stand in the network (rehab organizations and
    community care centres)."""
    return facilities_visible(user=user).filter(
        kind__in=[Facility.Kind.MENTAL_REHAB_CENTRE, Facility.Kind.COMMUNITY_CARE_CENTRE]
    )


def placements_visible(*, user: User | Any) -> QuerySet[NetworkPlacement]:
    operators = operator_ids_of(user)
    qs = NetworkPlacement.objects.all()
    if operators is not None:
        return qs.filter(facility__operator_id__in=operators)
    return scoped(qs, user=user)


def placement_list(*, user: User | Any, level: str = "", active: bool = True) -> QuerySet[NetworkPlacement]:
    qs = placements_visible(user=user).select_related("facility")
    if active:
        qs = qs.filter(ended_on__isnull=True)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("county_code", "level", "region_code", "id")


def placement_get(*, user: User | Any, pk: Any) -> NetworkPlacement:
    key = as_id(pk)
    found = placements_visible(user=user).select_related("facility").filter(pk=key).first() if key else None
    if found is None:
        raise Http404(core_messages.NOT_FOUND)
    return found


def placement_of(*, facility: Facility) -> NetworkPlacement | None:
    """The facility's placement in force (a facility has at most one)."""
    return NetworkPlacement.objects.filter(facility=facility, ended_on__isnull=True).first()


def standard_for(year: int) -> RehabStandard | None:
    """The year's targets, or the latest year's before it."""
    return RehabStandard.objects.filter(year__lte=year).order_by("-year").first()


def min_services(year: int) -> int:
    standard = standard_for(year)
    return standard.min_services if standard is not None else DEFAULT_MIN_SERVICES


# ---- coverage -----------------------------------------------------------------------------------


@dataclass
class CountyCoverage:
    code: str  # 6 digits
    name: str
    county_centres: int = 0
    townships_with_station: int = 0
    township_stations: int = 0
    village_points: int = 0
    townships: int = 0
    required_stations: int = DEFAULT_TOWNSHIPS
    uncovered: list[str] = field(default_factory=list)  # township names without a station or point

    @property
    def complete(self) -> bool:
        return self.county_centres >= 1 and self.township_stations >= self.required_stations

    @property
    def missing(self) -> list[str]:
        out = []
        if self.county_centres < 1:
            out.append("缺区县级精神康复中心")
        if self.township_stations < self.required_stations:
            out.append(f"乡镇级康复站差{self.required_stations - self.township_stations}个")
        return out


def counties_in_scope(*, user: User | Any) -> list[Region]:
    """The counties inside the user's scope, or the county a township or village user is in."""
    prefix = scope_for(user).prefix
    if prefix is None:
        return []
    if len(prefix) >= 6:
        return list(Region.objects.filter(code=prefix[:6].ljust(12, "0")))
    return list(Region.objects.filter(level=Level.COUNTY, code__startswith=prefix).order_by("code"))


def coverage(*, user: User | Any, day: dt.date | None = None) -> list[CountyCoverage]:
    """The network of each county in the user's scope on ``day`` (today by default)."""
    day = day or timezone.localdate()
    counties = counties_in_scope(user=user)
    if not counties:
        return []
    standard = standard_for(day.year)
    required = standard.townships_required if standard is not None else DEFAULT_TOWNSHIPS
    codes = [c.code[:6] for c in counties]
    placed = NetworkPlacement.objects.filter(in_force_q(day), county_code__in=codes)
    rows = {
        c.code[:6]: CountyCoverage(code=c.code[:6], name=c.name, required_stations=required) for c in counties
    }
    for r in placed.order_by().values("county_code", "level").annotate(n=Count("id")):
        row = rows[r["county_code"]]
        if r["level"] == NetworkLevel.COUNTY:
            row.county_centres = r["n"]
        elif r["level"] == NetworkLevel.TOWNSHIP:
            row.township_stations = r["n"]
        else:
            row.village_points = r["n"]
    covered = set(
        placed.exclude(level=NetworkLevel.COUNTY).order_by().values_list("region_code", flat=True).distinct()
    )
    covered_townships = {code[:9] for code in covered}
    stations = set(
        placed.filter(level=NetworkLevel.TOWNSHIP).order_by().values_list("region_code", flat=True).distinct()
    )
    station_townships = {code[:9] for code in stations}
    for township in Region.objects.filter(
        level=Level.TOWNSHIP, parent__code__in=[c.code for c in counties]
    ).order_by("code"):
        row = rows[township.code[:6]]
        row.townships += 1
        if township.code[:9] in station_townships:
            row.townships_with_station += 1
        if township.code[:9] not in covered_townships:
            row.uncovered.append(township.name)
    return list(rows.values())
