"""The demo city's service sites (``minzheng.demo.facilities``): every kind, the summary's figures
at the build's scale counted from the records, each site at a standard address of its region,
operators with valid codes, the operators' demo logins, and a second build that writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Q, Sum
from stdnum.cn import uscc

from minzheng.core.models import AuditEntry, User
from minzheng.demo import facilities
from minzheng.demo.build import demo_build
from minzheng.demo.staff import PAYMENTS_MAKER, demo_operators_ensure, demo_staff_ensure
from minzheng.facilities.models import Facility, Operator, OperatorMember
from minzheng.facilities.sites.models import Kind, Status, Tag
from tests.demo.conftest import SEED

SCALE = 0.004  # about 13,600 residents: every kind, two or more of the larger ones


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        demo_build(seed=SEED, scale=SCALE, progress=False)
        demo_staff_ensure()
        yield facilities.demo_facilities_build(seed=SEED, scale=SCALE)
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded, db):  # type: ignore[no-untyped-def]
    return _seeded


def test_every_kind_is_there_as_many_as_the_plan_says_at_the_scale(seeded) -> None:
    for plan in facilities.PLANS:
        assert Facility.objects.filter(kind=plan.kind).count() == facilities.scaled(plan.total, SCALE), (
            plan.kind
        )
    # Schools are not the bureau's sites: the lottery part places them (for the 200 m rule).
    assert set(Facility.objects.values_list("kind", flat=True)) == set(Kind.values) - {Kind.SCHOOL}


def test_the_summary_figures_of_2024_are_counts_of_the_records(seeded) -> None:
    in_year = Q(opened_on__year=2024) | Q(rebuilt_on__year=2024)
    centres = Facility.objects.filter(in_year, kind=Kind.COMMUNITY_CARE_CENTRE)
    assert centres.count() == facilities.scaled(77, SCALE)
    assert centres.aggregate(area=Sum("floor_area"))["area"] == Decimal(facilities.scaled(76_000, SCALE))
    # Only the planned ones are new: no other community centre opened or was rebuilt in 2024.
    assert (
        Facility.objects.filter(kind=Kind.COMMUNITY_CARE_CENTRE)
        .exclude(in_year)
        .filter(Q(opened_on__gte=dt.date(2024, 1, 1)) | Q(rebuilt_on__gte=dt.date(2024, 1, 1)))
        .count()
        == 0
    )
    stations = Facility.objects.filter(kind=Kind.LOTTERY_STATION)
    assert stations.filter(opened_on__year=2024, status=Status.OPEN).count() == facilities.scaled(11, SCALE)
    sojourn = [f for f in Facility.objects.filter(kind=Kind.CARE_HOME) if Tag.SOJOURN in f.tags]
    assert len(sojourn) == facilities.scaled(14, SCALE)
    assert Facility.objects.filter(kind=Kind.MEAL_SITE, status=Status.OPEN).count() == facilities.scaled(
        1094, SCALE
    )


def test_the_new_lottery_stations_opened_in_the_year_and_half_the_new_centres_are_rebuilt_ones(
    seeded,
) -> None:
    # At a small scale the year has one of each; the rule is seen on a few made at full scale.
    seeder = facilities.Seeder(seed=SEED, scale=1.0)
    spot = seeder.addresses.village()
    address = seeder.addresses.pick(spot)
    plans = {plan.kind: plan for plan in facilities.PLANS}
    stations = [
        seeder._facility(plans[Kind.LOTTERY_STATION], i, spot, address, new=True, area=None) for i in range(4)
    ]
    assert all(f.opened_on.year == 2024 and f.rebuilt_on is None for f in stations)
    centres = [
        seeder._facility(plans[Kind.COMMUNITY_CARE_CENTRE], i, spot, address, new=True, area=500)
        for i in range(4)
    ]
    assert sum(f.rebuilt_on is not None for f in centres) == 2
    assert all(f.opened_on.year == 2024 or (f.rebuilt_on and f.rebuilt_on.year == 2024) for f in centres)
    older = [
        seeder._facility(plans[Kind.LOTTERY_STATION], i, spot, address, new=False, area=None)
        for i in range(20)
    ]
    assert all(f.opened_on.year < 2024 for f in older)


def test_every_site_stands_at_a_standard_address_of_its_own_region_with_its_coordinates(seeded) -> None:
    rows = list(Facility.objects.select_related("address"))
    assert rows
    for site in rows:
        address = site.address
        assert address is not None, site.name
        assert site.region_code == address.region_code and len(site.region_code) == 12
        assert (site.lng, site.lat) == (address.lng, address.lat) and site.lng is not None
        assert site.address_text == address.full_text
        assert address.room == ""  # a house, a building or a gate: never somebody's flat
    assert len({site.address_id for site in rows}) == len(rows)


def test_the_county_kinds_go_to_the_counties_in_turn(seeded) -> None:
    for kind in (Kind.FUNERAL_HOME, Kind.CHILD_WELFARE_HOME, Kind.MARRIAGE_OFFICE):
        codes = list(Facility.objects.filter(kind=kind).order_by("id").values_list("region_code", flat=True))
        assert [code[:6] for code in codes] == [facilities.COUNTIES[i % 5] for i in range(len(codes))], kind


def test_operators_have_valid_codes_and_run_the_homes_centres_and_meal_sites(seeded) -> None:
    codes = list(Operator.objects.values_list("uscc", flat=True))
    assert codes and all(uscc.is_valid(code) for code in codes)
    kinds = (Kind.CARE_HOME, Kind.COMMUNITY_CARE_CENTRE, Kind.MEAL_SITE)
    assert not Facility.objects.filter(kind__in=kinds, operator__isnull=True).exists()
    for site in Facility.objects.filter(operator__isnull=False).select_related("operator"):
        assert site.region_code.startswith(site.operator.region_code[:6])  # an operator of the site's county


def test_the_operator_logins_act_for_the_busiest_operators_and_a_second_call_changes_nothing(seeded) -> None:
    actor = User.objects.get(username=PAYMENTS_MAKER)
    logins = demo_operators_ensure(actor=actor)
    meal = next(login for login in logins if login.username == "mealsite_operator")
    member = OperatorMember.objects.select_related("operator", "user").get(user__username="mealsite_operator")
    assert member.operator == facilities.demo_operator(Kind.MEAL_SITE)
    assert member.user.region_id is None and meal.created
    assert member.operator.facilities.filter(kind=Kind.MEAL_SITE).exists()
    homecare = OperatorMember.objects.select_related("operator").get(user__username="homecare_operator")
    assert homecare.operator == facilities.demo_operator(Kind.COMMUNITY_CARE_CENTRE)
    assert homecare.operator.facilities.filter(kind=Kind.COMMUNITY_CARE_CENTRE).exists()
    entries = AuditEntry.objects.count()
    assert not any(login.created for login in demo_operators_ensure(actor=actor))
    assert AuditEntry.objects.count() == entries


def test_a_second_build_writes_nothing(seeded) -> None:
    assert seeded["facilities"] == Facility.objects.count()
    entries = AuditEntry.objects.count()
    assert facilities.demo_facilities_build(seed=SEED, scale=SCALE) == {}
    assert Facility.objects.count() == seeded["facilities"] and AuditEntry.objects.count() == entries
