"""迁入申请: asked by the side the person moves to, decided by the side they live in, every step
audited on the side that took it, and the bad paths refused with the field named."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.core import messages as core_messages
from minzheng.core.models import AccessLog, AuditEntry
from minzheng.people import messages as people_messages
from minzheng.people.models import Household, Membership, Person
from minzheng.people.move_in import messages
from minzheng.people.move_in.models import MoveInRequest
from minzheng.people.move_in.services import (
    move_in_request_accept,
    move_in_request_create,
    move_in_request_refuse,
    move_in_request_withdraw,
)
from tests.factories import PersonFactory, id_number_for
from tests.people.move_in.conftest import Elsewhere
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE, Personas


def ask(personas: Personas, person: Person, **overrides: str) -> MoveInRequest:
    values = {"id_number": person.id_number, "name": person.name, "region_code": MY_VILLAGE,
              "reason": "已在本社区购房居住"} | overrides
    return move_in_request_create(actor=personas.village_worker, **values)


def actions() -> list[tuple[str, str]]:
    return list(AuditEntry.objects.filter(action__in=[
        "people.move_in.requested", "people.move_in.accepted", "people.move_in.refused",
        "people.move_in.withdrawn", "people.person.moved_in", "people.household.member_left",
    ]).order_by("id").values_list("action", "region_code"))


def test_an_accepted_request_moves_the_person_out_of_their_household_audited_on_both_sides(
        personas: Personas, elsewhere: Elsewhere) -> None:
    move = ask(personas, elsewhere.member)
    assert (move.status, move.from_region_code, move.to_region_code) == ("pending", OTHER_COUNTY_VILLAGE, MY_VILLAGE)
    assert AccessLog.objects.filter(kind=AccessLog.Kind.LOOKUP, subject_id=str(elsewhere.member.pk),
                                    actor_name="village_worker").count() == 1

    move = move_in_request_accept(actor=personas.anji_officer, request=move, note="核实无误")

    person = Person.objects.get(pk=elsewhere.member.pk)
    assert person.region_code == MY_VILLAGE
    assert not Membership.objects.filter(person=person).exists()
    assert Household.objects.get(pk=elsewhere.household.pk).head == elsewhere.head
    assert (move.status, move.decided_by, move.decision_note) == ("accepted", personas.anji_officer, "核实无误")
    assert actions() == [
        ("people.move_in.requested", MY_VILLAGE),
        ("people.household.member_left", OTHER_COUNTY_VILLAGE),
        ("people.move_in.accepted", OTHER_COUNTY_VILLAGE),
        ("people.person.moved_in", MY_VILLAGE),
    ]
    requested = AuditEntry.objects.get(action="people.move_in.requested")
    assert requested.after["id_number"] == elsewhere.member.id_number_masked
    assert elsewhere.member.id_number not in str(requested.after)


def test_the_township_officer_decides_for_a_community_of_their_township(personas: Personas,
                                                                        elsewhere: Elsewhere) -> None:
    move = ask(personas, elsewhere.neighbour)
    move_in_request_accept(actor=personas.aishan_officer, request=move)
    assert Person.objects.get(pk=elsewhere.neighbour.pk).region_code == MY_VILLAGE


def test_a_refusal_needs_a_reason_and_changes_nothing(personas: Personas, elsewhere: Elsewhere) -> None:
    move = ask(personas, elsewhere.member)
    with pytest.raises(ValidationError) as err:
        move_in_request_refuse(actor=personas.anji_officer, request=move, reason="  ")
    assert err.value.message_dict == {"reason": [messages.REFUSAL_REASON_REQUIRED]}
    move = move_in_request_refuse(actor=personas.anji_officer, request=move, reason="该人员仍在本村居住")
    assert (move.status, move.decision_note) == ("refused", "该人员仍在本村居住")
    assert Person.objects.get(pk=elsewhere.member.pk).region_code == OTHER_COUNTY_VILLAGE
    assert Membership.objects.filter(person=elsewhere.member).exists()
    assert actions()[-1] == ("people.move_in.refused", OTHER_COUNTY_VILLAGE)


def test_a_second_open_request_for_the_same_person_is_refused(personas: Personas, elsewhere: Elsewhere) -> None:
    ask(personas, elsewhere.member)
    with pytest.raises(ValidationError) as err:
        move_in_request_create(actor=personas.aishan_officer, id_number=elsewhere.member.id_number, name="钱小红",
                               region_code=NEIGHBOUR_VILLAGE, reason="另一处")
    assert err.value.message_dict == {"id_number": [messages.PENDING_EXISTS]}
    assert MoveInRequest.objects.count() == 1


def test_after_a_refusal_a_new_request_may_be_made(personas: Personas, elsewhere: Elsewhere) -> None:
    move_in_request_refuse(actor=personas.anji_officer, request=ask(personas, elsewhere.member), reason="材料不全")
    assert ask(personas, elsewhere.member).status == "pending"


@pytest.mark.parametrize("second", ["accept", "refuse", "withdraw"])
def test_a_decided_request_cannot_be_decided_again(personas: Personas, elsewhere: Elsewhere, second: str) -> None:
    move = move_in_request_accept(actor=personas.anji_officer, request=ask(personas, elsewhere.member))
    with pytest.raises(ValidationError) as err:
        if second == "accept":
            move_in_request_accept(actor=personas.anji_officer, request=move)
        elif second == "refuse":
            move_in_request_refuse(actor=personas.anji_officer, request=move, reason="晚了")
        else:
            move_in_request_withdraw(actor=personas.village_worker, request=move)
    assert err.value.message_dict == {"status": [messages.ALREADY_DECIDED.format(status="已同意")]}
    assert AuditEntry.objects.filter(action="people.move_in.accepted").count() == 1


@pytest.mark.parametrize("officer", ["wuxing_officer", "aishan_officer", "village_worker"])
def test_only_the_side_where_the_person_lives_decides(personas: Personas, elsewhere: Elsewhere, officer: str) -> None:
    move = ask(personas, elsewhere.member)
    with pytest.raises(Http404):
        move_in_request_accept(actor=getattr(personas, officer), request=move)
    with pytest.raises(Http404):
        move_in_request_refuse(actor=getattr(personas, officer), request=move, reason="不同意")
    assert MoveInRequest.objects.get(pk=move.pk).status == "pending"


def test_the_auditor_can_neither_ask_nor_decide(personas: Personas, elsewhere: Elsewhere) -> None:
    with pytest.raises(PermissionDenied):
        move_in_request_create(actor=personas.auditor, id_number=elsewhere.member.id_number, name="钱小红",
                               region_code=MY_VILLAGE, reason="无")
    move = ask(personas, elsewhere.member)
    with pytest.raises(PermissionDenied):
        move_in_request_accept(actor=personas.auditor, request=move)


def test_the_deciding_side_cannot_withdraw_and_the_requester_can(personas: Personas, elsewhere: Elsewhere) -> None:
    move = ask(personas, elsewhere.member)
    with pytest.raises(Http404):
        move_in_request_withdraw(actor=personas.anji_officer, request=move)
    move = move_in_request_withdraw(actor=personas.village_worker, request=move)
    assert move.status == "withdrawn"
    assert actions()[-1] == ("people.move_in.withdrawn", MY_VILLAGE)


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"id_number": id_number_for(900)}, "id_number", messages.PERSON_UNKNOWN),
    ({"region_code": OTHER_COUNTY_VILLAGE}, "region_code", core_messages.REGION_OUT_OF_SCOPE),
    ({"name": ""}, "name", core_messages.NAME_REQUIRED),
    ({"reason": ""}, "reason", messages.REASON_REQUIRED),
    ({"reason": "理" * 201}, "reason", messages.TEXT_TOO_LONG.format(label="迁入理由", max=200)),
    ({"id_number": "330502198005170011"}, "id_number", core_messages.ID_NUMBER_BAD_CHECKSUM),
])
def test_bad_input_is_named(personas: Personas, elsewhere: Elsewhere, values: dict[str, str], field: str,
                            message: str) -> None:
    with pytest.raises(ValidationError) as err:
        ask(personas, elsewhere.member, **values)
    assert err.value.message_dict == {field: [message]}
    assert not MoveInRequest.objects.exists()


def test_a_person_already_in_scope_needs_no_request(personas: Personas) -> None:
    mine = PersonFactory(region_code=MY_VILLAGE)
    with pytest.raises(ValidationError) as err:
        ask(personas, mine)
    assert err.value.message_dict == {"id_number": [messages.ALREADY_IN_SCOPE]}


def test_a_head_with_members_stays_until_the_head_changes(personas: Personas, elsewhere: Elsewhere) -> None:
    move = ask(personas, elsewhere.head)
    with pytest.raises(ValidationError) as err:
        move_in_request_accept(actor=personas.anji_officer, request=move)
    assert err.value.message_dict == {"person": [messages.HEAD_WITH_MEMBERS]}
    assert Person.objects.get(pk=elsewhere.head.pk).region_code == OTHER_COUNTY_VILLAGE
    assert MoveInRequest.objects.get(pk=move.pk).status == "pending"


def test_a_lone_head_leaves_an_empty_household_behind(personas: Personas, elsewhere: Elsewhere) -> None:
    from minzheng.people import services as people_services

    household = people_services.household_create(actor=personas.anji_officer, head=elsewhere.lone)
    move_in_request_accept(actor=personas.anji_officer, request=ask(personas, elsewhere.lone))
    household.refresh_from_db()
    assert household.head is None and not household.memberships.exists()
    assert Person.objects.get(pk=elsewhere.lone.pk).region_code == MY_VILLAGE


def test_a_request_for_someone_who_has_moved_meanwhile_is_stale(personas: Personas, elsewhere: Elsewhere) -> None:
    move = ask(personas, elsewhere.lone)
    # Moved within 安吉县 by its own officer since the request was made.
    Person.objects.filter(pk=elsewhere.lone.pk).update(region_code="330523001002")
    with pytest.raises(ValidationError) as err:
        move_in_request_accept(actor=personas.anji_officer, request=move)
    assert err.value.message_dict == {"status": [messages.STALE]}


def test_a_deceased_person_is_not_moved(personas: Personas, elsewhere: Elsewhere) -> None:
    import datetime as dt

    move = ask(personas, elsewhere.lone)
    Person.objects.filter(pk=elsewhere.lone.pk).update(status="deceased", death_date=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError) as err:
        move_in_request_accept(actor=personas.anji_officer, request=move)
    assert err.value.message_dict == {"person": [people_messages.PERSON_DECEASED]}
