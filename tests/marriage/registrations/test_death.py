"""A death and its revocation (``core.events``): the surviving spouse becomes widowed, recorded as
a ``people.DeathEffect``; the event sent twice changes nothing; a revocation puts it back."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from minzheng.core import events
from minzheng.marriage.registrations import services
from minzheng.marriage.registrations.models import (
    DivorceApplication,
    MaritalStatus,
    MaritalStatusChange,
    Marriage,
)
from minzheng.people.models import DeathEffect, Person
from minzheng.people.services import person_death_revoke, person_record_death
from tests.marriage.registrations.conftest import person, register

D = dt.date


@pytest.fixture
def marriage(registrar, wuxing_office) -> Marriage:
    return register(registrar, wuxing_office, person("M"), person("F"), on=D(2020, 5, 20))


def test_a_death_widows_the_spouse_and_ends_the_marriage(personas, marriage) -> None:
    person_record_death(actor=personas.aishan_officer, person=marriage.husband, death_date=D(2025, 3, 1))
    wife = MaritalStatus.objects.get(person=marriage.wife)
    assert (wife.status, wife.spouse_id, wife.since) == ("widowed", None, D(2025, 3, 1))
    marriage.refresh_from_db()
    assert (marriage.status, marriage.ended_on) == ("widowed", D(2025, 3, 1))
    effect = DeathEffect.objects.get(person=marriage.husband, app="marriage")
    assert effect.kind == "spouse_widowed" and effect.object_id == str(marriage.wife_id)


def test_the_event_sent_twice_changes_nothing(personas, marriage) -> None:
    person_record_death(actor=personas.aishan_officer, person=marriage.husband, death_date=D(2025, 3, 1))
    husband = Person.objects.get(pk=marriage.husband_id)
    events.person_died.send(sender=Person, person=husband, death_date=D(2025, 3, 1), actor=personas.aishan_officer)
    assert DeathEffect.objects.filter(app="marriage").count() == 1
    assert MaritalStatusChange.objects.filter(person=marriage.wife, cause="spouse_died").count() == 1


def test_a_revoked_death_puts_the_spouse_back_to_married(personas, marriage) -> None:
    person_record_death(actor=personas.aishan_officer, person=marriage.husband, death_date=D(2025, 3, 1))
    person_death_revoke(actor=personas.aishan_officer, person=Person.objects.get(pk=marriage.husband_id),
                        reason="误报死亡")
    wife = MaritalStatus.objects.get(person=marriage.wife)
    assert (wife.status, wife.spouse_id, wife.marriage_id, wife.since) == (
        "married", marriage.husband_id, marriage.pk, D(2020, 5, 20)
    )
    assert Marriage.objects.get(pk=marriage.pk).status == "valid"
    assert DeathEffect.objects.get(app="marriage").reopened_at is not None


def test_a_spouse_who_remarried_meanwhile_is_left_for_an_officer(personas, registrar, wuxing_office, marriage) -> None:
    person_record_death(actor=personas.aishan_officer, person=marriage.husband, death_date=D(2025, 3, 1))
    register(registrar, wuxing_office, person("M"), Person.objects.get(pk=marriage.wife_id), on=D(2025, 9, 1))
    person_death_revoke(actor=personas.aishan_officer, person=Person.objects.get(pk=marriage.husband_id),
                        reason="误报死亡")
    effect = DeathEffect.objects.get(app="marriage")
    assert effect.reopen == "manual" and effect.reopened_at is None and "人工" in effect.reopen_note
    assert MaritalStatus.objects.get(person=marriage.wife).status == "married"


def test_a_death_closes_a_pending_divorce(personas, registrar, wuxing_office, marriage) -> None:
    with time_machine.travel(dt.datetime(2025, 6, 2, 9, tzinfo=dt.UTC)):
        application = services.divorce_apply(actor=registrar, marriage=marriage, office=wuxing_office,
                                             applied_on=D(2025, 6, 2), agreement="协议")
        person_record_death(actor=personas.aishan_officer, person=marriage.wife, death_date=D(2025, 6, 2))
    assert DivorceApplication.objects.get(pk=application.pk).status == "closed"
    assert MaritalStatus.objects.get(person=marriage.husband).status == "widowed"


def test_an_unmarried_persons_death_records_nothing(personas) -> None:
    single = person("M")
    person_record_death(actor=personas.aishan_officer, person=single, death_date=D(2025, 3, 1))
    assert not DeathEffect.objects.filter(app="marriage").exists()
