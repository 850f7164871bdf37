"""Simple-wedding bases and events: kept by county officers and registrars inside their scope, every
bad field named, one audit entry per write, participants named optionally and never more than counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.core.models import AuditEntry
from minzheng.facilities.models import Facility
from minzheng.marriage.counselling import messages
from minzheng.marriage.counselling.models import EventParticipant
from minzheng.marriage.counselling.services import event_update, wedding_base_create, wedding_base_update
from tests.facilities.factories import FacilityFactory
from tests.marriage.counselling.conftest import ANJI_TOWNSHIP, WUXING_TOWNSHIP, event_make

pytestmark = pytest.mark.django_db


def base_make(actor, **changes):  # type: ignore[no-untyped-def]
    data = {"name": "南太湖简约婚礼示范基地", "region_code": WUXING_TOWNSHIP, "designated_on": "2024-05-20", **changes}
    return wedding_base_create(actor=actor, **data)


def test_a_county_officer_registers_a_base_with_one_audit_entry(personas) -> None:
    base = base_make(personas.wuxing_officer, address_text="  太湖路 1 号 ")
    assert base.designated_on == dt.date(2024, 5, 20) and base.address_text == "太湖路 1 号"
    assert AuditEntry.objects.filter(action="marriage.wedding_base.created", object_id=str(base.pk)).count() == 1


@pytest.mark.parametrize(("changes", "field", "expected"), [
    ({"name": " "}, "name", messages.BASE_NAME_REQUIRED),
    ({"name": "基" * 101}, "name", messages.BASE_NAME_TOO_LONG),
    ({"designated_on": ""}, "designated_on", messages.DATE_REQUIRED.format(field="命名日期")),
    ({"designated_on": "2024-02-30"}, "designated_on", messages.DATE_INVALID.format(field="命名日期")),
    ({"designated_on": "2999-01-01"}, "designated_on", messages.DATE_FUTURE.format(field="命名日期")),
    ({"region_code": ANJI_TOWNSHIP}, "region_code", messages.REGION_INVALID),
    ({"region_code": "330502999000"}, "region_code", messages.REGION_INVALID),
    ({"status": "gone"}, "status", messages.STATUS_INVALID),
])
def test_a_bad_base_field_is_named(personas, changes, field, expected) -> None:
    with pytest.raises(ValidationError) as excinfo:
        base_make(personas.wuxing_officer, **changes)
    assert excinfo.value.message_dict[field] == [expected]


def test_a_base_of_another_county_is_404_to_edit_and_others_may_not_write(personas) -> None:
    base = base_make(personas.wuxing_officer)
    with pytest.raises(Http404):
        wedding_base_update(actor=personas.anji_officer, base=base, name="x", region_code=ANJI_TOWNSHIP,
                            designated_on="2024-01-01")
    for reader in (personas.city_admin, personas.aishan_officer, personas.auditor, personas.village_worker):
        with pytest.raises(PermissionDenied):
            base_make(reader)
    revoked = wedding_base_update(actor=personas.wuxing_marriage_registrar, base=base, name=base.name,
                                  region_code=base.region_code, designated_on=base.designated_on, status="revoked")
    assert revoked.status == "revoked"
    assert AuditEntry.objects.get(action="marriage.wedding_base.updated").diff["status"] == ["active", "revoked"]


def test_an_event_at_a_station_with_named_participants(personas) -> None:
    station = FacilityFactory(kind=Facility.Kind.MARRIAGE_COUNSELLING_STATION, region_code="330502003001",
                              name="仪凤桥婚姻家庭辅导驿站")
    event = event_make(personas.wuxing_officer, kind="counselling", facility=station, place_text="", people=3,
                       participant_names="王一\n\n 赵二 \n钱三")
    assert event.place == "仪凤桥婚姻家庭辅导驿站"
    assert list(EventParticipant.objects.filter(event=event).values_list("name", flat=True)) == ["王一", "赵二", "钱三"]
    updated = event_update(actor=personas.wuxing_officer, event=event, kind="counselling", title=event.title,
                           held_on=event.held_on, region_code=event.region_code, organizer=event.organizer,
                           facility=station, people=5, participant_names=["王一"])
    assert updated.people == 5 and updated.participants.count() == 1
    assert AuditEntry.objects.filter(action__startswith="marriage.event.").count() == 2


def test_a_collective_wedding_counts_couples(personas) -> None:
    base = base_make(personas.wuxing_officer)
    event = event_make(personas.wuxing_officer, kind="collective_wedding", base=base, place_text="", people=0,
                       couples=20)
    assert event.couples == 20 and event.base == base


@pytest.mark.parametrize(("changes", "field", "expected"), [
    ({"kind": "party"}, "kind", messages.KIND_INVALID),
    ({"title": ""}, "title", messages.TITLE_REQUIRED),
    ({"held_on": "tomorrow"}, "held_on", messages.DATE_INVALID.format(field="活动日期")),
    ({"organizer": ""}, "organizer", messages.ORGANIZER_REQUIRED),
    ({"place_text": ""}, "place_text", messages.PLACE_REQUIRED),
    ({"people": "-1"}, "people", messages.COUNT_INVALID.format(field="参与人数", max=100_000)),
    ({"couples": "x"}, "couples", messages.COUNT_INVALID.format(field="参与新人（对）", max=100_000)),
    ({"people": 0, "couples": 0}, "people", messages.NOBODY),
    ({"people": 30, "couples": 20}, "couples", messages.COUPLES_TOO_MANY.format(couples=20, people=40, total=30)),
    ({"people": 2, "participant_names": "甲\n乙\n丙"}, "participant_names",
     messages.NAMES_MORE_THAN_PEOPLE.format(names=3, people=2)),
    ({"participant_names": "名" * 51}, "participant_names", messages.NAME_TOO_LONG.format(line=1, name="名" * 10 + "…")),
    ({"region_code": ANJI_TOWNSHIP}, "region_code", messages.REGION_INVALID),
])
def test_a_bad_event_field_is_named_and_nothing_is_written(personas, changes, field, expected) -> None:
    with pytest.raises(ValidationError) as excinfo:
        event_make(personas.wuxing_officer, **changes)
    assert excinfo.value.message_dict[field] == [expected]
    assert not AuditEntry.objects.filter(action__startswith="marriage.").exists()


def test_a_site_or_base_outside_the_scope_is_refused(personas) -> None:
    elsewhere = FacilityFactory(kind=Facility.Kind.MARRIAGE_COUNSELLING_STATION, region_code="330523001001")
    anji_base = base_make(personas.anji_officer, region_code=ANJI_TOWNSHIP)
    with pytest.raises(ValidationError) as excinfo:
        event_make(personas.wuxing_officer, facility=elsewhere, base=anji_base)
    assert excinfo.value.message_dict["facility"] == [messages.FACILITY_INVALID]
    assert excinfo.value.message_dict["base"] == [messages.BASE_INVALID]
