"""The demo city's meals for the elderly (老年助餐): a year of meal records at the meal sites the
facilities demo placed, for elders who hold an active love card and live in a village or
community with an open meal site (or, failing that, in a township with one), written set-based
through ``eldercare.meals.bulk.meals_record_bulk`` — the bulk path a city's batch takes, so every
subsidy is computed by the rates in force and every card debit has its idempotency key.

- **Diners.** ``DINERS_PER_MILLE`` of those card holders, chosen by a fixed hash of their ids
  and the seed, each at the first open meal site of their village (else of their township).
- **Regular days.** A diner eats lunch on fixed weekdays (1 to 5 days of 7, by the hash); one
  diner in five also takes dinner on every other of those days; about one in seven has the meals
  delivered (送餐上门). Lunch costs 10.00–14.00 yuan by site, dinner 2.00 less.
- **Paid** with the love card from the card's activation on, in cash before it; a card whose
  balance runs short pays what it can and the rest of its meals are recorded as cash (the bulk
  writer's rule), so no balance goes below zero.

The rows are made month by month in a temporary table by ``INSERT … SELECT`` from the diners and
the month's days (nothing is read into Python), and each month is one bulk batch: the cards pay
for their meals in date order. Idempotent: a second call finds the marker audit entry and writes
nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from minzheng.benefits.money import month_add
from minzheng.core.audit import audit_record
from minzheng.core.db import tables_analyze
from minzheng.core.models import AuditEntry, Region
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.eldercare.meals.bulk import meals_record_bulk, staging_create
from minzheng.eldercare.meals.models import MealRecord
from minzheng.facilities.sites.models import Facility

CITY_CODE = "330500000000"
BUILT_ACTION = "demo.meals.built"
DINERS_PER_MILLE = (
    20  # of the card holders who live by a meal site: about 1 million meals a year at scale 1.0
)
DINERS = "demo_meal_diners"
DAYS = "demo_meal_days"
STAGING = "demo_meal_rows"


def _q(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _date(value: dt.date) -> str:
    """A date as a SQL literal (dates of the plan, never user text)."""
    return f"DATE '{value.isoformat()}'" if connection.vendor == "postgresql" else f"'{value.isoformat()}'"


def _hash(column: str, salt: int) -> str:
    """A fixed pseudo-random non-negative integer from an id column (an LCG step), the same on
    both backends."""
    return f"(({column} * 1103515245 + {salt}) % 2147483648)"


def diners_choose(*, seed: int) -> int:
    """Fill the diners' table: (person_id, site_id, card_from, days_a_week, dinner, mode, lunch price)."""
    site, card = _q(Facility), _q(LoveCard)
    open_sites = f"FROM {site} WHERE kind = 'meal_site' AND status = 'open'"
    village = f"SELECT region_code AS code, MIN(id) AS site_id {open_sites} GROUP BY region_code"
    township = (
        f"SELECT substr(region_code, 1, 9) AS code, MIN(id) AS site_id {open_sites} "
        f"GROUP BY substr(region_code, 1, 9)"
    )
    # SQLite's CAST(... AS DATE) would make a number of the text: its date() keeps the ISO day.
    activated = (
        "CAST(c.activated_at AS DATE)" if connection.vendor == "postgresql" else "date(c.activated_at)"
    )
    h = _hash("c.person_id", seed * 7 + 1)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {DINERS}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {DINERS} AS SELECT c.person_id AS person_id, "
            f"COALESCE(v.site_id, t.site_id) AS site_id, "
            f"{activated} AS card_from, "
            f"1 + ({h} / 1000) % 5 AS days_a_week, "
            f"CASE WHEN ({h} / 10000) % 5 = 0 THEN 1 ELSE 0 END AS dinner, "
            f"CASE WHEN ({h} / 100000) % 7 = 0 THEN 'delivered' ELSE 'eat_in' END AS mode, "
            f"10 + (COALESCE(v.site_id, t.site_id) % 9) * 0.5 AS price "
            f"FROM {card} c LEFT JOIN ({village}) v ON v.code = c.region_code "
            f"LEFT JOIN ({township}) t ON t.code = substr(c.region_code, 1, 9) "
            f"WHERE c.status = 'active' AND (v.site_id IS NOT NULL OR t.site_id IS NOT NULL) "
            f"AND {h} % 1000 < {DINERS_PER_MILLE}"
        )
        cursor.execute(f"SELECT COUNT(*) FROM {DINERS}")
        return int(cursor.fetchone()[0])


