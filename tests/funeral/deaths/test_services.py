"""Death registration: finding or entering the person, once, with every bad field named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from minzheng.core.models import AccessLog, AuditEntry
from minzheng.funeral.after_death.models import ChecklistItem
from minzheng.funeral.deaths import messages
from minzheng.funeral.deaths.models import DeathRegistration
from minzheng.funeral.deaths.services import death_registration_revoke, family_code_digest
from minzheng.people.models import DeathEffect, Person
from minzheng.people.services import person_record_death
from tests.factories import PersonFactory, id_number_for
from tests.funeral.deaths.support import DEATH_DAY, register
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {"registrations": DeathRegistration.objects.count(), "audit": AuditEntry.objects.count(),
            "effects": DeathEffect.objects.count(), "checklist": ChecklistItem.objects.count(),
            "people": Person.objects.count()}


def test_registering_a_known_person_marks_them_deceased_opens_the_checklist_and_audits(personas: Personas) -> None:
    person = PersonFactory(region_code=MY_VILLAGE)
    done = register(personas.wuxing_funeral_registrar, person)
    person.refresh_from_db()
    assert done.created and len(done.family_code) == 10
    assert person.status == Person.Status.DECEASED and person.death_date == DEATH_DAY
    registration = done.registration
    assert registration.region_code == MY_VILLAGE and registration.registered_by == personas.wuxing_funeral_registrar
    assert registration.informant_phone_masked == "138****0001"
    assert registration.family_code_digest == family_code_digest(done.family_code.lower())
    assert ChecklistItem.objects.filter(registration=registration, status="pending").count() == 7
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"funeral.death.registered", "people.person.died", "funeral.after_death.checklist_opened"} <= actions
    assert AccessLog.objects.filter(kind="lookup", subject_id=str(person.pk)).exists()


def test_an_unknown_id_number_enters_the_person_first(personas: Personas) -> None:
    number = id_number_for(7, birth=dt.date(1941, 2, 3))
    done = register(personas.aishan_officer, id_number=number, name="李四", region_code=MY_VILLAGE)
    person = done.registration.person
    assert person.name == "李四" and person.birth_date == dt.date(1941, 2, 3)
    assert person.status == Person.Status.DECEASED
    assert AuditEntry.objects.filter(action="people.person.created", object_id=str(person.pk)).exists()


def test_an_unknown_id_number_needs_a_name_and_a_region(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        register(personas.aishan_officer, id_number=id_number_for(8))
    assert caught.value.message_dict == {"name": [messages.NAME_REQUIRED_FOR_NEW],
                                         "region_code": [messages.REGION_REQUIRED_FOR_NEW]}
    assert not Person.objects.exists()


def test_registering_the_same_death_twice_changes_nothing(personas: Personas) -> None:
    person = PersonFactory(region_code=MY_VILLAGE)
    first = register(personas.wuxing_funeral_registrar, person)
    before = _counts()
    again = register(personas.wuxing_officer, person, death_place="别处", source="home")
    assert not again.created and again.family_code == ""
    assert again.registration.pk == first.registration.pk
    assert again.registration.death_place == "湖州市第一人民医院"
    assert _counts() == before


def test_another_date_for_a_registered_death_is_refused_with_the_date_on_record(personas: Personas) -> None:
    person = PersonFactory(region_code=MY_VILLAGE)
    register(personas.wuxing_funeral_registrar, person)
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        register(personas.wuxing_funeral_registrar, person, death_date=DEATH_DAY - dt.timedelta(days=1))
    assert caught.value.message_dict["death_date"] == [
        messages.ALREADY_REGISTERED_OTHER_DATE.format(date=DEATH_DAY.isoformat())]
    assert _counts() == before


def test_a_death_already_in_the_registry_is_registered_on_its_date_and_gets_its_checklist(
        personas: Personas) -> None:
    person = PersonFactory(region_code=MY_VILLAGE)
    person_record_death(actor=personas.aishan_officer, person=person, death_date=DEATH_DAY)
    done = register(personas.wuxing_funeral_registrar, person)
    assert done.created
    assert ChecklistItem.objects.filter(registration=done.registration).count() == 7
    with pytest.raises(ValidationError) as caught:
        other = PersonFactory(region_code=MY_VILLAGE)
        person_record_death(actor=personas.aishan_officer, person=other, death_date=DEATH_DAY)
        register(personas.wuxing_funeral_registrar, other, death_date=DEATH_DAY + dt.timedelta(days=2))
    assert caught.value.message_dict["death_date"] == [
        messages.ALREADY_DECEASED_OTHER_DATE.format(date=DEATH_DAY.isoformat())]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("id_number", "", messages.ID_NUMBER_REQUIRED),
    ("source", "hearsay", messages.SOURCE_INVALID),
    ("cause", "", messages.CAUSE_INVALID),
    ("death_date", "", messages.DEATH_DATE_REQUIRED),
    ("death_date", "2025-13-01", messages.DEATH_DATE_INVALID),
    ("death_date", "2099-01-01", messages.DEATH_DATE_FUTURE),
    ("death_place", "  ", messages.DEATH_PLACE_REQUIRED),
    ("death_place", "医" * 201, messages.DEATH_PLACE_TOO_LONG.format(max=200)),
    ("informant_name", "", messages.INFORMANT_NAME_REQUIRED),
    ("informant_relation", "", messages.INFORMANT_RELATION_REQUIRED),
    ("informant_phone", "12345", messages.INFORMANT_PHONE_INVALID),
])
def test_each_bad_field_is_named_and_nothing_is_written(personas: Personas, field: str, value: str,
                                                         message: str) -> None:
    person = PersonFactory(region_code=MY_VILLAGE)
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        register(personas.wuxing_funeral_registrar, person, **{field: value})
    assert caught.value.message_dict[field] == [message]
    assert _counts() == before
    person.refresh_from_db()
    assert person.status == Person.Status.ALIVE


def test_a_bad_id_number_checksum_is_named(personas: Personas) -> None:
    number = id_number_for(3)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(ValidationError) as caught:
        register(personas.wuxing_funeral_registrar, id_number=wrong, name="张三", region_code=MY_VILLAGE)
    assert caught.value.message_dict["id_number"][0].startswith("身份证号码：")


def test_a_name_that_differs_from_the_registry_is_refused(personas: Personas) -> None:
    person = PersonFactory(region_code=MY_VILLAGE, name="王五")
    with pytest.raises(ValidationError) as caught:
        register(personas.wuxing_funeral_registrar, person, name="王六")
    assert caught.value.message_dict["name"] == [messages.NAME_MISMATCH.format(name="王五")]


def test_a_death_before_birth_is_refused(personas: Personas) -> None:
    person = PersonFactory(region_code=MY_VILLAGE)
    with pytest.raises(ValidationError) as caught:
        register(personas.wuxing_funeral_registrar, person, death_date=person.birth_date - dt.timedelta(days=1))
    assert caught.value.message_dict["death_date"] == [
        messages.DEATH_DATE_BEFORE_BIRTH.format(birth=person.birth_date.isoformat())]


def test_a_person_of_another_county_is_not_registered_here(personas: Personas) -> None:
    person = PersonFactory(region_code=OTHER_COUNTY_VILLAGE)
    with pytest.raises(ValidationError) as caught:
        register(personas.wuxing_funeral_registrar, person)
    assert caught.value.message_dict["id_number"] == [messages.PERSON_OUT_OF_SCOPE]
    person.refresh_from_db()
    assert person.status == Person.Status.ALIVE and not DeathRegistration.objects.exists()


def test_a_revocation_needs_a_reason_and_happens_once(personas: Personas) -> None:
    person = PersonFactory(region_code=MY_VILLAGE)
    registration = register(personas.wuxing_funeral_registrar, person).registration
    with pytest.raises(ValidationError) as caught:
        death_registration_revoke(actor=personas.wuxing_officer, registration=registration, reason=" ")
    assert caught.value.message_dict == {"reason": [messages.REVOKE_REASON_REQUIRED]}
    death_registration_revoke(actor=personas.wuxing_officer, registration=registration, reason="医院报错了人")
    registration.refresh_from_db()
    person.refresh_from_db()
    assert registration.status == "revoked" and registration.revoke_reason == "医院报错了人"
    assert person.status == Person.Status.ALIVE and person.death_date is None
    assert AuditEntry.objects.filter(action="funeral.death.revoked").count() == 1
    with pytest.raises(ValidationError):
        death_registration_revoke(actor=personas.wuxing_officer, registration=registration, reason="再撤一次")


def test_after_a_revocation_the_real_death_can_be_registered_again(personas: Personas) -> None:
    person = PersonFactory(region_code=MY_VILLAGE)
    first = register(personas.wuxing_funeral_registrar, person).registration
    death_registration_revoke(actor=personas.wuxing_officer, registration=first, reason="登记错人")
    later = register(personas.wuxing_funeral_registrar, person, death_date=timezone.localdate())
    assert later.created and later.registration.pk != first.pk
    assert DeathRegistration.objects.filter(person=person).count() == 2
