"""Reads on rehab service records, and the standard-services rule.

Who sees a record: whoever sees its patient (``patients.selectors.patients_visible``): an officer
with ``disability.view_rehab_patients`` by the patient's home, a provider operator by their own
organizations (the record's facility, or the patient's organization).

**Standard services** (接受规范服务): a registered patient receives standard services in a year
when at least ``RehabStandard.min_services`` service records of theirs (4 by default, this
system's rule: about one a quarter) fall in that year. Counted in SQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear

from minzheng.core.models import User
from minzheng.disability.network.selectors import min_services
from minzheng.disability.patients.models import RehabPatient
from minzheng.disability.patients.selectors import patients_visible
from minzheng.disability.records.models import RehabService
from minzheng.facilities.operators.selectors import operator_ids_of
from minzheng.facilities.sites.models import Facility
from minzheng.facilities.sites.selectors import facilities_visible

PERM_RECORD = "disability.record_rehab_services"


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def services_visible(*, user: User | Any) -> QuerySet[RehabService]:
    return RehabService.objects.filter(patient__in=patients_visible(user=user).values("pk"))


def services_of(*, patient: RehabPatient) -> QuerySet[RehabService]:
    return patient.services.select_related("facility").order_by("-served_on", "-id")


def service_list(*, user: User | Any, year: int | None = None, kind: str = "") -> QuerySet[RehabService]:
    qs = services_visible(user=user).select_related("patient__person", "facility")
    if year:
        start, end = year_range(year)
        qs = qs.filter(served_on__gte=start, served_on__lte=end)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-served_on", "-id")


def service_facilities(*, user: User | Any, patient: RehabPatient) -> QuerySet[Facility]:
    """The facilities ``user`` may record a service of ``patient`` at: a provider operator's own
    open facilities; anyone else's, the patient's organization."""
    qs = facilities_visible(user=user).exclude(status=Facility.Status.CLOSED)
    if operator_ids_of(user) is not None:
        return qs.order_by("name", "id")
    return qs.filter(pk=patient.organization_id)


def services_in_year(qs: QuerySet[RehabPatient], *, year: int) -> QuerySet[RehabPatient]:
    """``qs`` with ``n_services``: each patient's service records in ``year``."""
    start, end = year_range(year)
    counts = (
        RehabService.objects.filter(patient=OuterRef("pk"), served_on__gte=start, served_on__lte=end)
        .order_by()
        .values("patient")
        .annotate(n=Count("id"))
        .values("n")
    )
    return qs.annotate(n_services=Coalesce(Subquery(counts), Value(0)))


def service_years(*, patient: RehabPatient) -> list[tuple[int, int, bool]]:
    """(year, service records, standard or not) of each year the patient has records, newest first."""
    rows = (
        patient.services.order_by()
        .annotate(year=ExtractYear("served_on"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("-year")
    )
    return [(r["year"], r["n"], r["n"] >= min_services(r["year"])) for r in rows]


def receives_standard_services(*, patient: RehabPatient, year: int) -> bool:
    start, end = year_range(year)
    n = patient.services.filter(served_on__gte=start, served_on__lte=end).count()
    return n >= min_services(year)
