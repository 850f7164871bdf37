"""The set-based computation of a payment run: ``INSERT … SELECT`` over the enrollments, one
statement per batch of enrollment ids and per month paid, on SQLite and PostgreSQL alike.

What a run writes, for its program and region prefix (``docs/DOMAIN.md``, "Social assistance"):

- **regular** lines for its period: every enrollment that is active (or terminated with its stop
  month still ahead) with ``start_month ≤ period < stop_month``; a person program skips a person
  who died before the month (a death in June still pays June);
- **backpay** lines for earlier months never paid because the enrollment was recorded after that
  month's run had been made (an approval entered late): months of the program's earlier runs, at
  most ``backpay_months_max`` (a program param, default 12) back, whose run covering the
  enrollment's region was created before the enrollment. A suspension is not back-paid: its months
  were run while the enrollment existed;
- **reissue** lines for lines the bank returned as failed and nobody has re-issued.

The amount is the enrollment's ``monthly_amount``. For a program whose params say
``amount_follows_standard`` (dibao: (standard − per-capita income) × members; tekun: the standard)
a new standard moves it by (standard of the month − standard the amount was set against) ×
persons, never below zero. The amount was set against the standard in force in the month before
its first month (the approval) or before the last amount change of a review.

Every insert skips an (enrollment, month) that already has a line that has not failed: the
``NOT EXISTS`` does it cheaply, and the partial unique index plus ``ON CONFLICT DO NOTHING`` make
it true under a concurrent run too. Each batch commits with the run's ``cursor`` (the last
enrollment id done), so a worker killed between batches loses nothing and a restart continues
after the cursor.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import Length
from django.utils import timezone

from minzheng.benefits.enrollments.models import Enrollment, Review
from minzheng.benefits.money import month_add, to_decimal, yuan
from minzheng.benefits.payments.models import PaymentLine, PaymentRun
from minzheng.benefits.payments.selectors import differences_record
from minzheng.benefits.programs.models import Program, Standard
from minzheng.benefits.programs.selectors import StandardTable
from minzheng.core.db import tables_analyze
from minzheng.core.scope import Scope
from minzheng.people.models import Household, Person

BATCH_SIZE = 20_000
# After writing this many lines, refresh the planner's statistics of the lines table, so that the
# next run's look-ups of existing lines are planned on what is there (core.db.tables_analyze).
ANALYZE_AFTER = 10_000
BACKPAY_MONTHS_DEFAULT = 12
# A computing run whose worker has not reported for this long lost it (killed, restarted):
# another start may take the run over and continue from its cursor.
STALE_AFTER = dt.timedelta(seconds=60)

OnBatch = Callable[[int, int], None]


class RunBusy(Exception):
    """Another worker is computing this run right now."""


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model: Any) -> str:
    return _q(model._meta.db_table)


def _date(value: dt.date) -> Any:
    return connection.ops.adapt_datefield_value(value)


def _literal(amount: Decimal) -> str:
    """A money amount as a SQL literal (a Decimal read from the standards table, never user text)."""
    return format(Decimal(amount).quantize(Decimal("0.01")), "f")


def _prefix_sql(prefix: str, column: str) -> str:
    if not prefix.isdigit():
        raise ValueError(prefix)
    return f"substr({column}, 1, {len(prefix)}) = '{prefix}'"


# No standard (a program without one, such as temporary aid): a NULL of the column's type. A bare
# NULL selected in a subquery is text to PostgreSQL, which then refuses it for a numeric column.
NO_AMOUNT = "CAST(NULL AS NUMERIC)"


def standard_case(program: Program, month: dt.date) -> str:
    """The standard of ``month`` for ``e.region_code``, as a SQL CASE (longest prefix first)."""
    rows = StandardTable(program=program, month=month).rows
    if not rows:
        return NO_AMOUNT
    whens = " ".join(f"WHEN {_prefix_sql(prefix, 'e.region_code')} THEN {_literal(amount)}" for prefix, amount in rows)
    return f"CASE {whens} ELSE NULL END"


def _has_history(program: Program, month: dt.date) -> bool:
    """Whether any region prefix of the program has had more than one standard by ``month``:
    without one, no amount can have been set against another standard."""
    counts = (Standard.objects.filter(program=program, effective_from__lte=month)
              .values("region_prefix").annotate(n=Count("id")).filter(n__gt=1))
    return counts.exists()


def _base_standard_sql(program: Program, month: dt.date) -> str:
    """The standard an enrollment's amount was set against: the one in force in the month
    before its first month, or before the month its last amount change took effect
    (``rv.changed``, joined from the reviews). A CASE over the program's few standard rows,
    longest prefix first and latest first, so the first that took effect before that month is
    the one ``standard_for`` would answer; no per-row subquery."""
    rows = (Standard.objects.filter(program=program, effective_from__lte=month)
            .order_by(Length("region_prefix").desc(), "-effective_from")
            .values_list("region_prefix", "effective_from", "amount"))
    base = "COALESCE(rv.changed, e.start_month)"
    whens = " ".join(f"WHEN {_prefix_sql(prefix, 'e.region_code')} AND {base} > '{effective:%Y-%m-%d}' "
                     f"THEN {_literal(amount)}" for prefix, effective, amount in rows)
    return f"CASE {whens} ELSE NULL END" if whens else NO_AMOUNT


def _changed_amounts_sql() -> str:
    """The month each enrollment's amount was last changed by a review, for a LEFT JOIN."""
    return (f"(SELECT enrollment_id, MAX(effective_month) AS changed FROM {_table(Review)} "
            f"WHERE outcome = '{Review.Outcome.CHANGE_AMOUNT.value}' GROUP BY enrollment_id)")


