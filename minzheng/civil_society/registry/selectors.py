"""Reads on the registry of social organizations. An organization is seen by staff whose scope holds
its region (the registered address's); anything else answers 404. Reading takes
``civil_society.view_organization`` (the township, county and city officers and the auditor).

Annual reports: ``reports_list`` shows each recorded report with its late flag; ``reports_missing``
lists, for a year whose deadline has passed, the live organizations registered by that year that
have no report recorded: a finding, one SQL query."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from minzheng.civil_society.registry.models import (
    ActivitySignal,
    AnnualReport,
    Organization,
    OrgKind,
    OrgStatus,
)
from minzheng.core import messages as core_messages
from minzheng.core.models import User
from minzheng.core.scope import scope_for, scoped
from minzheng.people.models import Person
from minzheng.people.selectors import person_by_full_id_number
from minzheng.places.addresses.selectors import address_get
from minzheng.places.models import Address

PERM_VIEW = "civil_society.view_organization"
PERM_MANAGE = "civil_society.manage_organizations"
PERM_COMMUNITY = "civil_society.file_community_organizations"
LIVE = (OrgStatus.ACTIVE, OrgStatus.ABNORMAL, OrgStatus.SERIOUS)


def as_id(value: Any) -> int | None:
    try:
        key = int(str(value))
    except (TypeError, ValueError):
        return None
    return key if 0 < key < 2**63 else None


def organizations_visible(*, user: User | Any) -> QuerySet[Organization]:
    return scoped(Organization.objects.all(), user=user)


def organization_list(
    *, user: User | Any, q: str = "", kind: str = "", status: str = ""
) -> QuerySet[Organization]:
    """Organizations in view; ``q`` part of the name or the USCC, ``kind`` and ``status`` exact."""
    qs = organizations_visible(user=user).select_related("legal_representative", "address")
    if kind:
        qs = qs.filter(kind=kind)
    if status == "live":
        qs = qs.filter(status__in=LIVE)
    elif status:
        qs = qs.filter(status=status)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(uscc=q.upper()))
    return qs.order_by("region_code", "id")


def organization_get(*, user: User | Any, pk: Any) -> Organization:
    key = as_id(pk)
    found = (
        organizations_visible(user=user)
        .select_related("legal_representative", "address")
        .filter(pk=key)
        .first()
        if key is not None
        else None
    )
    if found is None:
        raise Http404(core_messages.NOT_FOUND)
    return found


def address_in_scope(*, user: User | Any, address: Address) -> bool:
    return scope_for(user).contains(address.region_code)


def address_for_org(*, user: User | Any, code: str) -> Address | None:
    """The standard address a code names in the user's scope, or None (the field says which)."""
    code = (code or "").strip()
    if not code:
        return None
    try:
        return address_get(user=user, code=code)
    except Http404:
        return None


def person_for_org(*, user: User | Any, id_number: str) -> Person | None:
    """The registered person an exact ID number names, for someone who may register organizations
    (a legal representative lives anywhere; only the exact number finds anyone)."""
    if not (user.has_perm(PERM_MANAGE) or user.has_perm(PERM_COMMUNITY)):
        return None
    return person_by_full_id_number(id_number=id_number)


def reports_of(*, organization: Organization) -> QuerySet[AnnualReport]:
    return organization.annual_reports.order_by("-year")


def signals_of(*, organization: Organization) -> QuerySet[ActivitySignal]:
    return organization.signals.order_by("-occurred_on", "-id")


def reports_list(
    *, user: User | Any, year: int | None = None, late: bool | None = None
) -> QuerySet[AnnualReport]:
    qs = scoped(AnnualReport.objects.select_related("organization"), user=user)
    if year is not None:
        qs = qs.filter(year=year)
    if late is not None:
        qs = qs.filter(late=late)
    return qs.order_by("-year", "region_code", "id")


def reports_default_year(*, user: User | Any, day: dt.date) -> int:
    """The year the reports page opens on: last year, or the latest year with reports in scope when
    the records stop earlier (the demo's 2024)."""
    latest = scoped(AnnualReport.objects.all(), user=user).aggregate(last=Max("year"))["last"]
    return min(day.year - 1, latest) if latest else day.year - 1


def report_deadline_passed(*, kind: str, year: int, day: dt.date) -> bool:
    due = dt.date(year + 1, 3, 31) if kind == OrgKind.FOUNDATION else dt.date(year + 1, 5, 31)
    return day > due


def reports_missing(*, user: User | Any, year: int, day: dt.date | None = None) -> QuerySet[Organization]:
    """Live organizations registered by the end of ``year`` with no report for it, once its
    deadline has passed on ``day`` (today): foundations after 31 March, the others after 31 May."""
    day = day or timezone.localdate()
    due_kinds = [k for k in OrgKind.values if report_deadline_passed(kind=k, year=year, day=day)]
    return (
        organizations_visible(user=user)
        .filter(status__in=LIVE, kind__in=due_kinds, registered_on__lte=dt.date(year, 12, 31))
        .filter(~Exists(AnnualReport.objects.filter(organization=OuterRef("pk"), year=year)))
        .order_by("region_code", "id")
    )


def foundations_and_service_orgs(*, user: User | Any) -> QuerySet[Organization]:
    """Live registered foundations and social-service bodies in view: the organizations the charity
    registry recognizes as charities most often (for the charity demo and its pages)."""
    return (
        organizations_visible(user=user)
        .filter(status__in=LIVE, kind__in=[OrgKind.FOUNDATION, OrgKind.SERVICE_ORG])
        .order_by("region_code", "id")
    )
