"""The demo builder: sizes, codes, the naming rules, the planted issues and nothing else in the
quality report, rows that do not depend on which villages one build is given, idempotence."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from minzheng.core.models import Region
from minzheng.core.synthetic.regions import villages_at_scale
from minzheng.places import codes
from minzheng.places.addresses import demo, quality
from minzheng.places.addresses.demo import plan as demo_plan
from minzheng.places.data.county_bbox import contains
from minzheng.places.models import Address, QualityIssue, Road
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE, OTHER_TOWNSHIP_VILLAGE

pytestmark = pytest.mark.django_db
VILLAGES = [MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE, OTHER_COUNTY_VILLAGE]
# The 4 villages at this scale: about 1,400 addresses in all.
SCALE = 0.05


@pytest.fixture
def villages(regions):  # type: ignore[no-untyped-def]
    return list(Region.objects.filter(code__in=VILLAGES))


def _townships() -> list[demo_plan.Township]:
    return [demo_plan.Township(code, kind) for code, kind in
            Region.objects.filter(level="township").order_by("code").values_list("code", "kind")]


def _demo_villages(*, scale: float, counties: tuple[str, ...]) -> list:  # type: ignore[type-arg]
    """The demo's villages of whole counties at ``scale``, with their regions (as the demo makes them)."""
    out, regions = [], []
    for township in Region.objects.filter(level="township", code__regex=rf"^({'|'.join(counties)})").order_by("code"):
        for v in villages_at_scale(township.code, township.kind, scale):
            out.append(v)
            regions.append(Region(code=v.code, name=v.name, level="village", kind=v.kind, parent=township,
                                  full_name=township.full_name + v.name))
    Region.objects.bulk_create(regions, ignore_conflicts=True)
    return out


def _rows(codes: list[str]) -> list[tuple[object, ...]]:
    addresses = Address.objects.filter(region_code__in=codes).order_by("code")
    roads = Road.objects.filter(region_code__in=codes).order_by("code")
    return [*addresses.values_list("code", "full_text", "lng", "lat", "road__code"),
            *roads.values_list("code", "name", "kind", "aliases")]


def test_build_places_small(villages):  # type: ignore[no-untyped-def]
    calls: list[tuple[int, int]] = []
    counts = demo.build_places(villages=villages, scale=SCALE, seed=7, progress=lambda d, t: calls.append((d, t)))
    total = Address.objects.count()
    assert counts["addresses"] == total
    assert 1000 <= total <= 2000, total
    assert counts["villages"] == 4 and counts["villages_skipped"] == 0
    assert calls and calls[-1][0] == calls[-1][1]
    assert Road.objects.filter(kind=Road.Kind.COMPOUND).count() == counts["compounds"] > 0
    assert Road.objects.count() == counts["roads"] + counts["compounds"]
    # Every code is what codes.py computes from the parts, and every region is the village.
    for a in Address.objects.select_related("road").order_by("?")[:300]:
        assert a.code == codes.address_code(region_code=a.region_code, road_code=a.road.code, number=a.number,
                                            building=a.building, unit=a.unit, room=a.room)
        assert a.road.region_code == a.region_code
    # Coordinates lie in the county's box, except the planted ones.
    inside = sum(contains(a.region_code, float(a.lng), float(a.lat))
                 for a in Address.objects.exclude(lng=None).only("region_code", "lng", "lat"))
    assert inside == total - counts["missing_coordinates"] - counts["outside_county"]
    # Communities have rooms in compounds; villages have houses on streets and hamlets.
    assert Address.objects.filter(region_code=MY_VILLAGE).exclude(room="").exists()
    assert not Address.objects.filter(region_code=OTHER_TOWNSHIP_VILLAGE).exclude(building="").exists()
    names = set(Road.objects.values_list("name", flat=True))
    assert all(n and not any(ch.isascii() and ch.isalpha() for ch in n) for n in names)


def test_planted_issues_are_exactly_what_the_quality_report_finds(regions):  # type: ignore[no-untyped-def]
    villages = _demo_villages(scale=0.01, counties=("330502", "330523"))
    planted: dict[str, set[str]] = {}
    counts = demo.build_places(villages=villages, scale=0.01, seed=3, planted=planted)
    runs = quality.quality_check_all(counties=["330502", "330523"])
    found: dict[str, set[str]] = {kind: set() for kind in QualityIssue.Kind.values}
    for kind, code in QualityIssue.objects.filter(run__in=runs).values_list("kind", "address__code"):
        found[kind].add(code)
    for kind in QualityIssue.Kind.values:
        assert found[kind] == planted[kind], kind
        assert counts[kind] == len(planted[kind]) > 0, kind
        assert sum(run.counts[kind] for run in runs) == counts[kind]
    # Each duplicated legacy road record repeats its road's rows in pairs.
    assert counts["duplicate_roads"] > 0 and counts["duplicate_text"] % 2 == 0
    for run in runs:
        assert 90 < run.score < 100


