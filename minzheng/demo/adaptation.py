"""The demo city's home adaptation (适老化改造 / 以旧换新), 2024: the catalogue, and applications
whose subsidies paid in 2024 add up to the summary's figures × scale, to the fen.

- **Catalogue.** ``ITEMS``: renovation items (grab bars, non-slip floors, ramps, alarms, …) and
  trade-in appliances (an electric care bed, a wheelchair, …), each with its price. Items the city
  already has (same code) are left as they are.
- **Applications**, planned in Python (a few thousand at scale 1.0) and written with
  ``bulk_create``: an elder of 60 or over chosen by a fixed hash; a renovation (two to four items)
  or a trade-in (one appliance, sometimes with a renovation item), at catalogue prices or a
  contractor's quote up to 10% lower; a subsidy rate from 0.50 to 1.00. Each rate is the one of
  the elder's class that keeps the running subsidy ÷ spending on the summary's ratio, so that two
  last applications (one at 1.00, one at 0.50) bring both sums to their targets exactly:
  ``SUBSIDY_PAID`` and ``CONSUMPTION`` × scale. Every one was applied for, approved and paid in
  2024; a few more wait for review or payment, or were refused, and count in neither figure.

The subsidy of each application is ``subsidy_of(total, rate)``, the service's own rule. At scale
1.0: 43,608,000.00 yuan paid and 55,397,000.00 of spending (``eldercare.adaptation_*``).
Idempotent: a second call finds the marker audit entry and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from minzheng.core.db import tables_analyze
from minzheng.demo.eldercare import scaled, shuffled
from minzheng.demo.marker import part_built, part_mark
from minzheng.eldercare.adaptation.models import (
    AdaptationApplication,
    AdaptationItem,
    AdaptationLine,
    ApplicationStatus,
    ItemCategory,
)
from minzheng.eldercare.adaptation.services import subsidy_of
from minzheng.people.models import Person

YEAR = 2024
BUILT_ACTION = "demo.adaptation.built"
SUBSIDY_PAID = Decimal("43608000.00")  # eldercare.adaptation_subsidy_paid
CONSUMPTION = Decimal("55397000.00")  # eldercare.adaptation_consumption
FEN = Decimal("0.01")
R, T = ItemCategory.RENOVATION.value, ItemCategory.TRADE_IN.value
ITEMS = (
    ("AD-GRAB-BAR", "卫生间扶手", R, "套", "300.00"),
    ("AD-NON-SLIP", "防滑地面处理", R, "平方米", "120.00"),
    ("AD-SHOWER-CHAIR", "淋浴椅", R, "把", "280.00"),
    ("AD-TOILET-RAIL", "坐便器助力扶手", R, "套", "350.00"),
    ("AD-RAMP", "地面高差处理（坡道）", R, "处", "600.00"),
    ("AD-BED-RAIL", "床边护栏", R, "套", "260.00"),
    ("AD-ALARM", "紧急呼叫和烟感报警器", R, "套", "400.00"),
    ("AD-NIGHT-LIGHT", "感应夜灯", R, "个", "80.00"),
    ("TI-CARE-BED", "电动护理床", T, "台", "4800.00"),
    ("TI-WHEELCHAIR", "电动轮椅", T, "台", "5600.00"),
    ("TI-GAS-STOVE", "熄火保护燃气灶", T, "台", "2600.00"),
    ("TI-TOILET-SEAT", "智能马桶盖", T, "台", "2200.00"),
    ("TI-WATER-HEATER", "防干烧热水器", T, "台", "3800.00"),
    ("TI-HEARING-AID", "助听器", T, "副", "3000.00"),
)
# Quantities a renovation line takes, by unit (a floor is square metres, the rest a few pieces).
QUANTITIES = {"平方米": (4, 20), "个": (2, 6)}
RATES = (Decimal("1.00"), Decimal("0.90"), Decimal("0.80"), Decimal("0.70"), Decimal("0.60"), Decimal("0.50"))
APP_MAX = Decimal("6000.00")  # a regular application's cost; the last two absorb the rest
TAIL = Decimal("12000.00")  # the regular ones stop when less than this is left to spend
WAITING, REFUSED = 400, 120


@dataclass
class Plan:
    """One application to write: its lines as (item, quantity, unit price), rate and totals."""

    lines: list[tuple[AdaptationItem, int, Decimal]]
    rate: Decimal
    total: Decimal = field(init=False)
    subsidy: Decimal = field(init=False)

    def __post_init__(self) -> None:
        self.total = sum((price * q for _, q, price in self.lines), Decimal("0.00"))
        self.subsidy = subsidy_of(self.total, self.rate)


def catalogue_ensure() -> dict[str, AdaptationItem]:
    """The demo catalogue, adding the items the city does not have yet."""
    AdaptationItem.objects.bulk_create(
        [AdaptationItem(code=c, name=n, category=k, unit=u, price=Decimal(p)) for c, n, k, u, p in ITEMS],
        ignore_conflicts=True,
    )
    return {item.code: item for item in AdaptationItem.objects.filter(code__in=[row[0] for row in ITEMS])}


def _quote(rng: random.Random, item: AdaptationItem) -> Decimal:
    """The catalogue price, or (one line in five) a quote up to 10% lower, to the yuan."""
    if rng.random() < 0.8:
        return item.price
    return (item.price * Decimal(rng.randint(90, 99)) / 100).quantize(Decimal("1"))


def _regular(
    rng: random.Random, items: dict[str, AdaptationItem]
) -> list[tuple[AdaptationItem, int, Decimal]]:
    renovation = [i for i in items.values() if i.category == R]
    trade_in = [i for i in items.values() if i.category == T]
    chosen = rng.sample(renovation, rng.randint(2, 4)) if rng.random() < 0.7 else [rng.choice(trade_in)]
    if len(chosen) == 1 and rng.random() < 0.3:
        chosen.append(rng.choice(renovation))
    lines = []
    for item in chosen:
        low, high = QUANTITIES.get(item.unit, (1, 2)) if item.category == R else (1, 1)
        lines.append((item, rng.randint(low, high), _quote(rng, item)))
    return lines


def _last(total: Decimal, items: dict[str, AdaptationItem]) -> list[tuple[AdaptationItem, int, Decimal]]:
    """Lines that cost exactly ``total``: care beds at the catalogue price, then a wheelchair
    quoted at what is left (between 800.00 and its price 5,600.00: never a token price)."""
    bed, chair = items["TI-CARE-BED"], items["TI-WHEELCHAIR"]
    beds = 0
    while total - beds * bed.price > chair.price:
        beds += 1
    lines = [(bed, beds, bed.price)] if beds else []
    return [*lines, (chair, 1, total - beds * bed.price)]


def applications_plan(*, scale: float, rng: random.Random, items: dict[str, AdaptationItem]) -> list[Plan]:
    """Paid applications whose subsidies and totals sum to the targets × scale exactly."""
    subsidy_target = (SUBSIDY_PAID * Decimal(str(scale))).quantize(FEN)
    spend_target = (CONSUMPTION * Decimal(str(scale))).quantize(FEN)
    ratio = subsidy_target / spend_target
    plans: list[Plan] = []
    spent = granted = Decimal("0.00")
    while spend_target - spent > TAIL:
        lines = _regular(rng, items)
        if sum(price * q for _, q, price in lines) > APP_MAX:
            continue
        # The class's rate that keeps the running ratio closest to the summary's.
        best = min(
            (Plan(lines, rate) for rate in RATES),
            key=lambda p: abs((granted + p.subsidy) - ratio * (spent + p.total)),
        )
        plans.append(best)
        spent, granted = spent + best.total, granted + best.subsidy
    left, owed = spend_target - spent, subsidy_target - granted
    # One at 1.00 and one at 0.50: a + b = left, a + b/2 = owed.
    full, half = 2 * owed - left, 2 * (left - owed)
    assert full > 0 and half > 0, (left, owed)
    plans += [Plan(_last(full, items), Decimal("1.00")), Plan(_last(half, items), Decimal("0.50"))]
    assert sum(p.total for p in plans) == spend_target and sum(p.subsidy for p in plans) == subsidy_target
    return plans


def _applicants(*, seed: int, count: int) -> list[tuple[int, str]]:
    """``count`` living elders of 60 or over through 2024, in a fixed hash order."""
    person = Person._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id, p.region_code FROM {person} p WHERE p.status = %s AND p.birth_date <= %s "
            f"ORDER BY {shuffled('p.id', seed * 17 + 5)}, p.id LIMIT %s",
            [
                Person.Status.ALIVE.value,
                connection.ops.adapt_datefield_value(dt.date(YEAR - 60, 1, 1)),
                count,
            ],
        )
        return cursor.fetchall()


def applications_write(*, seed: int, scale: float) -> dict[str, Any]:
    rng = random.Random(seed * 1_000 + 23)
    items = catalogue_ensure()
    paid = applications_plan(scale=scale, rng=rng, items=items)
    pending = [Plan(_regular(rng, items), rng.choice(RATES)) for _ in range(scaled(WAITING + REFUSED, scale))]
    people = _applicants(seed=seed, count=len(paid) + len(pending))
    assert len(people) == len(paid) + len(pending), "too few elders for the applications"
    tz = timezone.get_current_timezone()
    rows: list[AdaptationApplication] = []
    for n, ((pk, region), plan) in enumerate(zip(people, [*paid, *pending], strict=True)):
        if n < len(paid):
            applied = dt.date(YEAR, 1, 2) + dt.timedelta(days=rng.randint(0, 310))  # by 8 November
            reviewed = applied + dt.timedelta(days=rng.randint(3, 10))
            status, paid_on = ApplicationStatus.PAID.value, reviewed + dt.timedelta(days=rng.randint(10, 40))
        else:
            applied = dt.date(YEAR, 12, 1) + dt.timedelta(days=rng.randint(0, 29))
            reviewed, paid_on = applied + dt.timedelta(days=1), None
            status = rng.choice(
                (
                    ApplicationStatus.SUBMITTED.value,
                    ApplicationStatus.APPROVED.value,
                    ApplicationStatus.REFUSED.value,
                )
            )
        review = status != ApplicationStatus.SUBMITTED
        rows.append(
            AdaptationApplication(
                person_id=pk,
                region_code=region,
                applied_on=applied,
                subsidy_rate=plan.rate,
                total=plan.total,
                subsidy=plan.subsidy,
                status=status,
                created_at=dt.datetime.combine(applied, dt.time(10), tz),
                reviewed_at=dt.datetime.combine(reviewed, dt.time(15), tz) if review else None,
                paid_on=paid_on,
                refusal_reason="已享受同类改造补贴" if status == ApplicationStatus.REFUSED else "",
            )
        )
    AdaptationApplication.objects.bulk_create(rows, batch_size=2_000)
    lines = [
        AdaptationLine(application_id=row.pk, item=item, quantity=q, unit_price=price, amount=price * q)
        for row, plan in zip(rows, [*paid, *pending], strict=True)
        for item, q, price in plan.lines
    ]
    AdaptationLine.objects.bulk_create(lines, batch_size=5_000)
    return {
        "adaptation_items": len(items),
        "adaptation_applications": len(rows),
        "adaptation_paid": len(paid),
        "adaptation_lines": len(lines),
    }


def demo_adaptation_build(
    *, seed: int, scale: float, say: Callable[[str], None] = lambda text: None
) -> dict[str, Any]:
    """Write the demo catalogue and the 2024 applications (see the module's docstring). Does
    nothing when already done, or when the registry is empty."""
    if part_built(BUILT_ACTION) or not Person.objects.exists():
        return {}
    with transaction.atomic():
        counts = applications_write(seed=seed, scale=scale)
        tables_analyze(AdaptationApplication, AdaptationLine)
        part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts, text="湖州市演示适老化改造")
    say(
        f"  适老化改造申请 {counts['adaptation_applications']:,} 件（2024年发放补贴 {counts['adaptation_paid']:,} 件）"
    )
    return counts
