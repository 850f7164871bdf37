"""Reads on monthly sales in the reader's scope: the rows, the totals by month and game type, the
year's sales, and the 公益金 by month (``fund.compute.fund_of_rows``: per month and game type,
rounded half up to the fen, then the central and local halves)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from minzheng.core.models import User
from minzheng.core.scope import scoped
from minzheng.lottery.fund.compute import fund_of_rows, split
from minzheng.lottery.fund.models import GameType
from minzheng.lottery.fund.selectors import unclaimed_by_month
from minzheng.lottery.sales.models import MonthlySale

ZERO = Decimal("0.00")


def sales_visible(*, user: User | Any) -> QuerySet[MonthlySale]:
    return scoped(MonthlySale.objects.all(), user=user)


def _year(qs: QuerySet[MonthlySale], year: int, prefix: str | None) -> QuerySet[MonthlySale]:
    qs = qs.filter(month__gte=dt.date(year, 1, 1), month__lt=dt.date(year + 1, 1, 1))
    return qs.filter(region_code__startswith=prefix) if prefix else qs


def sales_list(
    *, user: User, month: dt.date | None = None, game: str = "", region: str = "", station: int | None = None
) -> QuerySet[MonthlySale]:
    qs = sales_visible(user=user).select_related("station", "game_type")
    if month:
        qs = qs.filter(month=month)
    if game:
        qs = qs.filter(game_type__code=game)
    if region:
        qs = qs.filter(region_code__startswith=region)
    if station:
        qs = qs.filter(station_id=station)
    return qs.order_by("-month", "region_code", "station_id", "game_type__ordering")


def year_sales(*, user: User | Any, year: int, prefix: str | None = None) -> Decimal:
    total = _year(sales_visible(user=user), year, prefix).aggregate(total=Sum("amount"))["total"]
    return Decimal(total or 0).quantize(Decimal("0.01"))


def _month_game_sums(
    *, user: User | Any, year: int, prefix: str | None = None
) -> list[tuple[dt.date, int, Decimal]]:
    rows = (
        _year(sales_visible(user=user), year, prefix)
        .order_by()
        .values("month", "game_type_id")
        .annotate(total=Sum("amount"))
        .values_list("month", "game_type_id", "total")
    )
    return [(month, game, Decimal(total)) for month, game, total in rows]


def year_fund(*, user: User | Any, year: int, prefix: str | None = None) -> Decimal:
    return sum(fund_of_rows(_month_game_sums(user=user, year=year, prefix=prefix)).values(), ZERO)


def fund_by_month(*, user: User | Any, year: int) -> list[dict[str, Any]]:
    """Each month of ``year`` with sales or lapsed prizes: sales, 公益金 of the sales, its central and
    local halves, the unclaimed prizes (all local) and the local total with them."""
    sums = _month_game_sums(user=user, year=year)
    funds = fund_of_rows(sums)
    unclaimed = unclaimed_by_month(user=user, year=year)
    sales: dict[dt.date, Decimal] = {}
    for month, _, total in sums:
        sales[month] = sales.get(month, ZERO) + total
    out = []
    for month in sorted(set(sales) | set(unclaimed)):
        fund = funds.get(month, ZERO)
        central, local = split(fund)
        lapsed = unclaimed.get(month, ZERO)
        out.append(
            {
                "month": month,
                "sales": sales.get(month, ZERO),
                "fund": fund,
                "central": central,
                "local": local,
                "unclaimed": lapsed,
                "local_total": local + lapsed,
            }
        )
    return out


def sales_by_game(*, user: User | Any, year: int) -> list[dict[str, Any]]:
    totals = dict(
        _year(sales_visible(user=user), year, None)
        .order_by()
        .values("game_type_id")
        .annotate(total=Sum("amount"))
        .values_list("game_type_id", "total")
    )
    return [
        {"game": g, "sales": Decimal(totals.get(g.pk) or 0)} for g in GameType.objects.all() if g.pk in totals
    ]


def sales_months(*, user: User | Any) -> list[dt.date]:
    return list(sales_visible(user=user).order_by("-month").values_list("month", flat=True).distinct()[:36])
