"""/api/benefits/applications/: the same flow as the pages, thin over the services."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from minzheng.benefits import messages
from minzheng.benefits.applications import services
from minzheng.benefits.applications.models import Application
from tests.benefits.factories import household_with

S = Application.Status
BASE = "/api/benefits/applications/"


def api_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_dibao_case_through_the_api(personas, dibao, monkeypatch) -> None:
    household = household_with("spouse", "child")
    township, county = api_for(personas.aishan_officer), api_for(personas.wuxing_officer)
    created = township.post(BASE, {"program": "dibao", "household": household.pk, "reason": "因病"}, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert township.post(f"{BASE}{pk}/check-start/", {}, format="json").json()["status"] == S.ECONOMIC_CHECK
    people = [m.person_id for m in household.memberships.order_by("id")]
    body = {"assets": {"deposits": "1000.00", "vehicles": 0, "houses": 1},
            "members": [{"person": people[0], "relationship": "self", "incomes": {"wage": "1000.00"}},
                        {"person": people[1], "relationship": "spouse"},
                        {"person": people[2], "relationship": "child", "dependent": True}]}
    checked = township.post(f"{BASE}{pk}/economic-check/", body, format="json")
    assert checked.status_code == 200, checked.json()
    check = checked.json()["economic_check"]
    assert check["eligible"] and check["monthly_amount"] == "2435.00" and check["per_capita_income"] == "333.33"
    assert township.post(f"{BASE}{pk}/notice/", {"opinion": "属实"}, format="json").json()["status"] == S.PUBLIC_NOTICE
    later = dt.date.today() + dt.timedelta(days=8)
    monkeypatch.setattr(services, "_today", lambda: later)
    assert [a["id"] for a in county.get(f"{BASE}approvals/").json()["in_notice"]] == [pk]
    approved = county.post(f"{BASE}{pk}/approve/", {}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == S.ENROLLED
    detail = township.get(f"{BASE}{pk}/").json()
    assert [step["action"] for step in detail["timeline"]] == ["submitted", "check_started", "checked",
                                                               "notice_started", "approved"]
    assert detail["enrollment"] is not None


def test_out_of_scope_is_404_and_deciding_is_the_countys(personas, make_application) -> None:
    elsewhere = make_application(S.SUBMITTED, region_code="330502100201")
    township = api_for(personas.aishan_officer)
    assert township.get(f"{BASE}{elsewhere.pk}/").status_code == 404
    assert township.post(f"{BASE}{elsewhere.pk}/check-start/", {}, format="json").status_code == 404
    mine = make_application(S.TOWNSHIP_REVIEW)
    assert township.post(f"{BASE}{mine.pk}/refuse/", {"reason": "x"}, format="json").status_code == 403
    assert api_for(personas.city_admin).get(BASE).status_code == 403


def test_an_illegal_transition_answers_400_on_status(personas, make_application) -> None:
    app = make_application(S.SUBMITTED)
    response = api_for(personas.aishan_officer).post(f"{BASE}{app.pk}/notice/", {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"status": [messages.APPLICATION_ILLEGAL_TRANSITION.format(
        status="已受理", action="开始公示")]}


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"members": []}, "members", messages.CHECK_MEMBERS_REQUIRED),
    ({"members": [{"name": "张三", "relationship": "self", "incomes": {"wage": "-1"}}]}, "members",
     f"第1项：incomes：wage：{messages.CHECK_INCOME_NEGATIVE}"),
    ({"members": [{"name": "张三", "relationship": "self"}], "assets": {"deposits": "-5"}}, "assets",
     f"deposits：{messages.CHECK_INCOME_NEGATIVE}"),
])
def test_bad_economic_checks_get_chinese_messages_naming_the_field(personas, make_application, body, field,
                                                                   message) -> None:
    app = make_application(S.ECONOMIC_CHECK)
    response = api_for(personas.aishan_officer).post(f"{BASE}{app.pk}/economic-check/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_bad_submissions_name_the_field(personas, dibao) -> None:
    township = api_for(personas.aishan_officer)
    assert township.post(BASE, {"program": "nope"}, format="json").json() == {
        "program": [messages.PROGRAM_UNKNOWN.format(code="nope")]}
    assert township.post(BASE, {"program": "dibao"}, format="json").json() == {
        "household": [messages.APPLICATION_HOUSEHOLD_REQUIRED.format(program="最低生活保障")]}
    outside = household_with(region_code="330523001001")
    assert township.post(BASE, {"program": "dibao", "household": outside.pk}, format="json").json() == {
        "household": [messages.APPLICATION_HOUSEHOLD_UNKNOWN]}
    assert not Application.objects.exists()
