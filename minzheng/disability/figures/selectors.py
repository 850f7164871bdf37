"""The rehab indicators of DOMAIN.md and the year's figures, in the reader's scope.

**Indicators** (精康融合行动), per year, for the city (the reader's area) and per county:

- *Counties running community rehab services*: a county counts in a year when a facility of the
  county recorded at least one rehab service in that year (the network is not only built, it
  serves). Share = counties counting ÷ counties in the area.
- *Registered home-based patients receiving standard services*: the patients on the register at
  some time in the year (registered by its end, not ended before it began), by their home county;
  those with at least ``RehabStandard.min_services`` service records in the year (4 by default)
  receive standard services. Share = those ÷ the registered.

Each against the year's targets (``RehabStandard``: 2023 50%/30%, 2024 65%/45%, 2025 80%/60%).
Shares are percentages rounded half up to one decimal; grouped SQL throughout.

**Figures** (the annual summary's ``disability.*``):

- ``rehab_orgs``: rehab organizations (facilities of kind 精神康复机构) open in the year: opened by
  its end (or of unknown opening) and not closed, read through the facility registry's scoping;
- ``rehab_served``: distinct registered patients living in the area with a service record in the year;
- ``subsidy_reviews``: review rounds of the two disability subsidies in the year
  (``reviews.selectors.rounds_in_year``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from minzheng.core.models import User
from minzheng.core.scope import scoped
from minzheng.disability.network.selectors import counties_in_scope, rehab_organizations, standard_for
from minzheng.disability.patients.models import RehabPatient
from minzheng.disability.records.models import RehabService
from minzheng.disability.records.selectors import services_in_year, year_range
from minzheng.disability.reviews.selectors import rounds_in_year
from minzheng.facilities.sites.models import Facility

PERM_VIEW = "disability.view_rehab_network"
TENTH = Decimal("0.1")


def share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CountyRow:
    code: str
    name: str
    serving: bool
    patients: int
    standard: int

    @property
    def patients_share(self) -> Decimal | None:
        return share(self.standard, self.patients)


@dataclass(frozen=True)
class Indicators:
    year: int
    counties: int
    counties_serving: int
    counties_share: Decimal | None
    counties_target: Decimal | None
    patients: int
    patients_standard: int
    patients_share: Decimal | None
    patients_target: Decimal | None
    min_services: int
    rows: list[CountyRow]

    @property
    def counties_met(self) -> bool | None:
        if self.counties_share is None or self.counties_target is None:
            return None
        return self.counties_share >= self.counties_target

    @property
    def patients_met(self) -> bool | None:
        if self.patients_share is None or self.patients_target is None:
            return None
        return self.patients_share >= self.patients_target


def registered_in_year(*, user: User | Any, year: int) -> Any:
    """Patients living in the user's scope on the register at some time in ``year``."""
    start, end = year_range(year)
    return (
        scoped(RehabPatient.objects.all(), user=user)
        .filter(registered_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    )


def rehab_indicators(*, actor: User | Any, year: int) -> Indicators:
    standard = standard_for(year)
    n_min = standard.min_services if standard is not None else 4
    counties = counties_in_scope(user=actor)
    codes = [c.code[:6] for c in counties]
    start, end = year_range(year)
    serving = set(
        RehabService.objects.filter(served_on__gte=start, served_on__lte=end)
        .annotate(county=Substr("facility__region_code", 1, 6))
        .filter(county__in=codes)
        .order_by()
        .values_list("county", flat=True)
        .distinct()
    )
    grouped = (
        services_in_year(registered_in_year(user=actor, year=year), year=year)
        .annotate(county=Substr("region_code", 1, 6))
        .order_by()
        .values("county")
        .annotate(
            total=Count("id"),
            standard=Sum(
                Case(
                    When(n_services__gte=n_min, then=Value(1)), default=Value(0), output_field=IntegerField()
                )
            ),
        )
    )
    by_county = {r["county"]: (r["total"], r["standard"] or 0) for r in grouped}
    rows = [
        CountyRow(
            code=c.code[:6],
            name=c.name,
            serving=c.code[:6] in serving,
            patients=by_county.get(c.code[:6], (0, 0))[0],
            standard=by_county.get(c.code[:6], (0, 0))[1],
        )
        for c in counties
    ]
    patients = sum(t for t, _ in by_county.values())
    standard_n = sum(s for _, s in by_county.values())
    return Indicators(
        year=year,
        counties=len(rows),
        counties_serving=sum(1 for r in rows if r.serving),
        counties_share=share(sum(1 for r in rows if r.serving), len(rows)),
        counties_target=standard.counties_target if standard is not None else None,
        patients=patients,
        patients_standard=standard_n,
        patients_share=share(standard_n, patients),
        patients_target=standard.patients_target if standard is not None else None,
        min_services=n_min,
        rows=rows,
    )


def rehab_orgs_open(*, actor: User | Any, year: int) -> int:
    end = dt.date(year, 12, 31)
    return (
        rehab_organizations(user=actor)
        .exclude(status=Facility.Status.CLOSED)
        .filter(Q(opened_on__isnull=True) | Q(opened_on__lte=end))
        .count()
    )


def rehab_served(*, actor: User | Any, year: int) -> int:
    start, end = year_range(year)
    return (
        scoped(RehabService.objects.all(), user=actor)
        .filter(served_on__gte=start, served_on__lte=end)
        .order_by()
        .values("patient_id")
        .distinct()
        .count()
    )


def disability_figures(*, actor: User | Any, year: int) -> dict[str, Any]:
    return {
        "year": year,
        "rehab_orgs": rehab_orgs_open(actor=actor, year=year),
        "rehab_served": rehab_served(actor=actor, year=year),
        "subsidy_reviews": rounds_in_year(user=actor, year=year),
    }


def figures_default_year() -> int:
    """The latest year with a service record, or last year."""
    latest = RehabService.objects.order_by("-served_on").values_list("served_on", flat=True).first()
    return latest.year if latest else timezone.localdate().year - 1
