"""The demo's marriage services (``minzheng.demo.marriage_events``): a small build on the facilities
demo's offices and stations reads the summary's 四.2 figures back from the records at round(n × scale)
(at least one), spreads the events over the counties, obeys the rules the services enforce (events
someone took part in, couples within the headcount, slots never overbooked, ID numbers valid and only
sealed), and writes nothing the second time."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import Count, F, Q

from minzheng.core import pii
from minzheng.core.idnumber import parse_id_number
from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.core.services import staff_create
from minzheng.demo import facilities
from minzheng.demo import marriage_events as demo
from minzheng.demo.build import demo_build
from minzheng.marriage.appointments.models import Booking, Slot
from minzheng.marriage.counselling.models import Event
from minzheng.marriage.figures.selectors import marriage_figures, marriage_figures_by_county
from tests.demo.conftest import SEED

SCALE = 0.05


def test_at_scale_one_the_plan_is_the_summarys() -> None:
    assert [demo.scaled(n, 1.0) for n in (demo.BASES, demo.CEREMONIES, demo.MATCHMAKING)] == [5, 55, 78]
    assert facilities.scaled(35, 1.0) == 35
    assert [demo.scaled(n, 0.001) for n in (demo.BASES, demo.CEREMONIES, demo.MATCHMAKING)] == [1, 1, 1]


def test_spreading_keeps_the_total() -> None:
    parts = demo.spread(78, [1.0, 2.5, 1.5, 3.0, 1.0])
    assert sum(parts) == 78 and all(p >= 0 for p in parts)


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        demo_build(seed=SEED, scale=SCALE, progress=False)
        facilities.demo_facilities_build(seed=SEED, scale=SCALE)
        yield demo.demo_marriage_events_build(seed=SEED, scale=SCALE)
        transaction.set_rollback(True)


@pytest.fixture
def built(_built, db):  # type: ignore[no-untyped-def]
    return _built


def city_admin() -> User:
    return staff_create(actor=None, username="demo_marriage_city", password="x-Secret-123!-demo", role=Role.CITY_ADMIN,
                        region=Region.objects.get(code="330500000000"))


def test_the_figures_read_back_at_scale(built) -> None:
    figures = marriage_figures(actor=city_admin(), year=demo.YEAR)
    assert figures["simple_wedding_bases"] == demo.scaled(demo.BASES, SCALE) == built["bases_2024"]
    assert figures["collective_ceremonies"] == demo.scaled(demo.CEREMONIES, SCALE) == built["collective_ceremonies"]
    assert figures["matchmaking_events"] == demo.scaled(demo.MATCHMAKING, SCALE) == built["matchmaking_events"]
    assert figures["counseling_stations"] == facilities.scaled(35, SCALE)


def test_events_are_spread_over_the_counties_and_obey_the_rules(built) -> None:
    counties = marriage_figures_by_county(actor=city_admin(), year=demo.YEAR)
    assert sum(c["matchmaking_events"] for c in counties) == demo.scaled(demo.MATCHMAKING, SCALE)
    assert sum(1 for c in counties if c["matchmaking_events"] + c["collective_ceremonies"]) >= 2
    assert not Event.objects.filter(people=0, couples=0).exists()
    assert not Event.objects.filter(people__lt=F("couples") * 2).exclude(people=0).exists()
    assert not Event.objects.filter(facility__isnull=True, base__isnull=True, place_text="").exists()


def test_slots_are_never_overbooked_and_count_their_bookings(built) -> None:
    assert built["slots"] > 0 and built["bookings"] > 0
    counted = Slot.objects.annotate(n=Count("bookings", filter=Q(bookings__status="booked")))
    assert not counted.exclude(n=F("booked")).exists()
    assert not Slot.objects.filter(booked__gt=F("capacity")).exists()


def test_booked_id_numbers_are_valid_sealed_and_of_age(built) -> None:
    for booking in Booking.objects.select_related("slot")[:50]:
        number = pii.unseal("id_number", booking.first_id_cipher)
        parsed = parse_id_number(number)
        assert parsed.gender == "M" and booking.first_id_masked == number[:6] + "********" + number[-4:]
        assert booking.slot.day.year - parsed.birth_date.year >= 22
        assert number not in str(Booking.objects.filter(pk=booking.pk).values().get())


def test_a_second_build_writes_nothing(built) -> None:
    before = (Event.objects.count(), Slot.objects.count(), Booking.objects.count())
    assert demo.demo_marriage_events_build(seed=SEED, scale=SCALE) == {}
    assert (Event.objects.count(), Slot.objects.count(), Booking.objects.count()) == before
