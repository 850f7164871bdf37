"""Orders for rule tests: elders with a home (household standard address with coordinates),
caregivers, providers, and orders written straight to the table in any state."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from minzheng.eldercare.caregivers.models import Caregiver
from minzheng.eldercare.home_services.models import OrderStatus, ServiceKind, ServiceOrder
from minzheng.facilities.models import Facility
from minzheng.people.models import Person
from minzheng.places.models import HouseholdAddress
from tests.facilities.factories import FacilityFactory
from tests.factories import HouseholdFactory, PersonFactory, id_number_for
from tests.personas import MY_VILLAGE
from tests.places.factories import AddressFactory

CST = dt.timezone(dt.timedelta(hours=8))
HOME_LNG = Decimal("120.0868000")
HOME_LAT = Decimal("30.8940000")
SERIAL = itertools.count(400)  # ID numbers of elders born 1940-03-01 (and the days after)


def at(day: int, hour: int, minute: int = 0, *, month: int = 5, year: int = 2024) -> dt.datetime:
    """A Beijing time in May 2024 (the tests' month)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=CST)


def elder_at_home(
    *,
    lng: Decimal | None = HOME_LNG,
    lat: Decimal | None = HOME_LAT,
    region_code: str = MY_VILLAGE,
    **kw: Any,
) -> Person:
    """An elder (born in March 1940) heading a household whose standard address has these coordinates."""
    kw.setdefault("raw_id_number", id_number_for(next(SERIAL), birth=dt.date(1940, 3, 1)))
    household = HouseholdFactory(region_code=region_code, head=PersonFactory(region_code=region_code, **kw))
    address = AddressFactory(lng=lng, lat=lat)
    HouseholdAddress.objects.create(
        household=household, address=address, region_code=region_code, score=Decimal("1.000")
    )
    return household.head


def provider(**kw: Any) -> Facility:
    """A community care centre (a home-service provider's site)."""
    kw.setdefault("kind", Facility.Kind.COMMUNITY_CARE_CENTRE)
    kw.setdefault("name", "仪凤桥居家养老服务中心")
    return FacilityFactory(**kw)


def caregiver(*, employer: Facility, **kw: Any) -> Caregiver:
    return Caregiver.objects.create(
        person=PersonFactory(region_code=employer.region_code),
        employer=employer,
        region_code=employer.region_code,
        started_on=dt.date(2020, 1, 1),
        **kw,
    )


def order(
    *,
    person: Person,
    provider: Facility,
    caregiver: Caregiver | None = None,
    kind: str = ServiceKind.CLEANING,
    scheduled_at: dt.datetime | None = None,
    checked_in_at: dt.datetime | None = None,
    checked_out_at: dt.datetime | None = None,
    lng: Decimal | None = None,
    lat: Decimal | None = None,
    status: str | None = None,
    price: Decimal = Decimal("40.00"),
    payer: str = ServiceOrder.Payer.SELF,
    rating: int | None = None,
) -> ServiceOrder:
    """An order in the state given: done when checked out, in service when only checked in.
    The check-in position defaults to the elder's home."""
    scheduled_at = scheduled_at or at(10, 9)
    if status is None:
        status = (
            OrderStatus.DONE
            if checked_out_at
            else OrderStatus.IN_SERVICE
            if checked_in_at
            else OrderStatus.SCHEDULED
        )
    minutes = (
        int((checked_out_at - checked_in_at).total_seconds() // 60)
        if checked_out_at and checked_in_at
        else None
    )
    local = timezone.localtime(scheduled_at)
    return ServiceOrder.objects.create(
        person=person,
        provider=provider,
        caregiver=caregiver,
        region_code=provider.region_code,
        kind=kind,
        scheduled_at=scheduled_at,
        period=local.date().replace(day=1),
        status=status,
        checked_in_at=checked_in_at,
        check_in_lng=(lng if lng is not None else HOME_LNG) if checked_in_at else None,
        check_in_lat=(lat if lat is not None else HOME_LAT) if checked_in_at else None,
        checked_out_at=checked_out_at,
        check_out_lng=HOME_LNG if checked_out_at else None,
        check_out_lat=HOME_LAT if checked_out_at else None,
        minutes=minutes,
        price=price,
        payer=payer,
        rating=rating,
        created_at=scheduled_at - dt.timedelta(days=1),
    )
