"""Reads on the counselling stations (facilities of kind ``marriage_counselling_station``), the
simple-wedding bases and the events, in the reader's scope; and the counts the figures use, as SQL
aggregates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from minzheng.core.models import Region, User
from minzheng.core.scope import get_in_scope, scope_for, scoped
from minzheng.facilities.models import Facility
from minzheng.marriage.counselling.models import BaseStatus, Event, EventKind, WeddingBase

# The sites an event may be held at: the stations themselves and the registration offices (the
# collective certificate ceremonies).
EVENT_SITE_KINDS = (Facility.Kind.MARRIAGE_COUNSELLING_STATION, Facility.Kind.MARRIAGE_OFFICE)


def _year(field: str, year: int) -> Q:
    return Q(**{f"{field}__gte": dt.date(year, 1, 1), f"{field}__lt": dt.date(year + 1, 1, 1)})


def _prefixed(qs: QuerySet[Any], prefix: str | None) -> QuerySet[Any]:
    return qs.filter(region_code__startswith=prefix) if prefix else qs


def stations(*, user: User | Any) -> QuerySet[Facility]:
    return scoped(Facility.objects.filter(kind=Facility.Kind.MARRIAGE_COUNSELLING_STATION), user=user).order_by(
        "region_code", "name", "id")


def stations_open_at(*, user: User | Any, day: dt.date, prefix: str | None = None) -> int:
    """Stations open on ``day``: opened by then (or with no opening date on record) and not closed.
    A facility keeps no closing date, so a closed station counts in no year."""
    qs = stations(user=user).filter(Q(opened_on__isnull=True) | Q(opened_on__lte=day)).exclude(
        status=Facility.Status.CLOSED)
    return _prefixed(qs, prefix).count()


def bases(*, user: User | Any) -> QuerySet[WeddingBase]:
    return scoped(WeddingBase.objects.all(), user=user).order_by("-designated_on", "id")


def base_get(*, user: User | Any, pk: Any) -> WeddingBase:
    return get_in_scope(WeddingBase.objects.all(), user=user, pk=pk)


def bases_designated(*, user: User | Any, year: int, prefix: str | None = None) -> int:
    return _prefixed(bases(user=user).filter(_year("designated_on", year)), prefix).count()


def events(*, user: User | Any, year: int | None = None, kind: str | None = None) -> QuerySet[Event]:
    qs = scoped(Event.objects.select_related("facility", "base"), user=user)
    if year:
        qs = qs.filter(_year("held_on", year))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-held_on", "-id")


def event_get(*, user: User | Any, pk: Any) -> Event:
    return get_in_scope(Event.objects.select_related("facility", "base"), user=user, pk=pk)


def event_counts(*, user: User | Any, year: int, prefix: str | None = None) -> dict[str, dict[str, int]]:
    """Per kind: events, people and couples of the year (every kind present, zero when none)."""
    rows = (_prefixed(events(user=user, year=year), prefix).order_by().values("kind")
            .annotate(events=Count("id"), people=Sum("people"), couples=Sum("couples")))
    out = {kind: {"events": 0, "people": 0, "couples": 0} for kind in EventKind.values}
    for row in rows:
        out[row["kind"]] = {"events": row["events"], "people": row["people"] or 0, "couples": row["couples"] or 0}
    return out


def facility_choices(*, user: User | Any) -> list[tuple[int, str]]:
    qs = scoped(Facility.objects.filter(kind__in=EVENT_SITE_KINDS), user=user).exclude(
        status=Facility.Status.CLOSED).order_by("kind", "region_code", "name")
    return [(f.pk, f.name) for f in qs]


def facility_for_event(*, user: User | Any, pk: Any) -> Facility | None:
    """The chosen site when it is one an event may use in the reader's scope, else None (the
    service then names the field)."""
    if pk in (None, ""):
        return None
    try:
        return scoped(Facility.objects.filter(kind__in=EVENT_SITE_KINDS), user=user).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def base_choices(*, user: User | Any) -> list[tuple[int, str]]:
    return [(b.pk, b.name) for b in bases(user=user).filter(status=BaseStatus.ACTIVE).order_by("region_code", "name")]


def base_for_event(*, user: User | Any, pk: Any) -> WeddingBase | None:
    if pk in (None, ""):
        return None
    try:
        return bases(user=user).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def region_choices(*, user: User | Any) -> list[tuple[str, str]]:
    qs = scope_for(user).filter(Region.objects.filter(level__in=["county", "township"]), field="code")
    return [(r.code, r.full_name or r.name) for r in qs.order_by("code")]
