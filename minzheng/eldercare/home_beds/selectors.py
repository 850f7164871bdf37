"""Reads on home eldercare beds (家庭养老床位).

Who sees a contract: a member of staff whose scope holds the elder's region (``region_code``,
written on signing), or a provider operator of the operator that runs the contract's provider
(they have no region, and see their own sites' contracts wherever the elders live). Anything else
answers 404. Signing, ending and devices also take ``eldercare.manage_home_beds``.

**Eligibility** (docs/DOMAIN.md: elders who are poor, partly disabled or fully disabled) is read
on the start day from what the records hold: the level of the elder's latest valid ability
assessment (``assessment.selectors.latest_level``: 轻度/中度失能 is partly disabled, 重度失能 and
完全失能 fully), else a dibao, dibian or tekun enrollment of the elder or their household that
covers the start month and is not suspended. Disability certificates are kept by ``assistance``,
an app above this one, and are not read: the ability assessment is eldercare's own measure of
disablement, and the one the bed subsidy reads.

**Compliance** of a month: for each kind of the plan, the visits expected (the monthly number,
pro rata to the days of the month the contract covers, rounded up) against the done
``ServiceOrder`` visits of the elder with the contract's provider, of that kind, scheduled on a
covered day. The contract is half-open like a bed stay: the end day is not a service day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone

from minzheng.benefits.applications.counting import age_on
from minzheng.benefits.enrollments.selectors import person_or_household_q
from minzheng.benefits.models import Enrollment
from minzheng.benefits.money import month_add
from minzheng.core import messages as core_messages
from minzheng.core.models import User
from minzheng.core.scope import scoped
from minzheng.eldercare.assessment.scoring import AbilityLevel
from minzheng.eldercare.assessment.selectors import latest_level
from minzheng.eldercare.beds.models import Occupancy
from minzheng.eldercare.home_beds.models import Eligibility, HomeBed, HomeBedDevice, HomeBedPlanItem
from minzheng.eldercare.home_services.models import OrderStatus, ServiceKind, ServiceOrder
from minzheng.facilities.operators.selectors import as_id, operator_ids_of
from minzheng.facilities.sites.models import Facility
from minzheng.facilities.sites.selectors import facilities_visible
from minzheng.people.models import Person
from minzheng.people.selectors import person_by_full_id_number

PERM_MANAGE = "eldercare.manage_home_beds"
ELDER_AGE = 60
PROVIDER_KINDS = (Facility.Kind.CARE_HOME, Facility.Kind.COMMUNITY_CARE_CENTRE)
FULLY = (AbilityLevel.SEVERE.value, AbilityLevel.FULL.value)
PARTLY = (AbilityLevel.MILD.value, AbilityLevel.MODERATE.value)
# The programs whose enrollment makes a person low-income: assistance.codes.LOW_INCOME_PROGRAMS,
# spelled here because assistance sits above eldercare and may not be imported from it.
LOW_INCOME_PROGRAMS = ("dibao", "dibian", "tekun")
FAR = dt.date(9999, 12, 31)


# ---- providers ------------------------------------------------------------------------------------


def providers_visible(*, user: User | Any) -> QuerySet[Facility]:
    """The sites that may provide home beds (care homes and community care centres) in the
    user's view, by the facility registry's own rule."""
    return facilities_visible(user=user).filter(kind__in=PROVIDER_KINDS)


def provider_choices(*, user: User) -> list[tuple[int, str]]:
    qs = (
        providers_visible(user=user).filter(status=Facility.Status.OPEN).order_by("region_code", "name", "id")
    )
    return [(pk, name) for pk, name in qs.values_list("pk", "name")]


def provider_get(*, user: User | Any, pk: Any) -> Facility:
    key = as_id(pk)
    site = providers_visible(user=user).filter(pk=key).first() if key is not None else None
    if site is None:
        raise Http404(core_messages.NOT_FOUND)
    return site


# ---- contracts ------------------------------------------------------------------------------------


def home_beds_visible(*, user: User | Any) -> QuerySet[HomeBed]:
    qs = HomeBed.objects.all()
    operators = operator_ids_of(user)
    if operators is not None:
        return qs.filter(provider__operator_id__in=operators)
    return scoped(qs, user=user)


def home_bed_list(
    *, user: User, status: str = "", provider: Facility | None = None, region: str = ""
) -> QuerySet[HomeBed]:
    """Contracts in view, newest start first, with the elder, the provider and the plan's visits
    a month (``planned``); of one status, one provider or one region prefix."""
    qs = (
        home_beds_visible(user=user)
        .select_related("person", "provider")
        .annotate(planned=Sum("plan_items__visits_per_month"))
    )
    if status:
        qs = qs.filter(status=status)
    if provider is not None:
        qs = qs.filter(provider=provider)
    if region:
        qs = qs.filter(region_code__startswith=region)
    return qs.order_by("-started_on", "-id")


def home_bed_get(*, user: User | Any, pk: Any) -> HomeBed:
    key = as_id(pk)
    bed = (
        home_beds_visible(user=user)
        .select_related("person", "provider", "signed_by", "ended_by")
        .filter(pk=key)
        .first()
        if key is not None
        else None
    )
    if bed is None:
        raise Http404(core_messages.NOT_FOUND)
    return bed


def plan_of(*, home_bed: HomeBed) -> list[HomeBedPlanItem]:
    return list(home_bed.plan_items.all().order_by("kind"))


def device_get(*, user: User | Any, home_bed: HomeBed, pk: Any) -> HomeBedDevice:
    """One device of a contract the user may see (``home_bed_get`` first), or 404."""
    key = as_id(pk)
    device = HomeBedDevice.objects.filter(home_bed=home_bed, pk=key).first() if key is not None else None
    if device is None:
        raise Http404(core_messages.NOT_FOUND)
    return device


def devices_of(*, home_bed: HomeBed) -> list[HomeBedDevice]:
    return list(home_bed.devices.select_related("installed_by").order_by("removed_on", "kind", "id"))


def open_home_bed_of(*, person: Person) -> HomeBed | None:
    """The elder's open contract, wherever it is (for the one-per-elder rule)."""
    return HomeBed.objects.select_related("provider").filter(person=person, ended_on__isnull=True).first()


