"""Reads on meals for the elderly (老年助餐).

Who sees a meal site and its meals: a member of staff whose scope holds the site's region (a meal
record carries the site's ``region_code``), or a provider operator of the operator that runs the
site (they have no region, and see their own sites wherever they are) — the facility registry's
own rule. Anything else answers 404.

The subsidy per meal is read from ``MealSubsidyRate`` like the bed rates: for a month and a
region, the longest prefix with a rate for the tier, then its latest ``effective_from`` not after
the month. ``RateTable`` holds the rates of one month in memory for set-based work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Length
from django.http import Http404
from django.utils import timezone

from minzheng.benefits.applications.counting import age_on
from minzheng.benefits.money import month_add
from minzheng.core import messages as core_messages
from minzheng.core.models import User
from minzheng.core.scope import scoped
from minzheng.eldercare.love_cards.models import LoveCard
from minzheng.eldercare.meals.models import TIER_AGES, Meal, MealMode, MealRecord, MealSubsidyRate, PaidWith
from minzheng.facilities.operators.selectors import as_id, operator_ids_of
from minzheng.facilities.sites.models import Facility
from minzheng.facilities.sites.selectors import facilities_visible
from minzheng.people.models import Person
from minzheng.people.selectors import person_by_full_id_number

PERM_RECORD = "eldercare.record_meals"
FEN = Decimal("0.01")


# ---- sites and records ----------------------------------------------------------------------------


def meals_latest_year() -> int:
    """The year a meal page opens on: the latest year with meals recorded, or last year (a new
    deployment's first page is then an empty year, not one of data entered in the past)."""
    latest = MealRecord.objects.order_by("-period").values_list("period", flat=True).first()
    return latest.year if latest is not None else timezone.localdate().year - 1


def sites_visible(*, user: User | Any) -> QuerySet[Facility]:
    """The meal sites ``user`` may see (the facility registry's own rule, meal sites only)."""
    return facilities_visible(user=user).filter(kind=Facility.Kind.MEAL_SITE)


def site_get(*, user: User | Any, pk: Any) -> Facility:
    """One meal site the user may see, or 404 (missing, elsewhere, or not a meal site)."""
    key = as_id(pk)
    site = sites_visible(user=user).filter(pk=key).first() if key is not None else None
    if site is None:
        raise Http404(core_messages.NOT_FOUND)
    return site


def site_choices(*, user: User) -> list[tuple[int, str]]:
    """The open meal sites the user may record at, for a form's list, in region order."""
    qs = sites_visible(user=user).filter(status=Facility.Status.OPEN).order_by("region_code", "name", "id")
    return [(pk, name) for pk, name in qs.values_list("pk", "name")]


def records_visible(*, user: User | Any) -> QuerySet[MealRecord]:
    qs = MealRecord.objects.all()
    operators = operator_ids_of(user)
    if operators is not None:
        return qs.filter(site__operator_id__in=operators)
    return scoped(qs, user=user)


def record_list(*, user: User, site: Facility, month: dt.date) -> QuerySet[MealRecord]:
    """The meals of one site (``site_get`` first) in one month, by day and meal."""
    return (
        records_visible(user=user)
        .filter(site=site, period=month.replace(day=1))
        .select_related("person", "recorded_by")
        .order_by("served_on", "meal", "id")
    )


def record_get(*, user: User | Any, pk: Any) -> MealRecord:
    key = as_id(pk)
    record = (
        records_visible(user=user).select_related("person", "site").filter(pk=key).first()
        if key is not None
        else None
    )
    if record is None:
        raise Http404(core_messages.NOT_FOUND)
    return record


def record_of(*, person: Person, served_on: dt.date, meal: str) -> MealRecord | None:
    """The meal already recorded for this elder, day and meal, wherever it was eaten."""
    return (
        MealRecord.objects.select_related("site")
        .filter(person=person, served_on=served_on, meal=meal)
        .first()
    )


# ---- finding the elder at the counter -------------------------------------------------------------


def person_for_meal(*, user: User, id_number: str) -> Person | None:
    """The registered person a full ID number names, wherever they live, for someone who may record
    meals; None otherwise. Not cut to the actor's scope on purpose: an elder eats at a site in
    another township, and a provider operator has no region at all. Only the exact 18-digit
    number finds anyone, so this finds only a person the actor already knows."""
    if not user.has_perm(PERM_RECORD):
        return None
    return person_by_full_id_number(id_number=id_number)


def person_for_card(*, user: User, card_number: Any) -> Person | None:
    """The holder of the love card with this number (the number printed on it), for someone who
    may record meals; None otherwise. Not scoped, for the reason ``person_for_meal`` gives."""
    key = as_id(card_number)
    if key is None or not user.has_perm(PERM_RECORD):
        return None
    card = LoveCard.objects.select_related("person").filter(pk=key).first()
    return card.person if card is not None else None


def card_of(*, person: Person) -> LoveCard | None:
    return LoveCard.objects.filter(person=person).first()


# ---- the subsidy --------------------------------------------------------------------------------------


def tier_on(birth_date: dt.date, day: dt.date) -> str:
    """The age tier of someone born on ``birth_date`` on ``day`` ("" under 60). An age is reached
    on the birthday; 29 February's on 1 March in a common year."""
    age = age_on(birth_date, day)
    return next((tier for tier, lowest in TIER_AGES if age >= lowest), "")


def rate_in_force(*, tier: str, region_code: str, month: dt.date) -> MealSubsidyRate | None:
    prefixes = [region_code[:n] for n in range(2, len(region_code) + 1)]
    return (
        MealSubsidyRate.objects.filter(tier=tier, region_prefix__in=prefixes, effective_from__lte=month)
        .order_by(Length("region_prefix").desc(), "-effective_from")
        .first()
    )


def subsidy_for(
    *, birth_date: dt.date, region_code: str, day: dt.date, price: Decimal
) -> tuple[str, Decimal]:
    """(tier, subsidy) of one meal: the tier's rate in force for the region that month, never
    more than the price; nothing under 60 or where no rate applies."""
    tier = tier_on(birth_date, day)
    if not tier:
        return "", Decimal("0.00")
    rate = rate_in_force(tier=tier, region_code=region_code, month=day.replace(day=1))
    if rate is None:
        return tier, Decimal("0.00")
    return tier, min(rate.amount, price).quantize(FEN)


def rate_history(*, tier: str = "") -> QuerySet[MealSubsidyRate]:
    """Every rate (of one tier), newest first within each region prefix and tier (reference data)."""
    qs = MealSubsidyRate.objects.select_related("created_by")
    if tier:
        qs = qs.filter(tier=tier)
    return qs.order_by("region_prefix", "tier", "-effective_from")


class RateTable:
    """The rates in force in one month, for set-based work: ``rows`` is [(tier, prefix, amount)],
    longest prefix first, for a SQL CASE, with the rule ``rate_in_force`` applies."""

    def __init__(self, *, month: dt.date) -> None:
        latest: dict[tuple[str, str], tuple[dt.date, Decimal]] = {}
        for tier, prefix, effective, amount in MealSubsidyRate.objects.filter(
            effective_from__lte=month
        ).values_list("tier", "region_prefix", "effective_from", "amount"):
            if (tier, prefix) not in latest or effective > latest[(tier, prefix)][0]:
                latest[(tier, prefix)] = (effective, amount)
        self.rows: list[tuple[str, str, Decimal]] = sorted(
            ((tier, prefix, amount) for (tier, prefix), (_, amount) in latest.items()),
            key=lambda row: (-len(row[1]), row[0], row[1]),
        )


# ---- counts -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MealCount:
    """The meals of one site in one month."""

    site_id: int
    site_name: str
    region_code: str
    period: dt.date
    meals: int
    lunch: int
    dinner: int
    eat_in: int
    delivered: int
    love_card: int
    diners: int
    subsidy: Decimal
    elder_share: Decimal


def meal_counts(
    *, actor: User | Any, year: int, month: int | None = None, site: Facility | None = None
) -> list[MealCount]:
    """Meals per site and month in the actor's view (scoped like the records), for a year or one
    month of it, of every site or one: lunches and dinners, eaten in and delivered, paid by love
    card, the elders served (distinct in that site and month), and the subsidy and the elders'
    share in yuan. One grouped query over the (site, period) index."""
    first = dt.date(year, month or 1, 1)
    stop = month_add(first, 1 if month else 12)
    qs = records_visible(user=actor).filter(period__gte=first, period__lt=stop)
    if site is not None:
        qs = qs.filter(site=site)
    rows = (
        qs.order_by()
        .values("site_id", "site__name", "site__region_code", "period")
        .annotate(
            meals=Count("id"),
            lunch=Count("id", filter=Q(meal=Meal.LUNCH)),
            dinner=Count("id", filter=Q(meal=Meal.DINNER)),
            eat_in=Count("id", filter=Q(mode=MealMode.EAT_IN)),
            delivered=Count("id", filter=Q(mode=MealMode.DELIVERED)),
            love_card=Count("id", filter=Q(paid_with=PaidWith.LOVE_CARD)),
            diners=Count("person_id", distinct=True),
            subsidy=Sum("subsidy"),
            elder_share=Sum("elder_share"),
        )
    )
    counts = [
        MealCount(
            site_id=r["site_id"],
            site_name=r["site__name"],
            region_code=r["site__region_code"],
            period=r["period"],
            meals=r["meals"],
            lunch=r["lunch"],
            dinner=r["dinner"],
            eat_in=r["eat_in"],
            delivered=r["delivered"],
            love_card=r["love_card"],
            diners=r["diners"],
            subsidy=Decimal(r["subsidy"] or 0).quantize(FEN),
            elder_share=Decimal(r["elder_share"] or 0).quantize(FEN),
        )
        for r in rows
    ]
    return sorted(counts, key=lambda c: (c.region_code, c.site_id, c.period))


@dataclass(frozen=True)
class MealTotals:
    meals: int
    lunch: int
    dinner: int
    eat_in: int
    delivered: int
    love_card: int
    subsidy: Decimal
    elder_share: Decimal


def meal_totals(counts: list[MealCount]) -> MealTotals:
    """The sum of some counts (a page's bottom line)."""
    return MealTotals(
        meals=sum(c.meals for c in counts),
        lunch=sum(c.lunch for c in counts),
        dinner=sum(c.dinner for c in counts),
        eat_in=sum(c.eat_in for c in counts),
        delivered=sum(c.delivered for c in counts),
        love_card=sum(c.love_card for c in counts),
        subsidy=sum((c.subsidy for c in counts), Decimal("0.00")),
        elder_share=sum((c.elder_share for c in counts), Decimal("0.00")),
    )


def person_by_id(*, user: User, pk: Any) -> Person | None:
    """A registered person by id, for someone who may record meals (the API's ``person``); not
    scoped, for the reason ``person_for_meal`` gives."""
    key = as_id(pk)
    if key is None or not user.has_perm(PERM_RECORD):
        return None
    return Person.objects.filter(pk=key).first()
