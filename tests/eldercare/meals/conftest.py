"""Fixtures for meals for the elderly: two meal sites of two providers (one in the persona township
爱山街道, one in 安吉县), each provider with an operator account (no region), a care home that is not
a meal site, the city's example rates (3 / 4 / 5 元 a meal from 2024-01) and 安吉县's own from
2024-07 (3.50 / 4.50 / 6.00)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from minzheng.core.models import User
from minzheng.eldercare.meals.models import MealSubsidyRate
from minzheng.facilities.models import Facility, Operator
from minzheng.facilities.operators import services as operator_services
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.beds.conftest import api, fresh, login  # noqa: F401  (the bed tests' client fixtures)
from tests.facilities.factories import USCC_A, USCC_B, FacilityFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, Personas

PASSWORD = "Zhucan-2024-hz"
CITY_RATES = {"60": "3.00", "80": "4.00", "90": "5.00"}
ANJI_RATES = {"60": "3.50", "80": "4.50", "90": "6.00"}
ANJI = "330523"
ANJI_FROM = dt.date(2024, 7, 1)


def rates_reseed() -> None:
    """The migration's rates again (a live-server test flushes every table) and 安吉县's own."""
    for tier, amount in CITY_RATES.items():
        MealSubsidyRate.objects.get_or_create(
            tier=tier,
            region_prefix="3305",
            effective_from=dt.date(2024, 1, 1),
            defaults={"amount": Decimal(amount)},
        )
    for tier, amount in ANJI_RATES.items():
        MealSubsidyRate.objects.get_or_create(
            tier=tier, region_prefix=ANJI, effective_from=ANJI_FROM, defaults={"amount": Decimal(amount)}
        )


@dataclass
class Sites:
    a: Operator
    b: Operator
    op_a: User  # acts for a: runs `mine`
    op_b: User  # acts for b: runs `anji`
    mine: Facility  # meal site in MY_VILLAGE (爱山街道, 吴兴区)
    anji: Facility  # meal site in OTHER_COUNTY_VILLAGE (安吉县)
    home: Facility  # a care home of a, not a meal site


@pytest.fixture
def sites(personas: Personas) -> Sites:
    return build_sites(personas)


def build_sites(personas: Personas) -> Sites:
    rates_reseed()
    admin = personas.city_admin
    a = operator_services.operator_create(
        actor=admin, name="湖州颐康养老服务有限公司", uscc=USCC_A, region_code="330500000000"
    )
    b = operator_services.operator_create(
        actor=admin, name="安吉仁爱养老服务中心", uscc=USCC_B, region_code="330500000000"
    )
    op_a = operator_services.operator_account_create(
        actor=admin, operator=a, username="meal_op_a", password=PASSWORD, display_name="颐康助餐员"
    ).user
    op_b = operator_services.operator_account_create(
        actor=admin, operator=b, username="meal_op_b", password=PASSWORD, display_name="仁爱助餐员"
    ).user
    mine = FacilityFactory(name="仪凤桥老年食堂", operator=a, region_code=MY_VILLAGE)
    anji = FacilityFactory(
        name="递铺城东老年食堂",
        operator=b,
        region_code=OTHER_COUNTY_VILLAGE,
        lng=Decimal("119.6800000"),
        lat=Decimal("30.6300000"),
    )
    home = FacilityFactory(
        name="仪凤桥颐养院", kind=Facility.Kind.CARE_HOME, operator=a, region_code=MY_VILLAGE
    )
    return Sites(a=a, b=b, op_a=op_a, op_b=op_b, mine=mine, anji=anji, home=home)
