"""The public page 找助餐点 (/meal-sites/): no sign-in; a typed address (through the matcher), a
picked standard address or a phone's location gives the nearest open meal sites, nearest first,
with distances, opening hours, navigation links in each map's system and a map; bad input gets a
message naming the field; rate-limited with the public nearest search."""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import quote

import pytest
from django.test import Client, override_settings

from minzheng.core import geo
from minzheng.facilities import messages
from minzheng.places.models import Address
from tests.facilities.finder.conftest import FINDER, Town

pytestmark = pytest.mark.django_db

HOME_TEXT = "仪凤桥社区红旗路18号"
NEAREST_API = "/api/public/facilities/nearest/"


def search(**params: str) -> tuple[int, str]:
    response = Client().get(FINDER, params)
    return response.status_code, unescape(response.content.decode())


def listed(html: str) -> list[str]:
    """The names of the sites in the results list, in order."""
    return re.findall(r'<span class="finder-rank">\d+</span>([^<]+)</span>', html)


def distances(html: str) -> list[str]:
    return re.findall(r'<span class="finder-distance">([^<]+)</span>', html)


def map_of(html: str) -> dict:  # type: ignore[type-arg]
    found = re.search(r'<script id="finder-map-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, "no map data on the page"
    return json.loads(found.group(1))


def test_the_empty_page_has_the_form_and_no_results(town: Town) -> None:
    status, html = search()
    assert status == 200
    assert '<label for="id_q">地址</label>' in html and "使用我的位置" in html
    assert "离您最近的助餐点" not in html and 'role="alert"' not in html


def test_a_typed_address_lists_the_nearest_open_meal_sites_in_order_with_their_distances(town: Town) -> None:
    status, html = search(q=HOME_TEXT)
    assert status == 200
    assert f'出发地点：<span class="finder-origin">{town.home.full_text}</span>' in html
    assert listed(html) == ["南门老年食堂", "东门老年食堂", "北门老年食堂"]
    assert distances(html) == ["445 米", "954 米", "1,001 米"]
    assert "开放时间：11:00-13:00，17:00-18:30" in html and "红旗路2号" in html
    for hidden in ("暂停的食堂", "关闭的食堂", "内部食堂", "仪凤桥居家养老服务中心"):
        assert hidden not in html


def test_the_navigation_links_carry_each_site_in_its_map_s_system(town: Town) -> None:
    _, html = search(q=HOME_TEXT)
    # 南门老年食堂, WGS-84 (120.0868, 30.89): GCJ-02 (120.091671, 30.887953), BD-09 (120.098174, 30.893988).
    assert geo.wgs84_to_gcj02(120.0868, 30.89) == pytest.approx((120.091671, 30.887953), abs=5e-7)
    name = quote("南门老年食堂")
    assert f"https://uri.amap.com/navigation?to=120.091671,30.887953,{name}&" in html
    assert (
        f"https://apis.map.qq.com/uri/v1/routeplan?type=drive&to={name}&tocoord=30.887953,120.091671&" in html
    )
    assert (
        f"http://api.map.baidu.com/direction?origin=%E6%88%91%E7%9A%84%E4%BD%8D%E7%BD%AE&destination=latlng:30.893988,120.098174|name:{name}&"
        in html
    )
    assert html.count('rel="noopener noreferrer"') == 9  # three sites, three maps each


def test_at_most_five_sites_are_listed(town: Town) -> None:
    from tests.facilities.factories import FacilityFactory

    for i in range(4):
        FacilityFactory(name=f"更远的食堂{i}", lng="120.0868000", lat=f"30.95{i}0000")
    _, html = search(q=HOME_TEXT)
    assert listed(html) == ["南门老年食堂", "东门老年食堂", "北门老年食堂", "更远的食堂0", "更远的食堂1"]


def test_an_ambiguous_address_lists_the_candidates_to_pick_from(town: Town) -> None:
    status, html = search(q="红旗路18号")
    assert status == 200
    assert messages.FINDER_ADDRESS_AMBIGUOUS in html
    for address in (town.home, town.neighbour_18):
        assert f'href="{FINDER}?address={address.code}">{address.full_text}</a>' in html
    assert listed(html) == [] and "离您最近的助餐点" not in html


def test_picking_a_candidate_searches_from_that_address(town: Town) -> None:
    status, html = search(address=town.home.code)
    assert status == 200 and town.home.full_text in html
    assert listed(html) == ["南门老年食堂", "东门老年食堂", "北门老年食堂"]


def test_a_picked_address_that_is_retired_or_unknown_or_malformed_says_so(town: Town) -> None:
    Address.objects.filter(pk=town.neighbour_18.pk).update(status=Address.Status.RETIRED)
    for code in (town.neighbour_18.code, "3305020030019999"):
        _, html = search(address=code)
        assert messages.FINDER_ADDRESS_GONE in html and listed(html) == []
    _, html = search(address="abc")
    assert messages.FINDER_ADDRESS_CODE_INVALID in html and listed(html) == []


def test_an_address_nobody_knows_says_so_on_the_address_field(town: Town) -> None:
    status, html = search(q="火星大道1号")
    assert status == 200
    assert messages.FINDER_ADDRESS_NOT_FOUND.format(text="火星大道1号") in html
    assert 'class="field has-error"' in html and listed(html) == []


def test_a_missing_number_offers_the_road_s_addresses(town: Town) -> None:
    _, html = search(q="仪凤桥社区红旗路99号")
    assert messages.FINDER_ADDRESS_NUMBER_MISSING.format(missing="红旗路没有99号，现有18号") in html
    assert f"?address={town.home.code}" in html and listed(html) == []


def test_a_text_that_matches_only_loosely_offers_the_closest_addresses(town: Town) -> None:
    _, html = search(q="南京仪凤桥社区红旗路18号")  # another city named: below the threshold
    assert messages.FINDER_ADDRESS_PICK.format(text="南京仪凤桥社区红旗路18号") in html
    assert f"?address={town.home.code}" in html and listed(html) == []


def test_an_address_without_coordinates_says_so(town: Town) -> None:
    _, html = search(q="仪凤桥社区衣裳街7号")
    assert (
        messages.FINDER_ADDRESS_NO_POINT.format(text=town.no_point.full_text) in html and listed(html) == []
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", messages.FINDER_ADDRESS_REQUIRED),
        ("   ", messages.FINDER_ADDRESS_REQUIRED),
        ("，。！？", messages.FINDER_ADDRESS_NO_TEXT),
        ("红" * 201, messages.FINDER_ADDRESS_TOO_LONG.format(max=200)),
    ],
)
def test_empty_noise_or_too_long_input_gets_a_message_on_the_address_field(
    town: Town, text: str, message: str
) -> None:
    status, html = search(q=text)
    assert status == 200
    field = re.search(
        r'<div class="field has-error">.*?</div>\s*</div>|<div class="field has-error">.*?</ul>', html, re.S
    )
    assert field and "地址" in field.group(0) and message in field.group(0)
    assert listed(html) == []


