"""The demo city as built: a believable Huzhou. These tests only read one shared build."""

from __future__ import annotations

import collections
import datetime as dt

from minzheng.core import pii
from minzheng.core.idnumber import parse_id_number
from minzheng.core.models import AuditEntry, Region
from minzheng.demo.build import BUILT_ACTION
from minzheng.demo.people import AS_OF
from minzheng.people.models import Household, Membership, Person
from tests.demo.conftest import SEED

HUZHOU_ID_CODES = {"330501", "330502", "330503", "330521", "330522", "330523"}


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def test_build_writes_one_summary_audit_entry(city):
    entry = AuditEntry.objects.get(action=BUILT_ACTION)
    assert entry.actor is None
    assert entry.after["persons"] == city.persons == Person.objects.count()
    assert entry.after["households"] == city.households == Household.objects.count()
    assert entry.after["seed"] == SEED
    assert AuditEntry.objects.filter(action__startswith="people.").count() == 0


def test_id_numbers_are_valid_unique_and_from_huzhou(city):
    numbers = []
    for person in Person.objects.all():
        parsed = parse_id_number(person.id_number)
        assert parsed.county_code in HUZHOU_ID_CODES
        assert parsed.county_code == person.region_code[:6] or (
            parsed.county_code == "330501" and person.region_code[:6] in {"330502", "330503"}
        )
        assert parsed.gender == person.gender
        assert parsed.birth_date == person.birth_date
        assert person.id_number_digest == pii.digest("id_number", parsed.value)
        assert person.id_number_masked == parsed.value[:6] + "********" + parsed.value[-4:]
        numbers.append(parsed.value)
    assert len(numbers) == len(set(numbers)) == city.persons
    assert any(n.startswith("330501") for n in numbers)


def test_phones_look_real(city):
    phones = [p.phone for p in Person.objects.exclude(phone_cipher="")]
    assert len(phones) > city.persons * 0.6
    assert all(len(ph) == 11 and ph[0] == "1" and ph[1] in "3456789" and ph.isdigit() for ph in phones)


def test_every_person_lives_in_a_village_and_with_their_household(city):
    villages = set(Region.objects.filter(level="village").values_list("code", flat=True))
    assert set(Person.objects.values_list("region_code", flat=True)) <= villages
    for m in Membership.objects.select_related("household", "person"):
        assert m.region_code == m.household.region_code == m.person.region_code
    assert Person.objects.filter(region_code="330502003001").exists()


def test_households_are_coherent_families(city):
    members = collections.defaultdict(list)
    for m in Membership.objects.select_related("person"):
        members[m.household_id].append(m)
    sizes = collections.Counter()
    for household in Household.objects.all():
        family = members[household.pk]
        sizes[len(family)] += 1
        assert 1 <= len(family) <= 6
        heads = [m for m in family if m.relationship == "self"]
        assert len(heads) == 1
        head = heads[0].person
        assert household.head_id == head.pk
        spouses = [m.person for m in family if m.relationship == "spouse"]
        for spouse in spouses:
            assert spouse.gender != head.gender
            assert abs(spouse.birth_date.year - head.birth_date.year) <= 7
        parents = [head, *spouses]
        for m in family:
            if m.relationship == "child":
                gaps = [(m.person.birth_date - p.birth_date).days / 365.25 for p in parents]
                assert any(19 <= gap <= 41 for gap in gaps), (household.pk, gaps)
            elif m.relationship == "parent":
                assert (head.birth_date - m.person.birth_date).days / 365.25 >= 19
            elif m.relationship == "grandchild":
                assert (m.person.birth_date - head.birth_date).days / 365.25 >= 38
    assert set(sizes) == {1, 2, 3, 4, 5, 6}
    mean = sum(k * v for k, v in sizes.items()) / sum(sizes.values())
    assert 2.4 <= mean <= 2.8
    assert not Person.objects.filter(status="deceased", membership__isnull=False).exists()


def test_age_pyramid_has_a_quarter_aged_sixty_and_over(city):
    ages = [age_on(b, AS_OF) for b in Person.objects.filter(status="alive").values_list("birth_date", flat=True)]
    share = sum(a >= 60 for a in ages) / len(ages)
    assert 0.21 <= share <= 0.29
    assert 0.09 <= sum(a < 15 for a in ages) / len(ages) <= 0.18
    deceased = Person.objects.filter(status="deceased")
    assert 0 < deceased.count() < city.persons * 0.02
    assert all(p.death_date <= AS_OF and p.death_date > p.birth_date for p in deceased)


def test_villages_follow_the_division_code_rules(city):
    from minzheng.core.synthetic.regions import full_layout

    townships = {r.code: r for r in Region.objects.filter(level="township")}
    villages = list(Region.objects.filter(level="village"))
    per_township = collections.Counter()
    for v in villages:
        township = townships[v.code[:9] + "000"]
        assert v.parent_id == township.code
        assert v.full_name == township.full_name + v.name
        per_township[township.code] += 1
        number = int(v.code[9:])
        if township.kind == "街道":
            assert 1 <= number <= 99 and v.kind == "社区" and v.name.endswith("社区")
        elif v.kind == "村":
            assert 200 <= number <= 299 and v.name.endswith("村")
        else:
            assert 1 <= number <= 99 and v.name.endswith("社区")
    assert set(per_township) == set(townships)
    assert min(per_township.values()) >= 3
    first = Region.objects.get(code="330502003001")
    assert (first.name, first.kind, first.parent_id) == ("仪凤桥社区", "社区", "330502003000")
    # At full scale the city has about 1,300 villages and communities.
    total = sum(len(full_layout(t.code, t.kind)) for t in townships.values())
    assert 1200 <= total <= 1400


def test_names_are_chinese_and_varied(city):
    names = list(Person.objects.values_list("name", flat=True))
    assert all(2 <= len(n) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in n) for n in names)
    assert len(set(names)) > len(names) * 0.7
    surnames = collections.Counter(n[0] for n in names)
    assert surnames.most_common(1)[0][0] in "沈王张陈"
