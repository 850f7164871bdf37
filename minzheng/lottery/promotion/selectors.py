"""Reads on promotion events in the reader's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from minzheng.core.models import User
from minzheng.core.scope import scoped
from minzheng.lottery.promotion.models import PromotionEvent


def events_visible(*, user: User | Any) -> QuerySet[PromotionEvent]:
    return scoped(PromotionEvent.objects.all(), user=user)


def event_list(*, user: User, year: int | None = None) -> QuerySet[PromotionEvent]:
    qs = events_visible(user=user)
    if year:
        qs = qs.filter(held_on__gte=dt.date(year, 1, 1), held_on__lt=dt.date(year + 1, 1, 1))
    return qs.order_by("-held_on", "-id")


def event_count(*, user: User | Any, year: int, prefix: str | None = None) -> int:
    qs = event_list(user=user, year=year)
    return (qs.filter(region_code__startswith=prefix) if prefix else qs).count()