def test_a_location_lists_the_same_sites(town: Town) -> None:
    status, html = search(lng="120.0868", lat="30.894")
    assert status == 200 and '<span class="finder-origin">您的位置</span>' in html
    assert listed(html) == ["南门老年食堂", "东门老年食堂", "北门老年食堂"]
    assert distances(html) == ["445 米", "954 米", "1,001 米"]


def test_a_location_in_gcj02_or_bd09_is_converted_first(town: Town) -> None:
    for system in (geo.System.GCJ02, geo.System.BD09):
        lng, lat = geo.convert(120.0868, 30.894, source=geo.System.WGS84, target=system)
        _, html = search(lng=f"{lng:.7f}", lat=f"{lat:.7f}", coord=system.value)
        assert distances(html) == ["445 米", "954 米", "1,001 米"], system


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"lng": "东经120度", "lat": "30.894"}, messages.NEAREST_LNG_INVALID),
        ({"lng": "200", "lat": "30.894"}, messages.NEAREST_LNG_INVALID),
        ({"lng": "120.0868", "lat": "-95"}, messages.NEAREST_LAT_INVALID),
        ({"lng": "120.0868"}, messages.FINDER_POINT_PAIR),
        ({"lat": "30.894"}, messages.FINDER_POINT_PAIR),
        ({"lng": "2.35", "lat": "48.85"}, messages.NEAREST_OUTSIDE_CHINA),
        ({"lng": "120.0868", "lat": "30.894", "coord": "mercator"}, messages.NEAREST_COORD_INVALID),
    ],
)
def test_a_bad_location_gets_a_message_naming_the_field(
    town: Town, params: dict[str, str], message: str
) -> None:
    status, html = search(**params)
    assert status == 200 and message in html and listed(html) == []


def test_the_page_shows_no_personal_data(town: Town) -> None:
    from minzheng.facilities.models import Facility
    from minzheng.places.models import HouseholdAddress, PersonAddress
    from tests.factories import HouseholdFactory
    from tests.personas import MY_VILLAGE

    Facility.objects.filter(pk=town.south.pk).update(service_phone="13987654321")
    household = HouseholdFactory(region_code=MY_VILLAGE, head__name="王秀英", head__raw_phone="13912345678")
    PersonAddress.objects.create(
        person=household.head, address=town.home, region_code=MY_VILLAGE, score="1.000"
    )
    HouseholdAddress.objects.create(
        household=household, address=town.home, region_code=MY_VILLAGE, score="1.000"
    )
    pages = [
        search(q=HOME_TEXT)[1],
        search(address=town.home.code)[1],
        search(q="红旗路18号")[1],
        search(lng="120.0868", lat="30.894")[1],
    ]
    assert "南门老年食堂" in pages[0]
    for html in pages:
        for secret in (
            "王秀英",
            household.head.id_number,
            household.head.id_number_masked,
            "13912345678",
            "13987654321",
        ):
            assert secret not in html, secret
        # An ID number, masked or not; a mobile number.
        assert not re.search(r"(?<!\d)\d{6}(\*{8}|\d{8})\d{3}[\dXx](?![\dXx])", html)
        assert not re.search(r"(?<!\d)1[3-9]\d(\*{4}|\d{4})\d{4}(?!\d)", html)


