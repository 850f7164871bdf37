"""Reads on beds, stays, scans and the bed subsidy.

Who sees a bed: a member of staff whose scope holds the home's region (read from the home today,
so a corrected home region moves its beds), or a provider operator of the operator that runs the
home (they have no region, and see their own homes wherever they are). Anything else answers 404.
Keeping beds (adding, check-in, check-out) also takes ``eldercare.manage_beds``.

Subsidy runs are scoped like payment runs: by the run's region prefix padded to 12 digits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Length
from django.http import Http404

from minzheng.core import messages as core_messages
from minzheng.core.models import User
from minzheng.core.scope import scoped
from minzheng.eldercare.assessment.scoring import AbilityLevel
from minzheng.eldercare.beds.models import (
    Bed,
    BedScan,
    BedSubsidyLine,
    BedSubsidyRate,
    BedSubsidyRun,
    Occupancy,
)
from minzheng.facilities.operators.selectors import as_id, operator_ids_of
from minzheng.facilities.sites.models import Facility
from minzheng.facilities.sites.selectors import facilities_visible
from minzheng.people.models import Person
from minzheng.people.selectors import person_by_full_id_number

PERM_MANAGE = "eldercare.manage_beds"
HOME_FIELD = "facility__region_code"


# ---- homes and beds ----------------------------------------------------------------------------


def homes_visible(*, user: User | Any) -> QuerySet[Facility]:
    """The care homes ``user`` may see (the facility registry's own rule, care homes only)."""
    return facilities_visible(user=user).filter(kind=Facility.Kind.CARE_HOME)


def home_list(*, user: User, q: str = "") -> QuerySet[Facility]:
    """Care homes in view, each with its beds in use (``bed_count``), those occupied now
    (``occupied_count``) and those free (``free_count``), in region order."""
    # Correlated counts: the database counts for the homes of the page, and no join of beds with
    # stays multiplies rows.
    beds = (Bed.objects.filter(facility=OuterRef("pk"), active=True).order_by().values("facility")
            .annotate(n=Count("*")).values("n"))
    occupied = (Occupancy.objects.filter(facility=OuterRef("pk"), checked_out_on__isnull=True).order_by()
                .values("facility").annotate(n=Count("*")).values("n"))
    qs = homes_visible(user=user).annotate(bed_count=Coalesce(Subquery(beds), 0),
                                           occupied_count=Coalesce(Subquery(occupied), 0)).annotate(
        free_count=F("bed_count") - F("occupied_count"))
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(address_text__contains=q))
    return qs.order_by("region_code", "id")


def home_get(*, user: User | Any, pk: Any) -> Facility:
    """One care home the user may see, or 404 (missing, elsewhere, or not a care home)."""
    key = as_id(pk)
    home = homes_visible(user=user).select_related("operator", "address").filter(pk=key).first() if key else None
    if home is None:
        raise Http404(core_messages.NOT_FOUND)
    return home


def beds_visible(*, user: User | Any) -> QuerySet[Bed]:
    """Every bed ``user`` may see, retired ones included."""
    qs = Bed.objects.all()
    operators = operator_ids_of(user)
    if operators is not None:
        return qs.filter(facility__operator_id__in=operators)
    return scoped(qs, user=user, field=HOME_FIELD)


def bed_visible(user: User | Any, bed: Bed) -> bool:
    return beds_visible(user=user).filter(pk=bed.pk).exists()


def may_manage(user: User | Any, bed: Bed) -> bool:
    """Whether ``user`` may check people in and out of ``bed`` and see who lies in it: the home's
    provider operators and the officers whose scope holds the home, with ``eldercare.manage_beds``."""
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(PERM_MANAGE) and bed_visible(user, bed))


def _open_stays() -> QuerySet[Occupancy]:
    return Occupancy.objects.filter(bed=OuterRef("pk"), checked_out_on__isnull=True)


def bed_list(*, user: User, home: Facility | None = None, include_retired: bool = False) -> QuerySet[Bed]:
    """The beds of a home (``home_get`` first), by room and number, or without ``home`` every bed
    in view, home by home; each with its home and ``occupied``."""
    qs = beds_visible(user=user).select_related("facility").annotate(occupied=Exists(_open_stays()))
    if home is not None:
        qs = qs.filter(facility=home)
    if not include_retired:
        qs = qs.filter(active=True)
    return qs.order_by("facility_id", "room", "number", "id")


