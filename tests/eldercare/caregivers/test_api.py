"""The caregiver API: registering by ID number (201), bad input a 400 naming the field in Chinese
with nothing written, a provider operator seeing only their own sites' caregivers and 404 for
another's, one caregiver with awards and the month's allowance, the level, leave and award
actions, and the indicator in the caller's scope."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core.models import AccessLog
from minzheng.eldercare.caregivers import messages
from minzheng.eldercare.caregivers.models import Caregiver
from tests.eldercare.caregivers.conftest import Sites, caregiver, worker
from tests.eldercare.factories import elder
from tests.personas import Personas

pytestmark = pytest.mark.django_db
URL = "/api/eldercare/caregivers/"


def test_an_operator_registers_a_caregiver_at_their_own_home_by_id_number(
    api, personas: Personas, sites: Sites
) -> None:
    person, raw = worker()
    answer = api(sites.op_a).post(
        URL,
        {
            "employer": sites.home.pk,
            "id_number": raw,
            "started_on": "2019-04-01",
            "level": "intermediate",
            "certificate_number": "ZJ-2020-88",
            "certified_on": "2020-06-30",
        },
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert (body["person"], body["level_display"], body["region_code"]) == (
        person.pk,
        "中级",
        sites.home.region_code,
    )
    assert "*" in body["id_number"] and raw not in str(body)


def test_bad_input_is_a_400_naming_each_field_and_writes_nothing(
    api, personas: Personas, sites: Sites
) -> None:
    _, raw = worker()
    answer = api(personas.aishan_officer).post(
        URL,
        {"employer": sites.home.pk, "id_number": raw, "started_on": "2019-02-30", "level": "grandmaster"},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["started_on"] == [messages.DATE_INVALID.format(field="从业起始日期")]
    assert answer.json()["level"] == [messages.LEVEL_INVALID]
    answer = api(personas.aishan_officer).post(
        URL, {"employer": sites.meal_site.pk, "id_number": raw, "started_on": "2019-02-01"}, format="json"
    )
    assert answer.status_code == 400 and answer.json() == {"employer": [messages.EMPLOYER_REQUIRED]}
    answer = api(personas.aishan_officer).post(
        URL,
        {"employer": sites.home.pk, "id_number": "330502199001011234", "started_on": "2019-02-01"},
        format="json",
    )
    assert answer.status_code == 400 and answer.json() == {"id_number": [messages.ID_NUMBER_UNKNOWN]}
    assert not Caregiver.objects.exists()


def test_an_operator_lists_only_their_own_and_gets_404_for_another_providers_caregiver(
    api, personas: Personas, sites: Sites
) -> None:
    mine = caregiver(personas.aishan_officer, sites.home)
    theirs = caregiver(personas.anji_officer, sites.centre)
    listed = api(sites.op_a).get(URL).json()["results"]
    assert [row["id"] for row in listed] == [mine.pk]
    assert AccessLog.objects.filter(subject_id=str(mine.person_id)).exists()
    assert api(sites.op_a).get(f"{URL}{theirs.pk}/").status_code == 404
    assert (
        api(sites.op_a).post(f"{URL}{theirs.pk}/leave/", {"left_on": "2024-05-01"}, format="json").status_code
        == 404
    )
    assert api(personas.village_worker).get(URL).status_code == 403


def test_one_caregiver_with_awards_and_the_months_allowance_and_the_actions(
    api, personas: Personas, sites: Sites
) -> None:
    found = caregiver(personas.aishan_officer, sites.home, level="junior", started_on=dt.date(2019, 3, 15))
    client = api(personas.aishan_officer)
    award = client.post(
        f"{URL}{found.pk}/awards/",
        {
            "name": "浙江省养老护理员职业技能竞赛",
            "level": "provincial",
            "rank": "三等奖",
            "awarded_on": "2023-11-02",
        },
        format="json",
    )
    assert award.status_code == 201
    body = client.get(f"{URL}{found.pk}/?month=2024-04").json()
    assert body["awards"][0]["rank"] == "三等奖"
    assert body["allowance"] | {"reason": ""} == {
        "month": "2024-04-01",
        "eligible": True,
        "years": 5,
        "band": 5,
        "amount": "350.00",
        "reason": "",
    }
    assert client.get(f"{URL}{found.pk}/?month=2024-4x").status_code == 400
    changed = client.post(
        f"{URL}{found.pk}/level/",
        {"level": "senior", "certificate_number": "GJ-1", "certified_on": "2024-03-01"},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["level"] == "senior"
    left = client.post(f"{URL}{found.pk}/leave/", {"left_on": "2024-05-31"}, format="json")
    assert left.status_code == 200 and left.json()["left_on"] == "2024-05-31"
    again = client.post(f"{URL}{found.pk}/leave/", {"left_on": "2024-06-30"}, format="json")
    assert again.status_code == 400 and again.json() == {
        "left_on": [messages.NOT_ACTIVE.format(date="2024-05-31")]
    }


def test_the_indicator_answers_in_the_callers_scope(api, personas: Personas, sites: Sites) -> None:
    caregiver(personas.aishan_officer, sites.home)
    elder(dt.date(1950, 1, 1))
    elder(dt.date(1951, 1, 1))
    body = api(personas.wuxing_officer).get(f"{URL}indicator/?year=2024").json()
    assert body["day"] == "2024-12-31"
    assert body["total"] | {"name": ""} == {
        "code": "330502",
        "name": "",
        "caregivers": 1,
        "elders": 2,
        "per_10k": "5000.00",
    }
    assert api(personas.anji_officer).get(f"{URL}indicator/?year=2024").json()["total"]["caregivers"] == 0
    assert api(personas.wuxing_officer).get(f"{URL}indicator/?year=abc").status_code == 400
    assert api(sites.op_a).get(f"{URL}indicator/?year=2024").status_code == 403
