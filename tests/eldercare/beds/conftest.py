"""Fixtures for one bed, one code: two care homes of two providers (one in the persona township
爱山街道, one in 安吉县), each provider with an operator account (no region), beds added through
the real service, the example subsidy rates, and a meal site (not a care home)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from minzheng.core.models import User
from minzheng.eldercare.beds import services
from minzheng.eldercare.beds.models import Bed, BedSubsidyRate
from minzheng.facilities.models import Facility, Operator
from minzheng.facilities.operators import services as operator_services
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.facilities.factories import USCC_A, USCC_B, FacilityFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, Personas

PASSWORD = "Yanglao-2024-hz"
# The example rates the migration seeds (yuan per bed-day), seeded again here: a live-server test
# flushes every table, seeded rows included.
RATES = {"intact": "1.00", "mild": "2.00", "moderate": "4.00", "severe": "6.00", "full": "8.00"}
# Totals of the 26 scores that give each level (GB/T 42195: 90, 66–89, 46–65, 30–45, 0–29).
TOTAL_FOR = {"intact": 90, "mild": 70, "moderate": 50, "severe": 40, "full": 20}


def rates_reseed() -> None:
    for level, amount in RATES.items():
        BedSubsidyRate.objects.get_or_create(level=level, region_prefix="3305", effective_from=dt.date(2020, 1, 1),
                                             defaults={"amount": Decimal(amount)})


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The public page's rate limit lives in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class Homes:
    a: Operator
    b: Operator
    op_a: User  # acts for a: runs `mine`
    op_b: User  # acts for b: runs `anji`
    mine: Facility  # care home in MY_VILLAGE (爱山街道, 吴兴区)
    anji: Facility  # care home in OTHER_COUNTY_VILLAGE (安吉县)
    meal_site: Facility  # not a care home, in MY_VILLAGE
    beds: list[Bed]  # room 101, beds 1-3, of `mine`
    anji_beds: list[Bed]  # room 201, beds 1-2, of `anji`


@pytest.fixture
def homes(personas: Personas) -> Homes:
    return build_homes(personas)


def build_homes(personas: Personas) -> Homes:
    rates_reseed()
    admin = personas.city_admin
    a = operator_services.operator_create(actor=admin, name="湖州颐康养老服务有限公司", uscc=USCC_A,
                                          region_code="330500000000")
    b = operator_services.operator_create(actor=admin, name="安吉仁爱养老服务中心", uscc=USCC_B,
                                          region_code="330500000000")
    op_a = operator_services.operator_account_create(actor=admin, operator=a, username="op_a", password=PASSWORD,
                                                     display_name="颐康操作员").user
    op_b = operator_services.operator_account_create(actor=admin, operator=b, username="op_b", password=PASSWORD,
                                                     display_name="仁爱操作员").user
    mine = FacilityFactory(name="仪凤桥颐养院", kind=Facility.Kind.CARE_HOME, operator=a, region_code=MY_VILLAGE,
                           service_phone="0572-2123456", capacity=120, opened_on=dt.date(2015, 3, 1))
    anji = FacilityFactory(name="递铺仁爱养老院", kind=Facility.Kind.CARE_HOME, operator=b,
                           region_code=OTHER_COUNTY_VILLAGE, lng="119.6800000", lat="30.6300000")
    meal = FacilityFactory(name="仪凤桥老年食堂", operator=a, region_code=MY_VILLAGE)
    beds = services.beds_create(actor=personas.aishan_officer, home=mine, room="101", numbers="1-3",
                                kind=Bed.Kind.NURSING)
    anji_beds = services.beds_create(actor=personas.anji_officer, home=anji, room="201", numbers="1,2",
                                     kind=Bed.Kind.ORDINARY)
    return Homes(a=a, b=b, op_a=op_a, op_b=op_b, mine=mine, anji=anji, meal_site=meal, beds=beds,
                 anji_beds=anji_beds)


def fresh(user: User) -> User:
    """The user read again: permissions and the operator link are cached on the object."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def api():  # type: ignore[no-untyped-def]
    def client_for(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=fresh(user))
        return client

    return client_for


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    def sign_in(user: User):  # type: ignore[no-untyped-def]
        client.force_login(user, backend="minzheng.core.permission_cache.CachedPermissionBackend")
        return client

    return sign_in