def days_fill(*, year: int) -> None:
    """The year's days, numbered from 0 (the weekday pattern of a diner repeats every 7)."""
    first = dt.date(year, 1, 1)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {DAYS}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {DAYS} (day_no INTEGER NOT NULL, day DATE NOT NULL, "
            f"period DATE NOT NULL)"
        )
        days = [(n, first + dt.timedelta(days=n)) for n in range((dt.date(year + 1, 1, 1) - first).days)]
        cursor.executemany(
            f"INSERT INTO {DAYS} VALUES (%s, %s, %s)",
            [
                (
                    n,
                    connection.ops.adapt_datefield_value(d),
                    connection.ops.adapt_datefield_value(d.replace(day=1)),
                )
                for n, d in days
            ],
        )


def month_stage(*, seed: int, month: dt.date) -> int:
    """The month's meals of every diner into the staging table."""
    staging_create(STAGING)
    eats = f"(d.person_id * 37 + y.day_no + {seed}) % 7 < d.days_a_week"
    paid = "CASE WHEN d.card_from <= y.day THEN 'love_card' ELSE 'cash' END"
    base = f"FROM {DINERS} d JOIN {DAYS} y ON y.period = {_date(month)} AND {eats}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {STAGING} (person_id, site_id, served_on, meal, mode, price, paid_with) "
            f"SELECT d.person_id, d.site_id, y.day, 'lunch', d.mode, d.price, {paid} {base} "
            f"UNION ALL SELECT d.person_id, d.site_id, y.day, 'dinner', d.mode, d.price - 2, {paid} {base} "
            f"AND d.dinner = 1 AND y.day_no % 2 = 0"
        )
        return cursor.rowcount


def demo_meals_build(
    *, scale: float, seed: int, year: int = 2024, say: Callable[[str], None] = lambda text: None
) -> dict[str, Any]:
    """A year of meal records for the demo city (see the module's docstring). ``scale`` is the
    demo's: the meal sites and the cards it reads were built at it, so the diners follow. Does
    nothing (returns {}) when already done, or when there are no open meal sites or no active
    love cards."""
    if AuditEntry.objects.filter(action=BUILT_ACTION).exists():
        return {}
    if (
        not Facility.objects.filter(kind=Facility.Kind.MEAL_SITE, status=Facility.Status.OPEN).exists()
        or not LoveCard.objects.filter(status=LoveCard.Status.ACTIVE).exists()
    ):
        return {}
    started = time.perf_counter()
    city = Region.objects.get(code=CITY_CODE)
    counts: dict[str, Any] = {
        "meal_records": 0,
        "love_card_debits": 0,
        "paid_in_cash_for_short_cards": 0,
        "subsidy": Decimal("0.00"),
    }
    with transaction.atomic():
        diners = diners_choose(seed=seed)
        days_fill(year=year)
        month = dt.date(year, 1, 1)
        while month.year == year:
            month_stage(seed=seed, month=month)
            done = meals_record_bulk(actor=None, region=city, table=STAGING)
            counts["meal_records"] += done.recorded
            counts["love_card_debits"] += done.card_paid
            counts["paid_in_cash_for_short_cards"] += done.to_cash
            counts["subsidy"] += done.subsidy
            month = month_add(month, 1)
        with connection.cursor() as cursor:
            for table in (STAGING, DAYS, DINERS):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
        tables_analyze(MealRecord, LoveCard, LoveCardEntry)
        counts |= {
            "diners": diners,
            "subsidy": f"{counts['subsidy']:.2f}",
            "seconds": round(time.perf_counter() - started, 1),
        }
        audit_record(
            actor=None,
            action=BUILT_ACTION,
            obj=city,
            region_code=CITY_CODE,
            after={"seed": seed, "scale": scale, "year": year, **counts},
            object_repr="湖州市演示老年助餐",
        )
    say(
        f"  老年助餐 {year}年 {counts['meal_records']:,} 餐（{diners:,} 位老人），爱心卡扣款 "
        f"{counts['love_card_debits']:,} 笔，补贴 {counts['subsidy']} 元，用时 {counts['seconds']} 秒"
    )
    return counts