def home_bed_board(*, user: User, home: Facility) -> tuple[list[Bed], list[Occupancy]]:
    """The beds in use of ``home`` (``home_get`` first), by room and number, each with ``stay``
    (its open stay, or None), and those open stays, newest check-in first: two queries whatever
    the number of beds. Only what the home's page shows is read: of a bed its id, room, number and
    kind; of a stay its check-in date; of its person the id, name, masked ID number and region
    (what the access log records)."""
    beds = list(beds_visible(user=user).filter(facility=home, active=True)
                .only("id", "room", "number", "kind").order_by("room", "number", "id"))
    stays = list(Occupancy.objects.select_related("person").filter(bed__in=beds, checked_out_on__isnull=True)
                 .only("bed_id", "checked_in_on", "person__id", "person__name", "person__id_number_masked",
                       "person__region_code"))
    by_bed = {stay.bed_id: stay for stay in stays}
    for bed in beds:
        bed.stay = by_bed.get(bed.pk)
    return beds, stays


def bed_get(*, user: User | Any, pk: Any) -> Bed:
    key = as_id(pk)
    bed = beds_visible(user=user).select_related("facility").filter(pk=key).first() if key else None
    if bed is None:
        raise Http404(core_messages.NOT_FOUND)
    return bed


def bed_public_get(*, code: str) -> Bed | None:
    """The bed a QR code names, for the public page: an active bed of a care home, or None."""
    return (Bed.objects.select_related("facility", "facility__address")
            .filter(code=code, active=True, facility__kind=Facility.Kind.CARE_HOME).first())


def open_stay(*, bed: Bed) -> Occupancy | None:
    """The stay of whoever lies in ``bed`` now (the caller has checked that they may know)."""
    return Occupancy.objects.select_related("person").filter(bed=bed, checked_out_on__isnull=True).first()


def bed_in_use(*, bed: Bed) -> bool:
    return Occupancy.objects.filter(bed=bed, checked_out_on__isnull=True).exists()


def current_stays(*, beds: list[Bed]) -> dict[int, Occupancy]:
    """The open stay of each of ``beds`` that has one, by bed id (one query for a page)."""
    stays = Occupancy.objects.select_related("person").filter(bed__in=beds, checked_out_on__isnull=True)
    return {stay.bed_id: stay for stay in stays}


# ---- stays -------------------------------------------------------------------------------------


def occupancies_visible(*, user: User | Any) -> QuerySet[Occupancy]:
    qs = Occupancy.objects.all()
    operators = operator_ids_of(user)
    if operators is not None:
        return qs.filter(facility__operator_id__in=operators)
    return scoped(qs, user=user, field=HOME_FIELD)


def occupancy_list(*, user: User, bed: Bed | None = None, home: Facility | None = None,
                   open_only: bool = False) -> QuerySet[Occupancy]:
    """Stays the user may see, newest first; of one bed or one home, or only those still open."""
    qs = occupancies_visible(user=user).select_related("person", "bed", "facility", "checked_in_by",
                                                       "checked_out_by")
    if bed is not None:
        qs = qs.filter(bed=bed)
    if home is not None:
        qs = qs.filter(facility=home)
    if open_only:
        qs = qs.filter(checked_out_on__isnull=True)
    return qs.order_by("-checked_in_on", "-id")


def occupancy_get(*, user: User | Any, pk: Any) -> Occupancy:
    key = as_id(pk)
    stay = (occupancies_visible(user=user).select_related("person", "bed", "facility").filter(pk=key).first()
            if key else None)
    if stay is None:
        raise Http404(core_messages.NOT_FOUND)
    return stay


def person_for_check_in(*, user: User, id_number: str) -> Person | None:
    """The registered person a full ID number names, wherever they live, for someone who may keep
    beds (``eldercare.manage_beds``); None otherwise.

    Not cut to the actor's scope on purpose: an elder moves into a home in another county, and a
    provider operator has no region at all. The exact 18-digit number is what the elder shows at
    admission, so this finds only a person the actor already knows; the check-in service logs
    the look-up in the access log."""
    if not user.has_perm(PERM_MANAGE):
        return None
    return person_by_full_id_number(id_number=id_number)


def scans_of(*, bed: Bed, limit: int = 20) -> list[BedScan]:
    return list(BedScan.objects.select_related("scanned_by").filter(bed=bed).order_by("-scanned_at", "-id")[:limit])


# ---- subsidy -----------------------------------------------------------------------------------


