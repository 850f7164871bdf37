"""The demo city's mental-health rehab (``minzheng.demo.rehab``): the "1+5+N" planner on hand-made
sites, then a build at scale 0.01 read back through the figures (the rehab organizations of the
facilities demo, ``round(698 × scale)`` patients served in 2024, 2 review rounds of the two
disability subsidies through the engine), the rules the rows keep, and a second build that writes
nothing."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import Count

from minzheng.benefits.enrollments.models import Enrollment, Review
from minzheng.core.models import User
from minzheng.demo import facilities, rehab
from minzheng.demo.build import demo_build
from minzheng.demo.staff import PAYMENTS_MAKER, demo_staff_ensure
from minzheng.disability.figures.selectors import disability_figures
from minzheng.disability.network.models import NetworkPlacement
from minzheng.disability.patients.models import RehabPatient
from minzheng.disability.records.models import RehabService
from minzheng.disability.reviews.models import ReviewRound, ReviewRoundItem
from minzheng.facilities.models import Facility
from tests.demo.conftest import SEED

SCALE = 0.01
REHAB, CENTRE = Facility.Kind.MENTAL_REHAB_CENTRE, Facility.Kind.COMMUNITY_CARE_CENTRE


def test_the_planner_gives_each_county_1_centre_5_stations_then_village_points() -> None:
    site = rehab.Site
    sites = [
        site(1, "330502001001", REHAB),
        site(2, "330502002001", REHAB),
        *[site(10 + n, f"3305020{n:02d}001", CENTRE) for n in range(1, 9)],
        site(30, "330523001001", CENTRE),
    ]
    townships = {"330502": [f"3305020{n:02d}" for n in range(1, 9)], "330523": ["330523001", "330523002"]}
    plan = [(s.pk, level) for s, level in rehab.network_plan(sites=sites, townships=townships)]
    # 吴兴区: centre 1, station 2 (its township 002 has it); centres of townships 001, 003, 004, 005 host
    # stations up to 5; 006–008 get village points. 安吉县: no rehab organization, no county centre.
    assert plan[:6] == [
        (1, "county"),
        (2, "township"),
        (11, "township"),
        (13, "township"),
        (14, "township"),
        (15, "township"),
    ]
    assert plan[6:9] == [(16, "village"), (17, "village"), (18, "village")]
    assert plan[9:] == [(30, "township")]
    assert rehab.patient_target(2_900_000) == 5800 and rehab.patient_target(249) == 0
    assert rehab.scaled(698, 1.0) == 698 and rehab.scaled(698, 0.01) == 7


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        demo_build(seed=SEED, scale=SCALE, progress=False)
        demo_staff_ensure()
        facilities.demo_facilities_build(seed=SEED, scale=SCALE)
        actor = User.objects.get(username=PAYMENTS_MAKER)
        yield rehab.demo_rehab_build(seed=SEED, scale=SCALE, actor=actor)
        transaction.set_rollback(True)


@pytest.fixture
def built(_built, db):  # type: ignore[no-untyped-def]
    return _built


def test_the_figures_read_back_from_the_records(built) -> None:  # type: ignore[no-untyped-def]
    city = User.objects.get(username="city_admin")
    figures = disability_figures(actor=city, year=2024)
    assert figures["rehab_orgs"] == Facility.objects.filter(kind=REHAB, status="open").count() >= 1
    assert figures["rehab_served"] == built["patients_served"] == rehab.scaled(698, SCALE)
    assert figures["subsidy_reviews"] == 2 == ReviewRound.objects.filter(year=2024).count()


def test_patients_are_plausible_and_services_keep_the_consent_rule(built) -> None:  # type: ignore[no-untyped-def]
    adults = built["patients"]
    assert adults == RehabPatient.objects.count() > 0
    assert not RehabService.objects.filter(patient__consent_on__isnull=True).exists()
    served = RehabService.objects.filter(served_on__year=2024)
    assert served.values("patient").distinct().count() == built["patients_served"]
    for service in served.select_related("patient"):
        assert service.served_on >= service.patient.consent_on >= service.patient.registered_on
        assert service.facility_id == service.patient.organization_id
    assert RehabPatient.objects.filter(organization__kind=REHAB).count() == adults


def test_the_network_has_a_centre_where_a_county_has_a_rehab_organization(built) -> None:  # type: ignore[no-untyped-def]
    centres = NetworkPlacement.objects.filter(level="county").values("county_code").annotate(n=Count("id"))
    assert all(row["n"] == 1 for row in centres)
    counties = {
        code[:6] for code in Facility.objects.filter(kind=REHAB).values_list("region_code", flat=True)
    }
    assert {row["county_code"] for row in centres} == counties
    assert NetworkPlacement.objects.count() == built["placements"]


def test_the_review_rounds_reviewed_the_engines_enrollments(built) -> None:  # type: ignore[no-untyped-def]
    enrollments = Enrollment.objects.filter(program__code__in=["disability_living", "disability_nursing"])
    assert enrollments.count() == built["enrollments"] > 0
    first, second = ReviewRound.objects.order_by("done_on")
    assert first.reviewed == built["enrollments"] and first.terminated == 0
    assert ReviewRoundItem.objects.count() == Review.objects.filter(enrollment__in=enrollments).count()
    assert second.reviewed == first.reviewed and built["terminated"] == second.terminated


def test_a_second_build_writes_nothing(built) -> None:  # type: ignore[no-untyped-def]
    actor = User.objects.get(username=PAYMENTS_MAKER)
    assert rehab.demo_rehab_build(seed=SEED, scale=SCALE, actor=actor) == {}


def test_the_rehab_operator_login_acts_for_a_provider_and_sees_its_patients(built) -> None:  # type: ignore[no-untyped-def]
    from stdnum.cn import uscc

    from minzheng.demo.staff import demo_operators_ensure
    from minzheng.disability.patients.selectors import patients_visible
    from minzheng.facilities.models import OperatorMember

    assert built["operators"] >= 1
    assert not Facility.objects.filter(kind=REHAB, operator__isnull=True).exists()
    demo_operators_ensure(actor=User.objects.get(username=PAYMENTS_MAKER))
    member = OperatorMember.objects.select_related("operator").get(user__username="rehab_operator")
    assert uscc.is_valid(member.operator.uscc)
    seen = patients_visible(user=User.objects.get(username="rehab_operator"))
    assert seen.count() == RehabPatient.objects.filter(organization__operator=member.operator).count() > 0
