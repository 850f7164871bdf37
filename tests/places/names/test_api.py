"""``/api/place-names/``: good and bad paths."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from minzheng.core import messages as core_messages
from minzheng.places import messages
from minzheng.places.models import NamingProposal, Road
from minzheng.places.names.services import naming_county_approve, naming_propose, naming_township_review
from tests.personas import MY_VILLAGE, OTHER_TOWNSHIP_VILLAGE
from tests.places.names.factories import HeritageEntryFactory, NamingProposalFactory, PlaceNameWorkFactory

pytestmark = pytest.mark.django_db

AISHAN = "330502003000"
REASON = "该道路连接三个自然村，原无正式名称，群众出行不便。"
BASE = "/api/place-names/proposals/"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def propose(actor, name="桑梓路", **kwargs):
    return naming_propose(actor=actor, name=name, kind="road", reason=REASON, **kwargs)


# ---- proposals ---------------------------------------------------------------------------------

def test_list_is_scoped_and_needs_a_login(people):
    propose(people.village_worker)
    propose(people.wuxing_officer, name="稻香路", village_code=OTHER_TOWNSHIP_VILLAGE)
    assert api().get(BASE).status_code == 401
    names = {row["name"] for row in api(people.aishan_officer).get(BASE).json()["results"]}
    assert names == {"桑梓路"}
    names = {row["name"] for row in api(people.wuxing_officer).get(BASE).json()["results"]}
    assert names == {"桑梓路", "稻香路"}
    assert api(people.anji_officer).get(BASE).json()["results"] == []
    rows = api(people.city_admin).get(BASE, {"q": "稻香", "status": "submitted"}).json()["results"]
    assert [r["name"] for r in rows] == ["稻香路"]
    assert api(people.city_admin).get(BASE, {"status": "lost"}).status_code == 400


def test_create(people):
    response = api(people.village_worker).post(BASE, {"name": "桑梓路", "kind": "road", "reason": REASON},
                                               format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["region_code"], body["village_code"], body["pinyin"], body["status"], body["road"]) == (
        AISHAN, MY_VILLAGE, "Sangzi Lu", "submitted", None)


def test_create_with_bad_fields_answers_400_by_field(people):
    response = api(people.aishan_officer).post(BASE, {"name": "桑梓桥", "kind": "road", "township": AISHAN,
                                                      "reason": "短", "pinyin": "Sangzi-Lu"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"name": [messages.NAMING_NAME_ROAD_SUFFIX],
                               "reason": [messages.NAMING_REASON_TOO_SHORT.format(min=10)],
                               "pinyin": [messages.NAMING_PINYIN_BAD_CHARACTERS]}
    response = api(people.aishan_officer).post(BASE, {"kind": "tunnel"}, format="json")
    assert response.json() == {"name": [messages.NAMING_NAME_REQUIRED], "kind": [messages.NAMING_KIND_INVALID],
                               "reason": [messages.NAMING_REASON_TOO_SHORT.format(min=10)]}
    assert not NamingProposal.objects.exists()


def test_create_outside_the_scope(people):
    response = api(people.aishan_officer).post(BASE, {"name": "桑梓路", "kind": "road", "reason": REASON,
                                                      "village": OTHER_TOWNSHIP_VILLAGE}, format="json")
    assert response.status_code == 400
    assert response.json() == {"village": [messages.NAMING_REGION_OUT_OF_SCOPE]}


@pytest.mark.parametrize("who", ["auditor", "nobody"])
def test_create_needs_the_permission(people, who):
    response = api(getattr(people, who)).post(BASE, {"name": "桑梓路", "kind": "road", "reason": REASON},
                                              format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": core_messages.PERMISSION_DENIED}


def test_detail_is_404_outside_the_scope(people):
    p = propose(people.village_worker)
    assert api(people.village_worker).get(f"{BASE}{p.pk}/").json()["name"] == "桑梓路"
    response = api(people.anji_officer).get(f"{BASE}{p.pk}/")
    assert response.status_code == 404 and response.json() == {"detail": core_messages.NOT_FOUND}
    assert api(people.city_admin).get(f"{BASE}999999/").status_code == 404


def test_the_whole_path_through_the_api(people):
    p = propose(people.village_worker)
    response = api(people.aishan_officer).post(f"{BASE}{p.pk}/review/", {"decision": "approve"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "township_approved"
    response = api(people.wuxing_officer).post(f"{BASE}{p.pk}/approve/", {"decision": "approve"}, format="json")
    assert response.status_code == 200
    road = Road.objects.get()
    assert response.json()["road"] == road.code == AISHAN + "0001"
    today = dt.date.today().isoformat()
    response = api(people.wuxing_officer).post(f"{BASE}{p.pk}/publish/", {"published_on": today}, format="json")
    assert response.status_code == 200 and response.json()["published_on"] == today


def test_decision_must_be_approve_or_reject(people):
    p = propose(people.village_worker)
    response = api(people.aishan_officer).post(f"{BASE}{p.pk}/review/", {"decision": "maybe"}, format="json")
    assert response.status_code == 400 and response.json() == {"decision": [messages.NAMING_DECISION_INVALID]}


def test_rejection_needs_a_reason(people):
    p = propose(people.village_worker)
    response = api(people.aishan_officer).post(f"{BASE}{p.pk}/review/", {"decision": "reject"}, format="json")
    assert response.status_code == 400 and response.json() == {"reason": [messages.NAMING_REJECTION_REASON_REQUIRED]}
    response = api(people.aishan_officer).post(f"{BASE}{p.pk}/review/", {"decision": "reject", "reason": "重名"},
                                               format="json")
    assert response.json()["status"] == "rejected" and response.json()["rejection_reason"] == "重名"


def test_status_errors(people):
    p = propose(people.village_worker)
    response = api(people.wuxing_officer).post(f"{BASE}{p.pk}/approve/", {"decision": "approve"}, format="json")
    assert response.status_code == 400 and response.json() == {"non_field_errors": [messages.NAMING_REVIEW_FIRST]}
    response = api(people.wuxing_officer).post(f"{BASE}{p.pk}/publish/", {}, format="json")
    assert response.json() == {"non_field_errors": [messages.NAMING_NOT_APPROVED.format(status="待乡镇审核")]}
    response = api(people.wuxing_officer).post(f"{BASE}{p.pk}/publish/", {"published_on": "2024-13-01"},
                                               format="json")
    assert response.status_code == 400 and list(response.json()) == ["published_on"]


def test_wrong_level_answers_403_with_the_reason(people):
    p = propose(people.village_worker)
    response = api(people.village_worker).post(f"{BASE}{p.pk}/review/", {"decision": "approve"}, format="json")
    assert response.status_code == 403 and response.json() == {"detail": messages.NAMING_REVIEW_LEVEL}
    naming_township_review(actor=people.aishan_officer, proposal=p, approve=True)
    response = api(people.aishan_officer).post(f"{BASE}{p.pk}/approve/", {"decision": "approve"}, format="json")
    assert response.status_code == 403 and response.json() == {"detail": messages.NAMING_APPROVE_LEVEL}


def test_actions_outside_the_scope_are_404(people):
    p = propose(people.village_worker)
    naming_township_review(actor=people.aishan_officer, proposal=p, approve=True)
    naming_county_approve(actor=people.wuxing_officer, proposal=p, approve=True)
    for action, body in (("review", {"decision": "approve"}), ("approve", {"decision": "approve"}), ("publish", {})):
        assert api(people.anji_officer).post(f"{BASE}{p.pk}/{action}/", body, format="json").status_code == 404


# ---- heritage and counts -----------------------------------------------------------------------

def test_heritage_is_public(people):
    HeritageEntryFactory(name="衣裳街", lng=Decimal("120.0925"), lat=Decimal("30.8668"))
    HeritageEntryFactory(name="潞村")
    response = Client().get("/api/place-names/heritage/")
    assert response.status_code == 200
    (batch,) = json.loads(response.content)
    assert batch["name"] == "第一批"
    by_name = {e["name"]: e for e in batch["entries"]}
    assert by_name["潞村"]["map_links"] is None
    assert set(by_name["衣裳街"]["map_links"]) == {"amap", "baidu", "tencent"}
    # A bad token does not matter on a public route.
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token nonsense")
    assert bad.get("/api/place-names/heritage/").status_code == 200


def test_counts(people):
    NamingProposalFactory(status="published", approved_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
                          proposed_by=people.aishan_officer)
    PlaceNameWorkFactory.create_batch(2)
    response = api(people.city_admin).get("/api/place-names/counts/", {"year": 2024})
    assert response.status_code == 200
    assert response.json() == {"year": 2024, "rural_roads_named": 1, "signage_products": 2, "culture_routes": 0,
                               "culture_halls": 0}
    assert api(people.anji_officer).get("/api/place-names/counts/", {"year": 2024}).json()["rural_roads_named"] == 0
    per_year = api(people.city_admin).get("/api/place-names/named-per-year/").json()
    assert per_year == [{"year": 2024, "roads": 1, "bridges": 0, "total": 1}]


@pytest.mark.parametrize("query", [{}, {"year": "abc"}, {"year": 1999}, {"year": 2101}])
def test_counts_need_a_year(people, query):
    response = api(people.city_admin).get("/api/place-names/counts/", query)
    assert response.status_code == 400
    assert response.json() == {"year": [messages.COUNTS_YEAR_INVALID.format(min=2000, max=2100)]}


def test_counts_need_a_login():
    assert APIClient().get("/api/place-names/counts/", {"year": 2024}).status_code == 401


def test_schema_documents_the_routes(people):
    schema = json.loads(Client().get("/api/schema/", {"format": "json"}).content)
    assert {"/api/place-names/proposals/", "/api/place-names/proposals/{id}/review/",
            "/api/place-names/proposals/{id}/approve/", "/api/place-names/proposals/{id}/publish/",
            "/api/place-names/heritage/", "/api/place-names/counts/"} <= set(schema["paths"])
    assert "401" not in schema["paths"]["/api/place-names/heritage/"]["get"]["responses"]
