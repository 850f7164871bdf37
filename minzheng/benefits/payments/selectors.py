"""Reads on payment runs, their lines and bank accounts, each through the jurisdiction scope.

A run belongs to the region of its prefix (``region_code`` is the prefix padded to 12 digits):
a county officer sees their county's runs, not the city's, and a run elsewhere answers 404.

``run_differences`` is what an approver reads before approving: against the previous month's
lines of the same program and region, the lines that are new, those that stopped, and those whose
amount changed (a new standard, a review), as SQL counts and sums plus a sample of each.

It joins the two months' lines (a second on PostgreSQL, seconds on SQLite, at 200,000 lines), so
it runs once, when the run finishes computing (``compute``), and is kept on the run
(``PaymentRun.differences``, ``differences_record``); the preview and the API read that record
(``run_differences_stored``). The record says when it was made and from how many of this run's
lines. Whether last month's lines may have changed since (a bank return marked some failed,
another run added some) is read from the program's runs and the audit log, not from the lines
(that would read them all): a repeat start that changed nothing keeps the record, and the preview
of a run not yet approved says when it is out of date. Approved, the record is what the approver
read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Max, QuerySet, Sum
from django.utils import timezone

from minzheng.benefits.money import month_add, yuan
from minzheng.benefits.payments.models import BankAccount, PaymentLine, PaymentRun
from minzheng.core.models import AuditEntry, User
from minzheng.core.scope import Scope, get_in_scope, scoped
from minzheng.people.models import Person

SAMPLE = 20
LINES_SHOWN = 50


def run_list(*, user: User, program: str = "", period: Any = None) -> QuerySet[PaymentRun]:
    qs = scoped(PaymentRun.objects.select_related("program", "created_by", "approved_by"), user=user)
    if program:
        qs = qs.filter(program__code=program)
    if period:
        qs = qs.filter(period=period)
    return qs.order_by("-period", "region_code", "-id")


def run_get(*, user: User, pk: Any) -> PaymentRun:
    return get_in_scope(PaymentRun.objects.select_related("program", "created_by", "approved_by"), user=user, pk=pk)


def run_lines(*, run: PaymentRun, limit: int = LINES_SHOWN) -> list[PaymentLine]:
    """The first lines of a run the caller has read through the scope, with payees (masked)."""
    return list(PaymentLine.objects.filter(run=run).select_related("payee").order_by("id")[:limit])


@dataclass
class Group:
    """One kind of difference: how many lines, their total (or total change), and a sample."""

    count: int = 0
    amount: Decimal = Decimal("0.00")
    sample: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Differences:
    previous_period: Any
    has_previous: bool
    new: Group
    stopped: Group
    changed: Group
    backpay: Group
    reissue: Group
    # Read from the record: last month's lines have changed since it was computed (the run is not
    # approved yet; starting it again refreshes the figures).
    stale: bool = False


GROUPS = ("new", "stopped", "changed", "backpay", "reissue")
RECORD_VERSION = 1
# The audit action of a bank return file imported (services.payment_run_import_returns): the one
# write that marks lines failed, and so takes them out of the month's paid lines.
RETURNS_IMPORTED = "benefits.payment_run.returns_imported"


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _names(samples: list[list[dict[str, Any]]]) -> None:
    """Put each sample row's payee name on it, for all the samples in one query."""
    rows = [row for sample in samples for row in sample]
    names = dict(Person.objects.filter(id__in={r["payee_id"] for r in rows}).values_list("id", "name"))
    for row in rows:
        row["payee"] = names.get(row["payee_id"], "")


def _named(rows: list[tuple[Any, ...]], *, change: bool) -> list[dict[str, Any]]:
    keys = ["enrollment_id", "payee_id", "amount", "region_code", *(["prev_amount"] if change else [])]
    out = [dict(zip(keys, row, strict=True)) for row in rows]
    for row in out:
        row["amount"] = yuan(row["amount"])
        if change:
            row["prev_amount"] = yuan(row["prev_amount"])
    _names([out])
    return out


