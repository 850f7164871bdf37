"""What the addresses sub-domain does when other apps' records change."""

from __future__ import annotations

import pytest

from minzheng.core.models import AuditEntry
from minzheng.people.move_in.services import move_in_request_accept, move_in_request_create
from minzheng.places.addresses import links
from minzheng.places.models import PersonAddress
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE
from tests.places.factories import AddressFactory, RoadFactory

pytestmark = pytest.mark.django_db


def test_a_resident_who_moves_away_loses_the_link_to_the_old_address_audited(personas):  # type: ignore[no-untyped-def]
    person = PersonFactory(name="钱小红", region_code=OTHER_COUNTY_VILLAGE)
    road = RoadFactory(region_code=OTHER_COUNTY_VILLAGE, name="递铺路", code=OTHER_COUNTY_VILLAGE + "0001")
    links.person_address_link(actor=personas.anji_officer, person=person, address=AddressFactory(road=road))
    stays = PersonFactory(name="钱大伯", region_code=OTHER_COUNTY_VILLAGE)
    links.person_address_link(actor=personas.anji_officer, person=stays, address=AddressFactory(road=road))

    move = move_in_request_create(actor=personas.village_worker, id_number=person.id_number, name=person.name,
                                  region_code=MY_VILLAGE, reason="已在本社区购房居住")
    move_in_request_accept(actor=personas.anji_officer, request=move)

    assert not PersonAddress.objects.filter(person=person).exists()
    assert PersonAddress.objects.filter(person=stays).exists()
    unlinked = AuditEntry.objects.get(action="places.person_address.unlinked")
    assert (unlinked.actor, unlinked.region_code) == (personas.anji_officer, OTHER_COUNTY_VILLAGE)
