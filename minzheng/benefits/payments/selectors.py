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

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Sum

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


def _previous_lines(run: PaymentRun) -> QuerySet[PaymentLine]:
    previous = month_add(run.period, -1)
    qs = PaymentLine.objects.filter(program_id=run.program_id, period=previous,
                                    kind__in=[PaymentLine.Kind.REGULAR, PaymentLine.Kind.BACKPAY])
    return Scope(prefix=run.region_prefix).filter(qs)


def _sample(qs: QuerySet[PaymentLine], *, previous: bool = False) -> list[dict[str, Any]]:
    rows = list(qs.order_by("enrollment_id").values("enrollment_id", "payee_id", "amount", "region_code",
                                                    *(["prev_amount"] if previous else []))[:SAMPLE])
    names = dict(Person.objects.filter(id__in=[r["payee_id"] for r in rows]).values_list("id", "name"))
    for row in rows:
        row["payee"] = names.get(row["payee_id"], "")
    return rows


def _group(qs: QuerySet[PaymentLine], *, change: bool = False) -> Group:
    totals = qs.aggregate(n=Count("id"), total=Sum(F("amount") - F("prev_amount")) if change else Sum("amount"))
    return Group(count=totals["n"], amount=yuan(totals["total"] or 0), sample=_sample(qs, previous=change))


def run_differences(*, run: PaymentRun) -> Differences:
    """This run's regular lines against the previous month's (same program, same region)."""
    current = PaymentLine.objects.filter(run=run, period=run.period, kind=PaymentLine.Kind.REGULAR)
    previous = _previous_lines(run)
    prev_amount = Subquery(previous.filter(enrollment_id=OuterRef("enrollment_id")).values("amount")[:1])
    changed = (current.annotate(prev_amount=prev_amount).filter(prev_amount__isnull=False)
               .exclude(amount=F("prev_amount")))
    return Differences(
        previous_period=month_add(run.period, -1),
        has_previous=previous.exists(),
        new=_group(current.exclude(enrollment_id__in=previous.values("enrollment_id"))),
        stopped=_group(previous.exclude(enrollment_id__in=current.values("enrollment_id"))),
        changed=_group(changed, change=True),
        backpay=_group(PaymentLine.objects.filter(run=run, kind=PaymentLine.Kind.BACKPAY)),
        reissue=_group(PaymentLine.objects.filter(run=run, kind=PaymentLine.Kind.REISSUE)),
    )


def bank_accounts_of(*, person: Person) -> QuerySet[BankAccount]:
    """The accounts of a person the caller has read through the scope, the active one first."""
    return person.bank_accounts.order_by("-active", "-created_at", "-id")


def bank_account_get(*, user: User, pk: Any) -> BankAccount:
    return get_in_scope(BankAccount.objects.select_related("person"), user=user, pk=pk)
