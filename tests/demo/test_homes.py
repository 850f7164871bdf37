"""Every household of the demo city lives at a dwelling of its own village, linked as generated."""

from __future__ import annotations

import collections
import random
from decimal import Decimal

import pytest

from minzheng.demo import homes
from minzheng.people.models import Household, Membership, Person
from minzheng.places.data.county_bbox import contains
from minzheng.places.models import Address, HouseholdAddress, PersonAddress, Road


def is_dwelling(address: Address) -> bool:
    """A room in a compound, or a house on a road: not a compound gate, not a whole building."""
    return bool(address.room) or (not address.building and address.road.kind == Road.Kind.ROAD)


def test_every_household_is_linked_to_an_active_dwelling_of_its_own_village(city):
    links = {link.household_id: link for link in HouseholdAddress.objects.select_related("address__road")}
    planted = city.homes.planted_unlinked + city.homes.planted_unknown
    assert len(links) == city.homes.households_linked == Household.objects.count() - planted
    assert city.link_rate == len(links) / city.households
    for household in Household.objects.all():
        link = links.get(household.pk)
        if link is None:
            continue
        address = link.address
        assert address.region_code == household.region_code == link.region_code
        assert address.status == Address.Status.ACTIVE
        assert is_dwelling(address), address.full_text
        assert (link.method, link.score) == (homes.LINK_METHOD, homes.LINK_SCORE) == ("manual", Decimal("1.000"))
        # What the household registered is its address's standard text (a quarter without the city).
        assert household.address_text in (address.full_text, address.full_text.removeprefix(homes.CITY_NAME))


def test_members_point_at_their_household_address_whatever_they_wrote(city):
    household_of = dict(HouseholdAddress.objects.values_list("household_id", "address_id"))
    person_of = dict(PersonAddress.objects.values_list("person_id", "address_id"))
    texts = dict(Address.objects.values_list("id", "full_text"))
    variants = 0
    members = Membership.objects.select_related("person")
    for m in members:
        if m.household_id not in household_of:
            assert m.person_id not in person_of  # a planted household: none of its members is linked
            continue
        address_id = household_of[m.household_id]
        assert person_of[m.person_id] == address_id
        text = m.person.address_text
        variants += text != texts[address_id]
        # The text is the standard one or a variant of it as people write it: it keeps the number.
        assert text and text.rstrip()[-1] in "号室" + "0123456789０１２３４５６７８９"
    assert 0 < variants < members.count()
    # The recently deceased keep the address they had, linked too.
    deceased = Person.objects.filter(status="deceased")
    assert deceased.exists() and all(p.pk in person_of for p in deceased)
    assert PersonAddress.objects.count() == city.homes.persons_linked


def test_one_household_per_dwelling_while_the_village_has_room(city):
    per_address = collections.Counter(HouseholdAddress.objects.values_list("address_id", flat=True))
    shared = sum(n - 1 for n in per_address.values())
    # The count includes planted households, which have no link row to count here.
    planted = city.homes.planted_unlinked + city.homes.planted_unknown
    assert shared <= city.homes.households_sharing <= shared + planted
    if shared:
        dwellings = collections.Counter(a.region_code for a in Address.objects.select_related("road") if is_dwelling(a))
        households = collections.Counter(Household.objects.values_list("region_code", flat=True))
        crowded = {code for code in households if households[code] > dwellings[code]}
        assert {a.region_code for a in Address.objects.filter(pk__in=[k for k, n in per_address.items() if n > 1])} \
            <= crowded


def test_households_live_where_the_address_data_is_right(city):
    """Dwellings with a planted quality defect (no coordinates, outside the county, a shared
    text) are used only in a village that runs out of clean ones."""
    clean = {code: v.clean for township in {c[:9] for c in Household.objects.values_list("region_code", flat=True)}
             for code, v in homes.township_homes(township).items()}
    households = collections.Counter(Household.objects.values_list("region_code", flat=True))
    roomy = {code for code, n in households.items() if n <= clean.get(code, 0)}
    assert len(roomy) >= len(households) * 0.7  # a city this small has villages of a few dwellings
    text_count = collections.Counter(Address.objects.values_list("full_text", flat=True))
    linked = Address.objects.filter(households__isnull=False, region_code__in=roomy)
    assert linked.exists()
    for address in linked:
        assert address.lng is not None and contains(address.region_code, float(address.lng), float(address.lat))
        assert text_count[address.full_text] == 1


def test_the_village_worker_persona_has_linked_households(city):
    assert HouseholdAddress.objects.filter(region_code="330502003001").count() >= 1
    assert PersonAddress.objects.filter(region_code="330502003001").count() >= 1


@pytest.mark.parametrize(("households", "dwellings", "clean"), [(3, 10, 8), (9, 10, 8), (25, 10, 8), (5, 4, 0)])
def test_placement_prefers_clean_dwellings_then_any_then_sharing(households, dwellings, clean):
    picks = homes.placement(households, dwellings, clean, random.Random(1))
    assert len(picks) == households and picks == sorted(picks)
    assert set(picks) <= set(range(dwellings))
    if households <= clean:
        assert len(set(picks)) == households and max(picks) < clean
    elif households <= dwellings:
        assert len(set(picks)) == households and set(range(clean)) <= set(picks)
    else:
        assert set(picks) == set(range(dwellings))
