"""``/api/eldercare/assessments/``: the score endpoint answers as the rules do and saves nothing,
refusing bad scores with a 400 that names the item; the staff endpoints record, list, read and
void within the scope and the powers, and log who read a person's assessments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from minzheng.core.models import AccessLog, AuditEntry
from minzheng.eldercare import messages
from minzheng.eldercare.assessment.models import Assessment
from minzheng.eldercare.assessment.scoring import ITEMS
from tests.eldercare.factories import assess, elder, scores_totalling
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db

SCORE = "/api/eldercare/assessments/score/"
LIST = "/api/eldercare/assessments/"
ALL_MAX = [item.max for item in ITEMS]


def client_for(user: Any) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def officer(personas: Personas) -> APIClient:
    return client_for(personas.aishan_officer)


def body(scores: list[Any], **extra: Any) -> dict[str, Any]:
    return {"scores": scores, "coma": False, "dementia": False, "psychiatric": False, "risk_events_30d": 0, **extra}


@pytest.mark.parametrize(("total", "level"), [(29, "full"), (30, "severe"), (45, "severe"), (46, "moderate"),
                                              (65, "moderate"), (66, "mild"), (89, "mild"), (90, "intact")])
def test_score_answers_subtotals_total_and_levels(personas: Personas, total: int, level: str) -> None:
    entries = AuditEntry.objects.count()
    answer = client_for(personas.village_worker).post(SCORE, body(scores_totalling(total)), format="json")
    assert answer.status_code == 200, answer.json()
    data = answer.json()
    assert data["total"] == total and sum(data["subtotals"]) == total and len(data["subtotals"]) == 4
    assert data["preliminary_level"] == level == data["level"]
    assert not Assessment.objects.exists() and AuditEntry.objects.count() == entries  # nothing saved


def test_score_applies_the_coma_rule_and_the_raise(officer: APIClient) -> None:
    coma = officer.post(SCORE, body(ALL_MAX, coma=True), format="json").json()
    assert coma["subtotals"] == [32, 15, 28, 15] and coma["total"] == 90
    assert (coma["preliminary_level"], coma["level"], coma["level_display"]) == ("intact", "full", "完全失能")
    assert messages.LEVEL_COMA in coma["reasons"]
    for cause in ({"dementia": True}, {"psychiatric": True}, {"risk_events_30d": 2}):
        raised = officer.post(SCORE, body(scores_totalling(66), **cause), format="json").json()
        assert (raised["preliminary_level"], raised["level"]) == ("mild", "moderate"), cause
    # The flags may be left out: they default to false and none.
    assert officer.post(SCORE, {"scores": scores_totalling(66)}, format="json").json()["level"] == "mild"


def test_an_out_of_range_score_is_a_400_naming_the_item(officer: APIClient) -> None:
    scores = list(ALL_MAX)
    scores[2] = 5
    answer = officer.post(SCORE, body(scores), format="json")
    assert answer.status_code == 400
    assert answer.json() == {"scores": ["第3项（B.1.3 洗澡）得分应为 0–4 的整数"]}


@pytest.mark.parametrize("value", ["3", 3.5, True, None, [3]])
def test_a_non_integer_score_is_a_400_naming_the_item(officer: APIClient, value: Any) -> None:
    scores: list[Any] = list(ALL_MAX)
    scores[25] = value
    answer = officer.post(SCORE, body(scores), format="json")
    assert answer.status_code == 400
    assert answer.json() == {"scores": ["第26项（B.4.5 社会交往能力）得分应为 0–4 的整数"]}


@pytest.mark.parametrize(("scores", "expected"), [
    (ALL_MAX[:25], [messages.SCORES_COUNT.format(count=25)]),
    ([*ALL_MAX, 4], [messages.SCORES_COUNT.format(count=27)]),
    ("90", [messages.SCORES_NOT_LIST]),
    (None, [messages.SCORES_NOT_LIST]),
])
def test_a_wrong_count_or_shape_is_a_400(officer: APIClient, scores: Any, expected: list[str]) -> None:
    answer = officer.post(SCORE, body(scores), format="json")
    assert answer.status_code == 400
    assert answer.json() == {"scores": expected}


def test_missing_scores_and_bad_flags_are_named(officer: APIClient) -> None:
    answer = officer.post(SCORE, {"coma": "maybe", "risk_events_30d": -1}, format="json")
    assert answer.status_code == 400
    assert answer.json() == {"scores": [messages.SCORES_NOT_LIST],
                             "coma": [messages.FLAG_INVALID.format(field="处于昏迷状态")],
                             "risk_events_30d": [messages.RISK_EVENTS_INVALID.format(max=99)]}


def test_score_needs_a_signed_in_user() -> None:
    answer = APIClient().post(SCORE, body(ALL_MAX), format="json")
    assert answer.status_code == 401


def test_an_officer_records_lists_reads_and_voids(officer: APIClient, personas: Personas) -> None:
    person, _ = elder()
    created = officer.post(LIST, {**body(scores_totalling(50), dementia=True), "person": person.pk,
                                  "reason": "first", "assessed_on": "2024-05-10"}, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["total"], data["preliminary_level"], data["level"]) == (50, "moderate", "severe")
    assert data["assessor"] == "aishan_officer" and data["valid"] is True and data["reason_display"] == "首次评估"
    assert data["items"][0] == {"code": "B.1.1", "indicator": "自理能力", "name": "进食", "score": 4, "max": 4,
                                "wording": "独立使用器具将食物送进口中并咽下，没有呛咳"}
    assert AuditEntry.objects.filter(action="eldercare.assessment.recorded").count() == 1

    listed = officer.get(LIST, {"person": person.pk})
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [data["id"]]
    assert AccessLog.objects.filter(actor=personas.aishan_officer, subject_id=str(person.pk), channel="api").exists()
    assert officer.get(LIST, {"level": "mild"}).json()["results"] == []

    detail = officer.get(f"{LIST}{data['id']}/")
    assert detail.status_code == 200 and len(detail.json()["items"]) == 26

    refused = officer.post(f"{LIST}{data['id']}/void/", {"reason": ""}, format="json")
    assert refused.status_code == 400 and refused.json() == {"reason": [messages.VOID_REASON_REQUIRED]}
    voided = officer.post(f"{LIST}{data['id']}/void/", {"reason": "录入错误"}, format="json")
    assert voided.status_code == 200 and voided.json()["valid"] is False
    again = officer.post(f"{LIST}{data['id']}/void/", {"reason": "再次"}, format="json")
    assert again.status_code == 400 and again.json() == {"voided_at": [messages.ALREADY_VOIDED]}


def test_recording_refuses_bad_input_by_field(officer: APIClient) -> None:
    person, _ = elder()
    bad_scores = list(ALL_MAX)
    bad_scores[11] = 4
    answer = officer.post(LIST, {**body(bad_scores), "person": person.pk, "reason": "daily",
                                 "assessed_on": "2024-13-01"}, format="json")
    assert answer.status_code == 400
    assert answer.json() == {"scores": ["第12项（B.2.4 上下楼梯）得分应为 0–3 的整数"],
                             "reason": [messages.REASON_INVALID], "assessed_on": [messages.ASSESSED_ON_INVALID]}
    young, _ = elder(dt.date(1980, 1, 1))
    answer = officer.post(LIST, {**body(ALL_MAX), "person": young.pk, "reason": "first",
                                 "assessed_on": "2024-05-10"}, format="json")
    assert answer.status_code == 400
    assert answer.json() == {"assessed_on": [messages.PERSON_UNDER_AGE.format(age=60)]}
    assert not Assessment.objects.exists()


def test_out_of_scope_is_404_and_missing_power_is_403(officer: APIClient, personas: Personas) -> None:
    far, _ = elder(region_code=OTHER_COUNTY_VILLAGE)
    record = {**body(ALL_MAX), "person": far.pk, "reason": "first", "assessed_on": "2024-05-10"}
    assert officer.post(LIST, record, format="json").status_code == 404
    assert officer.get(LIST, {"person": far.pk}).status_code == 404
    theirs = assess(personas.anji_officer, far)
    assert officer.get(f"{LIST}{theirs.pk}/").status_code == 404
    assert officer.post(f"{LIST}{theirs.pk}/void/", {"reason": "x"}, format="json").status_code == 404
    assert officer.get(LIST).json()["results"] == []

    worker = client_for(personas.village_worker)
    near, _ = elder()
    assert worker.get(LIST).status_code == 403
    assert worker.post(LIST, {**record, "person": near.pk}, format="json").status_code == 403
    assert client_for(personas.anji_officer).get(LIST).json()["count"] == 1
    assert Assessment.objects.count() == 1