def test_without_tiles_the_page_loads_nothing_from_another_host(town: Town) -> None:
    response = Client().get(FINDER, {"q": HOME_TEXT})
    html = response.content.decode()
    assert map_of(unescape(html))["tiles"] is None
    external = re.findall(r'(?:src|href|action)="((?:https?:)?//[^"]*)"', html)
    # Only the navigation links leave the site, and only when pressed.
    assert external and all(
        re.match(r"https?://(uri\.amap\.com|api\.map\.baidu\.com|apis\.map\.qq\.com)/", u) for u in external
    ), external
    assert not re.search(r'(?:src|href)="(?:https?:)?//[^"]*\.(?:js|css|png)', html)
    assert "img-src 'self' data:;" in response["Content-Security-Policy"] + ";"
    assert 'src="/static/vendor/leaflet/leaflet.js"' in html


def test_the_map_draws_the_origin_and_the_sites_in_gcj02_by_default(town: Town) -> None:
    _, html = search(q=HOME_TEXT)
    data = map_of(html)
    assert data["coord"] == "gcj02"
    glng, glat = geo.wgs84_to_gcj02(120.0868, 30.894)
    assert (data["origin"]["lng"], data["origin"]["lat"]) == (round(glng, 6), round(glat, 6))
    assert [(s["rank"], s["name"], s["distance_m"]) for s in data["sites"]] == [
        (1, "南门老年食堂", 445),
        (2, "东门老年食堂", 954),
        (3, "北门老年食堂", 1001),
    ]
    assert (data["sites"][0]["lng"], data["sites"][0]["lat"]) == (120.091671, 30.887953)


@override_settings(
    MINZHENG_MAP_TILES_URL="https://{s}.tiles.example.org/{z}/{x}/{y}.png",
    MINZHENG_MAP_TILES_ATTRIBUTION="© 示例底图",
    MINZHENG_MAP_TILES_COORD="wgs84",
)
def test_tiles_are_a_setting_and_the_page_allows_their_host_only(town: Town) -> None:
    response = Client().get(FINDER, {"q": HOME_TEXT})
    data = map_of(unescape(response.content.decode()))
    assert data["tiles"] == {
        "url": "https://{s}.tiles.example.org/{z}/{x}/{y}.png",
        "attribution": "© 示例底图",
    }
    # WGS-84 tiles (Tianditu, OpenStreetMap): the points are the stored ones.
    assert data["coord"] == "wgs84" and (data["sites"][0]["lng"], data["sites"][0]["lat"]) == (
        120.0868,
        30.89,
    )
    assert "img-src 'self' data: https://*.tiles.example.org" in response["Content-Security-Policy"]


def api_search(client: Client) -> int:
    return client.get(NEAREST_API, {"kind": "meal_site", "lng": 120.0868, "lat": 30.894}).status_code


@override_settings(MINZHENG_NEAREST_SEARCHES_PER_HOUR=3)
def test_searches_share_the_public_nearest_search_s_rate_limit(town: Town) -> None:
    client = Client()
    assert client.get(FINDER).status_code == 200  # the empty page is no search
    assert api_search(client) == 200
    assert client.get(FINDER, {"q": HOME_TEXT}).status_code == 200
    assert client.get(FINDER, {"q": "红旗路18号"}).status_code == 200
    response = client.get(FINDER, {"q": HOME_TEXT})
    html = unescape(response.content.decode())
    assert response.status_code == 429
    assert messages.NEAREST_RATE_LIMITED.format(limit=3) in html and listed(html) == []
    assert api_search(client) == 429


def test_the_page_needs_no_sign_in_and_answers_get_only(town: Town) -> None:
    assert Client().get(FINDER, {"q": HOME_TEXT}).status_code == 200
    assert Client().post(FINDER, {"q": HOME_TEXT}).status_code == 405


def test_the_page_has_no_inline_script_or_style(town: Town) -> None:
    _, html = search(q=HOME_TEXT)
    assert "<script>" not in html and "style=" not in html and " on" + "click=" not in html
    assert '<script id="finder-map-data" type="application/json">' in html


def test_a_search_costs_three_queries_at_most(town: Town, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from minzheng.facilities.finder.selectors import meal_sites_near_point, meal_sites_near_text

    # The match (one query for a usual text), the standard address's point, the nearest sites (one
    # box holds them when the city has enough: here three sites, so three are asked for).
    with django_assert_max_num_queries(3):
        assert len(meal_sites_near_text(text=HOME_TEXT, limit=3).sites) == 3
    with django_assert_max_num_queries(1):
        assert len(meal_sites_near_point(lng=120.0868, lat=30.894, limit=3).sites) == 3
