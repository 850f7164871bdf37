import pytest
from django.http import Http404

from minzheng.core.models import Region
from minzheng.core.scope import NOWHERE, Scope, get_in_scope, scope_for, scoped
from minzheng.people.models import Person
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE, OTHER_TOWNSHIP_VILLAGE


def test_scope_prefix_follows_region_level(personas):
    assert scope_for(personas.city_admin).prefix == "3305"
    assert scope_for(personas.wuxing_officer).prefix == "330502"
    assert scope_for(personas.aishan_officer).prefix == "330502003"
    assert scope_for(personas.village_worker).prefix == MY_VILLAGE


def test_staff_without_region_and_anonymous_see_nothing(personas):
    from django.contrib.auth.models import AnonymousUser

    assert scope_for(personas.nobody) is NOWHERE
    assert scope_for(AnonymousUser()) is NOWHERE
    PersonFactory()
    assert not scoped(Person.objects.all(), user=personas.nobody).exists()


def test_inactive_user_sees_nothing(personas):
    personas.city_admin.is_active = False
    assert scope_for(personas.city_admin) is NOWHERE


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("city_admin", {MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE, OTHER_COUNTY_VILLAGE}),
        ("wuxing_officer", {MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE}),
        ("anji_officer", {OTHER_COUNTY_VILLAGE}),
        ("aishan_officer", {MY_VILLAGE, NEIGHBOUR_VILLAGE}),
        ("village_worker", {MY_VILLAGE}),
    ],
)
def test_each_role_sees_only_its_region(personas, persona, visible):
    for code in (MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE, OTHER_COUNTY_VILLAGE):
        PersonFactory(region_code=code)
    seen = set(scoped(Person.objects.all(), user=getattr(personas, persona)).values_list("region_code", flat=True))
    assert seen == visible


def test_village_worker_cannot_see_other_village(personas):
    other = PersonFactory(region_code=NEIGHBOUR_VILLAGE)
    with pytest.raises(Http404):
        get_in_scope(Person.objects.all(), user=personas.village_worker, pk=other.pk)


def test_missing_and_out_of_scope_look_the_same(personas):
    other = PersonFactory(region_code=OTHER_COUNTY_VILLAGE)
    with pytest.raises(Http404) as missing:
        get_in_scope(Person.objects.all(), user=personas.village_worker, pk=other.pk + 1000)
    with pytest.raises(Http404) as elsewhere:
        get_in_scope(Person.objects.all(), user=personas.village_worker, pk=other.pk)
    assert str(missing.value) == str(elsewhere.value)


# (prefix, codes inside, codes just outside): the range's both ends, prefixes ending in 9 whose
# upper bound carries into the digit before, and the 12-digit scope of a village.
BOUNDARIES = [
    ("3305", ["330500000000", "330599999999"], ["330499999999", "330600000000"]),
    ("330502", ["330502000000", "330502999999"], ["330501999999", "330503000000", "33050"]),
    ("330502003", ["330502003000", "330502003001", "330502003999"],
     ["330502002999", "330502004000", "330502030001", "33050200"]),
    ("330599", ["330599000000", "330599999999"], ["330598999999", "330600000000"]),
    ("330502099", ["330502099000", "330502099999"], ["330502098999", "330502100000"]),
    ("330502003001", ["330502003001"], ["330502003000", "330502003002", "33050200300"]),
    ("330502003009", ["330502003009"], ["330502003008", "330502003010"]),
    ("999", ["999000000000", "999999999999"], ["998999999999"]),
]


@pytest.mark.parametrize(("prefix", "inside", "outside"), BOUNDARIES, ids=[b[0] for b in BOUNDARIES])
def test_the_scope_range_holds_exactly_the_codes_under_its_prefix(db, prefix, inside, outside):  # type: ignore[no-untyped-def]
    Region.objects.bulk_create([Region(code=code, name=code, level="village", kind="村") for code in inside + outside])
    scope = Scope(prefix=prefix)
    found = set(scope.filter(Region.objects.filter(code__in=inside + outside), field="code")
                .values_list("code", flat=True))
    assert found == set(inside)
    assert all(scope.contains(code) for code in inside)
    assert not any(scope.contains(code) for code in outside)


def test_a_village_workers_scope_is_their_own_twelve_digits(personas):  # type: ignore[no-untyped-def]
    Region.objects.bulk_create([Region(code=code, name=code, level="village", kind="村")
                                for code in ("330502003000", "330502003010")], ignore_conflicts=True)
    codes = set(scoped(Region.objects.all(), user=personas.village_worker, field="code").values_list("code", flat=True))
    assert codes == {MY_VILLAGE}


def test_all_nines_prefix_has_an_upper_bound():
    from minzheng.core.scope import _next_prefix

    assert _next_prefix("3305") == "3306"
    assert _next_prefix("330599") == "330600"
    assert _next_prefix("999") > "999999999999"


def test_absurd_ids_answer_404_not_500(personas):
    for pk in ("abc", 2**70, -1):
        with pytest.raises(Http404):
            get_in_scope(Person.objects.all(), user=personas.city_admin, pk=pk)
