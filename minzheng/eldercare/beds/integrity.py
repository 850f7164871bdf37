"""The integrity checks of one bed, one code: what the county officer is shown so that only real,
occupied beds are paid (docs/DOMAIN.md, "一床一码").

Four checks, each a few set-based queries, read when asked (nothing is stored, so a finding goes
away as soon as its cause is put right):

- ``deceased``: an open stay of a person who has died (the home has not checked them out);
- ``two_homes``: one person's stays in two homes that overlap in time. The check-in service
  refuses such a stay; this finds those that reached the records another way (a bulk load, a
  correction made in the database);
- ``other_bed``: a person who holds a care-home bed and, on the same day, a bed of another kind.
  The other kinds register themselves here (``other_bed_source_register``): the home eldercare
  beds of part 2 (家庭养老床位) plug their table in without this module changing;
- ``paid_unseen``: a bed paid in a month's subsidy run (a line with money, in any run of the month)
  that nobody scanned and nobody checked into during that month.

Each takes the user: an officer sees the findings of the homes in their scope, a provider operator
those of their own homes (``selectors.occupancies_visible``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from minzheng.benefits.money import month_add
from minzheng.core.models import User
from minzheng.core.scope import scoped
from minzheng.eldercare.beds import messages
from minzheng.eldercare.beds.models import Bed, BedScan, BedSubsidyLine, Occupancy
from minzheng.eldercare.beds.selectors import HOME_FIELD, occupancies_visible
from minzheng.facilities.operators.selectors import operator_ids_of
from minzheng.people.models import Person

FAR = dt.date(9999, 12, 31)  # the end of an open stay, for comparisons

DECEASED = "deceased"
TWO_HOMES = "two_homes"
OTHER_BED = "other_bed"
PAID_UNSEEN = "paid_unseen"
CHECKS: dict[str, str] = {
    DECEASED: "入住老人已去世",
    TWO_HOMES: "同一老人在两家机构入住时间重叠",
    OTHER_BED: "同时占用机构床位和其他床位",
    PAID_UNSEEN: "领取补贴但当月无扫码和入住",
}


@dataclass(frozen=True)
class Finding:
    check: str
    home_id: int
    home: str
    region_code: str
    message: str
    bed_id: int | None = None
    bed: str = ""
    person: Person | None = None
    occupancy_id: int | None = None
    amount: Decimal | None = None

    @property
    def check_label(self) -> str:
        return CHECKS[self.check]


# ---- other kinds of bed -------------------------------------------------------------------------


Holders = Callable[..., QuerySet[Any]]


@dataclass(frozen=True)
class OtherBedSource:
    """A kind of bed that is not a care-home bed. ``holders(on=date)`` answers the ids of the
    persons holding one on that day, as a queryset of one column (``values_list("person_id")``),
    so the check stays one query per source however many people hold one."""

    key: str
    label: str
    holders: Holders = field(compare=False)


_SOURCES: dict[str, OtherBedSource] = {}


def other_bed_source_register(*, key: str, label: str, holders: Holders) -> None:
    """Plug a kind of bed into the ``other_bed`` check (from an ``AppConfig.ready()``). Registering
    the same key again replaces it."""
    _SOURCES[key] = OtherBedSource(key=key, label=label, holders=holders)


def other_bed_source_unregister(*, key: str) -> None:
    _SOURCES.pop(key, None)


def other_bed_sources() -> list[OtherBedSource]:
    return [_SOURCES[key] for key in sorted(_SOURCES)]


# ---- the checks ---------------------------------------------------------------------------------


def _bed_words(stay: Occupancy) -> str:
    return f"{stay.facility.name}{stay.bed}"


def _span(stay: Occupancy) -> str:
    return f"{stay.checked_in_on:%Y-%m-%d}至{stay.checked_out_on:%Y-%m-%d}" if stay.checked_out_on else \
        f"{stay.checked_in_on:%Y-%m-%d}起"


def _stays(user: User) -> QuerySet[Occupancy]:
    return occupancies_visible(user=user).select_related("person", "bed", "facility")


def deceased_occupants(*, user: User) -> list[Finding]:
    """Open stays of people who have died."""
    rows = _stays(user).filter(checked_out_on__isnull=True, person__status=Person.Status.DECEASED).order_by(
        "facility__region_code", "facility_id", "id")
    return [Finding(check=DECEASED, home_id=s.facility_id, home=s.facility.name, region_code=s.facility.region_code,
                    bed_id=s.bed_id, bed=str(s.bed), person=s.person, occupancy_id=s.pk,
                    message=messages.FINDING_DECEASED.format(
                        name=s.person.name, date=f"{s.person.death_date:%Y-%m-%d}" if s.person.death_date else "—",
                        bed=_bed_words(s)))
            for s in rows]


def _overlapping_elsewhere() -> QuerySet[Occupancy]:
    """Stays of the outer stay's person in another home that overlap it (stays are half-open)."""
    return (Occupancy.objects.filter(person=OuterRef("person"))
            .exclude(facility=OuterRef("facility"))
            .filter(checked_in_on__lt=Coalesce(OuterRef("checked_out_on"), Value(FAR)))
            .filter(Q(checked_out_on__isnull=True) | Q(checked_out_on__gt=OuterRef("checked_in_on"))))