def run_list(*, user: User, period: dt.date | None = None) -> QuerySet[BedSubsidyRun]:
    """The runs in the user's scope, newest month first; of one month with ``period``."""
    qs = scoped(BedSubsidyRun.objects.select_related("created_by", "approved_by"), user=user)
    if period is not None:
        qs = qs.filter(period=period.replace(day=1))
    return qs.order_by("-period", "region_code", "-id")


def run_get(*, user: User, pk: Any) -> BedSubsidyRun:
    key = as_id(pk)
    run = (scoped(BedSubsidyRun.objects.select_related("created_by", "approved_by"), user=user).filter(pk=key).first()
           if key else None)
    if run is None:
        raise Http404(core_messages.NOT_FOUND)
    return run


@dataclass(frozen=True)
class HomeTotal:
    facility_id: int
    name: str
    region_code: str
    lines: int
    bed_days: int
    amount: Decimal


def run_homes(*, run: BedSubsidyRun) -> list[HomeTotal]:
    """What each home gets in a run (the money is paid per home): its stays, bed-days and amount."""
    rows = (BedSubsidyLine.objects.filter(run=run).values("facility_id", "facility__name", "facility__region_code")
            .annotate(lines=Count("id"), bed_days=Sum("days"), amount=Sum("amount")).order_by("facility__region_code",
                                                                                               "facility_id"))
    return [HomeTotal(facility_id=r["facility_id"], name=r["facility__name"], region_code=r["facility__region_code"],
                      lines=r["lines"], bed_days=r["bed_days"] or 0,
                      amount=Decimal(r["amount"] or 0).quantize(Decimal("0.01"))) for r in rows]


def run_lines(*, run: BedSubsidyRun, home: int | None = None) -> QuerySet[BedSubsidyLine]:
    """The lines of a run (``run_get`` first), by home, room and bed."""
    qs = BedSubsidyLine.objects.filter(run=run).select_related("facility", "bed", "person")
    if home is not None:
        qs = qs.filter(facility_id=home)
    return qs.order_by("facility_id", "bed__room", "bed__number", "id")


def level_counts(*, run: BedSubsidyRun) -> list[tuple[str, str, int, int, Decimal]]:
    """(level, its name, stays, bed-days, amount) of a run, every level listed."""
    found = {r["level"]: r for r in BedSubsidyLine.objects.filter(run=run).values("level").annotate(
        n=Count("id"), days=Sum("days"), amount=Sum("amount")).order_by()}
    return [(level, str(label), found.get(level, {}).get("n", 0), found.get(level, {}).get("days") or 0,
             Decimal(found.get(level, {}).get("amount") or 0).quantize(Decimal("0.01")))
            for level, label in AbilityLevel.choices]


def rate_history(*, level: str = "") -> QuerySet[BedSubsidyRate]:
    """Every rate (of one level), newest first within each region prefix and level (reference
    data: whoever makes or reads subsidy runs may read it)."""
    qs = BedSubsidyRate.objects.select_related("created_by")
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("region_prefix", "level", "-effective_from")


class RateTable:
    """The rates in force in one month, for set-based work: ``rows`` is [(level, prefix, amount)],
    longest prefix first, for a SQL CASE; ``rate_for(level, region_code)`` answers from memory with
    the same rule (longest prefix, then latest ``effective_from`` ≤ month)."""

    def __init__(self, *, month: dt.date) -> None:
        latest: dict[tuple[str, str], tuple[dt.date, Decimal]] = {}
        for level, prefix, effective, amount in (BedSubsidyRate.objects.filter(effective_from__lte=month)
                                                 .values_list("level", "region_prefix", "effective_from", "amount")):
            key = (level, prefix)
            if key not in latest or effective > latest[key][0]:
                latest[key] = (effective, amount)
        self.rows: list[tuple[str, str, Decimal]] = sorted(
            ((level, prefix, amount) for (level, prefix), (_, amount) in latest.items()),
            key=lambda row: (-len(row[1]), row[0], row[1]))

    def rate_for(self, level: str, region_code: str) -> Decimal | None:
        for row_level, prefix, amount in self.rows:
            if row_level == level and region_code.startswith(prefix):
                return amount
        return None


def rate_in_force(*, level: str, region_code: str, month: dt.date) -> BedSubsidyRate | None:
    prefixes = [region_code[:n] for n in range(2, len(region_code) + 1)]
    return (BedSubsidyRate.objects.filter(level=level, region_prefix__in=prefixes, effective_from__lte=month)
            .order_by(Length("region_prefix").desc(), "-effective_from").first())
