from __future__ import annotations

from dataclasses import dataclass

import pytest

from minzheng.people import services as people_services
from minzheng.people.models import Household, Person
from tests.core.api.support import api  # noqa: F401  (fixture)
from tests.factories import PersonFactory
from tests.personas import NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE, Personas


@dataclass
class Elsewhere:
    """Residents registered outside the village worker's community."""

    member: Person  # 安吉县: a member (not the head) of a household of two
    household: Household
    head: Person
    lone: Person  # 安吉县: in no household
    neighbour: Person  # the next community of the same township: the township officer decides


@pytest.fixture
def elsewhere(personas: Personas) -> Elsewhere:
    head = PersonFactory(name="钱大伯", region_code=OTHER_COUNTY_VILLAGE)
    member = PersonFactory(name="钱小红", region_code=OTHER_COUNTY_VILLAGE)
    household = people_services.household_create(actor=personas.anji_officer, head=head)
    people_services.household_member_add(actor=personas.anji_officer, household=household, person=member,
                                         relationship="child")
    return Elsewhere(member=member, household=household, head=head,
                     lone=PersonFactory(name="孙独居", region_code=OTHER_COUNTY_VILLAGE),
                     neighbour=PersonFactory(name="李邻居", region_code=NEIGHBOUR_VILLAGE))
