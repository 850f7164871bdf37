"""Reads on charitable trusts, scoped by the trust's ``region_code`` (the filing bureau's for a
trust company, the charity trustee's otherwise); out of scope answers 404.

``trust_totals``: the cumulative total at each year's end and its growth over the previous one."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from minzheng.civil_society.trusts.models import CharitableTrust
from minzheng.core.models import User
from minzheng.core.scope import Scope, get_in_scope, scope_for, scoped

ZERO = Decimal("0.00")
TENTH = Decimal("0.1")


def trusts_visible(*, user: User | Any) -> QuerySet[CharitableTrust]:
    return scoped(CharitableTrust.objects.select_related("trustee_organization"), user=user)


def trust_list(
    *, user: User | Any, year: int | None = None, late: bool = False, q: str = ""
) -> QuerySet[CharitableTrust]:
    qs = trusts_visible(user=user)
    if year:
        qs = qs.filter(filed_on__year=year)
    if late:
        qs = qs.filter(filed_late=True)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(trustee_name__icontains=q) | Q(settlors__icontains=q))
    return qs


def trust_get(*, user: User | Any, pk: Any) -> CharitableTrust:
    return get_in_scope(
        CharitableTrust.objects.select_related("trustee_organization").prefetch_related(
            "trustee_changes", "reports"
        ),
        user=user,
        pk=pk,
    )


def trust_total(*, scope: Scope, day: dt.date) -> Decimal:
    """The property of the trusts filed by ``day`` and not terminated by then."""
    qs = scope.filter(CharitableTrust.objects.filter(filed_on__lte=day)).filter(
        Q(terminated_on__isnull=True) | Q(terminated_on__gt=day)
    )
    return Decimal(qs.aggregate(total=Sum("amount"))["total"] or ZERO).quantize(ZERO)


def trust_new(*, scope: Scope, year: int) -> Decimal:
    qs = scope.filter(CharitableTrust.objects.filter(filed_on__year=year))
    return Decimal(qs.aggregate(total=Sum("amount"))["total"] or ZERO).quantize(ZERO)


def growth(now: Decimal, before: Decimal) -> Decimal | None:
    """Growth of ``now`` over ``before`` in %, one decimal, half up; None when ``before`` is 0."""
    if not before:
        return None
    return ((now - before) * 100 / before).quantize(TENTH, rounding=ROUND_HALF_UP)


def trust_year(*, scope: Scope, year: int) -> dict[str, Any]:
    total = trust_total(scope=scope, day=dt.date(year, 12, 31))
    previous = trust_total(scope=scope, day=dt.date(year - 1, 12, 31))
    return {
        "year": year,
        "new": trust_new(scope=scope, year=year),
        "total": total,
        "growth": growth(total, previous),
    }


def trust_totals(*, user: User | Any, years: list[int]) -> list[dict[str, Any]]:
    scope = scope_for(user)
    return [trust_year(scope=scope, year=year) for year in years]
