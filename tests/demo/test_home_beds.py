"""The demo city's home eldercare beds (``minzheng.demo.home_beds``): low-income elders (a dibao,
dibian or tekun enrollment of the person or the household over all of 2024) with no care-home
bed and no assessment, each with a care home or centre of their county, a plan and devices;
every contract qualifies by the service's own rule on its start day, the year's figure is their
count, and a second build writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.benefits.models import Enrollment, Program
from minzheng.core.models import AuditEntry
from minzheng.demo import home_beds as demo
from minzheng.eldercare.beds import integrity
from minzheng.eldercare.beds.services import bed_check_in, beds_create
from minzheng.eldercare.figures.selectors import eldercare_figures
from minzheng.eldercare.home_beds import selectors
from minzheng.eldercare.home_beds.models import HomeBed, HomeBedDevice, HomeBedPlanItem
from minzheng.facilities.models import Facility
from minzheng.people.models import Membership, Person
from tests.benefits.factories import household_with, programs_reseed
from tests.eldercare.factories import assess, elder
from tests.facilities.factories import FacilityFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db

D = dt.date
EARLY = D(2023, 6, 1)


def enroll(
    *,
    person: Person | None = None,
    household=None,
    start: dt.date = EARLY,  # type: ignore[no-untyped-def]
    status: str = "active",
    code: str = "dibao",
) -> None:
    holder = person or household
    Enrollment.objects.create(
        program=Program.objects.get(code=code),
        person=person,
        household=household,
        region_code=holder.region_code,
        approved_on=start,
        start_month=start,
        monthly_amount=Decimal("800.00"),
        persons=1,
        status=status,
    )


@pytest.fixture
def town(personas: Personas) -> dict[str, list[Person]]:
    programs_reseed()
    home = FacilityFactory(name="仪凤桥颐养院", kind=Facility.Kind.CARE_HOME, region_code=MY_VILLAGE)
    FacilityFactory(
        name="已关闭的中心",
        kind=Facility.Kind.COMMUNITY_CARE_CENTRE,
        region_code=OTHER_COUNTY_VILLAGE,
        status=Facility.Status.CLOSED,
    )
    FacilityFactory(name="老年食堂", region_code=OTHER_COUNTY_VILLAGE)  # not a provider
    good = [elder(D(1940 + i, 5, 1))[0] for i in range(3)]
    for person in good:
        enroll(person=person)
    household = household_with("spouse")
    member = Membership.objects.get(household=household, relationship="spouse").person
    Person.objects.filter(pk=member.pk).update(birth_date=D(1950, 1, 1))
    enroll(household=household, code="tekun")
    good.append(Person.objects.get(pk=member.pk))
    bad = []
    suspended = elder()[0]
    enroll(person=suspended, status="suspended")
    late = elder()[0]
    enroll(person=late, start=D(2024, 3, 1))
    in_bed = elder()[0]
    enroll(person=in_bed)
    bed = beds_create(actor=personas.aishan_officer, home=home, room="1", numbers="1", kind="nursing")[0]
    bed_check_in(actor=personas.aishan_officer, bed=bed, person=in_bed, on=D(2023, 1, 1))
    assessed = elder()[0]
    enroll(person=assessed)
    assess(personas.aishan_officer, assessed, total=90, on=D(2023, 5, 1))
    young = elder(D(1964, 1, 2))[0]
    enroll(person=young)
    no_provider = elder(region_code=OTHER_COUNTY_VILLAGE)[0]
    enroll(person=no_provider)
    bad += [suspended, late, in_bed, assessed, young, no_provider]
    return {"good": good, "bad": bad}


def test_the_eligible_elders_get_a_contract_with_a_plan_and_devices(
    personas: Personas,
    town,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(demo, "BUILT", 1_000)  # every eligible elder
    counts = demo.demo_home_beds_build(seed=3, scale=1.0)
    beds = list(HomeBed.objects.select_related("person", "provider"))
    assert {b.person_id for b in beds} == {p.pk for p in town["good"]}
    assert counts["home_beds"] == 4 == len(beds)
    for bed in beds:
        assert bed.provider.name == "仪凤桥颐养院" and bed.region_code == bed.person.region_code
        assert D(2024, 1, 1) <= bed.started_on <= D(2024, 12, 31)
        assert bed.signed_at.date() == bed.started_on
        # The service's own rule agrees on the start day.
        assert selectors.eligibility_of(person=bed.person, on=bed.started_on) == ("low_income", "")
        assert selectors.is_elder(person=bed.person, on=bed.started_on)
        kinds = set(HomeBedPlanItem.objects.filter(home_bed=bed).values_list("kind", flat=True))
        assert {"cleaning", "medical"} <= kinds
        devices = set(HomeBedDevice.objects.filter(home_bed=bed).values_list("kind", flat=True))
        assert {"emergency_button", "fall_alarm"} <= devices
    for bed in HomeBed.objects.filter(status="ended"):
        assert bed.ended_on is not None and bed.started_on < bed.ended_on <= D(2024, 12, 31)
        assert set(HomeBedDevice.objects.filter(home_bed=bed).values_list("removed_on", flat=True)) == {
            bed.ended_on
        }
    assert counts["plan_lines"] == HomeBedPlanItem.objects.count()
    assert counts["devices"] == HomeBedDevice.objects.count()
    assert eldercare_figures(actor=personas.city_admin, year=2024)["home_beds_built"] == 4
    assert integrity.other_bed_holders(user=personas.city_admin, on=D(2024, 6, 1)) == []
    # Built once.
    assert demo.demo_home_beds_build(seed=3, scale=1.0) == {}
    assert HomeBed.objects.count() == 4 and AuditEntry.objects.filter(action=demo.BUILT_ACTION).count() == 1


def test_the_scale_caps_the_count(town, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(demo, "BUILT", 2)
    assert demo.demo_home_beds_build(seed=3, scale=1.0)["home_beds"] == 2
    assert HomeBed.objects.count() == 2
