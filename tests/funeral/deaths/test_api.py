"""The death registration and after-death API: the same rules as the pages, in JSON."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from minzheng.funeral.after_death.models import ChecklistItem
from minzheng.funeral.deaths import messages
from minzheng.funeral.deaths.models import DeathRegistration
from tests.factories import PersonFactory
from tests.funeral.deaths.support import register
from tests.personas import MY_VILLAGE, Personas

pytestmark = pytest.mark.django_db

BODY = {"source": "police", "cause": "injury", "death_date": "2025-03-10", "death_place": "104国道",
        "informant_name": "交警大队", "informant_relation": "经办民警"}


def _api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def test_register_then_again_changes_nothing(personas: Personas) -> None:
    person = PersonFactory(region_code=MY_VILLAGE)
    api = _api(personas.wuxing_funeral_registrar)
    first = api.post("/api/funeral/deaths/", {**BODY, "id_number": person.id_number}, format="json")
    assert first.status_code == 201 and first.json()["created"] is True and len(first.json()["family_code"]) == 10
    assert first.json()["registration"]["id_number"] == person.id_number_masked
    again = api.post("/api/funeral/deaths/", {**BODY, "id_number": person.id_number}, format="json")
    assert again.status_code == 200 and again.json()["created"] is False and again.json()["family_code"] == ""
    assert DeathRegistration.objects.count() == 1


def test_bad_input_is_a_400_naming_each_field(personas: Personas) -> None:
    answer = _api(personas.wuxing_funeral_registrar).post(
        "/api/funeral/deaths/", {**BODY, "id_number": "", "death_date": "10/03/2025"}, format="json")
    assert answer.status_code == 400
    assert answer.json()["id_number"] == [messages.ID_NUMBER_REQUIRED]
    assert answer.json()["death_date"] == [messages.DEATH_DATE_INVALID]


def test_the_case_and_its_checklist_in_scope(personas: Personas) -> None:
    registration = register(personas.wuxing_funeral_registrar, PersonFactory(region_code=MY_VILLAGE)).registration
    case = _api(personas.aishan_officer).get(f"/api/funeral/after-death/{registration.pk}/")
    assert case.status_code == 200 and len(case.json()["checklist"]) == 7
    assert _api(personas.anji_officer).get(f"/api/funeral/after-death/{registration.pk}/").status_code == 404
    assert _api(personas.anji_officer).get(f"/api/funeral/deaths/{registration.pk}/").status_code == 404
    item = ChecklistItem.objects.filter(registration=registration).first()
    url = f"/api/funeral/after-death/{registration.pk}/items/{item.pk}/"
    assert _api(personas.aishan_officer).post(url, {"status": "x"}, format="json").status_code == 400
    done = _api(personas.aishan_officer).post(url, {"status": "notified"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "notified"


def test_a_revocation_through_the_api(personas: Personas) -> None:
    registration = register(personas.wuxing_funeral_registrar, PersonFactory(region_code=MY_VILLAGE)).registration
    api = _api(personas.wuxing_officer)
    assert api.post(f"/api/funeral/deaths/{registration.pk}/revoke/", {}, format="json").status_code == 400
    done = api.post(f"/api/funeral/deaths/{registration.pk}/revoke/", {"reason": "误报"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "revoked"
    assert _api(personas.aishan_officer).post(f"/api/funeral/deaths/{registration.pk}/revoke/",
                                              {"reason": "误报"}, format="json").status_code == 403
