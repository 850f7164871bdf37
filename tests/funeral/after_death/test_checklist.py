"""The checklist of a registered death: opened once with every item, kept by the officer (audited),
closed when the death is revoked; the case lists what a revocation could not reopen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minzheng.core.models import AuditEntry
from minzheng.eldercare.beds.models import Occupancy
from minzheng.funeral.after_death import messages
from minzheng.funeral.after_death.models import ChecklistItem, NotificationItem
from minzheng.funeral.after_death.selectors import case_get
from minzheng.funeral.after_death.services import checklist_item_update
from minzheng.funeral.deaths.services import death_registration_revoke
from tests.eldercare.beds.conftest import Homes, build_homes
from tests.factories import PersonFactory
from tests.funeral.deaths.support import register
from tests.personas import MY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def test_the_items_are_data_seeded_by_the_migration() -> None:
    names = list(NotificationItem.objects.values_list("code", flat=True))
    assert names == ["household_registration", "pension", "medical_insurance", "housing_fund", "driving_licence",
                     "survivor_benefits", "funeral_grant"]


def test_a_retired_item_is_not_put_on_new_checklists(personas: Personas) -> None:
    NotificationItem.objects.filter(code="driving_licence").update(active=False)
    registration = register(personas.wuxing_funeral_registrar, PersonFactory(region_code=MY_VILLAGE)).registration
    assert ChecklistItem.objects.filter(registration=registration).count() == 6


def test_the_officer_updates_an_item_and_it_is_audited(personas: Personas) -> None:
    registration = register(personas.wuxing_funeral_registrar, PersonFactory(region_code=MY_VILLAGE)).registration
    item = ChecklistItem.objects.get(registration=registration, item__code="household_registration")
    checklist_item_update(actor=personas.aishan_officer, item=item, status="notified", note="已电话告知派出所")
    item.refresh_from_db()
    assert item.status == "notified" and item.updated_by == personas.aishan_officer
    entry = AuditEntry.objects.get(action="funeral.after_death.item_updated")
    assert entry.before["status"] == "pending" and entry.after["status"] == "notified"


@pytest.mark.parametrize(("status", "note", "field", "message"), [
    ("lost", "", "status", messages.STATUS_INVALID),
    ("not_applicable", "", "note", messages.NOTE_REQUIRED_NOT_APPLICABLE),
    ("done", "备" * 201, "note", messages.NOTE_TOO_LONG.format(max=200)),
])
def test_bad_updates_are_named_and_change_nothing(personas: Personas, status: str, note: str, field: str,
                                                  message: str) -> None:
    registration = register(personas.wuxing_funeral_registrar, PersonFactory(region_code=MY_VILLAGE)).registration
    item = ChecklistItem.objects.filter(registration=registration).first()
    with pytest.raises(ValidationError) as caught:
        checklist_item_update(actor=personas.aishan_officer, item=item, status=status, note=note)
    assert caught.value.message_dict[field] == [message]
    item.refresh_from_db()
    assert item.status == "pending"


def test_a_revocation_closes_the_waiting_items_and_lists_what_needs_a_hand(personas: Personas) -> None:
    homes: Homes = build_homes(personas)
    person = PersonFactory(region_code=MY_VILLAGE)
    Occupancy.objects.create(bed=homes.beds[0], facility=homes.mine, region_code=MY_VILLAGE, person=person,
                             checked_in_on=dt.date(2024, 1, 5))
    registration = register(personas.wuxing_funeral_registrar, person).registration
    told = ChecklistItem.objects.get(registration=registration, item__code="pension")
    checklist_item_update(actor=personas.aishan_officer, item=told, status="notified")
    Occupancy.objects.create(bed=homes.beds[0], facility=homes.mine, region_code=MY_VILLAGE,
                             person=PersonFactory(region_code=MY_VILLAGE), checked_in_on=dt.date(2025, 4, 1))
    death_registration_revoke(actor=personas.wuxing_officer, registration=registration, reason="医院报错")
    statuses = dict(ChecklistItem.objects.filter(registration=registration).values_list("item__code", "status"))
    assert statuses.pop("pension") == "notified"
    assert set(statuses.values()) == {"not_applicable"}
    case = case_get(user=personas.wuxing_officer, pk=registration.pk)
    assert [e.kind for e in case.for_hand] == ["bed_checked_out"]
    assert [i.item.code for i in case.to_correct] == ["pension"]
    with pytest.raises(ValidationError) as caught:
        checklist_item_update(actor=personas.aishan_officer, item=told, status="done")
    assert caught.value.message_dict == {"__all__": [messages.REVOKED_READ_ONLY]}
