"""The demo city's love cards (爱心卡): the summary's 300,000 activated cards × scale, and their
2024 ledger, written set-based.

- **Cards.** Living people of 60 or over, chosen in a fixed pseudo-random order of their ids
  (``demo.eldercare.shuffled``), one card each, in one ``INSERT … SELECT``. Activation days are
  spread from July 2019 to the end of 2024, the summary's year, so that its 300,000 cards
  activated are the count of the records by the end of 2024; never before the holder's 60th
  birthday (the service's rule: 60 or over on the day), so holders were born by 30 December 1964.
- **Ledger** (``eldercare.love_cards.bulk.love_card_entries_post``, the bulk path the meals use,
  so every entry has its idempotency key, each card's balance moves by the sum of its new
  entries in the same statement set, and nothing is posted twice):
  - the monthly subsidy of the cardholders of 80 or over (高龄助餐补贴, ``SUBSIDY`` yuan a month)
    for every month of 2024 from the month of activation on;
  - an enterprise's one-off top-up on about one card in twenty (100, 200 or 300 yuan);
  - a family's top-ups on about one card in eight, in about a quarter of the year's months
    (50–300 yuan).
  The working rows are put together in a temporary table by ``INSERT … SELECT`` from the cards
  and the twelve months, so nothing is read into Python. Meals (a later part) debit the cards.

Idempotent: a second call finds the marker audit entry and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from minzheng.core.db import tables_analyze
from minzheng.core.models import Region
from minzheng.demo.eldercare import scaled, shuffled
from minzheng.demo.marker import part_built, part_mark
from minzheng.eldercare.love_cards.bulk import love_card_entries_post
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.people.models import Person

YEAR = 2024
CITY_CODE = "330500000000"
BUILT_ACTION = "demo.love_cards.built"
ACTIVATED = 300_000  # eldercare.love_cards_activated
FIRST_DAY, DAYS = dt.date(2019, 7, 1), 2_011  # activations from 2019-07-01 to 2024-12-31
HOLDERS_BORN_BY = dt.date(YEAR - 60, 12, 30)  # 60 by the 30th, a card by the 31st
SUBSIDY = Decimal("50.00")
SUBSIDY_BORN_BY = dt.date(YEAR - 80, 12, 31)  # 80 or over during the year
ROWS = "demo_love_card_rows"
# (kind, source_type, key prefix): the key of a row is the prefix and its source id.
POSTS = (
    (LoveCardEntry.Kind.SUBSIDY, "eldercare.age_subsidy", "subsidy:age:"),
    (LoveCardEntry.Kind.ENTERPRISE_TOP_UP, "eldercare.enterprise_top_up", "top_up:enterprise:"),
    (LoveCardEntry.Kind.FAMILY_TOP_UP, "eldercare.family_top_up", "top_up:family:"),
)


def _date(value: dt.date) -> str:
    """A date as a SQL literal (dates of the plan, never user text)."""
    return f"DATE '{value.isoformat()}'" if connection.vendor == "postgresql" else f"'{value.isoformat()}'"


def _activated_at(person: str, salt: int) -> str:
    """The activation time: a day in the window, not before the 60th birthday, at 09:00 in
    Huzhou (01:00 UTC, as datetimes are stored)."""
    offset = f"({shuffled(person, salt)} %% {DAYS})"
    if connection.vendor == "postgresql":
        day = (
            f"GREATEST({_date(FIRST_DAY)} + CAST({offset} AS INTEGER), "
            f"CAST(p.birth_date + INTERVAL '60 years 1 day' AS DATE))"
        )
        return f"(({day} + TIME '01:00') AT TIME ZONE 'UTC')"
    day = f"MAX(date('{FIRST_DAY.isoformat()}', '+' || {offset} || ' days'), date(p.birth_date, '+60 years', '+1 day'))"
    return f"datetime({day}, '+1 hours')"


def cards_activate(*, seed: int, scale: float) -> int:
    """Open ``ACTIVATED`` × scale cards for living elders without one, in one statement."""
    card, person = LoveCard._meta.db_table, Person._meta.db_table
    sql = (
        f"INSERT INTO {card} (person_id, region_code, status, balance, activated_at, activated_by_id, frozen_at, "
        f"frozen_reason) "
        f"SELECT p.id, p.region_code, %s, 0, {_activated_at('p.id', seed * 11 + 5)}, NULL, NULL, '' FROM {person} p "
        f"WHERE p.status = %s AND p.birth_date <= %s "
        f"AND NOT EXISTS (SELECT 1 FROM {card} c WHERE c.person_id = p.id) "
        f"ORDER BY {shuffled('p.id', seed * 11 + 4)}, p.id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                LoveCard.Status.ACTIVE.value,
                Person.Status.ALIVE.value,
                connection.ops.adapt_datefield_value(HOLDERS_BORN_BY),
                scaled(ACTIVATED, scale),
            ],
        )
        return cursor.rowcount


def _months() -> str:
    """The year's twelve months as a derived table (m, period, following)."""
    return " UNION ALL ".join(
        f"SELECT {m} AS m, {_date(dt.date(YEAR, m, 1))} AS period, "
        f"{_date(dt.date(YEAR + m // 12, m % 12 + 1, 1))} AS following"
        for m in range(1, 13)
    )


