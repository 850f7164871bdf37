"""Factories for places rule tests. Villages come from tests/personas.py (build_regions)."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

import factory
from django.db.models import Max

from minzheng.core.models import Region
from minzheng.places import codes
from minzheng.places.models import Address, Doorplate, Road
from tests.personas import MY_VILLAGE


def _next_road_code() -> str:
    """The serial after the highest one this test's database holds: a session-wide sequence
    collided, depending on the order tests ran in, with the codes some tests write by hand."""
    last = Road.objects.filter(code__startswith=MY_VILLAGE).aggregate(last=Max("code"))["last"]
    return codes.road_code(MY_VILLAGE, int(last[len(MY_VILLAGE):]) + 1 if last else 1)


class RoadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Road

    region_code = MY_VILLAGE
    code = factory.LazyFunction(_next_road_code)
    name = factory.Iterator(["红旗路", "衣裳街", "南街", "仪凤桥路", "人民路", "碧浪湖小区"])
    kind = factory.LazyAttribute(lambda o: Road.Kind.COMPOUND if o.name.endswith("小区") else Road.Kind.ROAD)
    aliases = factory.LazyFunction(list)


class AddressFactory(factory.django.DjangoModelFactory):
    """An address under its road's village; building, unit and room are optional."""

    class Meta:
        model = Address

    road = factory.SubFactory(RoadFactory)
    region_code = factory.LazyAttribute(lambda o: o.road.region_code)
    number = factory.Sequence(lambda n: str(n % 9000 + 1))
    building = ""
    unit = ""
    room = ""
    code = factory.LazyAttribute(
        lambda o: codes.address_code(region_code=o.region_code, road_code=o.road.code, number=o.number,
                                     building=o.building, unit=o.unit, room=o.room)
    )
    full_text = factory.LazyAttribute(
        lambda o: codes.full_text(
            region_full_name=Region.objects.get(code=o.region_code).full_name, road_name=o.road.name,
            number=o.number, building=o.building, unit=o.unit, room=o.room,
        )
    )
    lng = Decimal("120.0868000")
    lat = Decimal("30.8940000")


class DoorplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Doorplate

    address = factory.SubFactory(AddressFactory)
    region_code = factory.LazyAttribute(lambda o: o.address.region_code)
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(16))
    installed_on = dt.date(2024, 6, 1)
