"""The demo's welfare lottery (``minzheng.demo.lottery``): the plan gives the summary's figures
exactly at scale 1.0 (sales 920,000,000, growth 4.7%, fund 265,000,000), and a small build on the
facilities demo's stations reads them back from the records, obeys the 200 m rule, gives every
station a contract, and writes nothing the second time."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from minzheng.core.models import Region, User
from minzheng.demo import facilities
from minzheng.demo import lottery as demo
from minzheng.demo.build import demo_build
from minzheng.facilities.models import Facility
from minzheng.lottery.figures.selectors import growth, lottery_figures
from minzheng.lottery.sales.models import MonthlySale
from minzheng.lottery.stations import distance
from minzheng.lottery.stations.models import AgencyContract, StationClosure
from tests.demo.conftest import SEED

SCALE = 0.004


@pytest.mark.parametrize("scale", [1.0, 0.01, 0.004, 0.0037])
def test_the_game_mix_gives_the_sales_and_the_fund_exactly(scale: float) -> None:
    sales, fund = round(demo.SALES * scale), round(demo.FUND * scale)
    lotto, local, scratch = demo.group_units(sales, fund)
    assert min(lotto, local, scratch) >= 0
    assert Decimal(lotto + local + scratch) * demo.HALF == sales
    fen = 18 * lotto + 14 * local + 10 * scratch  # 0.5 yuan at 36%, 28% and 20%
    assert Decimal(fen) / 100 == fund


def test_at_scale_one_the_figures_are_the_summarys() -> None:
    sales24 = demo.SALES
    sales23 = int((Decimal(sales24) / demo.GROWTH).quantize(Decimal(1)))
    assert growth(Decimal(sales24), Decimal(sales23)) == Decimal("4.7")
    assert demo.scaled(demo.UPGRADED, 1.0) == 97 and demo.scaled(demo.EVENTS, 1.0) == 14
    assert facilities.scaled(11, 1.0) == 11  # the stations the facilities demo opens in 2024, none closing


def test_spreading_keeps_the_total_and_the_proportions() -> None:
    parts = demo.spread(1001, [1.0, 2.0, 3.5])
    assert sum(parts) == 1001 and parts == sorted(parts) and all(p >= 0 for p in parts)


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        demo_build(seed=SEED, scale=SCALE, progress=False)
        facilities.demo_facilities_build(seed=SEED, scale=SCALE)
        yield demo.demo_lottery_build(seed=SEED, scale=SCALE)
        transaction.set_rollback(True)


@pytest.fixture
def built(_built, db):  # type: ignore[no-untyped-def]
    return _built


def test_the_figures_read_back_from_the_records(built) -> None:
    city = User(username="reader", region_id="330500000000")  # a city reader, unsaved: only its scope counts
    values = lottery_figures(actor=city, year=2024)
    assert values["sales"] == Decimal(round(demo.SALES * SCALE))
    assert values["fund_raised"] == Decimal(round(demo.FUND * SCALE))
    assert values["sales_growth"] == Decimal("4.7")
    assert values["stations_net_new"] == facilities.scaled(11, SCALE)
    assert values["stations_upgraded"] == demo.scaled(demo.UPGRADED, SCALE)
    assert values["promotion_events"] == demo.scaled(demo.EVENTS, SCALE)
    assert Region.objects.filter(code="330500000000").exists()


def test_every_station_has_a_contract_and_the_closed_ones_a_closure(built) -> None:
    stations = Facility.objects.filter(kind="lottery_station")
    assert not stations.exclude(lottery_contracts__isnull=False).exists()
    open_without = stations.filter(status="open").exclude(lottery_contracts__ended_on__isnull=True)
    assert not open_without.exists()
    assert StationClosure.objects.count() == stations.filter(status="closed").count()
    assert (
        AgencyContract.objects.values("terminal_number").distinct().count() == AgencyContract.objects.count()
    )
    assert MonthlySale.objects.filter(amount__lt=0).count() == 0


def test_the_schools_are_private_and_no_station_is_within_200_m_of_one(built) -> None:
    schools = Facility.objects.filter(kind="school")
    assert schools.count() == built["schools"] >= 1 and not schools.filter(public=True).exists()
    assert distance.findings(Facility.objects.filter(kind="lottery_station")) == []


def test_a_second_build_writes_nothing(built) -> None:
    before = MonthlySale.objects.count()
    assert demo.demo_lottery_build(seed=SEED, scale=SCALE) == {}
    assert MonthlySale.objects.count() == before
