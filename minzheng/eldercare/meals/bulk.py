"""Many meals at once, set-based: a month of a city's meals sent in by the sites' own systems, a
demo's year of meals. The rows come from a table the caller fills (usually a temporary one, on the
same connection) with the columns ``person_id``, ``site_id`` (bigint), ``served_on`` (date),
``meal`` (lunch/dinner), ``mode`` (eat_in/delivered), ``price`` (yuan, 2 places) and ``paid_with``
(love_card/cash).

``meals_record_bulk`` writes them in a fixed number of statements, whatever their number, and
keeps the promises of ``services.meal_record``:

- **The subsidy** is computed in SQL by the same rule: the elder's age tier on the day (an age
  reached on the birthday, 29 February's on 1 March: ``tier_sql``), the tier's rate in force for the site's
  region that month (``selectors.RateTable``, longest prefix first, as a CASE over the months the
  rows cover), never more than the price.
- **Idempotent.** One meal per elder, day and meal is the table's unique index: a row already
  recorded (by this batch before, or by a site's counter) is skipped (``ON CONFLICT DO NOTHING``),
  so the same batch sent twice writes nothing the second time.
- **The love card pays once**, through ``love_cards.bulk.love_card_entries_post`` with the key
  ``meal:<record id>``, as the one-meal service does; each card pays for its meals in record order
  while its balance lasts and never goes below zero.
- **A card that cannot pay falls back to cash** (decided so: the meal was served and eaten, and
  the elder pays it at the counter; a batch cannot ask): a meal whose elder has no card, a frozen
  card, a card outside the city, or not enough left on the card is recorded as paid in cash, with
  no ledger entry, and counted in ``to_cash``. The one-meal service refuses instead, because the
  operator is there to ask for cash.
- **Nothing half-written.** Bad rows (an unknown meal, mode or payment, a price not above zero or
  above the limit or finer than the fen, a day in the future, an unknown elder or one dead by
  then, a site that is not a meal site inside ``region``, the same elder, day and meal twice)
  refuse the whole batch with the rows named; it runs in one transaction, with the meal table
  locked against other writers (PostgreSQL) or the write lock taken first (SQLite), so the new
  records are exactly those with an id above the highest one before.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.benefits.money import month_add
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record
from minzheng.core.models import Region, User
from minzheng.core.regions import scope_prefix
from minzheng.core.scope import Scope, scope_for
from minzheng.eldercare.love_cards.bulk import love_card_entries_post
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.eldercare.meals import messages
from minzheng.eldercare.meals.models import TIER_AGES, Meal, MealMode, MealRecord, PaidWith
from minzheng.eldercare.meals.selectors import PERM_RECORD, RateTable
from minzheng.eldercare.meals.services import KEY_PREFIX, PRICE_MAX, SOURCE_TYPE
from minzheng.facilities.sites.models import Facility
from minzheng.people.models import Person

TABLE_RE = re.compile(r"^[a-z_][a-z0-9_]{0,50}$")
SHOWN = 10  # bad rows named in a refusal
DEBITS = "meal_bulk_debits"
COLUMNS = [
    "person_id",
    "site_id",
    "region_code",
    "served_on",
    "period",
    "meal",
    "mode",
    "tier",
    "price",
    "subsidy",
    "elder_share",
    "paid_with",
    "love_card_entry_id",
    "recorded_by_id",
    "created_at",
]


@dataclass(frozen=True)
class BulkMeals:
    """What one batch did: ``rows`` in the table; ``recorded`` new meals with ``subsidy`` yuan of
    subsidy; ``already`` rows recorded before; ``card_paid`` meals debited from love cards for
    ``card_amount``; ``to_cash`` meals asked of a card that could not pay, recorded as cash."""

    rows: int
    recorded: int
    already: int
    subsidy: Decimal
    card_paid: int
    card_amount: Decimal
    to_cash: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def staging_create(table: str) -> None:
    """Make (again, empty) the temporary table a batch is sent in, on this connection."""
    if not TABLE_RE.match(table or ""):
        raise ValidationError({"table": [messages.BULK_TABLE_INVALID]})
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {table} (person_id BIGINT NOT NULL, site_id BIGINT NOT NULL, "
            f"served_on DATE NOT NULL, meal VARCHAR(8) NOT NULL, mode VARCHAR(10) NOT NULL, "
            f"price NUMERIC NOT NULL, paid_with VARCHAR(10) NOT NULL)"
        )


def _q(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _literal(value: Decimal | dt.date) -> str:
    """A rate or a month as a SQL literal (read from the rates table or computed, never user text)."""
    if isinstance(value, dt.date):
        return f"'{value.isoformat()}'"
    return format(Decimal(value).quantize(Decimal("0.01")), "f")


def _ymd(column: str) -> str:
    """A date column (SQLite) as the integer YYYYMMDD, for a statement run with parameters (so
    ``%`` is written ``%%``)."""
    return f"CAST(strftime('%%Y%%m%%d', {column}) AS INTEGER)"


def _month_of(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS DATE)"
    return f"date({column}, 'start of month')"


def tier_sql(*, born: str, day: str) -> str:
    """The age tier on ``day`` of someone born on ``born`` (date columns), '' under 60.

    PostgreSQL: N reached when ``born <= day - N years`` (its date arithmetic keeps 29 February
    born reaching an age on 1 March of a common year, and 29 February − N years is the 28th), three
    times faster than formatting the dates. SQLite's ``date(day, '-N years')`` rolls 29 February
    over to 1 March and would be a day early, so it compares the dates as YYYYMMDD integers."""
    if connection.vendor == "postgresql":
        whens = " ".join(
            f"WHEN {born} <= CAST({day} - INTERVAL '{lowest} years' AS DATE) THEN '{tier}'"
            for tier, lowest in TIER_AGES
        )
    else:
        age = f"(({_ymd(day)} - {_ymd(born)}) / 10000)"
        whens = " ".join(f"WHEN {age} >= {lowest} THEN '{tier}'" for tier, lowest in TIER_AGES)
    return f"CASE {whens} ELSE '' END"


def rate_sql(*, first: dt.date, last: dt.date, tier: str, region: str, period: str) -> str:
    """The rate per meal in force for (``tier``, ``region``, ``period``) columns, for the months
    ``first`` to ``last``, as one CASE: months with the same rates share their WHENs (a range),
    longest prefix first inside each; NULL where no rate applies."""
    spans: list[tuple[dt.date, dt.date, list[tuple[str, str, Decimal]]]] = []
    month = first.replace(day=1)
    while month <= last:
        rows = RateTable(month=month).rows
        if spans and spans[-1][2] == rows:
            spans[-1] = (spans[-1][0], month_add(month, 1), rows)
        else:
            spans.append((month, month_add(month, 1), rows))
        month = month_add(month, 1)
    whens = " ".join(
        f"WHEN {period} >= {_literal(start)} AND {period} < {_literal(stop)} AND {tier} = '{row_tier}' "
        f"AND substr({region}, 1, {len(prefix)}) = '{prefix}' THEN {_literal(amount)}"
        for start, stop, rows in spans
        for row_tier, prefix, amount in rows
        if prefix.isdigit() and row_tier.isdigit()
    )
    return f"CASE {whens} ELSE NULL END" if whens else "CAST(NULL AS NUMERIC)"


def _range(region: Region) -> tuple[str, str]:
    bounds: dict[str, str] = dict(Scope(prefix=scope_prefix(region.code)).as_q().children)  # type: ignore[arg-type]
    return bounds["region_code__gte"], bounds["region_code__lt"]


def _row(person_id: Any, served_on: Any, meal: Any) -> str:
    return f"{person_id}/{served_on}/{meal}"


def _check(cursor: Any, table: str, *, low: str, high: str) -> None:
    """Refuse the batch, naming up to ``SHOWN`` rows (elder id/day/meal) per reason."""
    today = _literal(timezone.localdate())
    reasons = {
        "meal": (
            f"s.meal IS NULL OR s.meal NOT IN ({', '.join(repr(v) for v in Meal.values)})",
            messages.MEAL_INVALID,
        ),
        "mode": (
            f"s.mode IS NULL OR s.mode NOT IN ({', '.join(repr(v) for v in MealMode.values)})",
            messages.MODE_INVALID,
        ),
        "paid_with": (
            f"s.paid_with IS NULL OR s.paid_with NOT IN ({', '.join(repr(v) for v in PaidWith.values)})",
            messages.PAID_WITH_INVALID,
        ),
        "price": (
            f"s.price IS NULL OR s.price <= 0 OR s.price > {_literal(PRICE_MAX)} OR ROUND(s.price, 2) <> s.price",
            messages.PRICE_INVALID.format(max=PRICE_MAX),
        ),
        "served_on": (f"s.served_on IS NULL OR s.served_on > {today}", messages.SERVED_ON_FUTURE),
        "site": ("f.id IS NULL", messages.SITE_REQUIRED),
        "person": (
            "p.id IS NULL OR s.served_on < p.birth_date OR (p.death_date IS NOT NULL "
            "AND s.served_on >= p.death_date)",
            messages.PERSON_REQUIRED,
        ),
    }
    cases = " ".join(f"WHEN {condition} THEN '{field}'" for field, (condition, _) in reasons.items())
    cursor.execute(
        f"SELECT field, person_id, served_on, meal FROM (SELECT CASE {cases} ELSE NULL END AS field, "
        f"s.person_id, s.served_on, s.meal FROM {table} s "
        f"LEFT JOIN {_q(Facility)} f ON f.id = s.site_id AND f.kind = %s AND f.region_code >= %s AND f.region_code < %s "
        f"LEFT JOIN {_q(Person)} p ON p.id = s.person_id) x WHERE field IS NOT NULL LIMIT %s",
        [Facility.Kind.MEAL_SITE.value, low, high, SHOWN],
    )
    bad: dict[str, list[str]] = {}
    for field, person_id, served_on, meal in cursor.fetchall():
        bad.setdefault(field, []).append(_row(person_id, served_on, meal))
    if bad:
        raise ValidationError(
            {
                field: [messages.BULK_ROWS.format(ids=", ".join(rows)) + reasons[field][1]]
                for field, rows in bad.items()
            }
        )
    try:
        with transaction.atomic():
            cursor.execute(
                f"CREATE UNIQUE INDEX IF NOT EXISTS {table}_one_meal ON {table} (person_id, served_on, meal)"
            )
    except DatabaseError:
        cursor.execute(
            f"SELECT person_id, served_on, meal FROM {table} GROUP BY person_id, served_on, meal "
            f"HAVING COUNT(*) > 1 LIMIT %s",
            [SHOWN],
        )
        rows = [_row(*r) for r in cursor.fetchall()]
        raise ValidationError(
            {"meal": [messages.BULK_ROWS.format(ids=", ".join(rows)) + messages.BULK_REPEATED]}
        ) from None


@transaction.atomic
def meals_record_bulk(*, actor: User | None, region: Region, table: str) -> BulkMeals:
    """Record every row of ``table`` at the meal sites inside ``region`` (see the module's
    docstring). ``actor`` None is the system (the demo, a command); a member of staff must hold
    ``eldercare.record_meals`` and have ``region`` in scope. One audit entry, on ``region``, when
    anything was recorded."""
    if actor is not None:
        if not scope_for(actor).contains(region.code):
            raise Http404(core_messages.NOT_FOUND)
        if not actor.has_perm(PERM_RECORD):
            raise PermissionDenied(messages.PERMISSION_RECORD)
    if not TABLE_RE.match(table or ""):
        raise ValidationError({"table": [messages.BULK_TABLE_INVALID]})
    record, entry, card = _q(MealRecord), _q(LoveCardEntry), _q(LoveCard)
    low, high = _range(region)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # No other writer between reading the highest id and the inserts: the new records are
            # those above it. A meal recorded at a counter meanwhile waits a moment.
            cursor.execute(f"LOCK TABLE {record} IN SHARE ROW EXCLUSIVE MODE")
        else:
            cursor.execute(f"UPDATE {record} SET id = id WHERE 1 = 0")  # the write lock, first
        _check(cursor, table, low=low, high=high)
        cursor.execute(f"SELECT COUNT(*), MIN(served_on), MAX(served_on) FROM {table}")
        rows, first, last = cursor.fetchone()
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {record}")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {entry}")
        entries_before = int(cursor.fetchone()[0])
        recorded = 0
        if rows:
            first, last = (
                d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in (first, last)
            )
            rate = rate_sql(first=first, last=last, tier="w.tier", region="w.region_code", period="w.period")
            subsidy = "CASE WHEN x.tier = '' OR x.rate IS NULL THEN 0 WHEN x.rate > x.price THEN x.price ELSE x.rate END"
            # Written as cash until the card has paid (below); a meal the subsidy pays in full keeps
            # the payment asked for, as the one-meal service does.
            paid = (
                "CASE WHEN y.paid_with = 'love_card' AND y.subsidy = y.price THEN 'love_card' ELSE 'cash' END"
            )
            inner = (
                f"SELECT s.person_id, s.site_id, f.region_code, s.served_on, {_month_of('s.served_on')} AS period, "
                f"s.meal, s.mode, {tier_sql(born='p.birth_date', day='s.served_on')} AS tier, s.price, s.paid_with "
                f"FROM {table} s JOIN {_q(Facility)} f ON f.id = s.site_id JOIN {_q(Person)} p ON p.id = s.person_id"
            )
            cursor.execute(
                f"INSERT INTO {record} ({', '.join(COLUMNS)}) "
                f"SELECT y.person_id, y.site_id, y.region_code, y.served_on, y.period, y.meal, y.mode, y.tier, y.price, "
                f"y.subsidy, ROUND(y.price - y.subsidy, 2), {paid}, NULL, %s, %s FROM ("
                f"SELECT x.*, {subsidy} AS subsidy FROM (SELECT w.*, {rate} AS rate "
                f"FROM ({inner}) w) x) y WHERE 1 = 1 ORDER BY y.person_id, y.served_on, y.meal ON CONFLICT DO NOTHING",
                [
                    actor.pk if actor is not None else None,
                    connection.ops.adapt_datetimefield_value(timezone.now()),
                ],
            )
            recorded = max(cursor.rowcount, 0)
        # The new meals the card is asked to pay (their staging row says so), with the card if any.
        cursor.execute(f"DROP TABLE IF EXISTS {DEBITS}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {DEBITS} AS SELECT r.id AS source_id, c.id AS card_id, "
            f"r.elder_share AS amount, r.period AS period FROM {record} r "
            f"JOIN {table} s ON s.person_id = r.person_id AND s.served_on = r.served_on AND s.meal = r.meal "
            f"LEFT JOIN {card} c ON c.person_id = r.person_id "
            f"WHERE r.id > %s AND r.elder_share > 0 AND s.paid_with = 'love_card'",
            [before],
        )
        cursor.execute(f"SELECT COUNT(*) FROM {DEBITS}")
        asked = int(cursor.fetchone()[0])
        cursor.execute(f"DELETE FROM {DEBITS} WHERE card_id IS NULL")
    city = Region.objects.filter(code=region.code[:4].ljust(12, "0")).first() or region
    posted = love_card_entries_post(
        region=city,
        table=DEBITS,
        kind=LoveCardEntry.Kind.MEAL,
        source_type=SOURCE_TYPE,
        key_prefix=KEY_PREFIX,
        actor=actor,
    )
    with connection.cursor() as cursor:
        # Only the meals the card paid change: the rest were written as cash (an UPDATE rewrites a
        # row and its index entries on PostgreSQL; most demo meals fall back to cash).
        cursor.execute(
            f"UPDATE {record} SET paid_with = 'love_card', love_card_entry_id = e.id FROM {entry} e "
            f"WHERE e.id > %s AND e.source_type = %s AND e.source_id = {record}.id AND {record}.id > %s",
            [entries_before, SOURCE_TYPE, before],
        )
        linked = cursor.rowcount
        to_cash = asked - linked
        cursor.execute(f"SELECT COALESCE(SUM(subsidy), 0) FROM {record} WHERE id > %s", [before])
        subsidy_total = Decimal(str(cursor.fetchone()[0])).quantize(Decimal("0.01"))
        cursor.execute(f"DROP TABLE {DEBITS}")
    if linked != posted.posted:
        # Cannot happen with the tables locked; if it ever does, the transaction takes it all back.
        raise RuntimeError(f"meals bulk: {linked} records linked to {posted.posted} debits")
    result = BulkMeals(
        rows=rows,
        recorded=recorded,
        already=rows - recorded,
        subsidy=subsidy_total,
        card_paid=posted.posted,
        card_amount=posted.amount,
        to_cash=to_cash,
    )
    if recorded:
        audit_record(
            actor=actor,
            action="eldercare.meal.bulk_recorded",
            obj=region,
            region_code=region.code,
            object_repr=f"{region.full_name or region.name} 助餐批量登记",
            after={
                **result.as_dict(),
                "subsidy": f"{result.subsidy:.2f}",
                "card_amount": f"{result.card_amount:.2f}",
            },
        )
    return result
