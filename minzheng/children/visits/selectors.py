"""Reads on visits and the migrant children's basic services, scoped by the child's village: a
village worker sees only their own village's queue.

The **visit queue** (``visit_queue``) is the active profiles in view whose next visit is due by a
day (``next_visit_on`` ≤ day + ``within`` days); those whose next visit was due before the day are
overdue. One indexed query (status, next_visit_on)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet

from minzheng.children.profiles.models import ChildProfile
from minzheng.children.profiles.selectors import profiles_visible
from minzheng.children.visits.models import ChildVisit, ServiceDelivery, ServiceItem
from minzheng.core.models import User
from minzheng.core.scope import scoped

PERM_VISITS = "children.record_child_visits"


def visit_queue(*, user: User | Any, day: dt.date, within: int = 0) -> QuerySet[ChildProfile]:
    """Active profiles in view with a visit due by ``day`` + ``within`` days, the most overdue first."""
    return (
        profiles_visible(user=user)
        .select_related("person")
        .filter(status=ChildProfile.Status.ACTIVE, next_visit_on__lte=day + dt.timedelta(days=within))
        .order_by("next_visit_on", "id")
    )


def overdue_count(*, user: User | Any, day: dt.date) -> int:
    return (
        profiles_visible(user=user).filter(status=ChildProfile.Status.ACTIVE, next_visit_on__lt=day).count()
    )


def visits_of(*, profile: ChildProfile) -> QuerySet[ChildVisit]:
    return profile.visits.select_related("director__person").order_by("-visited_on", "-id")


def services_of(*, profile: ChildProfile) -> QuerySet[ServiceDelivery]:
    return profile.services.select_related("item").order_by("-delivered_on", "-id")


def service_items(*, active_only: bool = True) -> QuerySet[ServiceItem]:
    qs = ServiceItem.objects.all()
    return qs.filter(active=True) if active_only else qs


def service_counts(*, user: User | Any, year: int | None = None) -> list[dict[str, Any]]:
    """Each item of the list with the services delivered in view (in ``year`` when given) and the
    children who received it."""
    deliveries = scoped(ServiceDelivery.objects.all(), user=user)
    if year is not None:
        deliveries = deliveries.filter(delivered_on__year=year)
    counts = {
        row["item_id"]: row
        for row in deliveries.order_by()
        .values("item_id")
        .annotate(n=Count("id"), children=Count("profile_id", distinct=True))
    }
    return [
        {
            "item": item,
            "deliveries": counts.get(item.pk, {}).get("n", 0),
            "children": counts.get(item.pk, {}).get("children", 0),
        }
        for item in ServiceItem.objects.order_by("number")
    ]


def deliveries_visible(*, user: User | Any) -> QuerySet[ServiceDelivery]:
    return scoped(ServiceDelivery.objects.select_related("item", "profile__person"), user=user)
