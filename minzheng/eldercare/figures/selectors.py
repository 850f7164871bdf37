"""The year's eldercare figures, counted from the records in the reader's scope, under the keys
of the annual summary (``eldercare.*`` in the reference figures) where it has one.

Counts of things that stand (homes with coded beds, beds, beds occupied) are read as of the
year's last day, or today for the year under way. Facilities are read through the registry's own
scoping (``facilities_visible``), beds through ``beds_visible``, love cards through
``love_card_counts`` and meals through ``records_visible``: one scope rule each, as everywhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from minzheng.core.models import User
from minzheng.eldercare.adaptation.selectors import adaptation_figures
from minzheng.eldercare.beds.models import Occupancy
from minzheng.eldercare.beds.selectors import beds_visible, homes_visible
from minzheng.eldercare.caregivers.selectors import caregivers_per_10k
from minzheng.eldercare.home_beds.selectors import home_beds_built
from minzheng.eldercare.home_services.selectors import home_service_visits
from minzheng.eldercare.insurance.selectors import insurance_figures
from minzheng.eldercare.love_cards.selectors import love_card_counts
from minzheng.eldercare.meals.selectors import meals_latest_year, records_visible
from minzheng.facilities.sites.models import Facility
from minzheng.facilities.sites.selectors import facilities_visible, facility_list

AREA = Decimal("0.01")


def _as_of(year: int) -> dt.date:
    """The day the standing counts are read on: 31 December, or today in the year under way."""
    return min(dt.date(year, 12, 31), timezone.localdate())


def _beds(*, actor: User, year: int) -> dict[str, int]:
    """Care homes with coded beds (一床一码), their beds and the beds occupied, on ``_as_of``."""
    day = _as_of(year)
    moment = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    # A stay holds its bed from the day of check-in to the day before check-out.
    held = Occupancy.objects.filter(bed=OuterRef("pk"), checked_in_on__lte=day).filter(
        Q(checked_out_on__isnull=True) | Q(checked_out_on__gt=day)
    )
    # A bed is coded from its registration until it is retired. A home that registers its beds
    # after the fact back-dates their stays: a bed someone stayed in by then was in use by then.
    stayed = Occupancy.objects.filter(bed=OuterRef("pk"), checked_in_on__lte=day)
    beds = (
        beds_visible(user=actor)
        .filter(Q(created_at__lt=moment) | Q(Exists(stayed)))
        .filter(Q(retired_at__isnull=True) | Q(retired_at__gte=moment))
    )
    counts = beds.aggregate(beds=Count("id"), occupied=Count("id", filter=Q(Exists(held))))
    homes = homes_visible(user=actor).filter(Exists(beds.filter(facility=OuterRef("pk")))).count()
    return {"care_homes_bed_code": homes, "beds": counts["beds"], "beds_occupied": counts["occupied"]}


def _community_centres(*, actor: User, year: int) -> dict[str, Any]:
    """Community care centres opened or rebuilt in ``year``, and their floor area (m²); a centre
    opened and rebuilt in the same year counts once."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    new = (
        facilities_visible(user=actor)
        .filter(kind=Facility.Kind.COMMUNITY_CARE_CENTRE)
        .filter(Q(opened_on__gte=start, opened_on__lt=end) | Q(rebuilt_on__gte=start, rebuilt_on__lt=end))
    )
    totals = new.aggregate(n=Count("id"), area=Sum("floor_area"))
    return {
        "community_centres_new": totals["n"],
        "community_centres_new_area": Decimal(str(totals["area"] or 0)).quantize(AREA),
    }


def _open_sites(*, actor: User, year: int) -> dict[str, int]:
    """Open meal sites (opened by the year's end, or of unknown opening date), and the open
    sojourn destinations (旅居养老, tag ``sojourn``)."""
    end = dt.date(year + 1, 1, 1)
    meal_sites = (
        facilities_visible(user=actor)
        .filter(kind=Facility.Kind.MEAL_SITE, status=Facility.Status.OPEN)
        .filter(Q(opened_on__isnull=True) | Q(opened_on__lt=end))
        .count()
    )
    sojourn = facility_list(user=actor, tag=Facility.Tag.SOJOURN, status=Facility.Status.OPEN).count()
    return {"meal_sites": meal_sites, "sojourn_sites": sojourn}


def _meals(*, actor: User, year: int) -> int:
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    return records_visible(user=actor).filter(period__gte=start, period__lt=end).count()


def eldercare_figures(*, actor: User, year: int) -> dict[str, Any]:
    """The year's eldercare figures in ``actor``'s scope: care homes with coded beds
    (``care_homes_bed_code``), their ``beds`` and ``beds_occupied`` on the year's last day (today
    for the year under way), community care centres new or rebuilt in the year and their floor
    area, open meal sites, love cards activated by the year's end (cumulative), open sojourn
    destinations, and the meals served in the year: seven SQL aggregates, no rows read into Python."""
    return {
        "year": year,
        "as_of": _as_of(year),
        **_beds(actor=actor, year=year),
        **_community_centres(actor=actor, year=year),
        **_open_sites(actor=actor, year=year),
        # Home eldercare beds established: the contracts that started in the year, where the elders live.
        "home_beds_built": home_beds_built(user=actor, year=year),
        # Certified caregivers in post per 10,000 residents aged 60 and over, on the same day.
        "caregivers_per_10k_elderly": caregivers_per_10k(actor=actor, day=_as_of(year)).total.per_10k,
        "love_cards_activated": love_card_counts(user=actor, year=year)["activated"],
        "meals_served": _meals(actor=actor, year=year),
        # Home services (六助): the visits done in the year (人次), by the provider's region.
        "home_service_visits": home_service_visits(user=actor, year=year),
        # Home adaptation: the subsidy paid in the year and the spending it generated (元).
        **adaptation_figures(actor=actor, year=year),
        # Accident insurance, the year's policies: rehab-allowance claims paid, the highest payout, the payout ratio.
        **insurance_figures(actor=actor, year=year),
    }


def figures_default_year() -> int:
    """The year a figures page opens on: the latest year with meals recorded (the service that
    runs every day), or last year."""
    return meals_latest_year()
