"""POST /api/benefits/{dibao,dibian,tekun}/assess/: the same answer as the engine's policy, nothing
saved, and bad input refused with 400 and Chinese reasons naming the field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from minzheng.assistance import messages
from minzheng.benefits.programs.policy import AssetFacts, Facts, MemberFacts, policy_for
from minzheng.core.models import AuditEntry
from tests.personas import MY_VILLAGE, Personas

DIBAO = "/api/benefits/dibao/assess/"
DIBIAN = "/api/benefits/dibian/assess/"
TEKUN = "/api/benefits/tekun/assess/"


@pytest.fixture
def client(personas: Personas) -> APIClient:
    api = APIClient()
    api.force_authenticate(personas.village_worker)
    return api


def household(*incomes: str, **extra: Any) -> dict[str, Any]:
    return {"region_code": MY_VILLAGE, "month": "2024-06",
            "members": [{"monthly_income": x, "work_capable": True} for x in incomes],
            "assets": {"deposits": "5000.00", "vehicles": 0, "houses": 1}, **extra}


def tekun(**extra: Any) -> dict[str, Any]:
    return {"region_code": MY_VILLAGE, "month": "2024-06", "age": 72, "monthly_income": "300.00",
            "supporters": "none", **extra}


def test_the_rounding_example_answers_as_the_engine_policy(client: APIClient) -> None:
    answer = client.post(DIBAO, household("1000.00", "0", "0"), format="json")
    assert answer.status_code == 200
    body = answer.json()
    assert body["eligible"] is True
    assert body["monthly_amount"] == "2435.00"
    assert body["per_capita_income"] == "333.33"
    assert body["standard"] == "1145.00"
    engine = policy_for("dibao").assess(
        Facts(members=[MemberFacts(monthly_income=Decimal(x)) for x in ("1000", "0", "0")],
              assets=AssetFacts(deposits=Decimal("5000"), houses=1)), standard=Decimal("1145.00"), params={})
    assert body["reasons"] == engine.reasons


def test_income_at_the_standard_is_refused_with_the_reason(client: APIClient) -> None:
    body = client.post(DIBAO, household("1145.00"), format="json").json()
    assert body["eligible"] is False and body["monthly_amount"] == "0.00"
    assert "不低于低保标准" in body["reasons"][0]


def test_dibian_answers_between_one_and_k_times(client: APIClient) -> None:
    assert client.post(DIBIAN, household("1717.50"), format="json").json()["eligible"] is True
    body = client.post(DIBIAN, household("1717.51"), format="json").json()
    assert body["eligible"] is False and body["standard"] == "1145.00"


def test_tekun_answers_with_the_basic_standard_and_care(client: APIClient) -> None:
    care = {"eating": True, "dressing": True, "bed_transfer": True, "toileting": True, "indoor_walking": True,
            "bathing": False}
    body = client.post(TEKUN, tekun(self_care=care), format="json").json()
    assert body["eligible"] is True
    assert body["standard"] == "1950.00"
    assert body["monthly_amount"] == "2550.00"  # 1,950 + the seeded partial-loss care amount 600
    body = client.post(TEKUN, tekun(supporters="able", disability={"kind": "physical", "grade": 1}),
                       format="json").json()
    assert body["eligible"] is False and messages.TEKUN_SUPPORTERS_ABLE in body["reasons"]


def test_nothing_is_saved(client: APIClient) -> None:
    before = AuditEntry.objects.count()
    client.post(DIBAO, household("800.00"), format="json")
    assert AuditEntry.objects.count() == before


def test_negative_income_names_the_member(client: APIClient) -> None:
    answer = client.post(DIBAO, household("800.00", "-1.00"), format="json")
    assert answer.status_code == 400
    assert answer.json() == {"members": [messages.ASSESS_MEMBER.format(n=2, message=messages.INCOME_NEGATIVE)]}


def test_no_members_is_refused(client: APIClient) -> None:
    answer = client.post(DIBAO, household(), format="json")
    assert answer.status_code == 400
    assert answer.json() == {"members": [messages.ASSESS_MEMBERS_REQUIRED]}


def test_unknown_region_is_refused(client: APIClient) -> None:
    answer = client.post(DIBAO, household("800", region_code="330599999999"), format="json")
    assert answer.status_code == 400
    assert answer.json() == {"region_code": [messages.ASSESS_REGION_UNKNOWN.format(code="330599999999")]}


def test_a_month_with_no_standard_is_refused(client: APIClient) -> None:
    answer = client.post(DIBAO, household("800", month="2023-12"), format="json")
    assert answer.status_code == 400
    assert answer.json() == {"month": [messages.ASSESS_NO_STANDARD.format(month="2023年12月", program="最低生活保障")]}


def test_a_malformed_month_and_assets_are_refused_in_chinese(client: APIClient) -> None:
    body = household("800", month="June", assets={"deposits": "-5", "vehicles": "x", "houses": 1})
    answer = client.post(DIBAO, body, format="json")
    assert answer.status_code == 400
    assert answer.json() == {"month": [messages.ASSESS_MONTH_INVALID],
                             "assets": [messages.DEPOSITS_NEGATIVE, messages.COUNT_INVALID.format(field="机动车数量")]}


def test_tekun_bad_input_names_each_field(client: APIClient) -> None:
    answer = client.post(TEKUN, tekun(age=-1, supporters="maybe", disability={"kind": "x", "grade": 5},
                                      self_care={"eating": True}), format="json")
    assert answer.status_code == 400
    body = answer.json()
    assert body["age"] == [messages.AGE_INVALID]
    assert body["supporters"] == [messages.SUPPORTERS_INVALID]
    assert body["disability"] == [messages.DISABILITY_KIND_INVALID, messages.DISABILITY_GRADE_INVALID]
    assert messages.BOOLEAN_INVALID.format(field="穿衣") in body["self_care"]


def test_signed_out_callers_are_refused(db) -> None:  # type: ignore[no-untyped-def]
    assert APIClient().post(DIBAO, household("800"), format="json").status_code == 401


def test_the_schema_describes_the_three_operations(client: APIClient) -> None:
    schema = client.get("/api/schema/?format=json").json()
    for path, operation in ((DIBAO, "dibao_assess"), (DIBIAN, "dibian_assess"), (TEKUN, "tekun_assess")):
        post = schema["paths"][path]["post"]
        assert post["operationId"] == operation
        assert {"200", "400"} <= set(post["responses"])
