"""The set-based computation of a bed subsidy run: one ``INSERT … SELECT`` over the stays of the
run's homes, the same SQL on SQLite and PostgreSQL but for three small functions (day difference,
greatest, least).

For month M (first day P, next month's first day N, last day L) and the homes whose region is
in the run's prefix, each stay that overlaps M gives one line:

- **bed-days**: the days of M in [checked_in_on, checked_out_on), cut at the death date (the day of
  death, like the day of check-out, is not a bed-day). A stay with none gives no line.
- **eligible**: the resident is 60 or over on L (docs/DOMAIN.md: eldercare is for people aged 60
  and over), and alive on P at least.
- **level**: the resident's latest valid ability assessment done on or before L, the same rule
  as ``eldercare.assessment.selectors.latest_level(person=, on=L)``, as a correlated subquery. A
  resident never assessed gets no line (there is no level to pay at); once assessed, a new start
  of the not-yet-approved run adds their line.
- **rate**: the level's rate per bed-day in force in M for the home's region (``RateTable``:
  longest prefix, then latest); no rate, no line.
- **amount** = bed-days × rate, exact to the fen (days are whole, rates have two decimals).

Every insert skips a (home, month, stay) that already has a line: ``ON CONFLICT DO NOTHING`` on
the unique index, so a second start, a concurrent one, or a county run after the city's adds
nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone

from minzheng.benefits.money import month_add, yuan
from minzheng.core.scope import Scope
from minzheng.eldercare.assessment.models import Assessment
from minzheng.eldercare.beds.models import BedSubsidyLine, BedSubsidyRun, Occupancy
from minzheng.eldercare.beds.selectors import RateTable
from minzheng.facilities.sites.models import Facility
from minzheng.people.models import Person

ELDER_AGE = 60
LINE_COLUMNS = ["run_id", "facility_id", "bed_id", "occupancy_id", "person_id", "period", "region_code", "level",
                "days", "rate", "amount", "created_at"]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model: Any) -> str:
    return _q(model._meta.db_table)


def _date(value: dt.date) -> Any:
    return connection.ops.adapt_datefield_value(value)


def _literal(amount: Decimal) -> str:
    """A rate as a SQL literal (a Decimal read from the rates table, never user text)."""
    return format(Decimal(amount).quantize(Decimal("0.01")), "f")


def _greatest(*terms: str) -> str:
    return f"{'GREATEST' if connection.vendor == 'postgresql' else 'MAX'}({', '.join(terms)})"


def _least(*terms: str) -> str:
    return f"{'LEAST' if connection.vendor == 'postgresql' else 'MIN'}({', '.join(terms)})"


def _days_between(start: str, end: str) -> str:
    """Whole days from ``start`` to ``end`` (dates): PostgreSQL subtracts dates to an integer;
    SQLite keeps them as ISO text, which julianday reads."""
    if connection.vendor == "postgresql":
        return f"({end} - {start})"
    return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"


def _day(value: dt.date) -> str:
    """A date as a SQL literal. Only dates the run computes from its period reach here (never
    user text), and a literal keeps the statement free of positional parameters to miscount;
    PostgreSQL must know it is a date for GREATEST/LEAST and date subtraction."""
    text = value.isoformat()
    return f"CAST('{text}' AS DATE)" if connection.vendor == "postgresql" else f"'{text}'"


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def rate_case(table: RateTable, *, level: str, region: str) -> str:
    """The rate of (``level``, ``region``) columns as a SQL CASE over the month's rates, longest
    prefix first (``RateTable`` sorts them so), NULL when none applies."""
    if not table.rows:
        return "CAST(NULL AS NUMERIC)"
    whens = " ".join(
        f"WHEN {level} = '{row_level}' AND substr({region}, 1, {len(prefix)}) = '{prefix}' THEN {_literal(amount)}"
        for row_level, prefix, amount in table.rows if prefix.isdigit() and row_level.isalpha())
    return f"CASE {whens} ELSE NULL END" if whens else "CAST(NULL AS NUMERIC)"


def insert_lines(run: BedSubsidyRun) -> int:
    """Add the run's missing lines. Returns how many were added."""
    first = run.period
    following = month_add(first, 1)
    last = following - dt.timedelta(days=1)
    p, n, ll = _day(first), _day(following), _day(last)
    born_by = _day(years_before(last, ELDER_AGE))
    stay_from = _greatest("o.checked_in_on", p)
    stay_to = _least(f"COALESCE(o.checked_out_on, {n})", n, f"COALESCE(p.death_date, {n})")
    level = (f"(SELECT a.level FROM {_table(Assessment)} a WHERE a.person_id = o.person_id AND a.assessed_on <= {ll} "
             "AND a.voided_at IS NULL ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1)")
    inner = (
        "SELECT o.id AS occupancy_id, o.facility_id AS facility_id, o.bed_id AS bed_id, o.person_id AS person_id, "
        f"f.region_code AS region_code, {level} AS level, {_days_between(stay_from, stay_to)} AS days "
        f"FROM {_table(Occupancy)} o "
        f"JOIN {_table(Facility)} f ON f.id = o.facility_id "
        f"JOIN {_table(Person)} p ON p.id = o.person_id "
        "WHERE f.region_code >= %s AND f.region_code < %s "
        f"AND o.checked_in_on < {n} AND (o.checked_out_on IS NULL OR o.checked_out_on > {p}) "
        f"AND p.birth_date <= {born_by} AND (p.death_date IS NULL OR p.death_date > {p})"
    )
    rate = rate_case(RateTable(month=first), level="x.level", region="x.region_code")
    sql = (
        f"INSERT INTO {_table(BedSubsidyLine)} ({', '.join(_q(c) for c in LINE_COLUMNS)}) "
        "SELECT %s, y.facility_id, y.bed_id, y.occupancy_id, y.person_id, %s, y.region_code, y.level, y.days, "
        "y.rate, ROUND(y.days * y.rate, 2), %s FROM ("
        f"SELECT x.*, {rate} AS rate FROM ({inner}) x WHERE x.days > 0 AND x.level IS NOT NULL"
        ") y WHERE y.rate IS NOT NULL ON CONFLICT DO NOTHING"
    )
    lo, hi = _range(run.region_prefix)
    params = [run.pk, _date(first), connection.ops.adapt_datetimefield_value(timezone.now()), lo, hi]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _range(prefix: str) -> tuple[str, str]:
    bounds: dict[str, str] = dict(Scope(prefix=prefix).as_q().children)  # type: ignore[arg-type]
    return bounds["region_code__gte"], bounds["region_code__lt"]


def run_totals(run: BedSubsidyRun) -> dict[str, Any]:
    """The run's totals as the database sums them: the run's total is the sum of its lines."""
    totals = BedSubsidyLine.objects.filter(run=run).aggregate(
        lines=Count("id"), homes=Count("facility", distinct=True), days=Sum("days"), total=Sum("amount"))
    return {"lines": totals["lines"] or 0, "homes": totals["homes"] or 0, "days": totals["days"] or 0,
            "total": yuan(totals["total"] or 0)}
