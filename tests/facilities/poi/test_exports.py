"""The map POI export: public, open facilities with coordinates in the user's scope, in GCJ-02,
as CSV (UTF-8 with BOM, the documented columns) and JSON, from the staff page and the API."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from minzheng.facilities.models import Facility
from minzheng.facilities.poi.exports import COLUMNS
from tests.facilities.conftest import Providers
from tests.facilities.factories import FacilityFactory
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(personas: Personas) -> dict[str, Facility]:
    return {
        "meal": FacilityFactory(name="仪凤桥老年食堂", service_phone="05722123456", opening_hours="11:00-13:00",
                                lng="120.0868000", lat="30.8940000"),
        "centre": FacilityFactory(name="爱山街道居家养老服务中心", kind=Facility.Kind.COMMUNITY_CARE_CENTRE,
                                  region_code="330502003000", address_text="爱山街道人民路1号"),
        "private": FacilityFactory(name="内部食堂", public=False),
        "closed": FacilityFactory(name="已关闭食堂", status=Facility.Status.CLOSED),
        "no_point": FacilityFactory(name="未定位食堂", lng=None, lat=None),
        "anji": FacilityFactory(name="递铺老年食堂", region_code=OTHER_COUNTY_VILLAGE),
        "formula": FacilityFactory(name="=HYPERLINK(1)", lng="120.0900000"),
    }


def rows_of(body: bytes) -> list[dict[str, str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_download(personas: Personas, sites: dict[str, Facility], login) -> None:  # type: ignore[no-untyped-def]
    response = login(personas.aishan_officer).get(reverse("facility_poi:csv"))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    header = body.decode("utf-8-sig").splitlines()[0]
    assert header == ",".join(COLUMNS) == "id,name,address,category,kind,lng,lat,phone,opening_hours,region_code"
    rows = {r["name"]: r for r in rows_of(body)}
    assert set(rows) == {"仪凤桥老年食堂", "爱山街道居家养老服务中心", "'=HYPERLINK(1)"}
    meal = rows["仪凤桥老年食堂"]
    # WGS (120.0868, 30.8940) is GCJ-02 (120.091671, 30.891956) (DOMAIN.md).
    assert (meal["lng"], meal["lat"]) == ("120.091671", "30.891956")
    assert meal["category"] == "老年助餐点" and meal["kind"] == "meal_site" and meal["phone"] == "05722123456"
    assert meal["opening_hours"] == "11:00-13:00" and meal["address"] == "红旗路18号"
    assert rows["爱山街道居家养老服务中心"]["region_code"] == "330502003000"


def test_json_download(personas: Personas, sites: dict[str, Facility], login) -> None:  # type: ignore[no-untyped-def]
    response = login(personas.city_admin).get(reverse("facility_poi:json"), {"kind": "meal_site"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    body = json.loads(response.content)
    assert body["coord_type"] == "gcj02" and body["count"] == len(body["pois"]) == 3
    meal = next(p for p in body["pois"] if p["name"] == "仪凤桥老年食堂")
    assert set(meal) == set(COLUMNS)
    assert (meal["lng"], meal["lat"]) == (120.091671, 30.891956)
    assert {p["name"] for p in body["pois"]} == {"仪凤桥老年食堂", "递铺老年食堂", "=HYPERLINK(1)"}


def test_the_page_counts_what_is_left_out(personas: Personas, sites: dict[str, Facility], login) -> None:  # type: ignore[no-untyped-def]
    html = login(personas.aishan_officer).get(reverse("facility_poi:export")).content.decode()
    assert "可导出 <strong>3</strong> 处" in html and "另有 1 处尚未登记坐标" in html and "120.091671" in html


def test_the_api_exports_json_and_csv(personas: Personas, sites: dict[str, Facility], api) -> None:  # type: ignore[no-untyped-def]
    client = api(personas.anji_officer)
    body = client.get("/api/facilities/poi/").json()
    assert [p["name"] for p in body["pois"]] == ["递铺老年食堂"] and body["coord_type"] == "gcj02"
    response = client.get("/api/facilities/poi/csv/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert [r["name"] for r in rows_of(b"".join(response.streaming_content))] == ["递铺老年食堂"]
    assert client.get("/api/facilities/poi/", {"kind": "nope"}).json() == {"kind": ["设施类别无效"]}


def test_export_needs_the_permission(personas: Personas, providers: Providers, api, login) -> None:  # type: ignore[no-untyped-def]
    for user in (personas.village_worker, personas.auditor, providers.op_a):
        assert api(user).get("/api/facilities/poi/").status_code == 403
        assert api(user).get("/api/facilities/poi/csv/").status_code == 403
        assert login(user).get(reverse("facility_poi:csv")).status_code == 403
