"""``/api/audit/`` and ``/api/audit/access/``: auditors only, read-only, cursor-paginated."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core import messages
from minzheng.core.models import AccessLog, AuditEntry
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db

LOGS = ["/api/audit/", "/api/audit/access/"]


def rows(response) -> list[dict]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def activity(api, mine):
    """A view, a reveal and an update by the officers of 爱山街道."""
    officer = api("aishan_officer")
    officer.get(f"/api/people/{mine.head.pk}/")
    officer.post(f"/api/people/{mine.head.pk}/reveal/", {"field": "phone"}, format="json")
    officer.patch(f"/api/people/{mine.free.pk}/", {"address_text": "新地址"}, format="json")
    return mine


def test_auditor_reads_the_audit_log(api, activity):
    entries = rows(api("auditor").get("/api/audit/"))
    assert entries[0]["action"] == "people.person.updated" and entries[0]["actor_name"] == "aishan_officer"
    assert entries[0]["diff"] == {"address_text": ["红旗路18号", "新地址"]}
    assert len(entries) == AuditEntry.objects.count()


@pytest.mark.parametrize(
    ("query", "actions"),
    [
        ({"action": "people.person"}, {"people.person.updated"}),
        ({"action": "people.household"}, {"people.household.created", "people.household.member_added"}),
        ({"actor": "aishan_officer"}, {"people.person.updated"}),
        ({"object_type": "people.person"}, {"people.person.updated"}),
        ({"region_code": OTHER_COUNTY_VILLAGE, "action": "people"}, {"people.household.created",
                                                                     "people.household.member_added"}),
        ({"since": "2000-01-01", "actor": "aishan_officer"}, {"people.person.updated"}),
        ({"until": "2000-01-01"}, set()),
    ],
)
def test_audit_filters(api, activity, query, actions):
    assert {e["action"] for e in rows(api("auditor").get("/api/audit/", query))} == actions


def test_audit_filter_by_object(api, activity):
    entries = rows(api("auditor").get("/api/audit/", {"object_type": "people.person",
                                                      "object_id": str(activity.free.pk)}))
    assert [e["object_id"] for e in entries] == [str(activity.free.pk)]


def test_bad_date_is_400_in_chinese(api, personas):
    response = api("auditor").get("/api/audit/", {"since": "yesterday"})
    assert response.status_code == 400
    assert list(response.json()) == ["since"] and response.json()["since"][0].startswith("日期格式错误")


def test_auditor_reads_the_access_log(api, activity):
    entries = rows(api("auditor").get("/api/audit/access/"))
    assert [(e["kind"], e["field"], e["actor_name"], e["channel"]) for e in entries] == [
        ("reveal", "phone", "aishan_officer", "api"), ("view", "", "aishan_officer", "api")]
    assert entries[0]["subject_id"] == str(activity.head.pk) and entries[0]["region_code"] == MY_VILLAGE


@pytest.mark.parametrize(
    ("query", "count"),
    [({"kind": "reveal"}, 1), ({"kind": "view"}, 1), ({"actor": "auditor"}, 0), ({"until": "2000-01-01"}, 0),
     ({"since": dt.date.today().isoformat()}, 2)],
)
def test_access_log_filters(api, activity, query, count):
    assert len(rows(api("auditor").get("/api/audit/access/", query))) == count


def test_access_log_filter_by_subject(api, activity):
    entries = rows(api("auditor").get("/api/audit/access/", {"subject_id": str(activity.head.pk)}))
    assert len(entries) == 2 and AccessLog.objects.count() == 2


@pytest.mark.parametrize("url", LOGS)
def test_logs_are_cursor_paginated(api, activity, url):
    page = api("auditor").get(url, {"page_size": 1}).json()
    assert len(page["results"]) == 1 and "cursor=" in page["next"]
    following = api("auditor").get(page["next"]).json()
    assert following["results"][0]["id"] != page["results"][0]["id"]


@pytest.mark.parametrize("url", LOGS)
@pytest.mark.parametrize("persona", ["city_admin", "wuxing_officer", "aishan_officer", "village_worker", "nobody"])
def test_only_auditors_read_the_logs(api, personas, url, persona):
    response = api(persona).get(url)
    assert response.status_code == 403
    assert response.json() == {"detail": messages.PERMISSION_DENIED}


@pytest.mark.parametrize("url", LOGS)
def test_anonymous_cannot_read_the_logs(api, personas, url):
    assert api("anonymous").get(url).status_code == 401


@pytest.mark.parametrize("url", LOGS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_logs_cannot_be_written_through_the_api(api, activity, url, method):
    before = (AuditEntry.objects.count(), AccessLog.objects.count())
    response = getattr(api("auditor"), method)(url, {"action": "forged"}, format="json")
    assert response.status_code == 405
    assert "不被允许" in response.json()["detail"]
    assert (AuditEntry.objects.count(), AccessLog.objects.count()) == before
