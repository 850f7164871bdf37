"""Linking the registry's free-text addresses to standard addresses, automatic and manual."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from minzheng.core.models import AuditEntry
from minzheng.places import messages
from minzheng.places.addresses import links, selectors, services
from minzheng.places.matching import linking, region_names_rebuild
from minzheng.places.models import HouseholdAddress, PersonAddress
from tests.factories import HouseholdFactory, PersonFactory
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(personas):  # type: ignore[no-untyped-def]
    region_names_rebuild()  # the matcher reads region names from its key table
    actor = personas.aishan_officer
    road = services.road_create(actor=actor, region_code=MY_VILLAGE, name="红旗路", aliases=["红旗"])
    compound = services.road_create(actor=actor, region_code=MY_VILLAGE, name="碧浪湖小区")
    neighbour_road = services.road_create(actor=actor, region_code=NEIGHBOUR_VILLAGE, name="衣裳街")
    anji_road = services.road_create(actor=personas.anji_officer, region_code=OTHER_COUNTY_VILLAGE, name="递铺路")
    make = services.address_create
    return SimpleNamespace(
        house=make(actor=actor, region_code=MY_VILLAGE, road=road, number="18"),
        other_house=make(actor=actor, region_code=MY_VILLAGE, road=road, number="20"),
        gate=make(actor=actor, region_code=MY_VILLAGE, road=compound, number="1"),
        flat=make(actor=actor, region_code=MY_VILLAGE, road=compound, number="1", building="3", unit="2",
                  room="501"),
        neighbour=make(actor=actor, region_code=NEIGHBOUR_VILLAGE, road=neighbour_road, number="5"),
        anji=make(actor=personas.anji_officer, region_code=OTHER_COUNTY_VILLAGE, road=anji_road, number="9"),
    )


def test_auto_link_with_the_real_matcher(personas, place):  # type: ignore[no-untyped-def]
    exact = PersonFactory(address_text=place.house.full_text)
    messy = PersonFactory(address_text="碧浪湖小区1号3幢2单元501室")
    shorthand = PersonFactory(address_text="红旗路２０号")
    nowhere = PersonFactory(address_text="完全对不上的地方")
    empty = PersonFactory(address_text="")
    household = HouseholdFactory(address_text="湖州市吴兴区爱山街道仪凤桥社区红旗路18号")
    counts = linking.registry_link_auto(actor=personas.wuxing_officer, threshold=0.5)
    links = {link.person_id: link for link in PersonAddress.objects.all()}
    assert links[exact.pk].address == place.house and links[exact.pk].method == PersonAddress.Method.AUTO
    assert links[messy.pk].address == place.flat
    assert links[shorthand.pk].address == place.other_house
    assert nowhere.pk not in links and empty.pk not in links
    assert links[exact.pk].score > Decimal("0.5")
    assert HouseholdAddress.objects.get(household=household).address == place.house
    assert counts.people_linked == len(links) and counts.people_unmatched >= 1
    assert counts.households_linked == 1
    assert AuditEntry.objects.filter(action="places.person_address.auto_linked").exists()
    # Idempotent: a second run finds nothing new to link.
    again = linking.registry_link_auto(actor=personas.wuxing_officer, threshold=0.5)
    assert (again.people_linked, again.households_linked) == (0, 0)
    assert PersonAddress.objects.count() == len(links)


class FakeMatch:
    """Stands in for the matcher: each text maps to (address id, score)."""

    def __init__(self, answers: dict[str, tuple[int, float]]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, str]] = []

    def __call__(self, texts: list[str], region_code: str):  # type: ignore[no-untyped-def]
        self.calls.extend((text, region_code) for text in texts)
        return [self.one(text) for text in texts]

    def one(self, text: str):  # type: ignore[no-untyped-def]
        if text not in self.answers:
            return None
        address_id, score = self.answers[text]
        return SimpleNamespace(address_id=address_id, score=score, code="", full_text="")


def test_threshold_scope_cache_and_manual_links_are_respected(personas, place, monkeypatch):  # type: ignore[no-untyped-def]
    fake = FakeMatch({"甲": (place.house.pk, 0.95), "乙": (place.gate.pk, 0.6), "丙": (place.neighbour.pk, 0.99)})
    monkeypatch.setattr(linking, "_match_many", fake)
    strong = [PersonFactory(address_text="甲") for _ in range(3)]
    weak = PersonFactory(address_text="乙")
    neighbour = PersonFactory(address_text="丙", region_code=NEIGHBOUR_VILLAGE)
    manual = PersonFactory(address_text="甲")
    links.person_address_link(actor=personas.village_worker, person=manual, address=place.other_house)

    counts = linking.registry_link_auto(actor=personas.village_worker, threshold=0.8)
    assert counts.people_linked == 3 and counts.people_unmatched == 1
    assert fake.calls.count(("甲", MY_VILLAGE)) == 1  # same text, same village: matched once
    assert not PersonAddress.objects.filter(person=weak).exists()
    assert not PersonAddress.objects.filter(person=neighbour).exists()  # outside the worker's village
    assert {link.person_id for link in PersonAddress.objects.filter(address=place.house)} == {p.pk for p in strong}

    # A relink moves automatic links whose best hit changed, never a manual one.
    fake.answers["甲"] = (place.gate.pk, 0.9)
    counts = linking.registry_link_auto(actor=personas.aishan_officer, threshold=0.8, relink=True)
    assert counts.people_relinked == 3 and counts.people_linked == 1  # the neighbour, now in scope
    assert PersonAddress.objects.get(person=manual).address == place.other_house
    assert PersonAddress.objects.get(person=strong[0]).address == place.gate


def test_out_of_scope_prefix_is_refused(personas):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        linking.registry_link_auto(actor=personas.village_worker, region_prefix="330523")


def test_manual_link_audited_and_checked(personas, place):  # type: ignore[no-untyped-def]
    person = PersonFactory()
    link = links.person_address_link(actor=personas.village_worker, person=person, address=place.flat)
    assert (link.method, link.score, link.region_code) == ("manual", Decimal("1.000"), MY_VILLAGE)
    entry = AuditEntry.objects.get(action="places.person_address.linked")
    assert entry.after == {"address": place.flat.pk, "score": "1.000", "method": "manual"}
    # The same link again changes nothing and writes nothing.
    links.person_address_link(actor=personas.village_worker, person=person, address=place.flat)
    assert AuditEntry.objects.filter(action="places.person_address.linked").count() == 1
    with pytest.raises(ValidationError) as exc:
        links.person_address_link(actor=personas.village_worker, person=person, address=place.neighbour)
    assert exc.value.message_dict == {"address": [messages.LINK_ADDRESS_OUT_OF_SCOPE]}
    services.address_retire(actor=personas.aishan_officer, address=place.gate)
    place.gate.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        links.person_address_link(actor=personas.village_worker, person=person, address=place.gate)
    assert exc.value.message_dict == {"address": [messages.LINK_ADDRESS_RETIRED]}
    household = HouseholdFactory()
    links.household_address_link(actor=personas.aishan_officer, household=household, address=place.house)
    assert HouseholdAddress.objects.get(household=household).method == "manual"
    links.person_address_unlink(actor=personas.village_worker, person=person)
    assert not PersonAddress.objects.filter(person=person).exists()
    assert AuditEntry.objects.filter(action="places.person_address.unlinked").count() == 1


def test_residents_are_scoped(personas, place):  # type: ignore[no-untyped-def]
    mine = PersonFactory()
    neighbour = PersonFactory(region_code=NEIGHBOUR_VILLAGE)
    links.person_address_link(actor=personas.aishan_officer, person=mine, address=place.house)
    links.person_address_link(actor=personas.aishan_officer, person=neighbour, address=place.house)
    assert list(selectors.people_at_address(user=personas.aishan_officer, address=place.house)) == [mine, neighbour]
    assert list(selectors.people_at_address(user=personas.village_worker, address=place.house)) == [mine]
    assert list(selectors.people_at_address(user=personas.village_worker, address=place.house.code)) == [mine]
    assert list(selectors.people_at_address(user=personas.village_worker, address=place.house.pk)) == [mine]
    assert list(selectors.people_at_address(user=personas.anji_officer, address=place.house)) == []
    assert list(selectors.people_at_address_text(user=personas.village_worker, q="红旗路18号")) == [mine]


def test_automatic_links_follow_the_match_threshold_setting(personas, place, monkeypatch, settings):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(linking, "_match_many", FakeMatch({"甲": (place.house.pk, 0.95)}))
    person = PersonFactory(address_text="甲")
    settings.MINZHENG_ADDRESS_MATCH_THRESHOLD = 0.99
    assert linking.registry_link_auto(actor=personas.village_worker).people_unmatched == 1
    settings.MINZHENG_ADDRESS_MATCH_THRESHOLD = 0.9
    assert linking.registry_link_auto(actor=personas.village_worker).people_linked == 1
    assert PersonAddress.objects.get(person=person).address == place.house
