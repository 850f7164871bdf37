"""The year's marriage-service figures (四.2 of the annual summary), counted from the records in
the reader's scope, under the summary's keys (``marriage.*``):

- ``simple_wedding_bases``: simple-wedding bases designated in the year (命名日期 in the year);
- ``counseling_stations``: counselling stations open at the year's end (facilities of kind
  ``marriage_counselling_station`` opened by 31 December, or with no opening date, and not closed);
- ``collective_ceremonies``: collective certificate ceremonies and collective weddings held in the year;
- ``matchmaking_events``: matchmaking and marriage-counselling events held in the year.

And, beside them, each event kind's events, people and couples; the same per county.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for
from minzheng.marriage.counselling import selectors as counselling
from minzheng.marriage.counselling.models import CEREMONY_KINDS, MATCHMAKING_KINDS, Event

KEYS = ("simple_wedding_bases", "counseling_stations", "collective_ceremonies", "matchmaking_events")


def _figures(*, actor: User | Any, year: int, prefix: str | None = None) -> dict[str, Any]:
    kinds = counselling.event_counts(user=actor, year=year, prefix=prefix)
    return {
        "simple_wedding_bases": counselling.bases_designated(user=actor, year=year, prefix=prefix),
        "counseling_stations": counselling.stations_open_at(user=actor, day=dt.date(year, 12, 31), prefix=prefix),
        "collective_ceremonies": sum(kinds[k]["events"] for k in CEREMONY_KINDS),
        "matchmaking_events": sum(kinds[k]["events"] for k in MATCHMAKING_KINDS),
        "kinds": kinds,
    }


def marriage_figures(*, actor: User | Any, year: int) -> dict[str, Any]:
    return {"year": year, **_figures(actor=actor, year=year)}


def marriage_figures_by_county(*, actor: User | Any, year: int) -> list[dict[str, Any]]:
    scope = scope_for(actor)
    if scope.is_empty:
        return []
    counties = scope.filter(Region.objects.filter(level="county"), field="code").order_by("code")
    if not counties.exists():
        counties = Region.objects.filter(level="county", code__startswith=scope.prefix[:6]).order_by("code")
    return [{"code": c.code, "name": c.name, **_figures(actor=actor, year=year, prefix=c.code[:6])} for c in counties]


def figures_default_year() -> int:
    """The latest year with an event on record, or last year."""
    latest = Event.objects.order_by("-held_on").values_list("held_on", flat=True).first()
    return latest.year if latest is not None else timezone.localdate().year - 1
