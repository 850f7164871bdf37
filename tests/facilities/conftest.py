"""Fixtures for the facilities tests: the standing personas, two service providers each with an
operator account (no region, role 服务机构操作员), and a facility of each in the persona villages."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from minzheng.core.models import User
from minzheng.facilities.models import Facility, Operator
from minzheng.facilities.operators import services as operator_services
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.facilities.factories import USCC_A, USCC_B, FacilityFactory
from tests.personas import (
    MY_VILLAGE,
    NEIGHBOUR_VILLAGE,
    OTHER_COUNTY_VILLAGE,
    OTHER_TOWNSHIP_VILLAGE,
    Personas,
)

VILLAGES = [MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE, OTHER_COUNTY_VILLAGE]
PASSWORD = "Yanglao-2024-hz"

# Who sees which persona village (the scopes of tests/personas.py), written out.
SEES = {
    "city_admin": set(VILLAGES),
    "wuxing_officer": {MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE},
    "anji_officer": {OTHER_COUNTY_VILLAGE},
    "aishan_officer": {MY_VILLAGE, NEIGHBOUR_VILLAGE},
    "village_worker": {MY_VILLAGE},
    "auditor": set(VILLAGES),
    "nobody": set(),
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The public search's rate limit lives in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class Providers:
    a: Operator
    b: Operator
    op_a: User  # acts for a
    op_b: User  # acts for b
    # a runs a site in MY_VILLAGE and one in OTHER_COUNTY_VILLAGE; b one in MY_VILLAGE.
    a_mine: Facility
    a_anji: Facility
    b_mine: Facility


@pytest.fixture
def providers(personas: Personas) -> Providers:
    admin = personas.city_admin
    a = operator_services.operator_create(actor=admin, name="湖州颐康养老服务有限公司", uscc=USCC_A,
                                          region_code="330500000000")
    b = operator_services.operator_create(actor=admin, name="吴兴区仁爱社会工作服务中心", uscc=USCC_B,
                                          region_code="330502000000")
    op_a = operator_services.operator_account_create(actor=admin, operator=a, username="op_a", password=PASSWORD,
                                                     display_name="颐康操作员").user
    op_b = operator_services.operator_account_create(actor=admin, operator=b, username="op_b", password=PASSWORD,
                                                     display_name="仁爱操作员").user
    return Providers(
        a=a, b=b, op_a=op_a, op_b=op_b,
        a_mine=FacilityFactory(name="颐康仪凤桥助餐点", operator=a, region_code=MY_VILLAGE),
        a_anji=FacilityFactory(name="颐康递铺助餐点", operator=a, region_code=OTHER_COUNTY_VILLAGE,
                               lng="119.6800000", lat="30.6300000"),
        b_mine=FacilityFactory(name="仁爱南街居家养老服务中心", operator=b, region_code=NEIGHBOUR_VILLAGE,
                               kind=Facility.Kind.COMMUNITY_CARE_CENTRE),
    )


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

