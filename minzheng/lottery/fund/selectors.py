"""Reads on the fund's own records: the unclaimed prizes that lapsed into it, in the reader's scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from minzheng.core.models import User
from minzheng.core.scope import scoped
from minzheng.lottery.fund.models import UnclaimedPrize


def unclaimed_visible(*, user: User | Any) -> QuerySet[UnclaimedPrize]:
    return scoped(UnclaimedPrize.objects.all(), user=user)


def unclaimed_by_month(*, user: User | Any, year: int) -> dict[dt.date, Decimal]:
    rows = (
        unclaimed_visible(user=user)
        .filter(month__gte=dt.date(year, 1, 1), month__lt=dt.date(year + 1, 1, 1))
        .order_by()
        .values("month")
        .annotate(total=Sum("amount"))
        .values_list("month", "total")
    )
    return {month: Decimal(total) for month, total in rows}
