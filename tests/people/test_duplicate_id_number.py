"""Registering or importing an ID number that is already on record gives one neutral answer,
whether the record lies inside the user's scope or outside it, and logs the look-up."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from minzheng.core.models import AccessLog
from minzheng.people import imports, messages, services
from minzheng.people.models import Person
from tests.core.api.support import api  # noqa: F401  (fixture)
from tests.factories import PersonFactory
from tests.people.io.helpers import person_row, pid, reasons, run_import, xlsx_bytes
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, Personas


@pytest.fixture
def known(personas: Personas) -> dict[str, Person]:
    return {"inside": PersonFactory(region_code=MY_VILLAGE), "outside": PersonFactory(region_code=OTHER_COUNTY_VILLAGE)}


def lookups() -> list[tuple[str, str, str, str]]:
    return list(AccessLog.objects.filter(kind=AccessLog.Kind.LOOKUP).order_by("id")
                .values_list("actor_name", "subject_id", "field", "channel"))


def test_the_service_answers_the_same_inside_and_outside_and_logs_each_attempt(personas, known) -> None:  # type: ignore[no-untyped-def]
    answers = []
    for where in ("inside", "outside"):
        with pytest.raises(ValidationError) as err:
            services.person_create(actor=personas.village_worker, id_number=known[where].id_number, name="重复",
                                   region_code=MY_VILLAGE)
        answers.append(err.value.message_dict)
    assert answers[0] == answers[1] == {"id_number": [messages.PERSON_ALREADY_REGISTERED]}
    assert "范围" not in messages.PERSON_ALREADY_REGISTERED
    assert lookups() == [("village_worker", str(known["inside"].pk), "id_number", "web"),
                         ("village_worker", str(known["outside"].pk), "id_number", "web")]
    assert Person.objects.count() == 2


def test_the_api_answers_the_same_inside_and_outside(api, known) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    bodies = []
    for where in ("inside", "outside"):
        response = api("village_worker").post("/api/people/", {
            "id_number": known[where].id_number, "name": "重复", "region_code": MY_VILLAGE}, format="json")
        assert response.status_code == 400
        bodies.append(response.json())
    assert bodies[0] == bodies[1] == {"id_number": [messages.PERSON_ALREADY_REGISTERED]}
    assert [row[1:] for row in lookups()] == [(str(known["inside"].pk), "id_number", "api"),
                                              (str(known["outside"].pk), "id_number", "api")]


def test_an_import_row_of_a_person_elsewhere_gets_the_same_answer_and_is_logged(personas: Personas) -> None:
    elsewhere = PersonFactory(raw_id_number=pid(1), region_code=OTHER_COUNTY_VILLAGE)
    job = run_import(personas.aishan_officer, xlsx_bytes([person_row(1)]))
    assert reasons(job, 2) == [messages.PERSON_ALREADY_REGISTERED]
    assert imports.PERSON_OUT_OF_SCOPE == messages.PERSON_ALREADY_REGISTERED
    assert lookups() == [("aishan_officer", str(elsewhere.pk), "id_number", "import")]


def test_the_new_person_form_links_a_duplicate_inside_the_scope(personas, known, client: Client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.village_worker)
    response = client.post(reverse("people:person_create"), {
        "id_number": known["inside"].id_number, "name": "重复", "region_code": MY_VILLAGE})
    assert response.status_code == 200
    assert reverse("people:person_detail", args=[known["inside"].pk]) in response.text
    assert reverse("people:move_in_create") not in response.text


def test_the_new_person_form_offers_a_move_in_request_for_a_duplicate_elsewhere(personas, known,  # type: ignore[no-untyped-def]
                                                                                client: Client) -> None:
    client.force_login(personas.village_worker)
    response = client.post(reverse("people:person_create"), {
        "id_number": known["outside"].id_number, "name": "重复", "region_code": MY_VILLAGE})
    assert response.status_code == 200
    assert reverse("people:move_in_create") in response.text
    assert reverse("people:person_detail", args=[known["outside"].pk]) not in response.text
    assert known["outside"].name not in response.text
    assert messages.PERSON_ALREADY_REGISTERED in response.text
