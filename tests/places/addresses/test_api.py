"""The address API: scope (404 outside), permissions (403 without the power), bodies, import."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from minzheng.core import messages as core_messages
from minzheng.places import messages
from minzheng.places.addresses import links, quality, services
from minzheng.places.models import Address, Road
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE
from tests.places.addresses.conftest import MANAGERS

pytestmark = pytest.mark.django_db
PERSONAS = ["city_admin", "wuxing_officer", "anji_officer", "aishan_officer", "village_worker", "auditor", "nobody"]
SEES_MINE = {"city_admin", "wuxing_officer", "aishan_officer", "village_worker", "auditor"}


@pytest.fixture
def api(personas):  # type: ignore[no-untyped-def]
    def client(name: str) -> APIClient:
        c = APIClient()
        if name != "anonymous":
            token, _ = Token.objects.get_or_create(user=getattr(personas, name))
            c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return c

    return client


@pytest.fixture
def world(personas):  # type: ignore[no-untyped-def]
    actor = personas.city_admin
    road = services.road_create(actor=actor, region_code=MY_VILLAGE, name="红旗路", aliases=["红旗"])
    anji_road = services.road_create(actor=actor, region_code=OTHER_COUNTY_VILLAGE, name="递铺路")
    mine = services.address_create(actor=actor, region_code=MY_VILLAGE, road=road, number="18", lng="120.0868",
                                   lat="30.894")
    anji = services.address_create(actor=actor, region_code=OTHER_COUNTY_VILLAGE, road=anji_road, number="9")
    return SimpleNamespace(road=road, anji_road=anji_road, mine=mine, anji=anji)


def test_list_and_detail_are_scoped(api, world):  # type: ignore[no-untyped-def]
    for name in PERSONAS:
        client = api(name)
        codes = {row["code"] for row in client.get("/api/addresses/").json()["results"]}
        expected = {world.mine.code} if name in SEES_MINE else set()
        if name in {"city_admin", "anji_officer", "auditor"}:
            expected.add(world.anji.code)
        assert codes == expected, name
        status = client.get(f"/api/addresses/{world.mine.pk}/").status_code
        assert status == (200 if name in SEES_MINE else 404), name
    assert api("anonymous").get("/api/addresses/").status_code == 401


def test_detail_body(api, world):  # type: ignore[no-untyped-def]
    body = api("village_worker").get(f"/api/addresses/{world.mine.pk}/").json()
    assert body["full_text"] == "湖州市吴兴区爱山街道仪凤桥社区红旗路18号"
    assert body["lng"] == "120.0868000" and body["road_detail"]["aliases"] == ["红旗"]
    assert body["map_links"]["amap"].startswith("https://uri.amap.com/navigation")
    assert body["doorplate"] is None and body["successor_code"] is None


def test_malformed_and_missing_ids_are_json_404(api, world):  # type: ignore[no-untyped-def]
    client = api("city_admin")
    for url in ("/api/addresses/null,null/", "/api/addresses/999999/", "/api/addresses/import/nope/",
                "/api/addresses/abc/residents/", "/api/addresses/99999999999999999999999/",
                "/api/addresses/-1/"):
        response = client.get(url)
        assert response.status_code == 404 and response.json() == {"detail": core_messages.NOT_FOUND}, url


def test_filters(api, world):  # type: ignore[no-untyped-def]
    client = api("city_admin")
    assert [r["code"] for r in client.get("/api/addresses/", {"q": "递铺"}).json()["results"]] == [world.anji.code]
    assert [r["code"] for r in client.get("/api/addresses/", {"region_code": "330502"}).json()["results"]] == [
        world.mine.code]
    assert client.get("/api/addresses/", {"road": world.road.pk}).json()["results"][0]["road_name"] == "红旗路"
    assert client.get("/api/addresses/", {"status": "gone"}).status_code == 400
    assert client.get("/api/addresses/", {"road": 10**30}).status_code == 400


def test_create_permission_matrix(api, world):  # type: ignore[no-untyped-def]
    for index, name in enumerate(PERSONAS, start=1):
        response = api(name).post("/api/addresses/", {"region_code": MY_VILLAGE, "road": world.road.pk,
                                                      "number": str(100 + index)}, format="json")
        if name not in MANAGERS:
            assert response.status_code == 403, name
        elif name == "anji_officer":
            # The road lies outside the officer's scope: a 400 on the field, like a missing road.
            assert response.status_code == 400 and response.json() == {"road": [core_messages.NOT_FOUND]}
        else:
            assert response.status_code == 201, (name, response.json())
            assert response.json()["number"] == str(100 + index)


def test_create_errors_are_chinese_by_field(api, world):  # type: ignore[no-untyped-def]
    client = api("aishan_officer")
    response = client.post("/api/addresses/", {"region_code": MY_VILLAGE, "road": world.road.pk, "number": "18"},
                           format="json")
    assert response.status_code == 400
    assert response.json() == {"number": [messages.ADDRESS_DUPLICATE.format(full_text=world.mine.full_text,
                                                                             code=world.mine.code)]}
    response = client.post("/api/addresses/", {"region_code": MY_VILLAGE, "road": world.road.pk, "number": "1",
                                               "lng": "120"}, format="json")
    assert response.json() == {"lat": [messages.ADDRESS_COORDINATES_PAIR]}
    response = client.post("/api/addresses/", {}, format="json")
    assert set(response.json()) == {"region_code", "road", "number"}


def test_coordinates_retire_and_residents(api, world, personas):  # type: ignore[no-untyped-def]
    client = api("aishan_officer")
    new = client.post("/api/addresses/", {"region_code": MY_VILLAGE, "road": world.road.pk, "number": "20"},
                      format="json").json()
    response = client.post(f"/api/addresses/{new['id']}/coordinates/", {"lng": "120.1", "lat": "30.9"},
                           format="json")
    assert response.status_code == 200 and response.json()["lat"] == "30.9000000"
    response = client.post(f"/api/addresses/{world.mine.pk}/retire/", {"successor": new["code"]}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "retired"
    assert response.json()["successor_code"] == new["code"]
    assert api("village_worker").post(f"/api/addresses/{new['id']}/retire/", {}, format="json").status_code == 403
    assert api("anji_officer").post(f"/api/addresses/{new['id']}/retire/", {}, format="json").status_code == 404
    person = PersonFactory()
    neighbour = PersonFactory(region_code=NEIGHBOUR_VILLAGE)
    target = Address.objects.get(pk=new["id"])
    links.person_address_link(actor=personas.aishan_officer, person=person, address=target)
    links.person_address_link(actor=personas.aishan_officer, person=neighbour, address=target)
    rows = api("village_worker").get(f"/api/addresses/{new['id']}/residents/").json()["results"]
    assert [r["id"] for r in rows] == [person.pk]
    assert rows[0]["id_number"] == person.id_number_masked and "*" in rows[0]["id_number"]


def test_roads(api, world):  # type: ignore[no-untyped-def]
    names = [r["name"] for r in api("village_worker").get("/api/roads/").json()["results"]]
    assert names == ["红旗路"]
    assert [r["name"] for r in api("city_admin").get("/api/roads/", {"q": "红旗"}).json()["results"]] == ["红旗路"]
    response = api("aishan_officer").post("/api/roads/", {"region_code": "330502003000", "name": "人民路",
                                                          "aliases": ["人民"]}, format="json")
    assert response.status_code == 201 and response.json()["pinyin"] == "Renmin Lu"
    # A township road is visible to the village worker: their addresses may use it.
    assert "人民路" in [r["name"] for r in api("village_worker").get("/api/roads/").json()["results"]]
    response = api("aishan_officer").post(f"/api/roads/{world.road.pk}/aliases/", {"aliases": ["反修路"]},
                                          format="json")
    assert response.json()["aliases"] == ["反修路"]
    assert api("village_worker").post("/api/roads/", {"region_code": MY_VILLAGE, "name": "新路"},
                                      format="json").status_code == 403
    response = api("aishan_officer").post("/api/roads/", {"region_code": MY_VILLAGE, "name": "new road"},
                                          format="json")
    assert response.json() == {"name": [messages.ROAD_NAME_BAD_CHARACTERS]}
    assert api("anji_officer").post(f"/api/roads/{world.road.pk}/aliases/", {"aliases": []},
                                    format="json").status_code == 404


def test_import_upload_and_status(api, world):  # type: ignore[no-untyped-def]
    data = ("区划代码,街路巷/小区,门牌号,幢,单元,室\n"
            f"{MY_VILLAGE},碧浪湖小区,1,,,\n{MY_VILLAGE},碧浪湖小区,1,3,2,501\n{MY_VILLAGE},碧浪湖小区,x,,,\n").encode()
    upload = io.BytesIO(data)
    upload.name = "addresses.csv"
    response = api("aishan_officer").post("/api/addresses/import/", {"file": upload}, format="multipart")
    assert response.status_code == 202, response.json()
    job = response.json()
    assert job["status"] == "done" and job["created_count"] == 2 and job["bad_rows"] == 1
    assert job["errors"] == [["4", "门牌号", "x", messages.ADDRESS_NUMBER_INVALID]]
    assert Road.objects.filter(name="碧浪湖小区").exists()
    status = api("wuxing_officer").get(f"/api/addresses/import/{job['id']}/")
    assert status.status_code == 200 and status.json()["percent"] == 100
    assert api("anji_officer").get(f"/api/addresses/import/{job['id']}/").status_code == 404
    upload.seek(0)
    assert api("village_worker").post("/api/addresses/import/", {"file": upload},
                                      format="multipart").status_code == 403
    bad = io.BytesIO(b"hello")
    bad.name = "a.txt"
    response = api("aishan_officer").post("/api/addresses/import/", {"file": bad}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()


def test_quality_scores(api, world):  # type: ignore[no-untyped-def]
    quality.quality_check_all(counties=["330502", "330523"])
    rows = api("city_admin").get("/api/addresses/quality/").json()
    assert [r["region_code"] for r in rows] == ["330502000000", "330523000000"]
    rows = api("anji_officer").get("/api/addresses/quality/").json()
    assert [(r["region_code"], r["score"], r["counts"]["missing_coordinates"]) for r in rows] == [
        ("330523000000", "0.00", 1)]


def test_match_route_is_not_shadowed(api, world):  # type: ignore[no-untyped-def]
    # /api/addresses/match/ belongs to the matcher's module; the id routes here must not take it.
    from django.urls import resolve

    assert resolve("/api/addresses/match/").url_name != "places-api-address"
