"""Shared by the API tests: a client per persona, and a small world of people and households in
each of the persona villages (tests.personas)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from minzheng.core.models import User
from minzheng.people import services
from minzheng.people.models import Household, Person
from tests.factories import PersonFactory
from tests.personas import (
    MY_VILLAGE,
    NEIGHBOUR_VILLAGE,
    OTHER_COUNTY_VILLAGE,
    OTHER_TOWNSHIP_VILLAGE,
    Personas,
)

ANONYMOUS = "anonymous"
PERSONAS = ["city_admin", "wuxing_officer", "anji_officer", "aishan_officer", "village_worker", "auditor", "nobody"]
EVERYONE = [*PERSONAS, ANONYMOUS]
VILLAGES = [MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE, OTHER_COUNTY_VILLAGE]

# Which persona villages each persona's scope contains: the specification the matrix checks.
SEES: dict[str, set[str]] = {
    "city_admin": set(VILLAGES),
    "wuxing_officer": {MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE},
    "anji_officer": {OTHER_COUNTY_VILLAGE},
    "aishan_officer": {MY_VILLAGE, NEIGHBOUR_VILLAGE},
    "village_worker": {MY_VILLAGE},
    "auditor": set(VILLAGES),
    "nobody": set(),
    ANONYMOUS: set(),
}
# Who holds which power (minzheng.core.roles), written out so that a change there shows up here.
WRITERS = {"city_admin", "wuxing_officer", "anji_officer", "aishan_officer", "village_worker"}
REVEALERS = {"city_admin", "wuxing_officer", "anji_officer", "aishan_officer"}
LOG_READERS = {"auditor"}


def client_for(personas: Personas, name: str) -> APIClient:
    client = APIClient()
    if name != ANONYMOUS:
        user: User = getattr(personas, name)
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@dataclass
class Village:
    """One village's people: a household of three, another of two, and two people in none."""

    code: str
    household: Household
    head: Person
    spouse: Person
    child: Person
    other_household: Household
    other_head: Person
    movable: Person
    free: Person
    free2: Person


def build_village(code: str, *, actor: User) -> Village:
    def person() -> Person:
        return PersonFactory(region_code=code)

    head, spouse, child = person(), person(), person()
    household = services.household_create(actor=actor, head=head)
    services.household_member_add(actor=actor, household=household, person=spouse, relationship="spouse")
    services.household_member_add(actor=actor, household=household, person=child, relationship="child")
    other_head, movable = person(), person()
    other = services.household_create(actor=actor, head=other_head)
    services.household_member_add(actor=actor, household=other, person=movable, relationship="child")
    return Village(code=code, household=household, head=head, spouse=spouse, child=child, other_household=other,
                   other_head=other_head, movable=movable, free=person(), free2=person())


@pytest.fixture
def api(personas: Personas):  # type: ignore[no-untyped-def]
    """``api("village_worker")``: a client signed in with that persona's token; ``api("anonymous")``
    has no credentials."""
    return lambda name: client_for(personas, name)


@pytest.fixture
def world(personas: Personas) -> dict[str, Village]:
    return {code: build_village(code, actor=personas.city_admin) for code in VILLAGES}


@pytest.fixture
def mine(world: dict[str, Village]) -> Village:
    """The village worker's own village."""
    return world[MY_VILLAGE]


@pytest.fixture(autouse=True, scope="session")
def static_root_exists() -> None:
    """WhiteNoise warns (an error here) when STATIC_ROOT is missing, as it is before
    ``collectstatic``; the vendored files are served through the finders anyway."""
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
