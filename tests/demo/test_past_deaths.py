"""The registry's deaths of 2024 (``minzheng.demo.past_deaths``): one for each resident who died in
2025, in the same village and of the same gender, dead in 2024, with an ID number that is valid,
of their county, of their gender and no one else's; written once."""

from __future__ import annotations

from collections import Counter

from minzheng.core.idnumber import parse_id_number
from minzheng.demo import past_deaths
from minzheng.people.models import Membership, Person
from tests.demo.conftest import SEED, SMALL


def test_the_deaths_of_2024_mirror_those_of_2025(built) -> None:  # type: ignore[no-untyped-def]
    recent = Person.objects.filter(status=Person.Status.DECEASED, death_date__year=2025)
    assert recent.exists()
    before = Person.objects.count()

    counts = past_deaths.demo_past_deaths_build(seed=SEED, scale=SMALL)

    added = Person.objects.filter(status=Person.Status.DECEASED, death_date__year=2024)
    assert counts == {"deaths": recent.count()} == {"deaths": added.count()}
    assert Person.objects.count() == before + added.count()
    assert Counter(added.values_list("region_code", "gender")) == Counter(recent.values_list("region_code", "gender"))
    assert not Membership.objects.filter(person__in=added).exists()
    for person in added:
        parsed = parse_id_number(person.id_number)
        assert parsed.birth_date == person.birth_date <= person.death_date
        assert parsed.gender == person.gender
        assert person.id_number[:6] == person.region_code[:6]
        assert person.id_number_masked != person.id_number and person.phone_digest == ""


def test_a_second_build_adds_nobody(built) -> None:  # type: ignore[no-untyped-def]
    past_deaths.demo_past_deaths_build(seed=SEED, scale=SMALL)
    count = Person.objects.count()
    assert past_deaths.demo_past_deaths_build(seed=SEED, scale=SMALL) == {}
    assert Person.objects.count() == count
