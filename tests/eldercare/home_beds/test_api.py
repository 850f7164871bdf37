"""``/api/eldercare/home-beds/``: signing with a plan, reading, ending, devices, compliance and
the year's beds; a refusal is a 400 naming the field, nothing written; others' contracts 404."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.core.models import AccessLog
from minzheng.eldercare.home_beds import messages
from minzheng.eldercare.home_beds.models import HomeBed
from tests.eldercare.factories import elder
from tests.eldercare.home_beds.conftest import Providers, dibao, disabled, order, sign
from tests.personas import Personas

pytestmark = pytest.mark.django_db

URL = "/api/eldercare/home-beds/"


def test_signing_reading_and_ending_through_the_api(api, personas: Personas, providers: Providers) -> None:  # type: ignore[no-untyped-def]
    client = api(providers.op_a)
    person = disabled(personas.aishan_officer, level="moderate")
    answer = client.post(
        URL,
        {
            "provider": providers.home.pk,
            "id_number": person.id_number,
            "started_on": "2024-03-01",
            "plan": {"meal": 8, "medical": "2"},
        },
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert (body["person_name"], body["eligibility"], body["status"]) == (
        person.name,
        "partly_disabled",
        "active",
    )
    assert [(p["kind"], p["visits_per_month"]) for p in body["plan"]] == [("meal", 8), ("medical", 2)]
    pk = body["id"]
    device = client.post(
        f"{URL}{pk}/devices/",
        {"kind": "emergency_button", "serial": "EB-9", "installed_on": "2024-03-02"},
        format="json",
    )
    assert device.status_code == 201 and device.json()["kind_display"] == "紧急呼叫按钮"
    device_id = device.json()["id"]
    removed = client.post(
        f"{URL}{pk}/devices/{device_id}/remove/", {"removed_on": "2024-02-01"}, format="json"
    )
    assert removed.status_code == 400
    assert removed.json() == {"removed_on": [messages.REMOVED_ON_RANGE.format(installed="2024-03-02")]}
    assert (
        client.post(
            f"{URL}{pk}/devices/{device_id + 999}/remove/", {"removed_on": "2024-04-01"}, format="json"
        ).status_code
        == 404
    )
    removed = client.post(
        f"{URL}{pk}/devices/{device_id}/remove/", {"removed_on": "2024-04-01"}, format="json"
    )
    assert removed.status_code == 200 and removed.json()["removed_on"] == "2024-04-01"
    client.post(
        f"{URL}{pk}/devices/",
        {"kind": "emergency_button", "serial": "EB-10", "installed_on": "2024-04-01"},
        format="json",
    )
    assert client.get(URL, {"status": "lost"}).json() == {"status": [messages.STATUS_INVALID]}
    listed = client.get(URL, {"status": "active"})
    assert [b["id"] for b in listed.json()["results"]] == [pk]
    assert AccessLog.objects.filter(subject_id=str(person.pk), channel="api").exists()
    detail = client.get(f"{URL}{pk}/").json()
    assert sorted(d["serial"] for d in detail["devices"]) == ["EB-10", "EB-9"]
    ended = client.post(
        f"{URL}{pk}/end/", {"ended_on": "2024-06-01", "end_reason": "withdrawn"}, format="json"
    )
    assert ended.status_code == 200 and ended.json()["status"] == "ended"
    assert {d["serial"]: d["removed_on"] for d in ended.json()["devices"]} == {
        "EB-9": "2024-04-01",
        "EB-10": "2024-06-01",
    }
    again = client.post(f"{URL}{pk}/end/", {"ended_on": "2024-06-02", "end_reason": "died"}, format="json")
    assert again.status_code == 400 and messages.ALREADY_ENDED.format(date="2024-06-01") in str(again.json())


def test_refusals_name_the_field(api, personas: Personas, providers: Providers) -> None:  # type: ignore[no-untyped-def]
    client = api(personas.aishan_officer)
    able, raw = elder()
    answer = client.post(
        URL,
        {"provider": providers.home.pk, "id_number": raw, "started_on": "2024-03-01", "plan": {"meal": 4}},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json() == {
        "person": [messages.PERSON_NOT_ELIGIBLE.format(name=able.name, level=messages.LEVEL_NONE)]
    }
    answer = client.post(
        URL,
        {"provider": providers.home.pk, "id_number": raw, "started_on": "2024-02-30", "plan": "x"},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json() == {"started_on": [messages.STARTED_ON_INVALID], "plan": [messages.PLAN_REQUIRED]}
    answer = client.post(
        URL,
        {"provider": providers.home.pk, "id_number": raw, "started_on": "2024-03-01", "plan": {"sauna": 1}},
        format="json",
    )
    assert answer.json()["plan"] == [messages.PLAN_KIND_INVALID.format(kind="sauna")]
    assert (
        client.post(
            URL,
            {
                "provider": providers.anji.pk,
                "id_number": raw,
                "started_on": "2024-03-01",
                "plan": {"meal": 1},
            },
            format="json",
        ).status_code
        == 404
    )
    assert not HomeBed.objects.exists()


def test_compliance_and_the_years_beds(api, personas: Personas, providers: Providers) -> None:  # type: ignore[no-untyped-def]
    bed = sign(personas.aishan_officer, dibao(), providers.home, plan={"cleaning": 2})
    order(bed, "cleaning", dt.date(2024, 4, 8))
    client = api(personas.wuxing_officer)
    answer = client.get(f"{URL}{bed.pk}/compliance/", {"month": "2024-04"})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["expected"], body["done"], body["rate"], body["met"]) == (2, 1, 50.0, False)
    assert body["kinds"] == [
        {"kind": "cleaning", "label": "助洁", "visits_per_month": 2, "expected": 2, "done": 1, "met": False}
    ]
    assert client.get(f"{URL}{bed.pk}/compliance/", {"month": "2024-00"}).status_code == 400
    built = client.get(f"{URL}built/", {"year": 2024}).json()
    assert built == {"year": 2024, "built": 1, "counties": [{"region_code": "330502000000", "built": 1}]}
    assert api(personas.anji_officer).get(f"{URL}{bed.pk}/").status_code == 404
    assert api(providers.op_b).get(f"{URL}{bed.pk}/compliance/").status_code == 404
