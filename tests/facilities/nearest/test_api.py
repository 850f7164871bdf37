"""``GET /api/public/facilities/nearest/``: no login, Chinese 400s naming the field, nothing
private in the answer, and a rate limit per client."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from minzheng.facilities import messages
from minzheng.facilities.models import Facility
from tests.facilities.conftest import Providers
from tests.facilities.factories import FacilityFactory

pytestmark = pytest.mark.django_db
URL = "/api/public/facilities/nearest/"
ANSWER_KEYS = {"id", "name", "kind", "kind_display", "address", "distance_m", "opening_hours", "lng", "lat", "links"}


def get(client: APIClient | None = None, **query: object):  # type: ignore[no-untyped-def]
    return (client or APIClient()).get(URL, {"kind": "meal_site", "lng": 120.0868, "lat": 30.8940, **query})


def test_anyone_finds_the_nearest_without_signing_in(db) -> None:  # type: ignore[no-untyped-def]
    near = FacilityFactory(name="近的", lng="120.0868000", lat="30.9030000", opening_hours="11:00-13:00")
    far = FacilityFactory(name="远的", lng="120.0868000", lat="30.9300000")
    response = get(limit=5)
    assert response.status_code == 200
    body = response.json()
    assert body["coord"] == "wgs84"
    assert [r["id"] for r in body["results"]] == [near.pk, far.pk]
    first = body["results"][0]
    assert first["distance_m"] == 1001 and first["opening_hours"] == "11:00-13:00"
    assert first["kind"] == "meal_site" and first["kind_display"] == "老年助餐点" and first["address"] == "红旗路18号"
    assert set(first["links"]) == {"amap", "baidu", "tencent"}


def test_the_answer_holds_nothing_private(providers: Providers) -> None:
    Facility.objects.filter(pk=providers.a_mine.pk).update(service_phone="13987654321", capacity=77,
                                                          floor_area="456.78", tags=["sojourn"])
    FacilityFactory(name="内部食堂", public=False, lng="120.0869000")
    FacilityFactory(name="已关闭食堂", status=Facility.Status.CLOSED, lng="120.0869000")
    response = get(limit=20)
    text = response.content.decode()
    for secret in (providers.a.name, providers.a.uscc, "13987654321", "456.78", "sojourn", "内部食堂", "已关闭食堂",
                   "region_code", "operator", "330502003001"):
        assert secret not in text, secret
    assert all(set(r) == ANSWER_KEYS for r in response.json()["results"])


@pytest.mark.parametrize("system", ["gcj02", "bd09"])
def test_the_sites_coordinates_come_back_in_the_asked_system(db, system: str) -> None:  # type: ignore[no-untyped-def]
    FacilityFactory(lng="120.0868000", lat="30.8940000")
    point = {"gcj02": (120.091671, 30.891956), "bd09": (120.098171, 30.897989)}[system]
    [row] = get(lng=point[0], lat=point[1], coord=system).json()["results"]
    assert row["distance_m"] == 0
    assert (row["lng"], row["lat"]) == pytest.approx(point, abs=2e-6)


@pytest.mark.parametrize(("query", "field", "message"), [
    ({"kind": None}, "kind", messages.NEAREST_KIND_REQUIRED),
    ({"lng": None}, "lng", messages.NEAREST_LNG_REQUIRED),
    ({"lat": None}, "lat", messages.NEAREST_LAT_REQUIRED),
    ({"lng": "abc"}, "lng", messages.NEAREST_LNG_INVALID),
    ({"lng": "NaN"}, "lng", messages.NEAREST_LNG_INVALID),
    ({"lng": 181}, "lng", messages.NEAREST_LNG_INVALID),
    ({"lat": -91}, "lat", messages.NEAREST_LAT_INVALID),
    ({"lat": "inf"}, "lat", messages.NEAREST_LAT_INVALID),
    ({"lng": 30.894, "lat": 120.0868}, "lat", messages.NEAREST_LAT_INVALID),
    ({"lng": 2.35, "lat": 48.85}, "lng", messages.NEAREST_OUTSIDE_CHINA),
    ({"coord": "mercator"}, "coord", messages.NEAREST_COORD_INVALID),
    ({"limit": 0}, "limit", messages.NEAREST_LIMIT_INVALID.format(max=20)),
    ({"limit": 21}, "limit", messages.NEAREST_LIMIT_INVALID.format(max=20)),
    ({"limit": "five"}, "limit", messages.NEAREST_LIMIT_INVALID.format(max=20)),
])
def test_bad_input_is_a_400_naming_the_field(db, query: dict, field: str, message: str) -> None:  # type: ignore[no-untyped-def]
    params = {"kind": "meal_site", "lng": 120.0868, "lat": 30.8940, **query}
    response = APIClient().get(URL, {k: v for k, v in params.items() if v is not None})
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_an_unknown_kind_lists_the_kinds(db) -> None:  # type: ignore[no-untyped-def]
    [message] = get(kind="nursing_home").json()["kind"]
    assert message.startswith("设施类别（kind）无效") and "meal_site（老年助餐点）" in message


def test_nothing_near_is_an_empty_list(db) -> None:  # type: ignore[no-untyped-def]
    assert get().json() == {"coord": "wgs84", "results": []}


@override_settings(MINZHENG_NEAREST_SEARCHES_PER_HOUR=3)
def test_searches_are_rate_limited_per_client(db) -> None:  # type: ignore[no-untyped-def]
    client = APIClient(REMOTE_ADDR="203.0.113.7")
    assert [get(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = get(client)
    assert refused.status_code == 429
    assert refused.json() == {"detail": messages.NEAREST_RATE_LIMITED.format(limit=3)}
    # Bad requests count too: they cost as much to refuse.
    assert get(client, lng="abc").status_code == 429
    # Another client is not held back by the first.
    assert get(APIClient(REMOTE_ADDR="203.0.113.8")).status_code == 200


def test_the_limit_is_a_setting_with_a_generous_default(db, settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.MINZHENG_NEAREST_SEARCHES_PER_HOUR == 600
