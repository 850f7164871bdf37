"""Reads on lottery stations: the stations (``facilities.Facility`` of kind ``lottery_station``) in
the reader's scope with their contract in force, one station's contracts, upgrades and closure,
and the year's counts (opened, closed, net new, upgraded)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from minzheng.core.models import User
from minzheng.core.scope import get_in_scope, scoped
from minzheng.facilities.sites.models import Facility
from minzheng.lottery.stations.models import AgencyContract, StationClosure, StationUpgrade

KIND = Facility.Kind.LOTTERY_STATION


def stations_visible(*, user: User | Any) -> QuerySet[Facility]:
    return scoped(Facility.objects.filter(kind=KIND), user=user)


def with_opening(qs: QuerySet[Facility]) -> QuerySet[Facility]:
    """Annotates ``opening``: the facility's ``opened_on``, or its first contract's ``valid_from``."""
    first = (
        AgencyContract.objects.filter(station=OuterRef("pk"))
        .order_by()
        .values("station")
        .annotate(first=Min("valid_from"))
        .values("first")
    )
    return qs.annotate(opening=Coalesce("opened_on", Subquery(first)))


def station_list(*, user: User, q: str = "", status: str = "", region: str = "") -> QuerySet[Facility]:
    current = AgencyContract.objects.filter(station=OuterRef("pk"), ended_on__isnull=True)
    qs = with_opening(stations_visible(user=user)).annotate(
        terminal=Subquery(current.values("terminal_number")[:1]),
        agent=Subquery(current.values("agent_name")[:1]),
        closed_on=Subquery(StationClosure.objects.filter(station=OuterRef("pk")).values("closed_on")[:1]),
    )
    if status:
        qs = qs.filter(status=status)
    if region:
        qs = qs.filter(region_code__startswith=region)
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(name__contains=q) | Q(address_text__contains=q) | Q(lottery_contracts__terminal_number=q)
        ).distinct()
    return qs.order_by("region_code", "id")


def station_get(*, user: User | Any, pk: Any) -> Facility:
    return get_in_scope(with_opening(Facility.objects.filter(kind=KIND)), user=user, pk=pk)


def contracts_of(station: Facility) -> list[AgencyContract]:
    return list(AgencyContract.objects.filter(station=station).order_by("-valid_from", "-id"))


def upgrades_of(station: Facility) -> list[StationUpgrade]:
    return list(StationUpgrade.objects.filter(station=station))


def closure_of(station: Facility) -> StationClosure | None:
    return StationClosure.objects.filter(station=station).first()


def station_counts(*, user: User | Any, year: int, prefix: str | None = None) -> dict[str, int]:
    """In the reader's scope (cut to ``prefix`` if given): stations opened in ``year`` (by their
    opening date), stations closed in it, the net new (opened − closed), and the stations upgraded
    in it (each counted once however many upgrades)."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    stations = stations_visible(user=user)
    closures = scoped(StationClosure.objects.all(), user=user)
    upgrades = scoped(StationUpgrade.objects.all(), user=user)
    if prefix:
        stations = stations.filter(region_code__startswith=prefix)
        closures = closures.filter(region_code__startswith=prefix)
        upgrades = upgrades.filter(region_code__startswith=prefix)
    opened = with_opening(stations).filter(opening__gte=start, opening__lt=end).count()
    closed = closures.filter(closed_on__gte=start, closed_on__lt=end).count()
    upgraded = (
        upgrades.filter(upgraded_on__gte=start, upgraded_on__lt=end).values("station").distinct().count()
    )
    return {"opened": opened, "closed": closed, "net_new": opened - closed, "upgraded": upgraded}