def two_homes(*, user: User) -> list[Finding]:
    """One finding per pair of overlapping stays of one person in two homes, listed under the home
    in the user's view (each home's officer sees the pair under their own home)."""
    rows = list(_stays(user).annotate(other_id=Subquery(_overlapping_elsewhere().order_by("id").values("id")[:1]))
                .filter(other_id__isnull=False).order_by("facility__region_code", "facility_id", "id"))
    others = {s.pk: s for s in Occupancy.objects.select_related("facility", "bed")
              .filter(pk__in=[r.other_id for r in rows])}
    out = []
    for s in rows:
        other = others[s.other_id]
        out.append(Finding(check=TWO_HOMES, home_id=s.facility_id, home=s.facility.name,
                           region_code=s.facility.region_code, bed_id=s.bed_id, bed=str(s.bed), person=s.person,
                           occupancy_id=s.pk,
                           message=messages.FINDING_TWO_HOMES.format(
                               name=s.person.name, home_a=_bed_words(s), span_a=_span(s), home_b=_bed_words(other),
                               span_b=_span(other))))
    return out


def other_bed_holders(*, user: User, on: dt.date) -> list[Finding]:
    """People in a care-home bed on ``on`` who hold a bed of a registered other kind that day."""
    out = []
    in_bed = _stays(user).filter(checked_in_on__lte=on).filter(
        Q(checked_out_on__isnull=True) | Q(checked_out_on__gt=on))
    for source in other_bed_sources():
        rows = in_bed.filter(person_id__in=source.holders(on=on)).order_by("facility__region_code", "facility_id",
                                                                           "id")
        out += [Finding(check=OTHER_BED, home_id=s.facility_id, home=s.facility.name,
                        region_code=s.facility.region_code, bed_id=s.bed_id, bed=str(s.bed), person=s.person,
                        occupancy_id=s.pk,
                        message=messages.FINDING_OTHER_BED.format(name=s.person.name, bed=_bed_words(s),
                                                                  source=source.label))
                for s in rows]
    return out


def last_month() -> dt.date:
    """The month the findings page checks by default: the last one over."""
    return month_add(timezone.localdate().replace(day=1), -1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month as an aware [start, end) in the site's time zone (Asia/Shanghai)."""
    start = timezone.make_aware(dt.datetime.combine(month, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(month_add(month, 1), dt.time.min))
    return start, end


def _lines_visible(user: User) -> QuerySet[BedSubsidyLine]:
    qs = BedSubsidyLine.objects.all()
    operators = operator_ids_of(user)
    if operators is not None:
        return qs.filter(facility__operator_id__in=operators)
    return scoped(qs, user=user, field=HOME_FIELD)


def paid_unseen(*, user: User, month: dt.date) -> list[Finding]:
    """Beds with money in a run of ``month`` that had no scan and no check-in during it."""
    month = month.replace(day=1)
    start, end = month_bounds(month)
    scanned = BedScan.objects.filter(bed=OuterRef("bed"), scanned_at__gte=start, scanned_at__lt=end)
    checked_in = Occupancy.objects.filter(bed=OuterRef("bed"), checked_in_on__gte=month,
                                          checked_in_on__lt=month_add(month, 1))
    rows: list[dict[str, Any]] = list(
        _lines_visible(user).filter(period=month, amount__gt=0)
        .filter(~Exists(scanned), ~Exists(checked_in))
        .values("bed_id", "facility_id", "facility__name", "facility__region_code")
        .annotate(total=Sum("amount"), bed_days=Sum("days"))
        .order_by("facility__region_code", "facility_id", "bed_id"))
    beds = {b.pk: b for b in Bed.objects.filter(pk__in=[r["bed_id"] for r in rows])}
    out = []
    for r in rows:
        bed = beds[r["bed_id"]]
        amount = Decimal(r["total"] or 0).quantize(Decimal("0.01"))
        out.append(Finding(check=PAID_UNSEEN, home_id=r["facility_id"], home=r["facility__name"],
                           region_code=r["facility__region_code"], bed_id=bed.pk, bed=str(bed), amount=amount,
                           message=messages.FINDING_PAID_UNSEEN.format(
                               bed=f"{r['facility__name']}{bed}", month=f"{month.year}年{month.month}月", amount=amount,
                               days=r["bed_days"])))
    return out


def findings(*, user: User, month: dt.date, on: dt.date | None = None, check: str = "") -> list[Finding]:
    """Every finding the user may see: the state of the stays now (``on``, today by default) and
    the payments of ``month``. ``check`` keeps one check's findings only."""
    on = on or timezone.localdate()
    out: list[Finding] = []
    if check in ("", DECEASED):
        out += deceased_occupants(user=user)
    if check in ("", TWO_HOMES):
        out += two_homes(user=user)
    if check in ("", OTHER_BED):
        out += other_bed_holders(user=user, on=on)
    if check in ("", PAID_UNSEEN):
        out += paid_unseen(user=user, month=month)
    return out
