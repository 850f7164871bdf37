"""The place-name demo builder: deterministic, idempotent, in 镇/乡 only, with the 2024 figures."""

from __future__ import annotations

from collections import Counter

import pytest

from minzheng.core.models import Region
from minzheng.core.synthetic.regions import villages_at_scale
from minzheng.places.addresses.demo import build_places
from minzheng.places.models import HeritageBatch, HeritageEntry, NamingProposal, PlaceNameWork, Road
from minzheng.places.names import demo as demo_names
from minzheng.places.names.rules import check_format
from minzheng.places.names.selectors import place_name_counts

pytestmark = pytest.mark.django_db


def test_build_small_scale_then_again(people):
    calls = []
    first = demo_names.build_place_names(scale=0.01, seed=7, progress=lambda done, total: calls.append((done, total)))
    assert first["proposals"] == 26 and first["named_roads"] > 0
    assert first["heritage_batches"] == 3 and first["heritage_entries"] == len(demo_names.HERITAGE)
    assert first["place_name_work"] == 30
    assert calls[-1][0] == calls[-1][1] == Region.objects.filter(level="township", kind__in=["镇", "乡"]).count()

    proposals = NamingProposal.objects.all()
    assert proposals.count() == 26 and set(proposals.values_list("status", flat=True)) == {"published"}
    rural = set(Region.objects.filter(level="township", kind__in=["镇", "乡"]).values_list("code", flat=True))
    assert set(proposals.values_list("region_code", flat=True)) <= rural
    for p in proposals:
        assert check_format(p.name, p.kind) == []
        assert p.approved_at.year == 2024 and p.published_on.year == 2024 and p.created_at < p.approved_at
        assert (p.road_id is not None) == (p.kind == "road")
    assert Road.objects.count() == proposals.filter(kind="road").count()
    assert {r.code[:12] for r in Road.objects.all()} <= rural

    counts = place_name_counts(user=people.city_admin, year=2024)
    assert counts == {"rural_roads_named": 26, "signage_products": 23, "culture_routes": 2, "culture_halls": 5}
    assert list(HeritageBatch.objects.values_list("name", "published_on__year")) == [
        ("第一批", 2019), ("第二批", 2021), ("第三批", 2024)]
    for batch in HeritageBatch.objects.all():
        assert 15 <= batch.entries.count() <= 30

    second = demo_names.build_place_names(scale=0.01, seed=7)
    assert second == {"proposals": 0, "named_roads": 0, "heritage_batches": 3, "heritage_entries": 0, "place_name_work": 0}
    assert NamingProposal.objects.count() == 26 and HeritageEntry.objects.count() == len(demo_names.HERITAGE)
    assert PlaceNameWork.objects.count() == 30


def test_same_seed_same_names(people):
    demo_names.build_naming(scale=0.005, seed=3)
    names = sorted(NamingProposal.objects.values_list("region_code", "kind", "name"))
    NamingProposal.objects.all().delete()
    Road.objects.all().delete()
    demo_names.build_naming(scale=0.005, seed=3)
    assert sorted(NamingProposal.objects.values_list("region_code", "kind", "name")) == names


def test_at_least_a_handful_at_tiny_scales(people):
    assert demo_names.build_naming(scale=0.0001, seed=1)["proposals"] == demo_names.MIN_PROPOSALS


def test_shares_sum_exactly():
    shares = demo_names._shares({"a": 3, "b": 1, "c": 1}, 2566)
    assert sum(shares.values()) == 2566 and shares["a"] > shares["b"]


def test_heritage_regions_exist(people):
    codes = {row[3] for row in demo_names.HERITAGE} | {row[2] for row in demo_names.WORK}
    assert codes <= set(Region.objects.values_list("code", flat=True))
    assert sum(1 for row in demo_names.WORK if row[0] == "signage_product") == 23


def test_named_roads_take_no_name_or_alias_of_the_townships_roads(people):
    """After the address demo has filled 织里镇, the naming demo's roads there still obey the
    naming rules: no road name or alias of the township is taken twice."""
    township = Region.objects.get(code="330502100000")
    layout = villages_at_scale(township.code, township.kind, 0.05)
    Region.objects.bulk_create([Region(code=v.code, name=v.name, level="village", kind=v.kind, parent=township,
                                       full_name=township.full_name + v.name) for v in layout], ignore_conflicts=True)
    build_places(villages=layout, scale=0.05, seed=4)
    twins = Road.objects.count() - Road.objects.values("region_code", "name").distinct().count()
    demo_names.build_naming(scale=0.05, seed=4)
    named = set(NamingProposal.objects.filter(region_code=township.code, kind="road").values_list("name", flat=True))
    assert named
    words = Counter(word for name, aliases in Road.objects.filter(region_code__startswith=township.code[:9])
                    .values_list("name", "aliases") for word in {name, *aliases})
    assert all(words[name] == 1 for name in named)
    assert sum(n - 1 for n in words.values()) == twins
