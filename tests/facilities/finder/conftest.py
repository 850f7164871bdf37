"""A small town for the finder: 红旗路18号 in 仪凤桥社区 (the resident's home, WGS-84 120.0868, 30.8940),
红旗路18号 again in the neighbouring community (so "红旗路18号" alone is ambiguous), an address
without coordinates, and meal sites around the home at distances worked out by hand."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from minzheng.facilities.models import Facility
from minzheng.places import codes
from minzheng.places.matching import road_names_rebuild
from minzheng.places.models import Address
from tests.facilities.factories import FacilityFactory
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE
from tests.places.factories import AddressFactory, RoadFactory

FINDER = "/meal-sites/"


@dataclass
class Town:
    home: Address  # 仪凤桥社区红旗路18号
    neighbour_18: Address  # the other 红旗路18号
    no_point: Address  # 衣裳街7号, without coordinates
    south: Facility  # 445 m
    east: Facility  # 954 m
    north: Facility  # 1001 m


def build_town() -> Town:
    hongqi = RoadFactory(name="红旗路", region_code=MY_VILLAGE, code=codes.road_code(MY_VILLAGE, 1))
    yishang = RoadFactory(name="衣裳街", region_code=MY_VILLAGE, code=codes.road_code(MY_VILLAGE, 2))
    other = RoadFactory(
        name="红旗路", region_code=NEIGHBOUR_VILLAGE, code=codes.road_code(NEIGHBOUR_VILLAGE, 1)
    )
    home = AddressFactory(road=hongqi, number="18")
    neighbour_18 = AddressFactory(road=other, number="18", lng="120.1000000", lat="30.9000000")
    no_point = AddressFactory(road=yishang, number="7", lng=None, lat=None)
    road_names_rebuild()
    # Distances from the home by hand, on a sphere of radius 6,371,008.8 m (111,195.08 m a degree):
    # south 0.004° of latitude = 444.78 m; north 0.009° = 1,000.76 m; east 0.01° of longitude at
    # 30.894° = 0.01 × 111,195.08 × cos 30.894° = 954.19 m.
    town = Town(
        home=home,
        neighbour_18=neighbour_18,
        no_point=no_point,
        south=FacilityFactory(
            name="南门老年食堂",
            lng="120.0868000",
            lat="30.8900000",
            address_text="红旗路2号",
            opening_hours="11:00-13:00，17:00-18:30",
        ),
        east=FacilityFactory(name="东门老年食堂", lng="120.0968000", lat="30.8940000"),
        north=FacilityFactory(name="北门老年食堂", lng="120.0868000", lat="30.9030000"),
    )
    # Nearer than all of them, and none may be shown: not open, not public, not a meal site.
    FacilityFactory(name="暂停的食堂", lng="120.0869000", lat="30.8941000", status=Facility.Status.SUSPENDED)
    FacilityFactory(name="关闭的食堂", lng="120.0869000", lat="30.8941000", status=Facility.Status.CLOSED)
    FacilityFactory(name="内部食堂", lng="120.0869000", lat="30.8941000", public=False)
    FacilityFactory(
        name="仪凤桥居家养老服务中心",
        lng="120.0869000",
        lat="30.8941000",
        kind=Facility.Kind.COMMUNITY_CARE_CENTRE,
    )
    return town


@pytest.fixture
def town(personas) -> Town:  # type: ignore[no-untyped-def]
    return build_town()
