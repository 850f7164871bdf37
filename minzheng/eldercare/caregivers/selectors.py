"""Reads on caregivers (养老护理员): the registry, the allowance standards, and the indicator.

Who sees a caregiver: a member of staff whose scope holds the employer's region (``region_code``),
or a provider operator of the operator that runs the employer (they have no region, and see their
own sites' caregivers wherever they are), the facility registry's own rule. Anything else answers
404. The employers one may register at are the care homes and community care centres one sees.

The indicator, 每万名老年人拥有持证养老护理员数, is counted on one day (the year's last, or today
for the year under way), by region: the certified caregivers in post that day at employers in the
region, over the residents aged 60 and over living in the region that day (an age is reached on the
birthday, 29 February's on 1 March in a common year), × 10,000, rounded half up to 2 places.
Two grouped SQL counts; no rows are read into Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for, scoped
from minzheng.eldercare.caregivers.models import (
    AllowanceStandard,
    Caregiver,
    CaregiverAward,
    CertificateLevel,
)
from minzheng.facilities.operators.selectors import as_id, operator_ids_of
from minzheng.facilities.sites.models import Facility
from minzheng.facilities.sites.selectors import facilities_visible
from minzheng.people.models import Person
from minzheng.people.selectors import person_by_full_id_number

PERM_MANAGE = "eldercare.manage_caregivers"
PERM_ALLOWANCE = "eldercare.manage_caregiver_allowance"
# The bureau's staff who keep the registry of sites read the indicator (as the eldercare
# figures); a provider operator, who has no region, does not.
PERM_INDICATOR = "facilities.manage_facilities"
EMPLOYER_KINDS = (Facility.Kind.CARE_HOME, Facility.Kind.COMMUNITY_CARE_CENTRE)
ELDER_AGE = 60
PER = Decimal(10_000)
CENT = Decimal("0.01")
# The prefix lengths of the levels, city to village: the indicator's rows are one level below the
# reader's scope.
PREFIX_LENGTHS = (4, 6, 9, 12)


# ---- the registry --------------------------------------------------------------------------------


def caregivers_visible(*, user: User | Any) -> QuerySet[Caregiver]:
    qs = Caregiver.objects.all()
    operators = operator_ids_of(user)
    if operators is not None:
        return qs.filter(employer__operator_id__in=operators)
    return scoped(qs, user=user)


def caregiver_list(
    *, user: User, q: str = "", level: str = "", status: str = "active", employer: int | None = None
) -> QuerySet[Caregiver]:
    """Caregivers in view, by region: ``status`` active (in post), left, or all; ``level`` one
    certificate level, ``none`` for the uncertified; ``q`` part of the name or of the employer's."""
    qs = caregivers_visible(user=user).select_related("person", "employer")
    if status == "active":
        qs = qs.filter(left_on__isnull=True)
    elif status == "left":
        qs = qs.filter(left_on__isnull=False)
    if level == "none":
        qs = qs.filter(level="")
    elif level:
        qs = qs.filter(level=level)
    if employer is not None:
        qs = qs.filter(employer_id=employer)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(person__name__contains=q) | Q(employer__name__contains=q))
    return qs.order_by("region_code", "employer_id", "id")


def caregiver_get(*, user: User | Any, pk: Any) -> Caregiver:
    """One caregiver the user may see, or 404 (missing or elsewhere)."""
    key = as_id(pk)
    found = (
        caregivers_visible(user=user).select_related("person", "employer").filter(pk=key).first()
        if key is not None
        else None
    )
    if found is None:
        raise Http404(core_messages.NOT_FOUND)
    return found


def caregiver_active_of(*, person: Person) -> Caregiver | None:
    """The person's caregiver record in post, wherever (a person is in post at most once)."""
    return Caregiver.objects.select_related("employer").filter(person=person, left_on__isnull=True).first()


def awards_of(*, caregiver: Caregiver) -> QuerySet[CaregiverAward]:
    return caregiver.awards.order_by("-awarded_on", "-id")


def employers_visible(*, user: User | Any) -> QuerySet[Facility]:
    """The care homes and community care centres ``user`` may see (the registry's own rule)."""
    return facilities_visible(user=user).filter(kind__in=EMPLOYER_KINDS)


def employer_choices(*, user: User) -> list[tuple[int, str]]:
    qs = (
        employers_visible(user=user)
        .exclude(status=Facility.Status.CLOSED)
        .order_by("region_code", "name", "id")
    )
    return [(pk, name) for pk, name in qs.values_list("pk", "name")]


def person_for_caregiver(*, user: User, id_number: str) -> Person | None:
    """The registered person a full ID number names, wherever they live, for someone who may
    register caregivers; None otherwise. Not cut to the actor's scope on purpose: a caregiver
    lives anywhere (a provider operator has no region at all); only the exact 18-digit number
    finds anyone, so this finds only a person the actor already knows."""
    if not user.has_perm(PERM_MANAGE):
        return None
    return person_by_full_id_number(id_number=id_number)


def level_counts(*, user: User) -> dict[str, int]:
    """Caregivers in post in view, by certificate level ("" for the uncertified)."""
    rows = (
        caregivers_visible(user=user)
        .filter(left_on__isnull=True)
        .order_by()
        .values("level")
        .annotate(n=Count("id"))
    )
    counts = {level: 0 for level in ["", *CertificateLevel.values]}
    counts.update({r["level"]: r["n"] for r in rows})
    return counts


# ---- the allowance standards ---------------------------------------------------------------------


