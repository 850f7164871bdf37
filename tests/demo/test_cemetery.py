"""The demo's smart cemetery (``minzheng.demo.cemetery``) on a small city: plots and niches in
every demo cemetery and columbarium within the area limits, sales with adult holders and
deceased of the registry laid after their death, use periods counted by the rules (some due for
renewal), eco burials, at least one conversion project completed in 2024, and nothing written
the second time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import F

from minzheng.core.models import User
from minzheng.demo import cemetery as demo
from minzheng.demo import facilities
from minzheng.demo.build import demo_build
from minzheng.facilities.models import Facility
from minzheng.funeral.cemetery import periods, selectors
from minzheng.funeral.cemetery.models import EcoBurial, Interment, Plot, PlotSale, UsePeriod
from tests.demo.conftest import SEED

SCALE = 0.004


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        demo_build(seed=SEED, scale=SCALE, progress=False)
        facilities.demo_facilities_build(seed=SEED, scale=SCALE)
        yield demo.demo_cemetery_build(seed=SEED, scale=SCALE)
        transaction.set_rollback(True)


@pytest.fixture
def built(_built, db):  # type: ignore[no-untyped-def]
    return _built


def test_every_cemetery_and_columbarium_has_plots_within_the_limits(built) -> None:
    for facility in Facility.objects.filter(kind__in=["cemetery", "columbarium"]):
        assert Plot.objects.filter(facility=facility, region_code=facility.region_code).exists()
    assert Plot.objects.count() == built["plots"] > 0
    assert not Plot.objects.filter(kind="niche").exclude(facility__kind="columbarium").exists()


def test_sales_follow_the_rules(built) -> None:
    assert PlotSale.objects.count() == built["sold"] > 0
    assert not PlotSale.objects.exclude(plot__status="sold").exists()
    for interment in Interment.objects.select_related("person", "plot"):
        assert interment.person.status == "deceased" and interment.interred_on >= interment.person.death_date
    assert not Plot.objects.filter(kind__in=["ash_single", "body_single", "niche"], status="sold",
                                   interments__isnull=True).exists()
    for sale in PlotSale.objects.select_related("holder")[:200]:
        assert sale.holder.status == "alive" and sale.holder.birth_date.replace(year=sale.holder.birth_date.year + 18) <= sale.sold_on
        first = UsePeriod.objects.get(plot_id=sale.plot_id, cycle=1)
        assert (first.starts_on, first.ends_on) == periods.first_period(sale.sold_on)


def test_some_periods_are_due_for_renewal_and_renewals_count_from_the_old_end(built) -> None:
    city = User(username="reader", region_id="330500000000")
    # Only a cemetery open 20 years before the notice window can have a period ending in it.
    window_start = periods.years_after(selectors.today() - dt.timedelta(days=60), -periods.CYCLE_YEARS)
    old_enough = Facility.objects.filter(kind="cemetery", opened_on__lte=window_start).exists()
    assert selectors.due_renewals(user=city).exists() == old_enough
    for second in UsePeriod.objects.filter(cycle=2):
        first = UsePeriod.objects.get(plot_id=second.plot_id, cycle=1)
        assert first.renewed and (second.starts_on, second.ends_on) == periods.next_period(first.ends_on)
    assert not UsePeriod.objects.filter(ends_on__lte=F("starts_on")).exists()


def test_eco_burials_are_of_deceased_not_laid_in_plots(built) -> None:
    assert EcoBurial.objects.count() == built["eco_burials"] > 0
    assert not EcoBurial.objects.filter(person__status="alive").exists()
    assert not EcoBurial.objects.filter(person_id__in=Interment.objects.values("person_id")).exists()


def test_at_least_one_cemetery_was_converted_in_2024(built) -> None:
    city = User(username="reader", region_id="330500000000")
    assert selectors.cemeteries_renovated(user=city, year=2024) == built["completed_2024"] >= 1


def test_at_scale_one_two_conversions_complete_in_2024() -> None:
    assert demo.scaled(demo.COMPLETED_2024, 1.0) == 2 and demo.scaled(demo.COMPLETED_2024, SCALE) == 1
    assert facilities.scaled(36, 1.0) == 36 and facilities.scaled(11, 1.0) == 11


def test_a_second_build_writes_nothing(built) -> None:
    before = Plot.objects.count()
    assert demo.demo_cemetery_build(seed=SEED, scale=SCALE) == {}
    assert Plot.objects.count() == before
