"""Fixtures for the doorplate tests: the standing personas with the doorplate powers, and one
plate in each persona village."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from minzheng.core.roles import Role
from minzheng.places import codes
from minzheng.places.models import Address, Doorplate, Road
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.personas import (
    MY_VILLAGE,
    NEIGHBOUR_VILLAGE,
    OTHER_COUNTY_VILLAGE,
    OTHER_TOWNSHIP_VILLAGE,
    Personas,
)
from tests.places.factories import AddressFactory, DoorplateFactory, RoadFactory

VILLAGES = [MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE, OTHER_COUNTY_VILLAGE]

# Which role should hold which doorplate power. The lead wires these into
# minzheng.core.roles.ROLE_PERMISSIONS; granting them here keeps the tests true before and after.
GRANTS: dict[str, tuple[Role, ...]] = {
    "manage_doorplates": (Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.TOWNSHIP_OFFICER),
    "handle_plate_reports": (Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.TOWNSHIP_OFFICER, Role.VILLAGE_WORKER),
    "manage_catalogue": (Role.CITY_ADMIN,),
}
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
MANAGERS = {"city_admin", "wuxing_officer", "anji_officer", "aishan_officer"}
HANDLERS = MANAGERS | {"village_worker"}


def grant_doorplate_powers() -> None:
    for codename, roles in GRANTS.items():
        perm = Permission.objects.get(content_type__app_label="places", codename=codename)
        for role in roles:
            Group.objects.get(name=role.value).permissions.add(perm)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The report rate limit lives in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(personas: Personas) -> Personas:
    grant_doorplate_powers()
    return personas


@dataclass
class Village:
    code: str
    road: Road
    address: Address
    plate: Doorplate


def make_road(region_code: str, serial: int = 1, name: str = "红旗路") -> Road:
    return RoadFactory(region_code=region_code, code=codes.road_code(region_code, serial), name=name)


def make_village(code: str) -> Village:
    road = make_road(code)
    address = AddressFactory(road=road, number="18")
    plate = DoorplateFactory(address=address)
    return Village(code=code, road=road, address=address, plate=plate)


@pytest.fixture
def world(staff: Personas) -> dict[str, Village]:
    return {code: make_village(code) for code in VILLAGES}


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    def sign_in(user):  # type: ignore[no-untyped-def]
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in

