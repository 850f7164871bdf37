"""Monthly evaluation of the home-service providers (服务机构月度评价), ranked.

For one provider site and one month, over its orders of that month that were not cancelled
(``orders``):

- completion rate 完成率 = done / orders;
- on-time rate 准时率 = orders checked in no later than ``on_time`` minutes (a threshold, default
  15) after ``scheduled_at`` / orders checked in;
- average rating 平均评价 = the mean of the elders' ratings (1–5) of the rated done orders;
- anomaly rate 异常率 = orders with at least one supervision finding / orders (the findings of
  the month's last supervision run, and of the check-outs since).

The combined score 综合得分 (0–100, one decimal, half up) weighs them

    score = 100 × (40·completion + 25·on_time + 20·(rating / 5) + 15·(1 − anomaly)) / W

where W is the sum of the weights of the parts that exist: a provider none of whose visits was
rated (or checked in) is scored on the other parts, not punished for the missing one. Providers
are ranked by score, then by more orders, then by id. All counts are one grouped query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet

from minzheng.eldercare.home_services.models import (
    OrderStatus,
    ServiceOrder,
    SupervisionFinding,
    ThresholdKey,
)
from minzheng.eldercare.home_services.supervision import thresholds_in_force

WEIGHTS = {"completion": 40, "on_time": 25, "rating": 20, "anomaly": 15}
PERCENT = Decimal("0.1")


@dataclass(frozen=True)
class ProviderScore:
    rank: int
    provider_id: int
    provider_name: str
    region_code: str
    period: dt.date
    orders: int
    done: int
    checked_in: int
    on_time: int
    rated: int
    flagged: int
    completion_rate: Decimal | None  # 0–1
    on_time_rate: Decimal | None
    average_rating: Decimal | None  # 1–5, two decimals
    anomaly_rate: Decimal | None
    score: Decimal  # 0–100, one decimal


def _ratio(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP) if whole else None


def combined_score(
    *,
    completion: Decimal | None,
    on_time: Decimal | None,
    rating: Decimal | None,
    anomaly: Decimal | None,
) -> Decimal:
    """The module's formula; parts that are None are left out of both sums."""
    parts = {
        "completion": completion,
        "on_time": on_time,
        "rating": rating / 5 if rating is not None else None,
        "anomaly": 1 - anomaly if anomaly is not None else None,
    }
    weight = sum(WEIGHTS[k] for k, v in parts.items() if v is not None)
    if not weight:
        return Decimal("0.0")
    total = sum(WEIGHTS[k] * v for k, v in parts.items() if v is not None)
    return (Decimal(100) * total / weight).quantize(PERCENT, ROUND_HALF_UP)


def _on_time_q(*, period: dt.date, region_prefix: str) -> Q:
    """Checked in within the grace in force for the order's region (longest prefix first)."""
    entries = thresholds_in_force(period=period, region_prefix=region_prefix)[(ThresholdKey.ON_TIME, "")]
    q, longer = Q(pk__in=[]), Q(pk__in=[])
    for prefix, minutes in entries:
        here = Q(region_code__startswith=prefix) if prefix else Q()
        grace = Q(checked_in_at__lte=F("scheduled_at") + dt.timedelta(minutes=minutes))
        q |= here & ~longer & grace
        longer |= here
    return q


def provider_scores(
    *, period: dt.date, region_prefix: str = "3305", orders: QuerySet[ServiceOrder] | None = None
) -> list[ProviderScore]:
    """The ranked scores of every provider with orders in ``period`` whose region starts with
    ``region_prefix``; ``orders`` narrows further (a provider operator's own sites)."""
    period = period.replace(day=1)
    base = orders if orders is not None else ServiceOrder.objects.all()
    rows = (
        base.filter(period=period, region_code__startswith=region_prefix)
        .exclude(status=OrderStatus.CANCELLED)
        .annotate(flag=Exists(SupervisionFinding.objects.filter(order=OuterRef("pk"))))
        .values("provider_id", "provider__name", "provider__region_code")
        .annotate(
            orders=Count("id"),
            done=Count("id", filter=Q(status=OrderStatus.DONE)),
            checked_in=Count("id", filter=Q(checked_in_at__isnull=False)),
            on_time=Count("id", filter=_on_time_q(period=period, region_prefix=region_prefix)),
            rated=Count("id", filter=Q(status=OrderStatus.DONE, rating__isnull=False)),
            rating=Avg("rating", filter=Q(status=OrderStatus.DONE)),
            flagged=Count("id", filter=Q(flag=True)),
        )
        .order_by()
    )
    unranked = []
    for row in rows:
        rating = (
            Decimal(str(row["rating"])).quantize(Decimal("0.01"), ROUND_HALF_UP) if row["rated"] else None
        )
        completion = _ratio(row["done"], row["orders"])
        on_time = _ratio(row["on_time"], row["checked_in"])
        anomaly = _ratio(row["flagged"], row["orders"])
        unranked.append(
            {
                "provider_id": row["provider_id"],
                "provider_name": row["provider__name"],
                "region_code": row["provider__region_code"],
                "period": period,
                "orders": row["orders"],
                "done": row["done"],
                "checked_in": row["checked_in"],
                "on_time": row["on_time"],
                "rated": row["rated"],
                "flagged": row["flagged"],
                "completion_rate": completion,
                "on_time_rate": on_time,
                "average_rating": rating,
                "anomaly_rate": anomaly,
                "score": combined_score(
                    completion=completion, on_time=on_time, rating=rating, anomaly=anomaly
                ),
            }
        )
    unranked.sort(key=lambda r: (-r["score"], -r["orders"], r["provider_id"]))
    return [ProviderScore(rank=i, **r) for i, r in enumerate(unranked, start=1)]
