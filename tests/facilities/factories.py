"""Factories for facilities rule tests: operators and facilities written straight to the table
(end-to-end tests go through the services). Villages come from tests/personas.py."""

from __future__ import annotations

from decimal import Decimal

import factory
from stdnum.cn import uscc

from minzheng.facilities.models import Facility, Operator
from tests.personas import MY_VILLAGE

# Valid unified social credit codes (GB 32100), for tests that need a real one.
USCC_A = "91330502MA2B3C4D58"
USCC_B = "52330502MA2B3C4D6C"
USCC_C = "91330523MA2B3C4D7U"
USCC_D = "91330502MA2B3C4D8H"


def uscc_for(n: int) -> str:
    body = f"9133050{n % 10}MA2B{n:06d}"[:17]
    return body + uscc.calc_check_digit(body)


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operator

    name = factory.Sequence(lambda n: f"湖州康养服务有限公司{n}")
    uscc = factory.Sequence(lambda n: uscc_for(n + 100))
    region_code = "330500000000"


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"第{n}老年食堂")
    kind = Facility.Kind.MEAL_SITE
    region_code = MY_VILLAGE
    address_text = "红旗路18号"
    lng = Decimal("120.0868000")
    lat = Decimal("30.8940000")
    status = Facility.Status.OPEN
    public = True
    opening_hours = "11:00-13:00"
    tags = factory.LazyFunction(list)
