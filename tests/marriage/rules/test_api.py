"""The checks through the API: registrars only, nothing saved, bad dates a 400 naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from minzheng.marriage import messages
from minzheng.marriage.registrations.models import Marriage
from tests.personas import Personas

CHECK, TIMELINE = "/api/marriage/check/", "/api/marriage/divorce/timeline/"


def body(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "registration_date": "2025-06-15",
        "parties": [
            {"gender": "M", "birth_date": "2003-06-15", "marital_status": "unmarried", "alive": True},
            {"gender": "F", "birth_date": "2001-01-02", "marital_status": "divorced", "alive": True},
        ],
        "prohibited_relationship_declared_absent": True,
    }
    return data | over


@pytest.fixture
def registrar(personas: Personas) -> APIClient:
    client = APIClient()
    client.force_authenticate(personas.wuxing_marriage_registrar)
    return client


def test_an_allowed_couple_gets_no_reasons_and_nothing_is_saved(registrar: APIClient) -> None:
    answer = registrar.post(CHECK, body(), format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"allowed": True, "reasons": []}
    assert not Marriage.objects.exists()


def test_the_day_before_the_birthday_is_refused_with_the_reason(registrar: APIClient) -> None:
    answer = registrar.post(CHECK, body(registration_date="2025-06-14"), format="json")
    assert answer.json()["allowed"] is False
    assert answer.json()["reasons"] == [
        messages.AGE_TOO_YOUNG.format(party="男方", gender="男", minimum=22, age=21, reach="2025-06-15")
    ]


def test_a_married_party_and_a_missing_declaration_give_two_reasons(registrar: APIClient) -> None:
    parties = body()["parties"]
    parties[1]["marital_status"] = "married"
    answer = registrar.post(CHECK, body(parties=parties, prohibited_relationship_declared_absent=False), format="json")
    assert answer.json()["reasons"] == [messages.PARTY_MARRIED.format(party="女方"), messages.PROHIBITED_NOT_DECLARED]


@pytest.mark.parametrize("date", ["2025-13-01", "yesterday", "", None])
def test_a_bad_registration_date_is_a_400_naming_the_field(registrar: APIClient, date: Any) -> None:
    answer = registrar.post(CHECK, body(registration_date=date), format="json")
    assert answer.status_code == 400
    assert "登记日期" in answer.json()["registration_date"][0]


def test_a_bad_birth_date_is_a_400_naming_the_field(registrar: APIClient) -> None:
    parties = body()["parties"]
    parties[0]["birth_date"] = "2003-02-30"
    answer = registrar.post(CHECK, body(parties=parties), format="json")
    assert answer.status_code == 400
    assert "出生日期" in str(answer.json()["parties"])


def test_one_party_or_a_bad_status_is_a_400(registrar: APIClient) -> None:
    assert registrar.post(CHECK, body(parties=body()["parties"][:1]), format="json").json() == {
        "parties": [messages.PARTIES_TWO]
    }
    parties = body()["parties"]
    parties[0]["marital_status"] = "engaged"
    assert messages.STATUS_INVALID in str(registrar.post(CHECK, body(parties=parties), format="json").json())


def test_the_timeline_follows_the_counting_rules(registrar: APIClient) -> None:
    answer = registrar.post(TIMELINE, {"applied_on": "2025-06-02"}, format="json")
    assert answer.json() == {"cooling_off_ends": "2025-07-02", "appear_by": "2025-08-01"}
    bad = registrar.post(TIMELINE, {"applied_on": "2025/06/02"}, format="json")
    assert bad.status_code == 400 and bad.json() == {"applied_on": [messages.DATE_INVALID.format(field="申请日期")]}


@pytest.mark.parametrize("who", ["wuxing_officer", "city_admin", "auditor"])
def test_only_registrars_may_use_the_checks(personas: Personas, who: str) -> None:
    client = APIClient()
    client.force_authenticate(getattr(personas, who))
    assert client.post(CHECK, body(), format="json").status_code == 403
    assert client.post(TIMELINE, {"applied_on": "2025-06-02"}, format="json").status_code == 403
