"""The demo city's caregivers (``minzheng.demo.caregivers``) on a hand-made town: 24.56 certified
caregivers per 10,000 elders in post at the end of 2024 (rounded to whole people) at the open care
homes and community care centres, working-age residents of the employer's county, levels from the
shares, a few who left during 2024; each month of 2024 paid through the engine (runs approved by
another officer, lines paid to the person); and a second build writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from minzheng.benefits.payments.models import PaymentLine, PaymentRun
from minzheng.core.models import Region
from minzheng.core.roles import Role
from minzheng.core.services import staff_create
from minzheng.demo import caregivers as demo
from minzheng.eldercare.caregivers.models import Caregiver
from minzheng.eldercare.caregivers.selectors import caregivers_per_10k
from minzheng.facilities.models import Facility
from tests.assistance.factories import person_born
from tests.eldercare.caregivers.conftest import standards_reseed
from tests.facilities.factories import FacilityFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, PASSWORD, Personas

pytestmark = pytest.mark.django_db


def test_target_count_is_24_56_per_10000_elders_rounded_half_up() -> None:
    assert demo.target_count(850_000) == 2088
    assert demo.target_count(10_000) == 25  # 24.56
    assert demo.target_count(2_036) == 5  # 5.000...
    assert demo.target_count(100) == 0


@pytest.fixture
def town(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    standards_reseed()
    monkeypatch.setattr(demo, "POOL_PER_MILLE", 1000)  # every working-age resident may be drawn
    monkeypatch.setattr(demo, "PER_10K", Decimal("15000"))  # 1.5 caregivers per elder: a town of 4 elders
    monkeypatch.setattr(demo, "LEFT_SHARE", Decimal("0.34"))  # and 2 who left during 2024
    home = FacilityFactory(name="仪凤桥颐养院", kind=Facility.Kind.CARE_HOME, region_code=MY_VILLAGE)
    centre = FacilityFactory(
        name="递铺居家养老服务中心",
        kind=Facility.Kind.COMMUNITY_CARE_CENTRE,
        region_code=OTHER_COUNTY_VILLAGE,
    )
    FacilityFactory(
        name="已关闭的养老院",
        kind=Facility.Kind.CARE_HOME,
        region_code=MY_VILLAGE,
        status=Facility.Status.CLOSED,
    )
    for born in (dt.date(1940, 1, 1), dt.date(1945, 1, 1), dt.date(1950, 1, 1)):
        person_born(born, region_code=MY_VILLAGE)
    person_born(dt.date(1948, 1, 1), region_code=OTHER_COUNTY_VILLAGE)
    workers = [person_born(dt.date(1970 + i, 5, 1), region_code=MY_VILLAGE)[0] for i in range(8)]
    workers += [person_born(dt.date(1975 + i, 5, 1), region_code=OTHER_COUNTY_VILLAGE)[0] for i in range(4)]
    person_born(dt.date(2000, 1, 1), region_code=MY_VILLAGE)  # 24: too young for the pool
    checker = staff_create(
        actor=None,
        username="city_checker",
        password=PASSWORD,
        role=Role.CITY_ADMIN,
        region=Region.objects.get(code="330500000000"),
        display_name="复核",
    )
    return {"home": home, "centre": centre, "workers": workers, "checker": checker}


def test_caregivers_to_the_figure_at_open_employers_paid_through_the_engine(personas: Personas, town) -> None:
    counts = demo.demo_caregivers_build(
        seed=5, scale=0.001, maker=personas.city_admin, checker=town["checker"]
    )
    assert (counts["elders"], counts["caregivers"], counts["caregivers_left"]) == (4, 6, 2)
    active = Caregiver.objects.filter(left_on__isnull=True)
    assert active.count() == 6 and not active.filter(level="").exists()
    assert set(active.values_list("employer__status", flat=True)) == {"open"}
    assert {p for p in active.values_list("person_id", flat=True)} <= {w.pk for w in town["workers"]}
    # A caregiver lives in the employer's county.
    for c in active.select_related("person"):
        assert c.person.region_code[:6] == c.region_code[:6]
    found = caregivers_per_10k(actor=personas.city_admin, day=dt.date(2024, 12, 31))
    assert (found.total.caregivers, found.total.elders) == (6, 4)
    runs = PaymentRun.objects.filter(program__code="caregiver_allowance")
    assert runs.count() == 12 and set(runs.values_list("status", flat=True)) == {"exported"}
    assert set(runs.values_list("approved_by__username", flat=True)) == {"city_checker"}
    lines = PaymentLine.objects.filter(program__code="caregiver_allowance")
    assert not lines.exclude(status="paid").exists()
    assert set(lines.values_list("payee_id", flat=True)) <= set(
        Caregiver.objects.values_list("person_id", flat=True)
    )
    assert f"{Decimal(lines.aggregate(total=Sum('amount'))['total']):.2f}" == counts["allowance_paid"]
    # Those who left in 2024 are not counted on the day, and are paid no month after the one they left in.
    for gone in Caregiver.objects.filter(left_on__isnull=False):
        assert gone.left_on.year == 2024
        assert not lines.filter(payee_id=gone.person_id, period__gt=gone.left_on).exists()
    # A second build writes nothing.
    assert (
        demo.demo_caregivers_build(seed=5, scale=0.001, maker=personas.city_admin, checker=town["checker"])
        == {}
    )
    assert Caregiver.objects.count() == 8


def test_each_county_employs_in_proportion_to_its_elders() -> None:
    import random

    a1, a2 = (
        Facility(pk=1, region_code="330502003001", kind="care_home"),
        Facility(pk=2, region_code="330502100201", kind="community_care_centre"),
    )
    b = Facility(pk=3, region_code="330523001001", kind="community_care_centre")
    plan = demo.employer_plan(
        rng=random.Random(1),
        employers=[a1, a2, b],
        elders={"330502": 50, "330523": 30, "330521": 20},
        count=10,
    )
    counties = [e.region_code[:6] for e in plan]
    # 德清县 (330521) has no employer here: its 2 go to employers anywhere.
    assert len(plan) == 10 and counties.count("330502") >= 5 and counties.count("330523") >= 3
