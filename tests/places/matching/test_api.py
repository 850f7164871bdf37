"""``GET /api/addresses/match/``: good and bad input, sign-in, and the caller's scope."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client

from minzheng.core.models import Region
from minzheng.places import messages
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE
from tests.places.matching.test_matcher import City

URL = "/api/addresses/match/"


@pytest.fixture
def city(personas) -> City:  # type: ignore[no-untyped-def]
    return City()


def test_a_match_answers_best_candidates_and_parsed(city, api):
    response = api("city_admin").get(URL, {"q": "仪凤桥社区红旗路18-3-2-501"})
    assert response.status_code == 200
    body = response.json()
    assert body["best"] == {"id": city.flat.pk, "code": city.flat.code, "full_text": city.flat.full_text,
                            "score": 1.0}
    assert body["candidates"][0] == body["best"]
    assert 1 <= len(body["candidates"]) <= 5
    assert body["parsed"] == {"village": "仪凤桥社区", "road": "红旗路", "number": "18", "building": "3", "unit": "2",
                              "room": "501"}
    assert body["ambiguous"] is False and body["tied_regions"] == []


def test_no_match_answers_null_best(city, api):
    body = api("city_admin").get(URL, {"q": "杭州市西湖区文三路100号"}).json()
    assert body["best"] is None and body["candidates"] == []
    assert body["parsed"]["city"] == "杭州市"
    ambiguous = api("city_admin").get(URL, {"q": "红旗路18号"}).json()
    assert ambiguous["best"] is None and ambiguous["ambiguous"] is True
    assert {c["id"] for c in ambiguous["candidates"]} == {city.hongqi_18.pk, city.neighbour_18.pk, city.far_18.pk}


def test_a_tie_between_villages_names_them_and_each_narrows_to_one(city, api):
    body = api("city_admin").get(URL, {"q": "红旗路18号"}).json()
    assert body["best"] is None and body["ambiguous"] is True
    tied = {r["code"]: r["name"] for r in body["tied_regions"]}
    assert tied == {code: Region.objects.get(code=code).full_name
                    for code in (MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE)}
    picked = api("city_admin").get(URL, {"q": "红旗路18号", "region": NEIGHBOUR_VILLAGE}).json()
    assert picked["best"]["id"] == city.neighbour_18.pk and picked["tied_regions"] == []


def test_a_tie_inside_one_village_names_no_regions(city, api):
    body = api("city_admin").get(URL, {"q": "仪凤桥社区红旗路18-3-501"}).json()
    assert body["best"] is None and body["ambiguous"] is True and body["tied_regions"] == []


def test_the_region_argument_narrows(city, api):
    body = api("city_admin").get(URL, {"q": "红旗路18号", "region": "330502100"}).json()
    assert body["best"]["id"] == city.far_18.pk
    body = api("city_admin").get(URL, {"q": "红旗路18号", "region": "330502100000"}).json()
    assert body["best"]["id"] == city.far_18.pk


@pytest.mark.parametrize(("params", "errors"), [
    ({}, {"q": [messages.MATCH_Q_REQUIRED]}),
    ({"q": ""}, {"q": [messages.MATCH_Q_REQUIRED]}),
    ({"q": "   "}, {"q": [messages.MATCH_Q_REQUIRED]}),
    ({"q": "红" * 201}, {"q": [messages.MATCH_Q_TOO_LONG.format(max=200)]}),
    ({"q": "，。！？——"}, {"q": [messages.MATCH_Q_NO_TEXT]}),
    ({"q": "附近 旁边"}, {"q": [messages.MATCH_Q_NO_TEXT]}),
    ({"q": "红旗路18号", "region": "abc"}, {"region": [messages.MATCH_REGION_INVALID]}),
    ({"q": "红旗路18号", "region": "3"}, {"region": [messages.MATCH_REGION_INVALID]}),
    ({"q": "红旗路18号", "region": "3305020030011"}, {"region": [messages.MATCH_REGION_INVALID]}),
])
def test_bad_input_is_a_400_naming_the_field(city, api, params, errors):
    response = api("city_admin").get(URL, params)
    assert response.status_code == 400
    assert response.json() == errors


def test_two_hundred_characters_are_allowed(city, api):
    assert api("city_admin").get(URL, {"q": "红" * 200}).status_code == 200


def test_anonymous_callers_are_refused(city, api):
    assert api("anonymous").get(URL, {"q": "红旗路18号"}).status_code == 401


def test_candidates_come_from_the_callers_scope_only(city, api):
    mine = api("village_worker").get(URL, {"q": "红旗路18号"}).json()
    assert mine["best"]["id"] == city.hongqi_18.pk
    assert {c["id"] for c in mine["candidates"]} <= {city.hongqi_18.pk, city.flat.pk, city.flat_other_unit.pk}
    elsewhere = api("village_worker").get(URL, {"q": "织里镇义皋村沈家埭3号"}).json()
    assert elsewhere["best"] is None and elsewhere["candidates"] == []
    # A region outside the scope finds nothing rather than saying it is forbidden.
    outside = api("village_worker").get(URL, {"q": "红旗路18号", "region": "330502100"})
    assert outside.status_code == 200 and outside.json()["candidates"] == []
    assert api("anji_officer").get(URL, {"q": "昌硕路9号"}).json()["best"]["id"] == city.anji_9.pk
    assert api("anji_officer").get(URL, {"q": "环城西路7号"}).json()["candidates"] == []
    assert api("nobody").get(URL, {"q": "环城西路7号"}).json()["candidates"] == []


def test_session_signed_in_staff_may_call_it(city, personas):
    client = Client()
    client.force_login(personas.aishan_officer)
    response = client.get(URL, {"q": "环城西路7号"})
    assert response.status_code == 200 and response.json()["best"]["id"] == city.huancheng_7.pk


def test_the_endpoint_is_documented(db, tmp_path, capsys):
    call_command("spectacular", "--validate", "--format", "openapi-json",
                 "--file", str(tmp_path / "schema.json"))
    schema = json.loads((tmp_path / "schema.json").read_text(encoding="utf-8"))
    operation = schema["paths"][URL]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "region"}
    assert {"200", "400", "401"} <= set(operation["responses"])
    warnings = capsys.readouterr().err
    assert "match" not in warnings.lower()  # other apps' warnings are theirs to fix


def test_a_missing_number_is_named_with_the_numbers_the_road_has(city, api):  # type: ignore[no-untyped-def]
    body = api("city_admin").get(URL, {"q": "环城西路700号"}).json()
    assert body["best"] is None
    assert body["missing_number"] == {"road": "环城西路", "number": "700", "existing": "7号",
                                      "message": "环城西路没有700号，现有7号"}
    assert api("city_admin").get(URL, {"q": "环城西路7号"}).json()["missing_number"] is None
