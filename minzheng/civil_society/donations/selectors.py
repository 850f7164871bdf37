"""Reads on campaigns, the donation ledger and disbursements, scoped by the organization's region
(``region_code``) through ``core.scope``; out of scope answers 404. Permissions are charity's
(``charity.selectors.PERM_VIEW`` / ``PERM_MANAGE``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from minzheng.civil_society.donations.models import Campaign, Disbursement, Donation
from minzheng.core.models import User
from minzheng.core.scope import get_in_scope, scoped


def campaigns_visible(*, user: User | Any) -> QuerySet[Campaign]:
    return scoped(Campaign.objects.select_related("organization"), user=user)


def campaign_list(
    *, user: User | Any, kind: str = "", year: int | None = None, q: str = ""
) -> QuerySet[Campaign]:
    qs = campaigns_visible(user=user).annotate(
        raised=Sum("donations__amount", filter=Q(donations__voided_on__isnull=True)),
        donors=Count("donations", filter=Q(donations__voided_on__isnull=True)),
    )
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(starts_on__year=year)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(organization__name__icontains=q))
    return qs


def campaign_get(*, user: User | Any, pk: Any) -> Campaign:
    return get_in_scope(Campaign.objects.select_related("organization"), user=user, pk=pk)


def donations_visible(*, user: User | Any) -> QuerySet[Donation]:
    return scoped(Donation.objects.select_related("organization", "campaign"), user=user)


def donation_list(
    *,
    user: User | Any,
    organization: int | None = None,
    campaign: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    q: str = "",
) -> QuerySet[Donation]:
    qs = donations_visible(user=user)
    if organization:
        qs = qs.filter(organization_id=organization)
    if campaign:
        qs = qs.filter(campaign_id=campaign)
    if start:
        qs = qs.filter(received_on__gte=start)
    if end:
        qs = qs.filter(received_on__lte=end)
    if q:
        qs = qs.filter(Q(receipt_number=q) | Q(donor_name__icontains=q))
    return qs


def donation_get(*, user: User | Any, pk: Any) -> Donation:
    return get_in_scope(Donation.objects.select_related("organization", "campaign"), user=user, pk=pk)


def disbursements_visible(*, user: User | Any) -> QuerySet[Disbursement]:
    return scoped(Disbursement.objects.select_related("organization"), user=user)


def disbursement_list(
    *, user: User | Any, year: int | None = None, purpose: str = "", project_ref: str = ""
) -> QuerySet[Disbursement]:
    qs = disbursements_visible(user=user)
    if year:
        qs = qs.filter(paid_on__year=year)
    if purpose:
        qs = qs.filter(purpose=purpose)
    if project_ref:
        qs = qs.filter(project_ref=project_ref)
    return qs


def disbursements_for_project(*, user: User | Any, project_ref: str) -> QuerySet[Disbursement]:
    """The charity money put into one assistance project (by its reference), for the project's page."""
    return disbursements_visible(user=user).filter(project_ref=project_ref)