class _Sets:
    """This run's regular lines and what was paid for the month before (the line of each
    enrollment for that month that has not failed, whichever run wrote it: at most one), as SQL
    conditions on an alias. Joined line to line by enrollment, each side is found through the
    partial unique index on (enrollment, period) — the ``NOT (status = 'failed')`` is its
    predicate — so SQLite, which has no hash join, does one index look-up per line too."""

    def __init__(self, run: PaymentRun) -> None:
        self.table = connection.ops.quote_name(PaymentLine._meta.db_table)
        bounds: dict[str, str] = dict(Scope(prefix=run.region_prefix).as_q().children)  # type: ignore[arg-type]
        date = connection.ops.adapt_datefield_value
        self.failed = PaymentLine.Status.FAILED.value
        self.cur_params = [run.pk, date(run.period), PaymentLine.Kind.REGULAR.value]
        self.prev_params = [run.program_id, date(month_add(run.period, -1)), bounds["region_code__gte"],
                            bounds["region_code__lt"]]

    def cur(self, alias: str) -> str:
        return (f"{alias}.run_id = %s AND {alias}.period = %s AND {alias}.kind = %s "
                f"AND NOT ({alias}.status = '{self.failed}')")

    def prev(self, alias: str) -> str:
        return (f"{alias}.program_id = %s AND {alias}.period = %s AND {alias}.region_code >= %s "
                f"AND {alias}.region_code < %s AND NOT ({alias}.status = '{self.failed}')")

    def lines(self, which: str) -> dict[int, tuple[int, int | None, str]]:
        """The set's lines by enrollment: (amount in fen, payee, region). One indexed range read
        per month; the two months are compared in memory, which at 200,000 lines costs a
        fraction of the five joined passes SQLite (no hash join) needed for counts and samples."""
        rows = _fetch(f"SELECT a.enrollment_id, CAST(ROUND(a.amount * 100) AS BIGINT), a.payee_id, a.region_code "
                      f"FROM {self.table} a WHERE {getattr(self, which)('a')}", getattr(self, f"{which}_params"))
        return {row[0]: (int(row[1]), row[2], row[3]) for row in rows}

    def any_previous(self) -> bool:
        return bool(_fetch(f"SELECT 1 FROM {self.table} p WHERE {self.prev('p')} LIMIT 1", self.prev_params))


def _group(qs: QuerySet[PaymentLine]) -> Group:
    totals = qs.aggregate(n=Count("id"), total=Sum("amount"))
    rows = list(qs.order_by("enrollment_id").values_list("enrollment_id", "payee_id", "amount", "region_code")[:SAMPLE])
    return Group(count=totals["n"], amount=yuan(totals["total"] or 0), sample=_named(rows, change=False))


def _fen_group(ids: list[int], lines: dict[int, tuple[int, int | None, str]], total: int,
               previous: dict[int, tuple[int, int | None, str]] | None = None) -> Group:
    sample = []
    for enrollment_id in ids[:SAMPLE]:
        fen, payee_id, region_code = lines[enrollment_id]
        row: dict[str, Any] = {"enrollment_id": enrollment_id, "payee_id": payee_id,
                               "amount": yuan(Decimal(fen) / 100), "region_code": region_code}
        if previous is not None:
            row["prev_amount"] = yuan(Decimal(previous[enrollment_id][0]) / 100)
        sample.append(row)
    _names([sample])
    return Group(count=len(ids), amount=yuan(Decimal(total) / 100), sample=sample)


def run_differences(*, run: PaymentRun) -> Differences:
    """This run's regular lines against what was paid for the previous month (same program,
    same region): new, stopped and changed lines, with counts, sums and a sample of each (the
    lowest enrollment ids)."""
    sets = _Sets(run)
    cur, prev = sets.lines("cur"), sets.lines("prev")
    new = sorted(e for e in cur if e not in prev)
    stopped = sorted(e for e in prev if e not in cur)
    changed = sorted(e for e, line in cur.items() if e in prev and line[0] != prev[e][0])
    return Differences(
        previous_period=month_add(run.period, -1),
        has_previous=bool(prev) or sets.any_previous(),
        new=_fen_group(new, cur, sum(cur[e][0] for e in new)),
        stopped=_fen_group(stopped, prev, sum(prev[e][0] for e in stopped)),
        changed=_fen_group(changed, cur, sum(cur[e][0] - prev[e][0] for e in changed), previous=prev),
        backpay=_group(PaymentLine.objects.filter(run=run, kind=PaymentLine.Kind.BACKPAY)),
        reissue=_group(PaymentLine.objects.filter(run=run, kind=PaymentLine.Kind.REISSUE)),
    )


def _group_record(group: Group) -> dict[str, Any]:
    # Amounts as strings ("410.00"): JSON has no decimals. Payee names are not kept (they are
    # looked up on reading): the record holds no copy of a person's data.
    sample = [{k: str(v) if isinstance(v, Decimal) else v for k, v in row.items() if k != "payee"}
              for row in group.sample]
    return {"count": group.count, "amount": str(group.amount), "sample": sample}


