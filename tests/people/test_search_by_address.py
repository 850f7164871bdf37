"""The registry search finds residents by the standard address their free text was matched to."""

from decimal import Decimal

from minzheng.people.selectors import person_list
from minzheng.places.models import PersonAddress
from tests.factories import PersonFactory
from tests.places.factories import AddressFactory


def _link(person, address):
    PersonAddress.objects.create(person=person, address=address, region_code=address.region_code,
                                 score=Decimal("1.000"))


def test_search_by_address_code_and_road_prefix(personas):
    first, second = AddressFactory(number="18"), AddressFactory(number="20")
    alice, bob, carol = PersonFactory(), PersonFactory(), PersonFactory()
    _link(alice, first)
    _link(bob, second)
    worker = personas.village_worker
    assert list(person_list(user=worker, address=first.code)) == [alice]
    assert set(person_list(user=worker, address=first.code[:16])) == (
        {alice, bob} if first.road_id == second.road_id else {alice})
    assert carol not in person_list(user=worker, address=first.code[:12])


def test_address_filter_keeps_the_scope(personas):
    address = AddressFactory()
    _link(PersonFactory(), address)
    assert not person_list(user=personas.anji_officer, address=address.code).exists()


def test_page_and_api_filter_by_address(personas, client):
    address = AddressFactory()
    person = PersonFactory(name="地址甲")
    _link(person, address)
    client.force_login(personas.village_worker)
    page = client.get("/people/", {"address": address.code})
    assert "地址甲" in page.content.decode()
    bad = client.get("/people/", {"address": "12ab"})
    assert "标准地址编码应为12到30位数字" in bad.content.decode()
    api = client.get("/api/people/", {"address": address.code})
    assert [row["id"] for row in api.json()["results"]] == [person.pk]
    assert client.get("/api/people/", {"address": "x"}).status_code == 400