def test_names_follow_the_naming_rules_in_whole_counties(regions):  # type: ignore[no-untyped-def]
    villages = _demo_villages(scale=0.02, counties=("330502", "330521"))
    counts = demo.build_places(villages=villages, scale=0.02, seed=5)
    roads = list(Road.objects.values_list("region_code", "kind", "name", "aliases"))
    # Inside a township the only repeats are the planted legacy records, each beside its road.
    in_township = Counter((region[:9], kind, name) for region, kind, name, _ in roads)
    in_village = Counter((region, kind, name) for region, kind, name, _ in roads)
    assert sum(n - 1 for n in in_township.values()) == counts["duplicate_roads"] > 0
    assert sum(n - 1 for n in in_village.values()) == counts["duplicate_roads"] and max(in_village.values()) == 2
    # No two roads of a name among all the 街道 of a county.
    streets = Counter((region[:6], name) for region, kind, name in in_village
                      if kind == Road.Kind.ROAD and region[6] == "0")
    assert streets and max(streets.values()) == 1
    # Nor is an alias another road's name or alias in its township (the workflow counts both).
    twinned = {(region[:9], name) for (region, _, name), n in in_village.items() if n == 2}
    words = Counter((region[:9], word) for region, _, name, aliases in roads for word in {name, *aliases})
    assert {key for key, n in words.items() if n > 1} == twinned


def test_the_plan_of_the_whole_city_at_full_scale_repeats_no_name(regions):  # type: ignore[no-untyped-def]
    townships = _townships()
    wanted = [demo_plan.Wanted(v.code, v.name, v.kind, v.weight, v.roads, v.estates)
              for t in townships for v in villages_at_scale(t.code, t.kind, 1.0)]
    plans = demo_plan.plan_villages(villages=wanted, scale=1.0, seed=1, townships=townships)
    assert len(plans) > 1200
    assert 2_050_000 < sum(p.quota for p in plans.values()) < 2_150_000
    words: Counter[tuple[str, str]] = Counter()
    streets: Counter[tuple[str, str]] = Counter()
    for p in plans.values():
        words.update((p.code[:9], word) for road in p.roads for word in (road.name, *road.aliases))
        streets.update((p.code[:6], road.name) for road in p.streets if p.code[6] == "0")
        assert len(p.streets) >= (3 if p.kind == "社区" else 4) and (p.kind == "村" or p.compounds)
    assert max(words.values()) == 1
    assert max(streets.values()) == 1
    # Serials are unique in a township and fit the code's four digits with room to spare.
    serials = Counter((p.code[:9], p.first_serial + i) for p in plans.values() for i in range(p.serials))
    assert max(serials.values()) == 1 and max(s for _, s in serials) < demo.RENUMBER_FROM


def test_a_villages_rows_do_not_depend_on_the_others_built_with_it(regions):  # type: ignore[no-untyped-def]
    township = Region.objects.get(code="330502010000")
    town = Region.objects.get(code="330502101000")
    layout = [*villages_at_scale(township.code, township.kind, 1.0)[:4], *villages_at_scale(town.code, town.kind, 1.0)[:3]]
    Region.objects.bulk_create([Region(code=v.code, name=v.name, level="village", kind=v.kind,
                                       parent=township if v.code.startswith(township.code[:9]) else town,
                                       full_name=(township if v.code.startswith(township.code[:9]) else town).full_name
                                       + v.name) for v in layout], ignore_conflicts=True)
    sample = [layout[2], layout[5]]
    sampled = [v.code for v in sample]
    demo.build_places(villages=sample, scale=1.0, seed=9)
    alone = _rows(sampled)
    assert len(alone) > 2000
    Address.objects.all().delete()
    Road.objects.all().delete()
    counts = demo.build_places(villages=list(reversed(layout)), scale=1.0, seed=9)
    assert counts["villages"] == 7
    assert _rows(sampled) == alone
    # Built one at a time, after the others, the same again.
    Address.objects.filter(region_code__in=sampled).delete()
    Road.objects.filter(region_code__in=sampled).delete()
    for village in sample:
        demo.build_places(villages=[village], scale=1.0, seed=9)
    assert _rows(sampled) == alone