def _rows(kind: str) -> str:
    """The SELECT of one kind's rows (source_id, card_id, amount, period) from the cards and the
    months: a card takes a month's row once it was activated by the month's end. Run with
    parameters, so ``%%`` is the modulo."""
    card, person = LoveCard._meta.db_table, Person._meta.db_table
    base = (
        f"FROM {card} c JOIN ({_months()}) mm ON c.activated_at < mm.following "
        f"WHERE c.status = '{LoveCard.Status.ACTIVE.value}' "
    )
    if kind == LoveCardEntry.Kind.SUBSIDY:
        # One scan of the registry for the holders of 80 or over: on SQLite, a lookup of the
        # holder per card and month reads rows at random from the largest table (9× slower).
        return (
            f"SELECT c.id * 100 + mm.m, c.id, {SUBSIDY}, mm.period {base}"
            f"AND c.person_id IN (SELECT id FROM {person} WHERE birth_date <= {_date(SUBSIDY_BORN_BY)})"
        )
    if kind == LoveCardEntry.Kind.ENTERPRISE_TOP_UP:
        return (
            f"SELECT c.id, c.id, 100 * (1 + c.id %% 3), mm.period {base}"
            f"AND c.id %% 20 = 7 AND mm.m = 1 + (c.id / 20) %% 12"
        )
    return (
        f"SELECT c.id * 100 + mm.m, c.id, 50 * (1 + (c.id + mm.m) %% 6), mm.period {base}"
        f"AND c.id %% 8 = 3 AND (c.id * 31 + mm.m * 17) %% 4 = 0"
    )


def ledger_post(*, region: Region) -> dict[str, Any]:
    """The year's credits of every kind, each through one bulk post."""
    out: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for kind, source_type, prefix in POSTS:
            cursor.execute(f"DROP TABLE IF EXISTS {ROWS}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {ROWS} (source_id BIGINT NOT NULL, card_id BIGINT NOT NULL, "
                f"amount NUMERIC(14, 2) NOT NULL, period DATE NOT NULL)"
            )
            cursor.execute(f"INSERT INTO {ROWS} (source_id, card_id, amount, period) {_rows(kind)}", [])
            post = love_card_entries_post(
                region=region, table=ROWS, kind=kind, source_type=source_type, key_prefix=prefix
            )
            out[f"{kind}_entries"], out[f"{kind}_amount"] = post.posted, f"{post.amount:.2f}"
        cursor.execute(f"DROP TABLE {ROWS}")
    return out


def demo_love_cards_build(
    *, seed: int, scale: float, say: Callable[[str], None] = lambda text: None
) -> dict[str, Any]:
    """Activate the demo city's love cards and post their 2024 credits. Does nothing when already
    done, or when the registry is empty."""
    if part_built(BUILT_ACTION) or not Person.objects.exists():
        return {}
    city = Region.objects.get(code=CITY_CODE)
    with transaction.atomic():
        counts: dict[str, Any] = {"love_cards": cards_activate(seed=seed, scale=scale)}
        tables_analyze(LoveCard)
        counts |= ledger_post(region=city)
        tables_analyze(LoveCard, LoveCardEntry)
        part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts, text="湖州市演示爱心卡")
    say(
        f"  爱心卡 {counts['love_cards']:,} 张，2024年入账 "
        f"{sum(v for k, v in counts.items() if k.endswith('_entries')):,} 笔"
    )
    return counts
