"""``POST /api/children/categories/``: the rules on a child's facts, nothing saved; bad input is a
400 naming the field, in Chinese; staff who read child profiles only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from minzheng.children.profiles.models import ChildProfile
from minzheng.core.models import AuditEntry
from tests.personas import Personas

pytestmark = pytest.mark.django_db
URL = "/api/children/categories/"


def body(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "as_of": "2024-06-30",
        "birth_date": "2015-03-01",
        "hukou": "rural",
        "disability_grade": None,
        "dibao": False,
        "parents": [{"status": "imprisoned", "since": "2023-12-30"}, {"status": "dead"}],
    }
    data.update(changes)
    return data


def test_de_facto_unsupported_with_its_reasons(api, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    response = api(personas.aishan_officer).post(URL, body(), format="json")
    assert response.status_code == 200
    assert response.json()["categories"] == ["de_facto_unsupported", "in_difficulty"]
    assert response.json()["reasons"][0].startswith("事实无人抚养儿童")
    assert "orphan" in response.json()["not_held"]
    assert (
        not ChildProfile.objects.exists()
        and not AuditEntry.objects.filter(action__startswith="children").exists()
    )


def test_one_day_short_of_six_months_is_not_de_facto(api, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    data = body(parents=[{"status": "imprisoned", "since": "2023-12-31"}, {"status": "dead"}])
    answer = api(personas.village_worker).post(URL, data, format="json").json()
    assert "de_facto_unsupported" not in answer["categories"]
    assert "2024-07-01" in answer["not_held"]["de_facto_unsupported"]


def test_left_behind_at_15_but_not_at_16(api, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    away = [{"status": "alive", "works_away": True}, {"status": "alive", "works_away": True}]
    at_15 = api(personas.aishan_officer).post(URL, body(birth_date="2008-07-01", parents=away), format="json")
    at_16 = api(personas.aishan_officer).post(URL, body(birth_date="2008-06-30", parents=away), format="json")
    assert at_15.json()["categories"] == ["left_behind"]
    assert at_16.json()["categories"] == []


def test_orphan_at_17_but_nothing_at_18(api, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    dead = [{"status": "dead"}, {"status": "missing"}]
    at_17 = api(personas.aishan_officer).post(URL, body(birth_date="2006-07-01", parents=dead), format="json")
    at_18 = api(personas.aishan_officer).post(URL, body(birth_date="2006-06-30", parents=dead), format="json")
    assert at_17.json()["categories"][0] == "orphan"
    assert at_18.json()["categories"] == []


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        (
            {"parents": [{"status": "jailed", "since": "2023-01-01"}, {"status": "dead"}]},
            "parents[0].status",
            "应为",
        ),
        ({"parents": [{"status": "imprisoned"}, {"status": "dead"}]}, "parents[0].since", "起始日期"),
        (
            {"parents": [{"status": "dead"}, {"status": "unreachable", "since": "2024-07-01"}]},
            "parents[1].since",
            "认定日期",
        ),
        ({"birth_date": "2024-07-01"}, "birth_date", "认定日期"),
        ({"birth_date": "2015-02-30"}, "birth_date", "YYYY-MM-DD"),
        ({"as_of": None}, "as_of", "请填写"),
        ({"hukou": "city"}, "hukou", "户口性质"),
        ({"disability_grade": -1}, "disability_grade", "1到4"),
        ({"disability_grade": 5}, "disability_grade", "1到4"),
        ({"disability_grade": "2"}, "disability_grade", "1到4"),
        ({"disability_grade": True}, "disability_grade", "1到4"),
        ({"dibao": "yes"}, "dibao", "true 或 false"),
        ({"parents": [{"status": "dead"}]}, "parents", "2项"),
        (
            {"parents": [{"status": "dead"}, {"status": "dead", "can_guard": "no"}]},
            "parents[1].can_guard",
            "true",
        ),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    api,
    personas: Personas,
    changes: dict,
    field: str,  # type: ignore[no-untyped-def]
    text: str,
) -> None:
    response = api(personas.aishan_officer).post(URL, body(**changes), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert text in str(response.json()[field])


def test_a_since_date_after_today_is_refused(api, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    data = body(
        as_of=timezone.localdate().isoformat(),
        parents=[{"status": "imprisoned", "since": tomorrow}, {"status": "dead"}],
    )
    response = api(personas.aishan_officer).post(URL, data, format="json")
    assert response.status_code == 400 and "不能晚于今天" in str(response.json()["parents[0].since"])


def test_a_body_that_is_not_an_object_is_a_400(api, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    assert api(personas.aishan_officer).post(URL, [1, 2], format="json").status_code == 400


def test_staff_without_the_permission_get_403_and_anonymous_401(api, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    assert api(personas.nobody).post(URL, body(), format="json").status_code == 403
    assert api(personas.auditor).post(URL, body(), format="json").status_code == 403
    assert api(None).post(URL, body(), format="json").status_code == 401
