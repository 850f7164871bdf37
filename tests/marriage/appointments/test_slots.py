"""Registrars open an office's slots for a run of working days at once: statutory holidays skipped,
make-up working days kept, nothing added twice, only offices in their county, every bad field named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.core.models import AuditEntry
from minzheng.marriage.appointments import messages
from minzheng.marriage.appointments.models import Slot
from minzheng.marriage.appointments.services import slots_batch_create
from tests.marriage.appointments.conftest import TODAY

pytestmark = pytest.mark.django_db


def open_week(actor, office, **changes):  # type: ignore[no-untyped-def]
    data = {"first_day": TODAY, "days": 7, "times": "09:00, 14:00", "length_minutes": 30,
            "business": "marriage", "capacity": 4, **changes}
    return slots_batch_create(actor=actor, office=office, **data)


def test_a_week_opens_on_its_working_days_at_each_time(frozen, office, personas) -> None:
    made = open_week(personas.wuxing_marriage_registrar, office)
    days = sorted(set(Slot.objects.values_list("day", flat=True)))
    assert days == [TODAY + dt.timedelta(days=n) for n in range(5)]  # Mon–Fri; the weekend is closed
    assert made.created == 10 and Slot.objects.count() == 10
    first = Slot.objects.order_by("day", "starts_at").first()
    assert (first.starts_at, first.ends_at, first.capacity, first.region_code) == (
        dt.time(9), dt.time(9, 30), 4, office.region_code)
    entry = AuditEntry.objects.get(action="marriage.slots.created")
    assert entry.after["created"] == 10 and entry.actor == personas.wuxing_marriage_registrar


def test_statutory_holidays_are_skipped_and_make_up_working_days_kept(office, personas) -> None:
    import time_machine
    # National Day 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are working days.
    with time_machine.travel(dt.datetime(2025, 9, 26, 8), tick=False):
        open_week(personas.wuxing_marriage_registrar, office, first_day=dt.date(2025, 9, 27), days=15, times="09:00")
    days = set(Slot.objects.values_list("day", flat=True))
    assert dt.date(2025, 9, 28) in days and dt.date(2025, 10, 11) in days
    assert not days & {dt.date(2025, 10, d) for d in range(1, 9)}
    assert dt.date(2025, 9, 27) not in days  # an ordinary Saturday


def test_opening_the_same_week_twice_adds_nothing(frozen, office, personas) -> None:
    open_week(personas.wuxing_marriage_registrar, office)
    more = open_week(personas.wuxing_marriage_registrar, office, times="09:00,14:00,15:00")
    assert more.created == 5 and more.existing == 10
    with pytest.raises(ValidationError) as excinfo:
        open_week(personas.wuxing_marriage_registrar, office)
    assert excinfo.value.message_dict == {"first_day": [messages.NOTHING_NEW]}
    assert Slot.objects.count() == 15


@pytest.mark.parametrize(("changes", "field", "expected"), [
    ({"first_day": ""}, "first_day", messages.FIRST_DAY_REQUIRED),
    ({"first_day": "2026-13-01"}, "first_day", messages.FIRST_DAY_INVALID),
    ({"first_day": TODAY - dt.timedelta(days=1)}, "first_day", messages.FIRST_DAY_PAST),
    ({"first_day": TODAY + dt.timedelta(days=91)}, "first_day", messages.FIRST_DAY_TOO_FAR.format(days=90)),
    ({"days": "0"}, "days", messages.DAYS_INVALID.format(max=31)),
    ({"days": "abc"}, "days", messages.DAYS_INVALID.format(max=31)),
    ({"times": " , "}, "times", messages.TIMES_REQUIRED),
    ({"times": "9点"}, "times", messages.TIME_INVALID.format(value="9点")),
    ({"times": "23:50"}, "times", messages.TIME_OVERRUN.format(value="23:50")),
    ({"length_minutes": "5"}, "length_minutes", messages.LENGTH_INVALID),
    ({"business": "wedding"}, "business", messages.BUSINESS_INVALID),
    ({"capacity": "0"}, "capacity", messages.CAPACITY_INVALID.format(max=50)),
    ({"capacity": "51"}, "capacity", messages.CAPACITY_INVALID.format(max=50)),
])
def test_each_bad_field_is_named_and_nothing_is_opened(frozen, office, personas, changes, field, expected) -> None:
    with pytest.raises(ValidationError) as excinfo:
        open_week(personas.wuxing_marriage_registrar, office, **changes)
    assert excinfo.value.message_dict[field] == [expected]
    assert not Slot.objects.exists()


def test_an_office_of_another_county_or_another_kind_is_refused(frozen, office, anji_office, personas) -> None:
    from tests.facilities.factories import FacilityFactory
    for other in (anji_office, FacilityFactory(region_code=office.region_code)):
        with pytest.raises(ValidationError) as excinfo:
            open_week(personas.wuxing_marriage_registrar, other)
        assert excinfo.value.message_dict["office"] == [messages.OFFICE_INVALID]
    with pytest.raises(ValidationError) as excinfo:
        open_week(personas.wuxing_marriage_registrar, None)
    assert excinfo.value.message_dict["office"] == [messages.OFFICE_REQUIRED]


def test_only_registrars_open_slots(frozen, office, personas) -> None:
    for someone in (personas.wuxing_officer, personas.city_admin, personas.wuxing_funeral_registrar):
        with pytest.raises(PermissionDenied):
            open_week(someone, office)
