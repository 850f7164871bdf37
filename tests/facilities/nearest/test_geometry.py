"""Great-circle distances and search boxes, against figures worked out by hand."""

from __future__ import annotations

import math

import pytest

from minzheng.facilities.nearest.geometry import EARTH_RADIUS_M, Candidate, box_around, haversine_m, nearest

# 0.009° of latitude is R·Δφ = 6,371,008.8 m × 0.009 × π/180 = 1,000.756 m, at any longitude.
NORTH_0_009 = 1000.756
# 0.01° of longitude at 30.894° N is R·cos φ·Δλ = 6,371,008.8 × 0.857938 × 0.000174533 = 954.186 m.
EAST_0_01 = 954.186


def test_a_step_north_is_r_times_the_angle() -> None:
    assert haversine_m(120.0868, 30.8940, 120.0868, 30.9030) == pytest.approx(NORTH_0_009, abs=0.01)


def test_a_step_east_shrinks_with_the_cosine_of_latitude() -> None:
    assert haversine_m(120.0868, 30.8940, 120.0968, 30.8940) == pytest.approx(EAST_0_01, abs=0.01)


def test_distance_is_symmetric_and_zero_at_the_point() -> None:
    assert haversine_m(120.1, 30.9, 120.1, 30.9) == 0
    assert haversine_m(119.68, 30.63, 120.0868, 30.894) == pytest.approx(haversine_m(120.0868, 30.894, 119.68, 30.63))


def test_huzhou_to_anji_is_about_48_7_km() -> None:
    # By hand: Δφ = 0.264° = 0.0046077 rad, Δλ = 0.4068° = 0.0071000 rad,
    # a = sin²(Δφ/2) + cos 30.894° · cos 30.63° · sin²(Δλ/2) = 5.3077e-6 + 0.85794 × 0.86030 × 1.26025e-5
    #   = 1.46094e-5, c = 2 asin √a = 0.0076444 rad, d = R·c = 48.70 km.
    assert haversine_m(120.0868, 30.8940, 119.6800, 30.6300) / 1000 == pytest.approx(48.70, abs=0.02)


@pytest.mark.parametrize("radius", [100.0, 2_000.0, 50_000.0])
def test_the_box_holds_the_whole_circle(radius: float) -> None:
    box = box_around(120.0868, 30.8940, radius)
    dlat = math.degrees(radius / EARTH_RADIUS_M)
    assert box.max_lat - 30.8940 == pytest.approx(dlat) and 30.8940 - box.min_lat == pytest.approx(dlat)
    # The easternmost point of the circle, and a point on the circle at the box's top latitude, are inside.
    for bearing in range(0, 360, 5):
        theta = math.radians(bearing)
        lat = 30.8940 + dlat * math.cos(theta)
        lng = 120.0868 + math.degrees(radius / (EARTH_RADIUS_M * math.cos(math.radians(lat)))) * math.sin(theta)
        assert box.min_lng <= lng <= box.max_lng and box.min_lat - 1e-12 <= lat <= box.max_lat + 1e-12


def test_nearest_orders_by_distance_then_key_and_respects_the_radius() -> None:
    here = (120.0868, 30.8940)
    candidates = [Candidate(3, 120.0868, 30.9030), Candidate(1, 120.0968, 30.8940), Candidate(4, 120.0868, 30.9030),
                  Candidate(2, 120.0868, 30.8800)]
    hits = nearest(candidates, lng=here[0], lat=here[1], limit=3)
    assert [h.key for h in hits] == [1, 3, 4]  # 954 m, then the two at the same place by key; 1,557 m is 4th
    assert nearest(candidates, lng=here[0], lat=here[1], limit=3, within_m=1000.0)[0].key == 1
    assert len(nearest(candidates, lng=here[0], lat=here[1], limit=3, within_m=1000.0)) == 1
