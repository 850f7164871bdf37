"""Offices, slots and couples for the appointment tests, at a frozen moment: Monday 2026-12-07,
08:00 in Huzhou (a working day)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from minzheng.facilities.models import Facility
from minzheng.marriage.appointments.models import Business, Slot
from tests.facilities.factories import FacilityFactory
from tests.factories import id_number_for

NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
GROOM = id_number_for(1, birth=dt.date(1995, 3, 1))  # odd sequence: a man
BRIDE = id_number_for(2, birth=dt.date(1997, 6, 2))


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def office_make(region_code: str = "330502003000", name: str = "吴兴区婚姻登记处") -> Facility:
    return FacilityFactory(name=name, kind=Facility.Kind.MARRIAGE_OFFICE, region_code=region_code,
                           opening_hours="周一至周五 8:30-17:00")


def slot_make(office: Facility, *, day: dt.date = TODAY + dt.timedelta(days=1), at: str = "09:00",
              capacity: int = 2, business: str = Business.MARRIAGE, booked: int = 0) -> Slot:
    starts = dt.time.fromisoformat(at)
    ends = (dt.datetime.combine(day, starts) + dt.timedelta(minutes=30)).time()
    return Slot.objects.create(office=office, region_code=office.region_code, day=day, starts_at=starts,
                               ends_at=ends, business=business, capacity=capacity, booked=booked)


@pytest.fixture
def office(personas):  # type: ignore[no-untyped-def]
    return office_make()


@pytest.fixture
def anji_office(personas):  # type: ignore[no-untyped-def]
    return office_make("330523001000", "安吉县婚姻登记处")
