"""The nearest search: the right sites in the right order, distances as worked out by hand
whichever coordinate system the point is given in, only what the public may find."""

from __future__ import annotations

import random

import pytest

from minzheng.core import geo
from minzheng.facilities.models import Facility
from minzheng.facilities.nearest.geometry import haversine_m
from minzheng.facilities.nearest.selectors import facilities_nearest
from tests.facilities.factories import FacilityFactory

pytestmark = pytest.mark.django_db

# The facility stands at WGS-84 (120.0868, 30.9030); the resident at WGS-84 (120.0868, 30.8940),
# 0.009° due south: R·Δφ = 6,371,008.8 m × 0.009 × π/180 = 1,000.756 m.
SITE = ("120.0868000", "30.9030000")
HAND = 1000.756
# The resident's point as each system writes it (DOMAIN.md "Coordinates and map links").
RESIDENT = {
    geo.System.WGS84: (120.0868, 30.8940),
    geo.System.GCJ02: (120.091671, 30.891956),
    geo.System.BD09: (120.098171, 30.897989),
}


@pytest.fixture
def site(db) -> Facility:  # type: ignore[no-untyped-def]
    return FacilityFactory(name="北门助餐点", lng=SITE[0], lat=SITE[1])


@pytest.mark.parametrize("system", list(RESIDENT))
def test_distance_is_the_hand_computed_one_in_every_system(site: Facility, system: geo.System) -> None:
    lng, lat = RESIDENT[system]
    [found] = facilities_nearest(kinds=["meal_site"], lng=lng, lat=lat, coord=system)
    assert found.id == site.pk
    # The example's six decimals are good to about 0.1 m, and the distance is rounded to the metre.
    assert abs(found.distance_m - HAND) <= 1


@pytest.mark.parametrize("system", [geo.System.GCJ02, geo.System.BD09])
def test_a_chinese_map_point_taken_for_wgs84_would_be_hundreds_of_metres_off(db, system: geo.System) -> None:  # type: ignore[no-untyped-def]
    FacilityFactory(name="就在这里", lng="120.0868000", lat="30.8940000")  # where the resident stands
    lng, lat = RESIDENT[system]
    [right] = facilities_nearest(kinds=["meal_site"], lng=lng, lat=lat, coord=system)
    [wrong] = facilities_nearest(kinds=["meal_site"], lng=lng, lat=lat, coord=geo.System.WGS84)
    assert right.distance_m == 0 and wrong.distance_m > 500


def test_links_carry_each_maps_own_coordinates(db) -> None:  # type: ignore[no-untyped-def]
    FacilityFactory(name="仪凤桥助餐点", lng="120.0868000", lat="30.8940000")
    [found] = facilities_nearest(kinds=["meal_site"], lng=120.09, lat=30.9)
    # WGS (120.0868, 30.8940) → GCJ (120.091671, 30.891956) → BD (120.098171, 30.897989).
    assert "to=120.091671,30.891956," in found.links["amap"]
    assert "latlng:30.897989,120.098171" in found.links["baidu"] and "coord_type=bd09ll" in found.links["baidu"]
    assert "tocoord=30.891956,120.091671" in found.links["tencent"]
    assert found.point_in(geo.System.GCJ02) == pytest.approx((120.091671, 30.891956), abs=1e-6)


def test_only_open_public_sites_of_the_kind_with_coordinates(db) -> None:  # type: ignore[no-untyped-def]
    shown = FacilityFactory(name="开放的")
    FacilityFactory(name="暂停的", status=Facility.Status.SUSPENDED)
    FacilityFactory(name="关闭的", status=Facility.Status.CLOSED)
    FacilityFactory(name="不公开的", public=False)
    FacilityFactory(name="没坐标的", lng=None, lat=None)
    FacilityFactory(name="别的类别", kind=Facility.Kind.CARE_HOME)
    found = facilities_nearest(kinds=["meal_site"], lng=120.0868, lat=30.8940, limit=20)
    assert [f.id for f in found] == [shown.pk]


def test_the_answer_is_the_true_nearest_whatever_the_spacing(db) -> None:  # type: ignore[no-untyped-def]
    """Sites from 100 m to 150 km away: every search radius is exercised, and the answer equals a
    brute-force sort of all the sites."""
    rng = random.Random(7)
    points = [(120.0868 + rng.uniform(-1.5, 1.5) * rng.random() ** 3, 30.8940 + rng.uniform(-1.2, 1.2) * rng.random() ** 3)
              for _ in range(150)]
    for i, (lng, lat) in enumerate(points):
        FacilityFactory(name=f"点{i}", lng=f"{lng:.7f}", lat=f"{lat:.7f}")
    rows = list(Facility.objects.values_list("pk", "lng", "lat"))
    for _ in range(25):
        here = (120.0868 + rng.uniform(-1.0, 1.0), 30.8940 + rng.uniform(-0.8, 0.8))
        brute = sorted(rows, key=lambda r: (haversine_m(here[0], here[1], float(r[1]), float(r[2])), r[0]))[:5]
        found = facilities_nearest(kinds=["meal_site"], lng=here[0], lat=here[1], limit=5)
        assert [f.id for f in found] == [r[0] for r in brute]
        assert [f.distance_m for f in found] == sorted(f.distance_m for f in found)


def test_within_leaves_out_what_is_farther(db) -> None:  # type: ignore[no-untyped-def]
    near = FacilityFactory(lng="120.0868000", lat="30.9030000")  # 1,001 m
    FacilityFactory(lng="120.0868000", lat="30.9300000")  # 4,003 m
    found = facilities_nearest(kinds=["meal_site"], lng=120.0868, lat=30.8940, limit=5, within_m=2000)
    assert [f.id for f in found] == [near.pk]


def test_several_kinds_at_once(db) -> None:  # type: ignore[no-untyped-def]
    meal = FacilityFactory()
    centre = FacilityFactory(kind=Facility.Kind.COMMUNITY_CARE_CENTRE, lng="120.0870000")
    found = facilities_nearest(kinds=["meal_site", "community_care_centre"], lng=120.0868, lat=30.8940)
    assert {f.id for f in found} == {meal.pk, centre.pk}
