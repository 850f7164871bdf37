"""The demo's funeral cases (``minzheng.demo.funeral``): a small build on the registry's deceased and
the facilities demo's funeral homes gives every deceased person one case at their county's home,
services on or after the death and within its year, waivers exactly as the service rules give them
(none outside Zhejiang), a waived total near the summary's × scale read back by the figures, and
nothing the second time."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from minzheng.core.models import User
from minzheng.demo import facilities
from minzheng.demo import funeral as demo
from minzheng.demo.build import demo_build
from minzheng.demo.past_deaths import demo_past_deaths_build
from minzheng.facilities.sites.models import Facility
from minzheng.funeral.figures.selectors import funeral_figures
from minzheng.funeral.services.catalogue import item_for
from minzheng.funeral.services.models import FuneralCase, FuneralService
from minzheng.people.models import Person
from tests.demo.conftest import SEED

SCALE = 0.004


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        demo_build(seed=SEED, scale=SCALE, progress=False)
        facilities.demo_facilities_build(seed=SEED, scale=SCALE)
        demo_past_deaths_build(seed=SEED, scale=SCALE)  # the deaths of 2024, beside the people part's of 2025
        yield demo.demo_funeral_build(seed=SEED, scale=SCALE)
        transaction.set_rollback(True)


@pytest.fixture
def built(_built, db):  # type: ignore[no-untyped-def]
    return _built


def test_every_deceased_person_has_one_case_at_a_home_of_their_county(built) -> None:
    deceased = Person.objects.filter(status="deceased")
    assert built["cases"] == deceased.count() == FuneralCase.objects.count() >= 50
    # A small demo has fewer homes than counties: a county without one sends its dead to another.
    counties = set(Facility.objects.filter(kind="funeral_home").values_list("region_code", flat=True))
    counties = {code[:6] for code in counties}
    for case in FuneralCase.objects.select_related("person", "home"):
        assert case.home.kind == "funeral_home" and case.region_code == case.home.region_code
        if case.person.region_code[:6] in counties:
            assert case.home.region_code[:6] == case.person.region_code[:6]
        assert case.person.death_date <= case.received_on
        assert case.waiver_eligible == (case.hukou_province == "33")


def test_services_fall_between_the_death_and_the_end_of_its_year(built) -> None:
    now = timezone.now()
    for line in FuneralService.objects.select_related("case__person"):
        day = timezone.localtime(line.performed_at).date()
        death = line.case.person.death_date
        assert death <= day and day.year == death.year and line.performed_at < now


def test_the_waivers_are_what_the_rules_give(built) -> None:
    lines = FuneralService.objects.select_related("case", "service_type").order_by("case_id", "performed_at", "id")
    used: dict[tuple[int, str], Decimal] = {}
    for line in lines:
        item = item_for(service_type=line.service_type, region_code=line.case.region_code,
                        day=timezone.localtime(line.performed_at).date()) if line.case.waiver_eligible else None
        key = (line.case_id, line.service_type.code)
        expected = max(Decimal(0), min(line.fee, item.cap - used.get(key, Decimal(0)))) if item else Decimal(0)
        assert line.waived == expected and line.waiver_item_id == (item.pk if item else None)
        used[key] = used.get(key, Decimal(0)) + line.waived
    assert not FuneralService.objects.filter(case__waiver_eligible=False, waived__gt=0).exists()
    assert built["outside_zhejiang"] == FuneralCase.objects.filter(waiver_eligible=False).count()


def test_each_years_waived_total_is_the_summarys_times_the_scale(built) -> None:
    years = sorted({day.year for day in Person.objects.filter(status="deceased").values_list("death_date", flat=True)})
    city = User(username="reader", region_id="330500000000")  # a city reader, unsaved: only its scope counts
    target = demo.TARGET * Decimal(str(SCALE))
    assert sorted(built["waived"]) == [str(year) for year in years] == ["2024", "2025"]
    for year in years:
        total = funeral_figures(actor=city, year=year)["waived_amount"]
        assert total == Decimal(built["waived"][str(year)])
        assert target * Decimal("0.85") <= total <= target + Decimal("800")
    assert sum(Decimal(v) for v in built["waived"].values()) == FuneralService.objects.aggregate(t=Sum("waived"))["t"]


def test_a_second_build_writes_nothing(built) -> None:
    before = FuneralService.objects.count()
    assert demo.demo_funeral_build(seed=SEED, scale=SCALE) == {}
    assert FuneralService.objects.count() == before
