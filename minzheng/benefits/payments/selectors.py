"""Reads on payment runs, their lines and bank accounts, each through the jurisdiction scope.

A run belongs to the region of its prefix (``region_code`` is the prefix padded to 12 digits):
a county officer sees their county's runs, not the city's, and a run elsewhere answers 404.

``run_differences`` is what an approver reads before approving: against the previous month's
lines of the same program and region, the lines that are new, those that stopped, and those whose
amount changed (a new standard, a review), as SQL counts and sums plus a sample of each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet, Sum

from minzheng.benefits.money import month_add, yuan
from minzheng.benefits.payments.models import BankAccount, PaymentLine, PaymentRun
from minzheng.core.models import User
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


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _named(rows: list[tuple[Any, ...]], *, change: bool) -> list[dict[str, Any]]:
    names = dict(Person.objects.filter(id__in=[r[1] for r in rows]).values_list("id", "name"))
    keys = ["enrollment_id", "payee_id", "amount", "region_code", *(["prev_amount"] if change else [])]
    out = [dict(zip(keys, row, strict=True)) for row in rows]
    for row in out:
        row["payee"] = names.get(row["payee_id"], "")
        row["amount"] = yuan(row["amount"])
        if change:
            row["prev_amount"] = yuan(row["prev_amount"])
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

    def joined(self, *, first: str, second: str, where: str, total: str, change: bool = False) -> Group:
        """Lines of set ``first`` (alias a) with their line of set ``second`` (alias b), if any."""
        sql = (f"FROM {self.table} a LEFT JOIN {self.table} b ON b.enrollment_id = a.enrollment_id "
               f"AND {getattr(self, second)('b')} WHERE {getattr(self, first)('a')} AND {where}")
        params = [*getattr(self, f"{second}_params"), *getattr(self, f"{first}_params")]
        count, amount = _fetch(f"SELECT COUNT(*), SUM({total}) {sql}", params)[0]
        extra = ", b.amount" if change else ""
        sample = _fetch(f"SELECT a.enrollment_id, a.payee_id, a.amount, a.region_code{extra} {sql} "
                        f"ORDER BY a.enrollment_id LIMIT {SAMPLE}", params)
        return Group(count=count, amount=yuan(amount or 0), sample=_named(sample, change=change))

    def any_previous(self) -> bool:
        return bool(_fetch(f"SELECT 1 FROM {self.table} p WHERE {self.prev('p')} LIMIT 1", self.prev_params))


def _group(qs: QuerySet[PaymentLine]) -> Group:
    totals = qs.aggregate(n=Count("id"), total=Sum("amount"))
    rows = list(qs.order_by("enrollment_id").values_list("enrollment_id", "payee_id", "amount", "region_code")[:SAMPLE])
    return Group(count=totals["n"], amount=yuan(totals["total"] or 0), sample=_named(rows, change=False))


def run_differences(*, run: PaymentRun) -> Differences:
    """This run's regular lines against what was paid for the previous month (same program,
    same region): new, stopped and changed lines, with counts, sums and a sample of each."""
    sets = _Sets(run)
    return Differences(
        previous_period=month_add(run.period, -1),
        has_previous=sets.any_previous(),
        new=sets.joined(first="cur", second="prev", where="b.id IS NULL", total="a.amount"),
        stopped=sets.joined(first="prev", second="cur", where="b.id IS NULL", total="a.amount"),
        changed=sets.joined(first="cur", second="prev", where="b.id IS NOT NULL AND a.amount <> b.amount",
                            total="a.amount - b.amount", change=True),
        backpay=_group(PaymentLine.objects.filter(run=run, kind=PaymentLine.Kind.BACKPAY)),
        reissue=_group(PaymentLine.objects.filter(run=run, kind=PaymentLine.Kind.REISSUE)),
    )


def bank_accounts_of(*, person: Person) -> QuerySet[BankAccount]:
    """The accounts of a person the caller has read through the scope, the active one first."""
    return person.bank_accounts.order_by("-active", "-created_at", "-id")


def bank_account_get(*, user: User, pk: Any) -> BankAccount:
    return get_in_scope(BankAccount.objects.select_related("person"), user=user, pk=pk)