def standard_history(*, level: str = "") -> QuerySet[AllowanceStandard]:
    """Every standard (of one level), by region prefix, level and band, newest first (reference data)."""
    qs = AllowanceStandard.objects.select_related("created_by")
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("region_prefix", "level", "min_years", "-effective_from")


class StandardTable:
    """The standards in force in one month, in memory for set-based work: for each (level, band,
    prefix) the latest row not after the month. ``tier`` answers a caregiver's band and amount."""

    def __init__(self, *, month: dt.date) -> None:
        latest: dict[tuple[str, int, str], tuple[dt.date, Decimal]] = {}
        for level, years, prefix, effective, amount in AllowanceStandard.objects.filter(
            effective_from__lte=month
        ).values_list("level", "min_years", "region_prefix", "effective_from", "amount"):
            key = (level, years, prefix)
            if key not in latest or effective > latest[key][0]:
                latest[key] = (effective, amount)
        self.rows: dict[tuple[str, int, str], Decimal] = {key: amount for key, (_, amount) in latest.items()}

    def tier(self, *, level: str, years: int, region_code: str) -> tuple[int, Decimal] | None:
        """(band, amount) for a level and full years of service in a region: the highest band of
        the level reached, among those some prefix of the region has, at the longest prefix that
        has it; None where the level has no standard."""
        applicable = [
            (band, prefix, amount)
            for (lvl, band, prefix), amount in self.rows.items()
            if lvl == level and region_code.startswith(prefix)
        ]
        reached = [row for row in applicable if row[0] <= years]
        if not reached:
            return None
        band = max(row[0] for row in reached)
        amount = max((row for row in reached if row[0] == band), key=lambda row: len(row[1]))[2]
        return band, amount


# ---- the indicator -------------------------------------------------------------------------------


def indicator_day(year: int) -> dt.date:
    """The day a year's indicator is read on: 31 December, or today in the year under way."""
    return min(dt.date(year, 12, 31), timezone.localdate())


def born_by(day: dt.date, age: int) -> dt.date:
    """The latest birth date of someone who is ``age`` or older on ``day`` (an age is reached on the
    birthday; 29 February's on 1 March in a common year, so on 28 February they are not yet)."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # 29 February of a leap year, ``age`` years back a common year
        return dt.date(day.year - age, 2, 28)


def certified_in_post(qs: QuerySet[Caregiver], *, day: dt.date) -> QuerySet[Caregiver]:
    """The certified caregivers of ``qs`` in post on ``day``: started and certified by then, not
    yet left (``left_on`` is the first day away)."""
    return (
        qs.exclude(level="")
        .filter(started_on__lte=day, certified_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
    )


def elders_on(qs: QuerySet[Person], *, day: dt.date) -> QuerySet[Person]:
    """The persons of ``qs`` aged 60 or over and alive on ``day``."""
    # A death recorded without its date counts from the record on: not alive on any day.
    alive = Q(status=Person.Status.ALIVE, death_date__isnull=True) | Q(death_date__gt=day)
    return qs.filter(birth_date__lte=born_by(day, ELDER_AGE)).filter(alive)


def per_10k(caregivers: int, elders: int) -> Decimal | None:
    if not elders:
        return None
    return (Decimal(caregivers) * PER / Decimal(elders)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class IndicatorRow:
    code: str  # the region's prefix
    name: str
    caregivers: int
    elders: int
    per_10k: Decimal | None


@dataclass(frozen=True)
class Indicator:
    day: dt.date
    total: IndicatorRow
    rows: list[IndicatorRow]


def _grouped(qs: QuerySet[Any], length: int) -> dict[str, int]:
    rows = (
        qs.order_by().annotate(code=Substr("region_code", 1, length)).values("code").annotate(n=Count("id"))
    )
    return {r["code"]: r["n"] for r in rows}


def caregivers_per_10k(*, actor: User | Any, day: dt.date) -> Indicator:
    """Certified caregivers per 10,000 residents aged 60 and over on ``day``, in the actor's
    scope, in total and by the regions one level below it (counties for the city, townships for a
    county, villages for a township). Empty for someone without a region."""
    scope = scope_for(actor)
    prefix = scope.prefix
    if prefix is None:
        empty = IndicatorRow(code="", name="", caregivers=0, elders=0, per_10k=None)
        return Indicator(day=day, total=empty, rows=[])
    length = next((n for n in PREFIX_LENGTHS if n > len(prefix)), len(prefix))
    caregivers = _grouped(certified_in_post(scoped(Caregiver.objects.all(), user=actor), day=day), length)
    elders = _grouped(elders_on(scoped(Person.objects.all(), user=actor), day=day), length)
    codes = sorted(set(caregivers) | set(elders))
    names = dict(
        Region.objects.filter(code__in=[c.ljust(12, "0") for c in codes] + codes).values_list("code", "name")
    )
    rows = [
        IndicatorRow(
            code=code,
            name=names.get(code.ljust(12, "0")) or names.get(code) or code,
            caregivers=caregivers.get(code, 0),
            elders=elders.get(code, 0),
            per_10k=per_10k(caregivers.get(code, 0), elders.get(code, 0)),
        )
        for code in codes
    ]
    total_c, total_e = sum(caregivers.values()), sum(elders.values())
    own = Region.objects.filter(code=prefix.ljust(12, "0")).values_list("name", flat=True).first() or prefix
    total = IndicatorRow(
        code=prefix, name=own, caregivers=total_c, elders=total_e, per_10k=per_10k(total_c, total_e)
    )
    return Indicator(day=day, total=total, rows=rows)
