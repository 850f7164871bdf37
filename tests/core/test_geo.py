import math
from urllib.parse import parse_qs, urlparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minzheng.core import geo
from minzheng.core.geo import System, convert

HUZHOU_WGS = (120.0868, 30.8940)


def test_domain_example_vector():
    gcj = convert(*HUZHOU_WGS, source=System.WGS84, target=System.GCJ02)
    bd = convert(*HUZHOU_WGS, source=System.WGS84, target=System.BD09)
    assert gcj == pytest.approx((120.091671, 30.891956), abs=1e-6)
    assert bd == pytest.approx((120.098171, 30.897989), abs=1e-6)


def test_points_outside_china_are_unchanged():
    assert convert(2.35, 48.85, source=System.WGS84, target=System.GCJ02) == (2.35, 48.85)


china_lng = st.floats(min_value=73.0, max_value=135.0)
china_lat = st.floats(min_value=18.0, max_value=53.0)


@settings(max_examples=200, deadline=None)
@given(lng=china_lng, lat=china_lat, source=st.sampled_from(list(System)), target=st.sampled_from(list(System)))
def test_round_trip_error_below_1e7_degrees(lng, lat, source, target):
    there = convert(lng, lat, source=source, target=target)
    back = convert(*there, source=target, target=source)
    assert math.isclose(back[0], lng, abs_tol=1e-7)
    assert math.isclose(back[1], lat, abs_tol=1e-7)


def test_iterative_inverse_beats_one_step_inverse():
    gcj = geo.wgs84_to_gcj02(*HUZHOU_WGS)
    one_step = (2 * gcj[0] - geo.wgs84_to_gcj02(*gcj)[0], 2 * gcj[1] - geo.wgs84_to_gcj02(*gcj)[1])
    exact = geo.gcj02_to_wgs84(*gcj)
    assert abs(exact[0] - HUZHOU_WGS[0]) < 1e-7 < abs(one_step[0] - HUZHOU_WGS[0]) + abs(one_step[1] - HUZHOU_WGS[1])


def test_amap_link_uses_gcj02_and_names_the_point():
    url = urlparse(geo.amap_link(*HUZHOU_WGS, "爱山街道"))
    query = parse_qs(url.query)
    lng, lat, name = query["to"][0].split(",")
    assert (float(lng), float(lat)) == pytest.approx((120.091671, 30.891956), abs=1e-6)
    assert name == "爱山街道" and query["src"] == ["minzheng"] and query["mode"] == ["car"]


def test_baidu_link_puts_latitude_first_in_bd09_with_src():
    query = parse_qs(urlparse(geo.baidu_link(*HUZHOU_WGS, "助餐点")).query)
    latlng, name = query["destination"][0].split("|")
    lat, lng = latlng.removeprefix("latlng:").split(",")
    assert (float(lat), float(lng)) == pytest.approx((30.897989, 120.098171), abs=1e-6)
    assert name == "name:助餐点"
    assert query["coord_type"] == ["bd09ll"] and query["src"] == ["minzheng"]


def test_tencent_link_uses_gcj02_latitude_first():
    query = parse_qs(urlparse(geo.tencent_link(*HUZHOU_WGS, "社区")).query)
    lat, lng = query["tocoord"][0].split(",")
    assert (float(lat), float(lng)) == pytest.approx((30.891956, 120.091671), abs=1e-6)