@dataclass(frozen=True)
class Month:
    """One month a batch pays, with its kind and the SQL pieces that depend on the month."""

    month: dt.date
    kind: str
    standard_sql: str
    recorded_after: dt.datetime | None = None  # back-pay: only enrollments recorded after this


LINE_COLUMNS = ["run_id", "program_id", "enrollment_id", "period", "region_code", "amount", "standard", "persons",
                "kind", "status", "payee_id", "reissue_of_id", "failure_reason", "created_at"]


def _insert_head() -> str:
    return f"INSERT INTO {_table(PaymentLine)} ({', '.join(_q(c) for c in LINE_COLUMNS)}) "


def _unfailed_line_exists(enrollment: str, period: str, *, batch: bool = False) -> str:
    """``batch`` repeats the batch's id range on the lines' side: the same rows, but PostgreSQL
    then reads only this batch's lines from the partial index instead of hashing every line of
    the month once per batch."""
    in_batch = "AND l.enrollment_id > %s AND l.enrollment_id <= %s " if batch else ""
    return (f"EXISTS (SELECT 1 FROM {_table(PaymentLine)} l WHERE l.enrollment_id = {enrollment} "
            f"AND l.period = {period} {in_batch}AND NOT (l.status = '{PaymentLine.Status.FAILED.value}'))")


