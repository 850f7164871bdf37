"""The year's children's figures, counted from the records in the reader's scope, under the keys
of the annual summary (``children.*`` in the reference figures) where it has one.

What counts (the day is 31 December of the year, or today for the year under way):

- ``in_difficulty_records`` (困境儿童建档, summary 5,030): child profiles whose child's village is in
  scope, opened by the day and not ended by it (``ended_on`` null or after the day), carrying any of
  孤儿, 事实无人抚养儿童 or 困境儿童 (a profile carrying several counts once; one that is only 留守
  or 流动 does not count);
- ``migrant_records`` (流动儿童建档, summary 60,900): the same, carrying 流动儿童;
- ``migrant_service_list_items`` (流动儿童基本服务清单, summary 20): the items of the basic service
  list in use (``ServiceItem.active``), a city-wide catalogue;
- and, not in the summary: the orphans, de-facto unsupported and left-behind children among the
  standing profiles; the villages with a child director in post on the day out of the villages in
  scope; the visits made and the services delivered in the year.

One aggregate per table; no rows are read into Python.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from minzheng.children.directors.selectors import coverage
from minzheng.children.profiles.models import ChildProfile
from minzheng.children.profiles.selectors import profiles_visible
from minzheng.children.visits.models import ChildVisit, ServiceDelivery, ServiceItem
from minzheng.core.models import User
from minzheng.core.scope import scoped

DIFFICULTY = Q(is_orphan=True) | Q(is_de_facto=True) | Q(is_in_difficulty=True)


def as_of(year: int) -> dt.date:
    return min(dt.date(year, 12, 31), timezone.localdate())


def standing(*, user: User | Any, day: dt.date) -> Any:
    """The profiles in scope standing on ``day``: opened by it and not ended by it."""
    return (
        profiles_visible(user=user)
        .filter(opened_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    )


def children_figures(*, actor: User | Any, year: int) -> dict[str, Any]:
    day = as_of(year)
    counts = standing(user=actor, day=day).aggregate(
        in_difficulty_records=Count("id", filter=DIFFICULTY),
        migrant_records=Count("id", filter=Q(is_migrant=True)),
        orphans=Count("id", filter=Q(is_orphan=True)),
        de_facto_unsupported=Count("id", filter=Q(is_de_facto=True)),
        left_behind=Count("id", filter=Q(is_left_behind=True)),
    )
    towns = coverage(user=actor, day=day)
    return {
        "year": year,
        "as_of": day,
        **counts,
        "migrant_service_list_items": ServiceItem.objects.filter(active=True).count(),
        "villages": sum(t.villages for t in towns),
        "villages_with_director": sum(t.covered for t in towns),
        "townships_with_supervisor": sum(1 for t in towns if t.supervisor),
        "visits": scoped(ChildVisit.objects.filter(visited_on__year=year), user=actor).count(),
        "services_delivered": scoped(
            ServiceDelivery.objects.filter(delivered_on__year=year), user=actor
        ).count(),
    }


def figures_default_year() -> int:
    """The latest year with a profile opened, or last year."""
    latest = ChildProfile.objects.order_by("-opened_on").values_list("opened_on", flat=True).first()
    return latest.year if latest else timezone.localdate().year - 1