def test_deterministic_and_idempotent(villages):  # type: ignore[no-untyped-def]
    demo.build_places(villages=villages, scale=SCALE, seed=11)
    first = list(Address.objects.order_by("code").values_list("code", "full_text", "lng"))
    again = demo.build_places(villages=villages, scale=SCALE, seed=11)
    assert again["addresses"] == 0 and again["villages_skipped"] == 4
    assert list(Address.objects.order_by("code").values_list("code", "full_text", "lng")) == first
    Address.objects.all().delete()
    Road.objects.all().delete()
    demo.build_places(villages=villages, scale=SCALE, seed=11)
    assert list(Address.objects.order_by("code").values_list("code", "full_text", "lng")) == first


def test_a_taken_road_code_moves_to_a_free_serial(villages):  # type: ignore[no-untyped-def]
    Road.objects.create(code=MY_VILLAGE + "0001", region_code=MY_VILLAGE[:9] + "000", name="官方路",
                        kind=Road.Kind.ROAD, aliases=[])
    counts = demo.build_places(villages=[v for v in villages if v.code == MY_VILLAGE], scale=SCALE, seed=2)
    assert counts["addresses"] == Address.objects.count() > 0
    built = Road.objects.filter(region_code=MY_VILLAGE)
    assert built.count() == counts["roads"] + counts["compounds"]
    assert all(int(code[-4:]) > demo.RENUMBER_FROM for code in built.values_list("code", flat=True))


def test_village_rows_from_the_people_demo_shape(regions):  # type: ignore[no-untyped-def]
    # A plain dict row for a village of the layout gives the rows the layout's Village gives.
    rows = [{"code": MY_VILLAGE, "name": "仪凤桥社区", "kind": "社区", "weight": 1.0,
             "roads": ("红旗路", "人民路", "衣裳街"), "estates": ("碧浪花园", "凤凰家园")}]
    demo.build_places(villages=rows, scale=0.0005, seed=1)
    as_dict = _rows([MY_VILLAGE])
    Address.objects.all().delete()
    Road.objects.all().delete()
    township = Region.objects.get(code=MY_VILLAGE[:9] + "000")
    demo.build_places(villages=[v for v in villages_at_scale(township.code, township.kind, 0.0005)
                                if v.code == MY_VILLAGE], scale=0.0005, seed=1)
    assert _rows([MY_VILLAGE]) == as_dict
    homes = demo.village_addresses(MY_VILLAGE)
    assert homes and all(text.startswith("湖州市吴兴区爱山街道仪凤桥社区") or "号" not in text[:3]
                         for _, _, text in homes)
    assert not any(code.endswith("000000") and code[21:24] != "000" for _, code, _ in homes)  # no bare buildings


def test_messy_text_variants():  # type: ignore[no-untyped-def]
    rng = random.Random(5)
    full = "湖州市吴兴区爱山街道仪凤桥社区"
    text = full + "碧浪花园1号3幢2单元501室"
    variants = {demo.messy_text(text, rng, region_full_name=full) for _ in range(200)}
    assert text in variants
    assert any("-3-2-501" in v for v in variants)
    assert any("１" in v for v in variants)
    assert any(v.startswith("仪凤桥社区") for v in variants)
    assert any(v.startswith("碧浪花园") for v in variants)


@pytest.mark.parametrize("scale", ["0", "1.5", "-0.1"])
def test_the_benchmark_refuses_a_scale_out_of_range_in_chinese(scale, capsys):  # type: ignore[no-untyped-def]
    from bench import address_import
    from minzheng.demo.messages import SCALE_OUT_OF_RANGE

    with pytest.raises(SystemExit) as exc:
        address_import.main(["--demo-scale", scale])
    assert exc.value.code == 2
    assert SCALE_OUT_OF_RANGE.format(scale=float(scale)) in capsys.readouterr().err


def test_a_name_another_road_took_first_moves_to_a_free_variant(villages):  # type: ignore[no-untyped-def]
    # As on a database a smaller demo filled: the place-names demo has named 义皋路 in the
    # township before this village's roads are built.
    Road.objects.create(code="3305021000009001", region_code="330502100000", name="义皋路", kind=Road.Kind.ROAD,
                        aliases=[])
    counts = demo.build_places(villages=[v for v in villages if v.code == OTHER_TOWNSHIP_VILLAGE], scale=SCALE,
                               seed=2)
    built = Road.objects.filter(region_code=OTHER_TOWNSHIP_VILLAGE)
    assert built.count() == counts["roads"] and built.filter(name="义皋街").exists()
    names = Counter(Road.objects.values_list("name", flat=True))
    assert sum(n - 1 for n in names.values()) == counts["duplicate_roads"]
