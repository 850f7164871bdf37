"""The registrar's desk: the day's bookings at an office of the registrar's county, each read
logged; marking arrived or no-show on or after the day, once; other counties' bookings are 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.core.models import AccessLog, AuditEntry
from minzheng.marriage.appointments import messages, selectors
from minzheng.marriage.appointments.models import Booking
from minzheng.marriage.appointments.services import booking_create, booking_mark
from tests.marriage.appointments.conftest import BRIDE, GROOM, TODAY, slot_make

pytestmark = pytest.mark.django_db


def booked(office, *, day=TODAY + dt.timedelta(days=1), at="09:00"):  # type: ignore[no-untyped-def]
    return booking_create(slot_id=slot_make(office, day=day, at=at).pk, first_name="张伟", first_id_number=GROOM,
                          second_name="李娜", second_id_number=BRIDE)


def test_the_desk_lists_the_days_bookings_in_time_order_and_logs_each_read(frozen, office, personas) -> None:
    late, early = booked(office, at="14:00"), booked(office, at="09:00")
    booked(office, day=TODAY + dt.timedelta(days=2))
    registrar = personas.wuxing_marriage_registrar
    rows = selectors.desk_bookings(user=registrar, office=office, day=TODAY + dt.timedelta(days=1))
    assert [b.pk for b in rows] == [early.pk, late.pk]
    logged = AccessLog.objects.filter(actor=registrar, subject_type="marriage.booking")
    assert sorted(int(x) for x in logged.values_list("subject_id", flat=True)) == sorted([early.pk, late.pk])
    assert all(GROOM not in r for r in logged.values_list("subject_repr", flat=True))


def test_another_countys_registrar_sees_nothing_and_gets_404(frozen, office, personas) -> None:
    booking = booked(office)
    anji = personas.anji_marriage_registrar
    assert list(selectors.registrar_offices(user=anji)) == []
    with pytest.raises(Http404):
        selectors.registrar_office_get(user=anji, office_id=office.pk)
    with pytest.raises(Http404):
        selectors.booking_get(user=anji, pk=booking.pk)
    with pytest.raises(Http404):
        booking_mark(actor=anji, booking=booking, status="arrived")


def test_marking_arrived_on_the_day_once(frozen, office, personas) -> None:
    booking = booked(office, day=TODAY, at="09:00")
    registrar = personas.wuxing_marriage_registrar
    marked = booking_mark(actor=registrar, booking=booking, status="arrived")
    assert marked.status == Booking.Status.ARRIVED and marked.marked_by == registrar
    assert AuditEntry.objects.filter(action="marriage.booking.arrived", object_id=str(booking.pk)).count() == 1
    with pytest.raises(ValidationError) as excinfo:
        booking_mark(actor=registrar, booking=booking, status="no_show")
    assert excinfo.value.message_dict == {"status": [messages.MARK_NOT_ACTIVE.format(status="已到场")]}


def test_no_mark_before_the_day_and_no_unknown_status(frozen, office, personas) -> None:
    booking = booked(office)
    registrar = personas.wuxing_marriage_registrar
    with pytest.raises(ValidationError) as excinfo:
        booking_mark(actor=registrar, booking=booking, status="no_show")
    assert excinfo.value.message_dict == {"status": [messages.MARK_TOO_EARLY.format(day=f"{booking.slot.day:%Y-%m-%d}")]}
    with pytest.raises(ValidationError) as excinfo:
        booking_mark(actor=registrar, booking=booking, status="cancelled")
    assert excinfo.value.message_dict == {"status": [messages.MARK_INVALID]}


def test_officers_without_the_registrar_role_cannot_mark(frozen, office, personas) -> None:
    booking = booked(office, day=TODAY)
    with pytest.raises(PermissionDenied):
        booking_mark(actor=personas.wuxing_officer, booking=booking, status="arrived")
