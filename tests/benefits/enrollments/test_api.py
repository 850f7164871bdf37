from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rest_framework.test import APIClient

from minzheng.benefits import messages
from minzheng.benefits.enrollments import services
from minzheng.benefits.models import Enrollment
from tests.benefits.factories import household_with


def api_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def enrolled(program, region_code="330502003001") -> Enrollment:  # type: ignore[no-untyped-def]
    return services.enrollment_create(actor=None, program=program, household=household_with(region_code=region_code),
                                      approved_on=dt.date(2023, 12, 1), monthly_amount=Decimal("600.00"))


def test_the_due_list_and_a_review_through_the_api(personas, dibao) -> None:
    mine, elsewhere = enrolled(dibao), enrolled(dibao, region_code="330523001001")
    due = api_for(personas.village_worker).get("/api/benefits/reviews/due/").json()
    assert [row["id"] for row in due["results"]] == [mine.pk]
    response = api_for(personas.aishan_officer).post(f"/api/benefits/enrollments/{mine.pk}/review/",
                                                     {"outcome": "suspend", "reason": "外出务工失联"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "suspended" and body["reviews"][0]["outcome"] == "suspend"
    assert api_for(personas.aishan_officer).get(f"/api/benefits/enrollments/{elsewhere.pk}/").status_code == 404


def test_review_input_errors_are_chinese_and_name_the_field(personas, dibao) -> None:
    enrollment = enrolled(dibao)
    client = api_for(personas.aishan_officer)
    url = f"/api/benefits/enrollments/{enrollment.pk}/review/"
    assert client.post(url, {"outcome": "maybe"}, format="json").json() == {
        "outcome": [messages.REVIEW_OUTCOME_INVALID]}
    assert client.post(url, {"outcome": "change_amount"}, format="json").json() == {
        "monthly_amount": [messages.REVIEW_AMOUNT_REQUIRED]}
    assert client.post(url, {"outcome": "change_amount", "monthly_amount": "-1"}, format="json").json() == {
        "monthly_amount": [messages.ENROLLMENT_AMOUNT_NEGATIVE]}
    assert api_for(personas.village_worker).post(url, {"outcome": "continue"}, format="json").status_code == 403