def care_home_stay_of(*, person: Person, on: dt.date) -> Occupancy | None:
    """The care-home stay that holds the elder on ``on``, if any (a bed and a home bed at once
    are what the bed integrity check ``other_bed`` finds)."""
    return (
        Occupancy.objects.select_related("facility")
        .filter(person=person, checked_in_on__lte=on)
        .filter(Q(checked_out_on__isnull=True) | Q(checked_out_on__gt=on))
        .first()
    )


def holders(*, on: dt.date) -> QuerySet[Any]:
    """The ids of the persons holding a home bed on ``on``, as one column: what the bed
    integrity check's ``other_bed`` source answers (registered in ``EldercareConfig.ready``)."""
    return (
        HomeBed.objects.filter(started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .values_list("person_id")
    )


def person_for_home_bed(*, user: User, id_number: str) -> Person | None:
    """The registered person a full ID number names, for someone who may sign home beds; None
    otherwise. Not cut to the scope here: the service says why an elder elsewhere is refused
    (and a provider operator has no region). The page logs the look-up."""
    if not user.has_perm(PERM_MANAGE):
        return None
    return person_by_full_id_number(id_number=id_number)


# ---- eligibility ----------------------------------------------------------------------------------


def low_income_on(*, person: Person, on: dt.date) -> bool:
    """Whether a dibao, dibian or tekun enrollment of the elder or their household covers the
    month of ``on`` and is not suspended."""
    month = on.replace(day=1)
    return (
        Enrollment.objects.filter(person_or_household_q(person=person))
        .filter(program__code__in=LOW_INCOME_PROGRAMS, start_month__lte=month)
        .filter(Q(stop_month__isnull=True) | Q(stop_month__gt=month))
        .exclude(status=Enrollment.Status.SUSPENDED)
        .exists()
    )


def eligibility_of(*, person: Person, on: dt.date) -> tuple[str, str]:
    """(eligibility, ability level) of the elder on ``on``: the ``Eligibility`` code, or "" when
    they do not qualify; the level of their latest valid assessment, or "" without one."""
    level = latest_level(person=person, on=on)
    if level in FULLY:
        return Eligibility.FULLY_DISABLED.value, level
    if level in PARTLY:
        return Eligibility.PARTLY_DISABLED.value, level
    if low_income_on(person=person, on=on):
        return Eligibility.LOW_INCOME.value, level
    return "", level


def is_elder(*, person: Person, on: dt.date) -> bool:
    return age_on(person.birth_date, on) >= ELDER_AGE


# ---- compliance -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindCompliance:
    kind: str
    label: str
    visits_per_month: int
    expected: int
    done: int

    @property
    def met(self) -> bool:
        return self.done >= self.expected


@dataclass(frozen=True)
class Compliance:
    """A contract's month: each planned kind, and the totals (done counted up to what was
    expected per kind, so extra baths do not make up for missed meals)."""

    month: dt.date
    covered_days: int
    kinds: list[KindCompliance]

    @property
    def expected(self) -> int:
        return sum(k.expected for k in self.kinds)

    @property
    def done(self) -> int:
        return sum(min(k.done, k.expected) for k in self.kinds)

    @property
    def met(self) -> bool:
        return all(k.met for k in self.kinds)

    @property
    def rate(self) -> float | None:
        """Share of the expected visits done (0–100), or None for a month the contract misses."""
        return round(100 * self.done / self.expected, 1) if self.expected else None


def covered(home_bed: HomeBed, month: dt.date) -> tuple[dt.date, dt.date]:
    """The days of ``month`` the contract covers, as [first, end); empty when first == end."""
    month = month.replace(day=1)
    first = max(home_bed.started_on, month)
    end = min(home_bed.ended_on or FAR, month_add(month, 1))
    return first, max(first, end)


def expected_visits(visits_per_month: int, *, days: int, month: dt.date) -> int:
    """The month's number pro rata to the covered days, rounded up (a contract that covers a
    day owes at least one visit of each planned kind)."""
    month_days = calendar.monthrange(month.year, month.month)[1]
    return math.ceil(visits_per_month * days / month_days) if days else 0


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _visits_q(home_bed: HomeBed, month: dt.date) -> Q | None:
    first, end = covered(home_bed, month)
    if first == end:
        return None
    return Q(
        person_id=home_bed.person_id,
        provider_id=home_bed.provider_id,
        scheduled_at__gte=_aware(first),
        scheduled_at__lt=_aware(end),
    )


def done_visits(*, home_beds: list[HomeBed], month: dt.date) -> dict[tuple[int, int, str], int]:
    """Done visits of the month per (person, provider, kind) for the given contracts, in one
    query (the month's index, then each contract's covered days)."""
    conditions = [q for q in (_visits_q(b, month) for b in home_beds) if q is not None]
    if not conditions:
        return {}
    rows = (
        ServiceOrder.objects.filter(period=month.replace(day=1), status=OrderStatus.DONE)
        .filter(reduce(or_, conditions))
        .values("person_id", "provider_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["person_id"], r["provider_id"], r["kind"]): r["n"] for r in rows}


def compliance_many(*, home_beds: list[HomeBed], month: dt.date) -> dict[int, Compliance]:
    """The month's compliance of each contract, by id: two queries for a page of contracts."""
    month = month.replace(day=1)
    plans: dict[int, list[HomeBedPlanItem]] = {}
    for item in HomeBedPlanItem.objects.filter(home_bed__in=home_beds).order_by("kind"):
        plans.setdefault(item.home_bed_id, []).append(item)
    done = done_visits(home_beds=home_beds, month=month)
    labels = dict(ServiceKind.choices)
    out = {}
    for bed in home_beds:
        first, end = covered(bed, month)
        days = (end - first).days
        out[bed.pk] = Compliance(
            month=month,
            covered_days=days,
            kinds=[
                KindCompliance(
                    kind=item.kind,
                    label=str(labels[item.kind]),
                    visits_per_month=item.visits_per_month,
                    expected=expected_visits(item.visits_per_month, days=days, month=month),
                    done=done.get((bed.person_id, bed.provider_id, item.kind), 0) if days else 0,
                )
                for item in plans.get(bed.pk, [])
            ],
        )
    return out


def compliance(*, home_bed: HomeBed, month: dt.date) -> Compliance:
    """One contract's compliance in ``month`` (see the module's docstring)."""
    return compliance_many(home_beds=[home_bed], month=month)[home_bed.pk]


def months_of(*, home_bed: HomeBed, last: dt.date, count: int = 6) -> list[dt.date]:
    """Up to ``count`` months the contract covers at least a day of, newest first, from ``last``
    back."""
    out: list[dt.date] = []
    month = last.replace(day=1)
    while month >= home_bed.started_on.replace(day=1) and len(out) < count:
        first, end = covered(home_bed, month)
        if first < end:
            out.append(month)
        month = month_add(month, -1)
    return out


def default_month(*, home_bed: HomeBed | None = None) -> dt.date:
    """The month a compliance table opens on: the last one over, but not after the latest month
    with a visit done (records that stop earlier, such as history brought in or the demo's 2024,
    open where they are rather than on an empty month), or the contract's last month when it
    ended earlier, or its first when it started this month."""
    month = month_add(timezone.localdate().replace(day=1), -1)
    # Read backwards along the (period, region_code) index: the first done visit found is the latest.
    latest = (
        ServiceOrder.objects.filter(status=OrderStatus.DONE, period__lte=month)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    if latest is not None:
        month = latest
    if home_bed is not None:
        if home_bed.ended_on is not None:
            month = min(month, (home_bed.ended_on - dt.timedelta(days=1)).replace(day=1))
        month = max(month, home_bed.started_on.replace(day=1))
    return month


# ---- counts ---------------------------------------------------------------------------------------


def home_beds_built(*, user: User | Any, year: int) -> int:
    """Home beds established in ``year`` in the user's view (the summary's 建成家庭养老床位): the
    contracts that started in the year, ended since or not."""
    return (
        home_beds_visible(user=user)
        .filter(started_on__gte=dt.date(year, 1, 1), started_on__lt=dt.date(year + 1, 1, 1))
        .count()
    )


def built_by_county(*, user: User | Any, year: int) -> list[tuple[str, int]]:
    """(county code, beds established in ``year``) in the user's view, county by county."""
    rows = (
        home_beds_visible(user=user)
        .filter(started_on__gte=dt.date(year, 1, 1), started_on__lt=dt.date(year + 1, 1, 1))
        .annotate(county=Substr("region_code", 1, 6))
        .values("county")
        .annotate(n=Count("id"))
        .order_by("county")
    )
    return [(r["county"].ljust(12, "0"), r["n"]) for r in rows]
