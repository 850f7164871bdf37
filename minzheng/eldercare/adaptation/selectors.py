"""Reads on home adaptation (适老化改造 / 以旧换新), scoped by the application's region (the
elder's home region): a township officer sees the township's applications, a county officer the
county's; anything else answers 404. The catalogue is reference data every reader sees.

**Totals** of a year count the applications whose subsidy was paid in the year: the subsidy paid
and the spending it generated (the applications' total cost), one grouped aggregate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from minzheng.benefits.money import ZERO, yuan
from minzheng.core import messages as core_messages
from minzheng.core.models import User
from minzheng.core.scope import scoped
from minzheng.eldercare.adaptation.models import AdaptationApplication, AdaptationItem, ApplicationStatus
from minzheng.facilities.operators.selectors import as_id

PERM_VIEW = "eldercare.view_adaptation"
PERM_MANAGE = "eldercare.manage_adaptation"
PERM_APPROVE = "eldercare.approve_adaptation"
PERM_CATALOGUE = "eldercare.manage_adaptation_catalogue"


def catalogue(*, active_only: bool = True) -> QuerySet[AdaptationItem]:
    qs = AdaptationItem.objects.all()
    return qs.filter(active=True) if active_only else qs


def applications_visible(*, user: User | Any) -> QuerySet[AdaptationApplication]:
    return scoped(AdaptationApplication.objects.all(), user=user)


def application_list(
    *, user: User, status: str = "", year: int | None = None
) -> QuerySet[AdaptationApplication]:
    """The applications in the user's scope (of one status; applied in one year), newest first."""
    qs = applications_visible(user=user)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(applied_on__gte=dt.date(year, 1, 1), applied_on__lt=dt.date(year + 1, 1, 1))
    return qs.select_related("person").order_by("-applied_on", "-id")


def application_get(*, user: User | Any, pk: Any) -> AdaptationApplication:
    key = as_id(pk)
    found = (
        applications_visible(user=user)
        .select_related("person", "created_by", "reviewed_by", "paid_by")
        .filter(pk=key)
        .first()
        if key
        else None
    )
    if found is None:
        raise Http404(core_messages.NOT_FOUND)
    return found


def adaptation_latest_year() -> int:
    """The year the pages open on: the latest year with a subsidy paid, or this year."""
    latest = (
        AdaptationApplication.objects.filter(paid_on__isnull=False)
        .order_by("-paid_on")
        .values_list("paid_on", flat=True)
        .first()
    )
    return latest.year if latest is not None else dt.date.today().year


def _paid_in(qs: QuerySet[AdaptationApplication], year: int) -> QuerySet[AdaptationApplication]:
    """The applications whose subsidy was paid in ``year``: what the year's figures count."""
    return qs.filter(
        status=ApplicationStatus.PAID, paid_on__gte=dt.date(year, 1, 1), paid_on__lt=dt.date(year + 1, 1, 1)
    )


@dataclass(frozen=True)
class AdaptationTotals:
    """A year's applications paid: how many, the subsidy paid and the spending generated; and the
    applications waiting for review or payment now."""

    paid: int
    subsidy_paid: Decimal
    consumption: Decimal
    renovation: int
    trade_in: int
    waiting_review: int
    waiting_payment: int


def adaptation_totals(*, user: User | Any, year: int) -> AdaptationTotals:
    """The year's totals in the user's scope (see the module's docstring): SQL aggregates."""
    qs = applications_visible(user=user)
    paid = _paid_in(qs, year)
    sums = paid.aggregate(n=Count("id"), subsidy=Sum("subsidy"), total=Sum("total"))
    kinds = paid.aggregate(
        renovation=Count("id", filter=Q(lines__item__category="renovation"), distinct=True),
        trade_in=Count("id", filter=Q(lines__item__category="trade_in"), distinct=True),
    )
    waiting = qs.aggregate(
        review=Count("id", filter=Q(status=ApplicationStatus.SUBMITTED)),
        payment=Count("id", filter=Q(status=ApplicationStatus.APPROVED)),
    )
    return AdaptationTotals(
        paid=sums["n"],
        subsidy_paid=yuan(sums["subsidy"] or ZERO),
        consumption=yuan(sums["total"] or ZERO),
        renovation=kinds["renovation"],
        trade_in=kinds["trade_in"],
        waiting_review=waiting["review"],
        waiting_payment=waiting["payment"],
    )


def adaptation_figures(*, actor: User | Any, year: int) -> dict[str, Any]:
    """The summary's adaptation figures for a year in ``actor``'s scope (元)."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    sums = (
        applications_visible(user=actor)
        .filter(status=ApplicationStatus.PAID, paid_on__gte=start, paid_on__lt=end)
        .aggregate(subsidy=Sum("subsidy"), total=Sum("total"))
    )
    return {
        "adaptation_subsidy_paid": yuan(sums["subsidy"] or ZERO),
        "adaptation_consumption": yuan(sums["total"] or ZERO),
    }