def _group_read(record: dict[str, Any]) -> Group:
    sample = [{k: yuan(v) if k in ("amount", "prev_amount") else v for k, v in row.items()}
              for row in record["sample"]]
    return Group(count=record["count"], amount=yuan(record["amount"]), sample=sample)


def _lines_basis(run: PaymentRun) -> list[Any]:
    """Count and last id of the run's lines, from its index alone: lines are only ever added to a
    run until it is exported, so these two change whenever its lines do."""
    totals = PaymentLine.objects.filter(run=run).aggregate(n=Count("id"), last=Max("id"))
    return [totals["n"], totals["last"]]


def differences_record(*, run: PaymentRun, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The differences of a computed run as the JSON kept on it (``PaymentRun.differences``).
    ``previous``, the record the run holds, is kept (as of now) when neither this run's lines nor
    last month's have changed since it was made (a repeat start that added nothing: a look at the
    run's index, its fellow runs and the audit log, where comparing last month's lines would read
    them all); otherwise ``run_differences`` computes them anew. ``as_of`` is taken before anything
    is read: a change after it is one these figures may not show."""
    as_of = timezone.now()
    lines = _lines_basis(run)
    if (previous is not None and previous.get("version") == RECORD_VERSION and previous.get("lines") == lines
            and not _last_month_changed_since(run, dt.datetime.fromisoformat(previous["as_of"]))):
        return {**previous, "as_of": as_of.isoformat()}
    diff = run_differences(run=run)
    return {"version": RECORD_VERSION, "as_of": as_of.isoformat(), "lines": lines,
            "previous_period": diff.previous_period.isoformat(), "has_previous": diff.has_previous,
            **{name: _group_record(getattr(diff, name)) for name in GROUPS}}


def _overlaps(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _last_month_changed_since(run: PaymentRun, as_of: dt.datetime) -> bool:
    """Whether last month's paid lines may have changed since ``as_of``, read from the program's
    runs and the audit log (a few rows), not from the lines: another run for last month or later
    whose region overlaps this one's has worked since (it may have added last month's lines: its
    own, back-pay, re-issues), or had a bank return file imported since (lines marked failed).
    The services change lines in no other way; a false alarm costs a repeat start, which finds
    nothing changed and keeps the figures as of then."""
    exported = []
    for pk, prefix, status, computed_at, heartbeat in (
            PaymentRun.objects.filter(program_id=run.program_id, period__gte=month_add(run.period, -1))
            .exclude(pk=run.pk).values_list("pk", "region_prefix", "status", "computed_at", "heartbeat")):
        if not _overlaps(prefix, run.region_prefix):
            continue
        if any(moment is not None and moment > as_of for moment in (computed_at, heartbeat)):
            return True
        if status == PaymentRun.Status.EXPORTED:
            exported.append(str(pk))
    return bool(exported) and AuditEntry.objects.filter(
        object_type=PaymentRun._meta.label_lower, object_id__in=exported, action=RETURNS_IMPORTED,
        at__gt=as_of).exists()


def run_differences_stored(*, run: PaymentRun) -> Differences | None:
    """What the preview and the API show: the differences kept on a computed run, with payee names
    looked up now; None while it computes. A run not yet approved is marked ``stale`` when last
    month's lines may have changed since the figures were computed. A run computed before the
    differences were kept has none: they are computed here, as they were before."""
    if run.status == PaymentRun.Status.COMPUTING:
        return None
    record = run.differences
    if not record or record.get("version") != RECORD_VERSION:
        return run_differences(run=run)
    groups = {name: _group_read(record[name]) for name in GROUPS}
    _names([group.sample for group in groups.values()])
    stale = (run.status == PaymentRun.Status.COMPUTED
             and _last_month_changed_since(run, dt.datetime.fromisoformat(record["as_of"])))
    return Differences(previous_period=dt.date.fromisoformat(record["previous_period"]),
                       has_previous=record["has_previous"], stale=stale, **groups)


def bank_accounts_of(*, person: Person) -> QuerySet[BankAccount]:
    """The accounts of a person the caller has read through the scope, the active one first."""
    return person.bank_accounts.order_by("-active", "-created_at", "-id")


def bank_account_get(*, user: User, pk: Any) -> BankAccount:
    return get_in_scope(BankAccount.objects.select_related("person"), user=user, pk=pk)
