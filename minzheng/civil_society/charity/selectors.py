"""Reads on charities: recognitions, fundraising qualifications, annual accounts and their
spending checks, each scoped by the organization's region (``region_code``) through ``core.scope``.
A record outside the reader's scope answers 404.

``PERM_VIEW`` (civil_society.view_charity) opens the charity pages and lists (the city, the
counties and the auditor); ``PERM_MANAGE`` (civil_society.manage_charity) the writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from minzheng.civil_society.charity.models import (
    AnnualAccounts,
    CharityRecognition,
    Decision,
    FundraisingQualification,
)
from minzheng.civil_society.charity.spending import SpendingCheck, spending_check
from minzheng.civil_society.registry.models import Organization
from minzheng.core.models import User
from minzheng.core.scope import get_in_scope, scoped

PERM_VIEW = "civil_society.view_charity"
PERM_MANAGE = "civil_society.manage_charity"


def standing_on(day: dt.date, *, prefix: str = "") -> Q:
    """Recognitions that make their organization a charity on ``day``."""
    return Q(**{f"{prefix}decision": Decision.GRANTED, f"{prefix}decided_on__lte": day}) & (
        Q(**{f"{prefix}withdrawn_on__isnull": True}) | Q(**{f"{prefix}withdrawn_on__gt": day})
    )


def organizations_visible(*, user: User | Any) -> QuerySet[Organization]:
    return scoped(Organization.objects.all(), user=user)


def organization_get(*, user: User | Any, pk: Any) -> Organization:
    return get_in_scope(Organization.objects.all(), user=user, pk=pk)


def is_charity(organization: Organization, *, on: dt.date) -> bool:
    return CharityRecognition.objects.filter(standing_on(on), organization=organization).exists()


def holds_qualification(organization: Organization, *, on: dt.date) -> bool:
    return FundraisingQualification.objects.filter(
        organization=organization, decision=Decision.GRANTED, decided_on__lte=on
    ).exists()


def charities_visible(*, user: User | Any, on: dt.date) -> QuerySet[Organization]:
    """The charity registry (慈善组织名录): organizations in view that are charities on ``on``."""
    standing = CharityRecognition.objects.filter(standing_on(on), organization=OuterRef("pk"))
    qualified = FundraisingQualification.objects.filter(
        organization=OuterRef("pk"), decision=Decision.GRANTED, decided_on__lte=on
    )
    return (
        organizations_visible(user=user)
        .filter(Exists(standing))
        .annotate(public_fundraising=Exists(qualified))
        .order_by("region_code", "name", "id")
    )


def charity_list(*, user: User | Any, on: dt.date, q: str = "") -> QuerySet[Organization]:
    qs = charities_visible(user=user, on=on)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__icontains=q))
    return qs


def recognitions_visible(*, user: User | Any) -> QuerySet[CharityRecognition]:
    return scoped(CharityRecognition.objects.select_related("organization"), user=user)


def recognition_list(
    *, user: User | Any, decision: str = "", late: bool = False
) -> QuerySet[CharityRecognition]:
    qs = recognitions_visible(user=user)
    if decision:
        qs = qs.filter(decision=decision)
    if late:
        qs = qs.filter(decided_late=True)
    return qs


def recognition_get(*, user: User | Any, pk: Any) -> CharityRecognition:
    return get_in_scope(CharityRecognition.objects.select_related("organization"), user=user, pk=pk)


def qualifications_visible(*, user: User | Any) -> QuerySet[FundraisingQualification]:
    return scoped(FundraisingQualification.objects.select_related("organization"), user=user)


def qualification_get(*, user: User | Any, pk: Any) -> FundraisingQualification:
    return get_in_scope(FundraisingQualification.objects.select_related("organization"), user=user, pk=pk)


def accounts_visible(*, user: User | Any) -> QuerySet[AnnualAccounts]:
    return scoped(AnnualAccounts.objects.select_related("organization"), user=user)


@dataclass(frozen=True)
class AccountsCheck:
    accounts: AnnualAccounts
    check: SpendingCheck


def accounts_check(accounts: AnnualAccounts) -> SpendingCheck:
    return spending_check(
        public_fundraising=accounts.public_fundraising,
        net_assets_prev_year=accounts.net_assets_prev_year,
        income_prev_year=accounts.income_prev_year,
        income_avg_3y=accounts.income_avg_3y,
        charity_spending=accounts.charity_spending,
        management_costs=accounts.management_costs,
    )


def spending_checks(*, user: User | Any, year: int, failing_only: bool = False) -> list[AccountsCheck]:
    """The art. 61 check of every charity's accounts of ``year`` in view, with findings."""
    rows = [
        AccountsCheck(accounts=a, check=accounts_check(a))
        for a in accounts_visible(user=user).filter(year=year)
    ]
    if failing_only:
        rows = [row for row in rows if row.check.findings]
    return rows
