"""The certificate pages: find a person by ID number in the scope, record a certificate (shown
masked), revoke it, record an ability level; other townships' people answer 404; village workers
may not open them; the person's page is access-logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from minzheng.assistance import messages
from minzheng.assistance.disability.models import DisabilityCertificate
from minzheng.core.models import AccessLog
from tests.assistance.factories import person_born
from tests.personas import OTHER_COUNTY_VILLAGE, Personas


@pytest.fixture
def officer(personas: Personas) -> Client:
    client = Client()
    client.force_login(personas.aishan_officer)
    return client


def test_find_by_id_number_then_record_and_revoke(officer: Client, personas: Personas) -> None:
    person, raw = person_born(dt.date(1970, 4, 4))
    found = officer.get("/assistance/disability/", {"id_number": raw})
    assert found.status_code == 302 and found["Location"] == f"/assistance/disability/people/{person.pk}/"
    page = officer.get(found["Location"])
    assert page.status_code == 200 and raw not in page.content.decode()
    assert AccessLog.objects.filter(subject_id=str(person.pk), actor=personas.aishan_officer).exists()
    recorded = officer.post(found["Location"], {"form": "certificate", "kind": "physical", "grade": "2",
                                                "number": f"{raw}42", "issued_on": "2022-03-01"})
    assert recorded.status_code == 302
    cert = DisabilityCertificate.objects.get(person=person)
    text = officer.get(found["Location"]).content.decode()
    assert cert.number_masked in text and raw not in text
    officer.post(f"/assistance/disability/{cert.pk}/revoke/", {"reason": "重新评定"})
    cert.refresh_from_db()
    assert cert.revoked_on is not None and cert.revoked_reason == "重新评定"


def test_a_wrong_number_is_shown_on_the_field(officer: Client) -> None:
    person, raw = person_born(dt.date(1970, 4, 5))
    page = officer.post(f"/assistance/disability/people/{person.pk}/", {
        "form": "certificate", "kind": "mental", "grade": "2", "number": f"{raw}42", "issued_on": "2022-03-01"})
    assert page.status_code == 400
    assert messages.CERT_NUMBER_MISMATCH.format(kind="精神", grade=2) in page.content.decode()


def test_an_ability_level_is_recorded(officer: Client) -> None:
    person, _ = person_born(dt.date(1940, 4, 6))
    url = f"/assistance/disability/people/{person.pk}/"
    assert officer.post(url, {"form": "level", "level": "severe", "assessed_on": "2024-05-01"}).status_code == 302
    assert "重度失能" in officer.get(url).content.decode()


def test_other_counties_people_are_not_found_and_workers_are_refused(officer: Client, personas: Personas) -> None:
    person, raw = person_born(dt.date(1970, 4, 7), region_code=OTHER_COUNTY_VILLAGE)
    assert officer.get(f"/assistance/disability/people/{person.pk}/").status_code == 404
    assert officer.get("/assistance/disability/", {"id_number": raw}).status_code == 400
    worker = Client()
    worker.force_login(personas.village_worker)
    assert worker.get("/assistance/disability/").status_code == 403
