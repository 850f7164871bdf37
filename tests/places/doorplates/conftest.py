"""Fixtures for the doorplate tests: the standing personas (their roles carry the doorplate
powers), and one plate in each persona village."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache

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
# Who holds which doorplate power (by the roles in minzheng/core/roles.py), written out so that a
# change there shows up here: installing plates and handling reports, and editing the catalogue.
MANAGERS = {"city_admin", "wuxing_officer", "anji_officer", "aishan_officer"}
HANDLERS = MANAGERS
CATALOGUE_EDITORS = {"city_admin"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The report rate limit lives in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(personas: Personas) -> Personas:
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
        client.force_login(user, backend="minzheng.core.permission_cache.CachedPermissionBackend")
        return client

    return sign_in

