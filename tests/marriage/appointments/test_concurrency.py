"""No overbooking when couples book the last places at the same instant: on PostgreSQL each booking
runs in its own thread and connection, released together (the slot row lock and the conditional
count decide); on SQLite, whose writers take turns, one after the other. Same answers either way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from minzheng.marriage.appointments import messages
from minzheng.marriage.appointments.models import Booking, Slot
from minzheng.marriage.appointments.services import booking_create
from tests.eldercare.love_cards.test_concurrency import at_once
from tests.factories import id_number_for
from tests.marriage.appointments.conftest import office_make, slot_make

pytestmark = pytest.mark.django_db(transaction=True)


def test_eight_couples_racing_for_three_places_get_three_bookings(personas) -> None:
    office = office_make()
    slot = slot_make(office, day=timezone.localdate() + dt.timedelta(days=1), capacity=3)
    work = [lambda n=n: booking_create(slot_id=slot.pk, first_name=f"甲{n}", first_id_number=id_number_for(2 * n + 1),
                                       second_name=f"乙{n}", second_id_number=id_number_for(2 * n + 2))
            for n in range(8)]
    made, refused = at_once(work)
    assert len(made) == 3 and len(refused) == 5
    for exc in refused:
        assert isinstance(exc, ValidationError), exc
        assert exc.message_dict == {"slot": [messages.SLOT_FULL]}
    assert Slot.objects.get(pk=slot.pk).booked == 3 == Booking.objects.filter(slot=slot).count()
