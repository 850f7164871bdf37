"""Fixtures for the lottery: the seeded game types and rates again (a live-server test flushes
every table), stations and schools written to the facility table at chosen distances, and the
personas (the city manages the lottery; Wuxing's and Anji's county officers read their own)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest

from minzheng.facilities.models import Facility
from minzheng.facilities.nearest.geometry import EARTH_RADIUS_M
from minzheng.lottery.fund.models import FundRate, GameType
from minzheng.lottery.fund.seed import rates_seed
from minzheng.lottery.sales.models import MonthlySale
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.beds.conftest import api, fresh, login  # noqa: F401  (client fixtures)
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE

# 仪凤桥社区, 吴兴区: the point stations and schools are placed around.
LNG, LAT = Decimal("120.0868000"), Decimal("30.8940000")
METRES_PER_DEGREE = EARTH_RADIUS_M * math.pi / 180


def offset(
    north: float = 0.0, east: float = 0.0, *, lng: Decimal = LNG, lat: Decimal = LAT
) -> tuple[Decimal, Decimal]:
    """A point ``north`` and ``east`` metres of (lng, lat), in seven decimals."""
    dlat = north / METRES_PER_DEGREE
    dlng = east / (METRES_PER_DEGREE * math.cos(math.radians(float(lat))))
    q = Decimal("0.0000001")
    return (lng + Decimal(str(dlng))).quantize(q), (lat + Decimal(str(dlat))).quantize(q)


def station(
    name: str = "中国福利彩票仪凤桥投注站",
    *,
    region_code: str = MY_VILLAGE,
    lng: Decimal = LNG,
    lat: Decimal = LAT,
    opened_on: dt.date | None = dt.date(2020, 5, 1),
    status: str = "open",
) -> Facility:
    return Facility.objects.create(
        name=name,
        kind=Facility.Kind.LOTTERY_STATION,
        region_code=region_code,
        address_text="红旗路18号",
        lng=lng,
        lat=lat,
        opened_on=opened_on,
        status=status,
    )


def school(
    name: str = "湖州市仪凤桥小学",
    *,
    north: float = 0.0,
    east: float = 0.0,
    region_code: str = MY_VILLAGE,
    lng: Decimal = LNG,
    lat: Decimal = LAT,
) -> Facility:
    slng, slat = offset(north, east, lng=lng, lat=lat)
    return Facility.objects.create(
        name=name,
        kind=Facility.Kind.SCHOOL,
        region_code=region_code,
        address_text="学府路1号",
        lng=slng,
        lat=slat,
        public=False,
    )


def games() -> dict[str, GameType]:
    rates_seed(GameType, FundRate)
    return {g.code: g for g in GameType.objects.all()}


@pytest.fixture
def seeded(db) -> dict[str, GameType]:  # type: ignore[no-untyped-def]
    return games()


@pytest.fixture
def sites(seeded):  # type: ignore[no-untyped-def]
    """A station in Wuxing with a month of sales, and one in Anji: what the pages' tests read."""
    a = station("吴兴仪凤桥投注站")
    b = station("安吉城东投注站", region_code=OTHER_COUNTY_VILLAGE)
    MonthlySale.objects.create(
        station=a,
        region_code=a.region_code,
        month=dt.date(2024, 5, 1),
        game_type=seeded["ssq"],
        amount=Decimal("100.00"),
    )
    return a, b
