"""The couple's booking and cancellation (services): both names and ID numbers checked per field
(GB 11643), ID numbers only sealed, a confirmation code, no booking of a begun or full slot, and
cancellation with the code and either ID number."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minzheng.core import messages as core_messages
from minzheng.core import pii
from minzheng.core.idnumber import make_id_number
from minzheng.core.models import AuditEntry
from minzheng.facilities.models import Facility
from minzheng.marriage.appointments import messages
from minzheng.marriage.appointments.models import Booking, Business, Slot
from minzheng.marriage.appointments.services import CODE_ALPHABET, booking_cancel, booking_create
from tests.factories import id_number_for
from tests.marriage.appointments.conftest import BRIDE, GROOM, TODAY, slot_make

pytestmark = pytest.mark.django_db


def book(slot: Slot, **changes: str) -> Booking:
    data = {"first_name": "张伟", "first_id_number": GROOM, "second_name": "李娜", "second_id_number": BRIDE,
            **changes}
    return booking_create(slot_id=changes.pop("slot_id", slot.pk), **{k: v for k, v in data.items() if k != "slot_id"})


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_a_booking_takes_a_place_and_gives_an_unambiguous_code(frozen, office) -> None:
    slot = slot_make(office, capacity=2)
    booking = book(slot)
    slot.refresh_from_db()
    assert slot.booked == 1
    assert booking.status == Booking.Status.BOOKED and booking.region_code == office.region_code
    assert len(booking.code) == 8 and set(booking.code) <= set(CODE_ALPHABET)
    assert not set(booking.code) & set("0O1IL2Z5S8B")


def test_id_numbers_are_stored_only_sealed_and_never_in_the_audit(frozen, office) -> None:
    booking = book(slot_make(office))
    row = Booking.objects.filter(pk=booking.pk).values().get()
    assert GROOM not in str(row) and BRIDE not in str(row)
    assert row["first_id_digest"] == pii.digest("id_number", GROOM)
    assert row["second_id_masked"] == BRIDE[:6] + "********" + BRIDE[-4:]
    assert pii.unseal("id_number", row["first_id_cipher"]) == GROOM
    entry = AuditEntry.objects.get(action="marriage.booking.created")
    assert entry.object_id == str(booking.pk) and entry.actor is None
    assert GROOM not in str(entry.after) and BRIDE not in str(entry.after) and booking.code not in str(entry.after)


def test_a_lower_case_x_id_number_is_accepted_and_normalised(frozen, office) -> None:
    number = next(x for x in (make_id_number("330502", dt.date(1990, 1, d), 11) for d in range(1, 28))
                  if x.endswith("X"))
    booking = book(slot_make(office), first_id_number=number.lower())
    assert booking.first_id_digest == pii.digest("id_number", number)


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("first_id_number", "", "甲方身份证号：" + core_messages.ID_NUMBER_REQUIRED),
    ("first_id_number", "33050219950301001", "甲方身份证号：身份证号码应为18位，实际为17位"),
    ("second_id_number", BRIDE[:17] + ("0" if BRIDE[17] != "0" else "1"), "乙方身份证号：" + core_messages.ID_NUMBER_BAD_CHECKSUM),
    ("second_id_number", "33050219970231002X", "乙方身份证号：" + core_messages.ID_NUMBER_BAD_DATE),
    ("first_name", "  ", messages.NAME_REQUIRED.format(field="甲方姓名")),
    ("second_name", "", messages.NAME_REQUIRED.format(field="乙方姓名")),
    ("first_name", "张" * 51, messages.NAME_TOO_LONG.format(field="甲方姓名", max=50)),
])
def test_each_bad_field_gets_its_own_reason_and_nothing_is_written(frozen, office, field, value, expected) -> None:
    slot = slot_make(office)
    with pytest.raises(ValidationError) as excinfo:
        book(slot, **{field: value})
    assert errors_of(excinfo)[field] == [expected]
    slot.refresh_from_db()
    assert slot.booked == 0 and not Booking.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="marriage.").exists()


def test_all_bad_fields_are_reported_at_once(frozen, office) -> None:
    with pytest.raises(ValidationError) as excinfo:
        book(slot_make(office), first_name="", first_id_number="abc", second_name="", second_id_number="")
    assert set(errors_of(excinfo)) == {"first_name", "first_id_number", "second_name", "second_id_number"}


def test_the_same_id_number_twice_is_refused(frozen, office) -> None:
    with pytest.raises(ValidationError) as excinfo:
        book(slot_make(office), second_id_number=GROOM)
    assert errors_of(excinfo) == {"second_id_number": [messages.ID_NUMBERS_SAME]}


def test_a_replacement_may_be_booked_by_one_party_but_a_marriage_may_not(frozen, office) -> None:
    replacement = slot_make(office, business=Business.REPLACEMENT)
    alone = book(replacement, second_name="", second_id_number="")
    assert alone.second_name == "" and alone.second_id_digest == ""
    with pytest.raises(ValidationError) as excinfo:
        book(slot_make(office, at="10:00"), second_name="", second_id_number="")
    assert set(errors_of(excinfo)) == {"second_name", "second_id_number"}


@pytest.mark.parametrize("slot_id", ["", None])
def test_no_slot_chosen(frozen, office, slot_id) -> None:
    with pytest.raises(ValidationError) as excinfo:
        book(slot_make(office), slot_id=slot_id)
    assert errors_of(excinfo)["slot"] == [messages.SLOT_REQUIRED]


def test_an_unknown_slot_or_one_of_a_closed_office_is_refused(frozen, office) -> None:
    slot = slot_make(office)
    with pytest.raises(ValidationError) as excinfo:
        book(slot, slot_id="999999")
    assert errors_of(excinfo)["slot"] == [messages.SLOT_UNKNOWN]
    Facility.objects.filter(pk=office.pk).update(status=Facility.Status.CLOSED)
    with pytest.raises(ValidationError) as excinfo:
        book(slot)
    assert errors_of(excinfo)["slot"] == [messages.SLOT_UNKNOWN]


def test_a_slot_that_has_begun_cannot_be_booked(frozen, office) -> None:
    begun = slot_make(office, day=TODAY, at="08:00")
    yesterday = slot_make(office, day=TODAY - dt.timedelta(days=1), at="15:00")
    for slot in (begun, yesterday):
        with pytest.raises(ValidationError) as excinfo:
            book(slot)
        assert errors_of(excinfo)["slot"] == [messages.SLOT_PAST]
    later_today = slot_make(office, day=TODAY, at="08:30")
    assert book(later_today).slot_id == later_today.pk


def test_a_full_slot_cannot_be_booked(frozen, office) -> None:
    slot = slot_make(office, capacity=1)
    book(slot)
    with pytest.raises(ValidationError) as excinfo:
        book(slot, first_id_number=BRIDE, second_id_number=GROOM)
    assert errors_of(excinfo)["slot"] == [messages.SLOT_FULL]
    slot.refresh_from_db()
    assert slot.booked == 1 and Booking.objects.count() == 1


def test_the_couple_cancels_with_the_code_and_either_id_number(frozen, office) -> None:
    slot = slot_make(office)
    booking = book(slot)
    cancelled = booking_cancel(code=f" {booking.code.lower()} ", id_number=BRIDE)
    slot.refresh_from_db()
    assert cancelled.status == Booking.Status.CANCELLED and cancelled.cancelled_at is not None
    assert slot.booked == 0
    assert AuditEntry.objects.filter(action="marriage.booking.cancelled", object_id=str(booking.pk)).count() == 1
    # The place is free again.
    assert book(slot).status == Booking.Status.BOOKED


def test_a_wrong_code_or_id_number_gets_one_answer_that_confirms_nothing(frozen, office) -> None:
    booking = book(slot_make(office))
    stranger = id_number_for(77)
    for code, number in ((booking.code, stranger), ("ACDEFGHJ", GROOM)):
        with pytest.raises(ValidationError) as excinfo:
            booking_cancel(code=code, id_number=number)
        assert errors_of(excinfo) == {"code": [messages.CANCEL_NOT_FOUND]}
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.BOOKED


def test_cancelling_needs_both_fields_each_named(frozen, office) -> None:
    with pytest.raises(ValidationError) as excinfo:
        booking_cancel(code="", id_number="123")
    assert errors_of(excinfo)["code"] == [messages.CANCEL_CODE_REQUIRED]
    assert errors_of(excinfo)["id_number"][0].startswith("身份证号：身份证号码应为18位")


def test_a_booking_is_cancelled_once_and_not_after_its_slot_began(frozen, office) -> None:
    booking = book(slot_make(office))
    booking_cancel(code=booking.code, id_number=GROOM)
    with pytest.raises(ValidationError) as excinfo:
        booking_cancel(code=booking.code, id_number=GROOM)
    assert errors_of(excinfo) == {"code": [messages.CANCEL_NOT_ACTIVE.format(status="已取消")]}
    soon = book(slot_make(office, day=TODAY, at="09:00"))
    frozen.shift(dt.timedelta(hours=1, minutes=1))
    with pytest.raises(ValidationError) as excinfo:
        booking_cancel(code=soon.code, id_number=GROOM)
    assert errors_of(excinfo) == {"code": [messages.CANCEL_PAST]}
