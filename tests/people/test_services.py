"""Service tests: each write checks its input, leaves one audit entry, and is all-or-nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.core import messages as core_messages
from minzheng.core import pii
from minzheng.core.models import AccessLog, AuditEntry
from minzheng.people import messages, services
from minzheng.people.models import Household, Membership, Person
from tests.factories import HouseholdFactory, PersonFactory, id_number_for
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE


def entries(action):
    return list(AuditEntry.objects.filter(action=action))


def test_person_create_seals_pii_and_audits(personas):
    person = services.person_create(
        actor=personas.village_worker, id_number=id_number_for(5), name="沈小明", region_code=MY_VILLAGE,
        phone="138 1234 5678",
    )
    assert person.id_number == id_number_for(5)
    assert person.id_number_masked == id_number_for(5)[:6] + "********" + id_number_for(5)[-4:]
    assert person.phone_masked == "138****5678"
    assert person.id_number_digest == pii.digest("id_number", id_number_for(5))
    assert (person.gender, person.birth_date) == ("M", dt.date(1980, 5, 17))  # sequence 005 is odd
    [entry] = entries("people.person.created")
    assert entry.actor == personas.village_worker
    assert entry.object_id == str(person.pk)
    assert entry.region_code == MY_VILLAGE
    assert entry.after["id_number"] == person.id_number_masked
    assert entry.after["phone"] == "138****5678"
    assert id_number_for(5) not in str(entry.after)


def test_person_create_rejects_duplicate_id_number(personas):
    services.person_create(actor=personas.village_worker, id_number=id_number_for(1), name="甲", region_code=MY_VILLAGE)
    with pytest.raises(ValidationError) as err:
        services.person_create(actor=personas.village_worker, id_number=id_number_for(1), name="乙",
                               region_code=MY_VILLAGE)
    assert err.value.message_dict == {"id_number": [messages.PERSON_ALREADY_REGISTERED]}
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "kwargs", "message"),
    [
        ("id_number", {"id_number": "110105194912310021"}, core_messages.ID_NUMBER_BAD_CHECKSUM),
        ("name", {"name": "  "}, core_messages.NAME_REQUIRED),
        ("name", {"name": "张三<script>"}, core_messages.NAME_BAD_CHARACTERS),
        ("phone", {"phone": "12345"}, core_messages.PHONE_INVALID),
        ("region_code", {"region_code": "330502003000"}, core_messages.REGION_NOT_VILLAGE),
        ("region_code", {"region_code": "330502003999"}, core_messages.REGION_UNKNOWN.format(code="330502003999")),
        ("region_code", {"region_code": NEIGHBOUR_VILLAGE}, core_messages.REGION_OUT_OF_SCOPE),
    ],
)
def test_person_create_bad_input_names_field_and_writes_nothing(personas, field, kwargs, message):
    args = {"id_number": id_number_for(2), "name": "钱小红", "region_code": MY_VILLAGE, **kwargs}
    with pytest.raises(ValidationError) as err:
        services.person_create(actor=personas.village_worker, **args)
    assert err.value.message_dict == {field: [message]}
    assert not Person.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="people.").exists()


def test_person_update_audits_masked_diff(personas):
    person = PersonFactory(raw_phone="13800000001")
    services.person_update(actor=personas.aishan_officer, person=person, phone="13912345678", name="姚新")
    [entry] = entries("people.person.updated")
    assert entry.diff["phone"] == ["138****0001", "139****5678"]
    assert entry.diff["name"][1] == "姚新"
    assert "13912345678" not in str(entry.diff)


def test_person_update_without_change_writes_no_audit(personas):
    person = PersonFactory()
    services.person_update(actor=personas.aishan_officer, person=person, name=person.name)
    assert not entries("people.person.updated")


def test_person_update_cannot_move_person_out_of_scope(personas):
    person = PersonFactory()
    with pytest.raises(ValidationError) as err:
        services.person_update(actor=personas.village_worker, person=person, region_code=NEIGHBOUR_VILLAGE)
    assert err.value.message_dict == {"region_code": [core_messages.REGION_OUT_OF_SCOPE]}
    person.refresh_from_db()
    assert person.region_code == MY_VILLAGE


def test_record_death_sends_event_and_audits(personas):
    from minzheng.core import events

    seen = []

    def receiver(sender, person, death_date, actor, **kwargs):
        seen.append((person.pk, death_date))

    events.person_died.connect(receiver, dispatch_uid="test_record_death")
    try:
        person = PersonFactory()
        services.person_record_death(actor=personas.aishan_officer, person=person, death_date=dt.date(2025, 1, 2))
    finally:
        events.person_died.disconnect(dispatch_uid="test_record_death")
    assert seen == [(person.pk, dt.date(2025, 1, 2))]
    person.refresh_from_db()
    assert person.status == Person.Status.DECEASED
    assert entries("people.person.died")[0].diff["status"] == ["alive", "deceased"]


def test_record_death_rejects_date_before_birth_and_twice(personas):
    person = PersonFactory()
    with pytest.raises(ValidationError, match=messages.DEATH_DATE_BEFORE_BIRTH):
        services.person_record_death(actor=personas.aishan_officer, person=person, death_date=dt.date(1900, 1, 1))
    services.person_record_death(actor=personas.aishan_officer, person=person, death_date=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError, match=messages.PERSON_DECEASED):
        services.person_record_death(actor=personas.aishan_officer, person=person, death_date=dt.date(2024, 1, 1))


def test_reveal_returns_clear_value_and_logs_field(personas):
    person = PersonFactory(raw_phone="13700001111")
    value = services.person_reveal(actor=personas.aishan_officer, person=person, field="phone")
    assert value == "13700001111"
    [log] = AccessLog.objects.all()
    assert (log.kind, log.field, log.actor, log.subject_id) == ("reveal", "phone", personas.aishan_officer,
                                                                 str(person.pk))


def test_reveal_of_unknown_field_is_refused_and_not_logged(personas):
    person = PersonFactory()
    with pytest.raises(ValidationError):
        services.person_reveal(actor=personas.aishan_officer, person=person, field="name_cipher")
    assert not AccessLog.objects.exists()


def test_household_create_makes_head_self_member(personas):
    head = PersonFactory()
    household = services.household_create(actor=personas.village_worker, head=head)
    [membership] = household.memberships.all()
    assert membership.person == head and membership.relationship == Membership.Relationship.SELF
    assert household.region_code == head.region_code
    assert entries("people.household.created")[0].object_id == str(household.pk)


def test_person_belongs_to_at_most_one_household(personas):
    household = HouseholdFactory()
    other = HouseholdFactory()
    with pytest.raises(ValidationError) as err:
        services.household_member_add(actor=personas.village_worker, household=other, person=household.head,
                                      relationship="配偶")
    assert "另一家庭户" in err.value.message_dict["person"][0]
    with pytest.raises(ValidationError):
        services.household_create(actor=personas.village_worker, head=household.head)
    assert Membership.objects.filter(person=household.head).count() == 1


def test_member_add_accepts_chinese_relationship_and_audits(personas):
    household = HouseholdFactory()
    spouse = PersonFactory()
    membership = services.household_member_add(actor=personas.village_worker, household=household, person=spouse,
                                               relationship="配偶")
    assert membership.relationship == "spouse"
    [entry] = entries("people.household.member_added")
    assert entry.after == {"person": spouse.pk, "name": spouse.name, "relationship": "spouse"}


def test_member_add_rejects_second_self(personas):
    household = HouseholdFactory()
    with pytest.raises(ValidationError) as err:
        services.household_member_add(actor=personas.village_worker, household=household, person=PersonFactory(),
                                      relationship="本人")
    assert err.value.message_dict == {"relationship": [messages.RELATIONSHIP_SELF_TAKEN]}


def test_member_move_is_one_audited_step(personas):
    source, target = HouseholdFactory(), HouseholdFactory()
    child = PersonFactory()
    services.household_member_add(actor=personas.village_worker, household=source, person=child, relationship="子女")
    services.household_member_move(actor=personas.village_worker, person=child, to_household=target,
                                   relationship="其他")
    assert Membership.objects.get(person=child).household == target
    [entry] = entries("people.household.member_moved")
    assert entry.diff["household"] == [source.pk, target.pk]
    assert entry.diff["relationship"] == ["child", "other"]


def test_head_with_members_cannot_move(personas):
    source, target = HouseholdFactory(), HouseholdFactory()
    services.household_member_add(actor=personas.village_worker, household=source, person=PersonFactory(),
                                  relationship="子女")
    with pytest.raises(ValidationError) as err:
        services.household_member_move(actor=personas.village_worker, person=source.head, to_household=target,
                                       relationship="配偶")
    assert err.value.message_dict == {"person": [messages.HEAD_CANNOT_MOVE]}
    assert Membership.objects.get(person=source.head).household == source


def test_lone_head_moving_leaves_household_without_head(personas):
    source, target = HouseholdFactory(), HouseholdFactory()
    services.household_member_move(actor=personas.village_worker, person=source.head, to_household=target,
                                   relationship="配偶")
    source.refresh_from_db()
    assert source.head is None
    assert not source.memberships.exists()


def test_head_change_swaps_relationships(personas):
    household = HouseholdFactory()
    old_head, son = household.head, PersonFactory()
    services.household_member_add(actor=personas.village_worker, household=household, person=son,
                                  relationship="子女")
    services.household_head_change(actor=personas.village_worker, household=household, new_head=son,
                                   old_head_relationship="父母")
    household.refresh_from_db()
    assert household.head == son
    assert Membership.objects.get(person=old_head).relationship == "parent"
    assert Membership.objects.get(person=son).relationship == "self"
    assert entries("people.household.head_changed")[0].diff["head"] == [old_head.pk, son.pk]


def test_member_remove_refuses_head(personas):
    household = HouseholdFactory()
    with pytest.raises(ValidationError):
        services.household_member_remove(actor=personas.village_worker, membership=household.memberships.get())
    assert Household.objects.get(pk=household.pk).memberships.count() == 1


def test_audit_entries_cannot_be_changed_or_deleted(personas):
    services.household_create(actor=personas.village_worker, head=PersonFactory())
    entry = AuditEntry.objects.first()
    entry.action = "tampered"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().update(action="tampered")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_database_refuses_audit_update_even_bypassing_the_orm():
    from django.db import DatabaseError, connection

    from tests.personas import build_personas

    build_personas()
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET action = 'tampered'")


def test_write_and_audit_roll_back_together(personas, monkeypatch):
    from minzheng.people import services as people_services

    def boom(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(people_services, "audit_record", boom)
    with pytest.raises(RuntimeError):
        services.person_create(actor=personas.village_worker, id_number=id_number_for(9), name="朱一",
                               region_code=MY_VILLAGE)
    assert not Person.objects.exists()


def test_county_officer_cannot_register_in_other_county(personas):
    with pytest.raises(ValidationError) as err:
        services.person_create(actor=personas.wuxing_officer, id_number=id_number_for(3), name="费一",
                               region_code=OTHER_COUNTY_VILLAGE)
    assert err.value.message_dict == {"region_code": [core_messages.REGION_OUT_OF_SCOPE]}
