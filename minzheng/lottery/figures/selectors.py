"""The year's welfare-lottery figures, counted from the records in the reader's scope, under the
keys of the annual summary (``lottery.*``):

- ``sales``: the year's sales (元), the sum of the monthly sales rows;
- ``sales_growth``: (sales − last year's sales) ÷ last year's sales × 100, rounded half up to one
  decimal (%); none without last year's sales;
- ``fund_raised``: the 公益金 of the year's sales by the rate table (per month and game type,
  rounded half up to the fen, ``fund.compute``);
- ``stations_net_new``: stations opened in the year (facility ``opened_on``, or the first
  contract's start) minus stations closed in it (closure records);
- ``stations_upgraded``: stations with at least one upgrade recorded in the year;
- ``promotion_events``: promotion events held in the year.

The same counts per county (the regions at county level in the reader's scope).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for
from minzheng.lottery.promotion.selectors import event_count
from minzheng.lottery.sales.models import MonthlySale
from minzheng.lottery.sales.selectors import year_fund, year_sales
from minzheng.lottery.stations.selectors import station_counts

KEYS = ("sales", "sales_growth", "fund_raised", "stations_net_new", "stations_upgraded", "promotion_events")


def growth(current: Decimal, previous: Decimal) -> Decimal | None:
    if not previous:
        return None
    return ((current - previous) * 100 / previous).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _figures(*, actor: User | Any, year: int, prefix: str | None = None) -> dict[str, Any]:
    sales = year_sales(user=actor, year=year, prefix=prefix)
    previous = year_sales(user=actor, year=year - 1, prefix=prefix)
    stations = station_counts(user=actor, year=year, prefix=prefix)
    return {
        "sales": sales,
        "sales_previous": previous,
        "sales_growth": growth(sales, previous),
        "fund_raised": year_fund(user=actor, year=year, prefix=prefix),
        "stations_opened": stations["opened"],
        "stations_closed": stations["closed"],
        "stations_net_new": stations["net_new"],
        "stations_upgraded": stations["upgraded"],
        "promotion_events": event_count(user=actor, year=year, prefix=prefix),
    }


def lottery_figures(*, actor: User | Any, year: int) -> dict[str, Any]:
    return {"year": year, **_figures(actor=actor, year=year)}


def lottery_figures_by_county(*, actor: User | Any, year: int) -> list[dict[str, Any]]:
    scope = scope_for(actor)
    if scope.is_empty:
        return []
    counties = scope.filter(Region.objects.filter(level="county"), field="code").order_by("code")
    if not counties.exists():
        counties = Region.objects.filter(level="county", code__startswith=scope.prefix[:6]).order_by("code")
    return [
        {"code": county.code, "name": county.name, **_figures(actor=actor, year=year, prefix=county.code[:6])}
        for county in counties
    ]


def figures_default_year() -> int:
    """The latest year with sales stored, or last year."""
    latest = MonthlySale.objects.order_by("-month").values_list("month", flat=True).first()
    return latest.year if latest is not None else timezone.localdate().year - 1