class Computation:
    """The SQL of one run, built once and executed batch by batch."""

    def __init__(self, run: PaymentRun) -> None:
        self.run = run
        self.program = run.program
        self.scope = Scope(prefix=run.region_prefix)
        params = self.program.params or {}
        follows = bool(params.get("amount_follows_standard")) and _has_history(self.program, run.period)
        self.base_sql = _base_standard_sql(self.program, run.period) if follows else ""
        self.months = self._months(params)

    def _months(self, params: dict[str, Any]) -> list[Month]:
        period = self.run.period
        months = [Month(period, PaymentLine.Kind.REGULAR.value, standard_case(self.program, period))]
        horizon = int(to_decimal(params.get("backpay_months_max"), Decimal(BACKPAY_MONTHS_DEFAULT)))
        earlier = (PaymentRun.objects.filter(program=self.program, period__lt=period,
                                             period__gte=month_add(period, -horizon))
                   .values("period").annotate(first=Min("created_at")).order_by("period"))
        enrollments = self.scope.filter(Enrollment.objects.filter(program=self.program))
        for row in earlier:
            # A month whose first run came after every enrollment of the scope was recorded owes
            # nobody back-pay: skip its statement altogether (the usual case, and the cheap one).
            if enrollments.filter(created_at__gt=row["first"]).exists():
                months.append(Month(row["period"], PaymentLine.Kind.BACKPAY.value,
                                    standard_case(self.program, row["period"]), recorded_after=row["first"]))
        return months

    def enrollment_ids(self, *, after: int) -> list[int]:
        """The enrollments this run may pay, after the cursor, in id order."""
        first = min(m.month for m in self.months)
        qs = (Enrollment.objects.filter(program=self.program, id__gt=after,
                                        status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.TERMINATED],
                                        start_month__lte=self.run.period)
              .filter(Q(stop_month__isnull=True) | Q(stop_month__gt=first)))
        sql, params = self.scope.filter(qs).order_by("id").values_list("id").query.sql_with_params()
        with connection.cursor() as cursor:
            # A plain cursor: 200,000 ids through the ORM's row machinery cost more than the query.
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def _reviews_join(self) -> str:
        return f"LEFT JOIN {_changed_amounts_sql()} rv ON rv.enrollment_id = e.id " if self.base_sql else ""

    def _amount_sql(self, month: Month) -> str:
        if not self.base_sql:
            return "e.monthly_amount"
        return f"e.monthly_amount + e.persons * COALESCE({month.standard_sql} - COALESCE({self.base_sql}, " \
               f"{month.standard_sql}), 0)"

    def _range(self) -> tuple[str, str]:
        # The same range the scope helper filters with, as bind parameters for raw SQL.
        bounds: dict[str, str] = dict(self.scope.as_q().children)  # type: ignore[arg-type]
        return bounds["region_code__gte"], bounds["region_code__lt"]

    def _month_sql(self, month: Month, *, after: int, upto: int) -> tuple[str, list[Any]]:
        lo, hi = self._range()
        death_guard = ""
        if not self.program.is_household:
            death_guard = "AND (p.death_date IS NULL OR p.death_date >= %s) "
        backpay_guard = ""
        if month.recorded_after is not None:
            # Only months whose run (covering this enrollment's region) was made before the
            # enrollment was recorded: those are the months its late approval missed.
            backpay_guard = ("AND e.created_at > %s "
                             f"AND EXISTS (SELECT 1 FROM {_table(PaymentRun)} r WHERE r.program_id = e.program_id "
                             "AND r.period = %s AND r.region_prefix = substr(e.region_code, 1, length(r.region_prefix)) "
                             "AND r.created_at < e.created_at) ")
        inner = (
            "SELECT e.id AS enrollment_id, e.region_code AS region_code, e.persons AS persons, "
            "COALESCE(e.person_id, h.head_id) AS payee_id, "
            f"{month.standard_sql} AS standard, {self._amount_sql(month)} AS raw "
            f"FROM {_table(Enrollment)} e "
            f"LEFT JOIN {_table(Person)} p ON p.id = e.person_id "
            f"LEFT JOIN {_table(Household)} h ON h.id = e.household_id "
            f"{self._reviews_join()}"
            "WHERE e.program_id = %s AND e.id > %s AND e.id <= %s "
            "AND e.region_code >= %s AND e.region_code < %s "
            "AND e.status IN (%s, %s) AND e.start_month <= %s AND (e.stop_month IS NULL OR e.stop_month > %s) "
            f"{death_guard}{backpay_guard}"
            f"AND NOT {_unfailed_line_exists('e.id', '%s', batch=True)}"
        )
        sql = (_insert_head()
               + "SELECT %s, %s, x.enrollment_id, %s, x.region_code, "
               "CASE WHEN x.raw < 0 THEN 0 ELSE ROUND(x.raw, 2) END, x.standard, x.persons, %s, %s, x.payee_id, "
               f"NULL, '', %s FROM ({inner}) x WHERE true ON CONFLICT DO NOTHING")
        m = _date(month.month)
        params: list[Any] = [self.run.pk, self.program.pk, m, month.kind, PaymentLine.Status.PENDING.value,
                             connection.ops.adapt_datetimefield_value(timezone.now())]
        params += [self.program.pk, after, upto, lo, hi, Enrollment.Status.ACTIVE.value,
                   Enrollment.Status.TERMINATED.value, m, m]
        if death_guard:
            params.append(m)
        if backpay_guard:
            params += [connection.ops.adapt_datetimefield_value(month.recorded_after), m]
        params += [m, after, upto]
        return sql, params

    def batch(self, *, after: int, upto: int) -> int:
        """Insert the lines of enrollments ``after < id ≤ upto`` for every month. Returns rows added."""
        added = 0
        with connection.cursor() as cursor:
            for month in self.months:
                sql, params = self._month_sql(month, after=after, upto=upto)
                cursor.execute(sql, params)
                added += max(cursor.rowcount, 0)
        return added

    def reissue(self) -> int:
        """Re-issue the failed lines of this program in this region that nobody has re-issued."""
        lo, hi = self._range()
        sql = (_insert_head()
               + "SELECT %s, f.program_id, f.enrollment_id, f.period, f.region_code, f.amount, f.standard, f.persons, "
               f"%s, %s, f.payee_id, f.id, '', %s FROM {_table(PaymentLine)} f "
               "WHERE f.program_id = %s AND f.status = %s AND f.period <= %s AND f.region_code >= %s "
               f"AND f.region_code < %s AND NOT {_unfailed_line_exists('f.enrollment_id', 'f.period')} "
               "ON CONFLICT DO NOTHING")
        params = [self.run.pk, PaymentLine.Kind.REISSUE.value, PaymentLine.Status.PENDING.value,
                  connection.ops.adapt_datetimefield_value(timezone.now()), self.program.pk,
                  PaymentLine.Status.FAILED.value, _date(self.run.period), lo, hi]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return max(cursor.rowcount, 0)


def _claim(run_id: int, token: str) -> bool:
    """Take the run for this worker: a conditional update that must change exactly one row
    (a second start while the first computes finds it taken and leaves it alone)."""
    now = timezone.now()
    return PaymentRun.objects.filter(pk=run_id, status=PaymentRun.Status.COMPUTING).filter(
        Q(worker="") | Q(heartbeat__lt=now - STALE_AFTER) | Q(heartbeat__isnull=True)
    ).update(worker=token, heartbeat=now) == 1


def _release(run_id: int, token: str) -> None:
    PaymentRun.objects.filter(pk=run_id, worker=token).update(worker="")


def run_totals(run: PaymentRun) -> dict[str, Any]:
    """The run's totals as the database sums them: the run total is the sum of its lines."""
    totals = PaymentLine.objects.filter(run=run).aggregate(
        lines=Count("id"), total=Sum("amount"),
        backpay=Count("id", filter=Q(kind=PaymentLine.Kind.BACKPAY)),
        reissue=Count("id", filter=Q(kind=PaymentLine.Kind.REISSUE)))
    totals["total"] = yuan(totals["total"] or 0)
    return totals


def compute(run_id: int, *, batch_size: int = BATCH_SIZE, on_batch: OnBatch | None = None) -> bool:
    """Compute the run's lines from its cursor on, batch by batch, each batch in its own
    transaction with the cursor; then re-issue failed lines, and write the totals and the
    differences from last month as it marks the run computed. Returns False,
    doing nothing, when another worker holds the run. An exception leaves the run computing at
    its last committed batch, for a later start to resume."""
    token = uuid.uuid4().hex
    if not _claim(run_id, token):
        return False
    try:
        run = PaymentRun.objects.select_related("program").get(pk=run_id)
        if run.cursor == 0 and connection.vendor == "postgresql":
            # PostgreSQL plans each batch on its statistics: enrollments loaded in bulk since
            # the last ANALYZE look like one row, and it then probes the lines index by range
            # for every enrollment (seconds per batch instead of milliseconds). Sampling both
            # tables costs a fraction of a second at city scale; SQLite's planner needs none.
            tables_analyze(Enrollment, PaymentLine)
        work = Computation(run)
        ids = work.enrollment_ids(after=run.cursor)
        bounds = [ids[min(i + batch_size, len(ids)) - 1] for i in range(0, len(ids), batch_size)]
        done_before = run.batches_done
        added = 0
        PaymentRun.objects.filter(pk=run_id).update(batches_total=done_before + len(bounds), error_message="")
        after = run.cursor
        for n, upto in enumerate(bounds, start=1):
            with transaction.atomic():
                added += work.batch(after=after, upto=upto)
                PaymentRun.objects.filter(pk=run_id, cursor__lt=upto).update(
                    cursor=upto, batches_done=done_before + n, heartbeat=timezone.now())
            after = upto
            if on_batch is not None:
                on_batch(done_before + n, done_before + len(bounds))
        with transaction.atomic():
            work.reissue()
        # The differences from last month, read once here for every view of the preview. Read
        # outside a transaction: the run's lines are complete and held by this worker, and on
        # SQLite a transaction holds the write lock (IMMEDIATE) for the seconds this takes at city
        # scale. They are written in the same update that marks the run computed, so an approver
        # never sees a computed run with figures of fewer lines than it holds.
        differences = differences_record(run=run, previous=run.differences)
        with transaction.atomic():
            totals = run_totals(run)
            PaymentRun.objects.filter(pk=run_id).update(
                status=PaymentRun.Status.COMPUTED, computed_at=timezone.now(), line_count=totals["lines"],
                total_amount=totals["total"], backpay_count=totals["backpay"], reissue_count=totals["reissue"],
                batches_done=F("batches_total"), differences=differences)
        if added >= ANALYZE_AFTER:
            tables_analyze(PaymentLine)
        return True
    except Exception as exc:
        PaymentRun.objects.filter(pk=run_id).update(error_message=f"{exc.__class__.__name__}: {exc}"[:200])
        raise
    finally:
        _release(run_id, token)
