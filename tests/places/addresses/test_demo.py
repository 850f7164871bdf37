"""The demo builder at a tiny scale: sizes, codes, planted issues, determinism, idempotence."""

from __future__ import annotations

import random

import pytest

from minzheng.core.models import Region
from minzheng.places import codes
from minzheng.places.addresses import demo, quality
from minzheng.places.data.county_bbox import contains
from minzheng.places.models import Address, QualityIssue, Road
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE, OTHER_TOWNSHIP_VILLAGE

pytestmark = pytest.mark.django_db
VILLAGES = [MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE, OTHER_COUNTY_VILLAGE]
# 4 villages at this scale: about 2,170 addresses in all.
SCALE = 0.001


@pytest.fixture
def villages(regions):  # type: ignore[no-untyped-def]
    return list(Region.objects.filter(code__in=VILLAGES))


def test_build_places_tiny(villages):  # type: ignore[no-untyped-def]
    calls: list[tuple[int, int]] = []
    counts = demo.build_places(villages=villages, scale=SCALE, seed=7, progress=lambda d, t: calls.append((d, t)))
    total = Address.objects.count()
    assert counts["addresses"] == total
    assert 1900 <= total <= 2500, total
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
    assert inside >= total * 0.97
    # Communities have rooms in compounds; villages have houses on streets and hamlets.
    assert Address.objects.filter(region_code=MY_VILLAGE).exclude(room="").exists()
    assert not Address.objects.filter(region_code=OTHER_TOWNSHIP_VILLAGE).exclude(building="").exists()
    names = set(Road.objects.values_list("name", flat=True))
    assert all(n and not any(ch.isascii() and ch.isalpha() for ch in n) for n in names)


def test_planted_issues_show_up_in_the_quality_report(villages):  # type: ignore[no-untyped-def]
    counts = demo.build_places(villages=villages, scale=0.004, seed=3)
    runs = quality.quality_check_all(counties=["330502", "330523"])
    found: dict[str, int] = {}
    for run in runs:
        for kind, n in run.counts.items():
            found[kind] = found.get(kind, 0) + n
    assert found[QualityIssue.Kind.MISSING_COORDINATES] == counts["missing_coordinates"] > 0
    assert found[QualityIssue.Kind.OUTSIDE_COUNTY] == counts["outside_county"] > 0
    assert found[QualityIssue.Kind.NONSTANDARD_TEXT] >= counts["nonstandard_text"] > 0
    assert found[QualityIssue.Kind.ORPHAN_BUILDING] == counts["orphan_building"]
    assert found[QualityIssue.Kind.DUPLICATE_TEXT] > 0
    for run in runs:
        assert 80 < run.score < 100


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


def test_village_rows_from_the_people_demo_shape(regions):  # type: ignore[no-untyped-def]
    rows = [{"code": MY_VILLAGE, "name": "仪凤桥社区", "kind": "社区", "weight": 1.0,
             "roads": ("红旗路", "人民路", "衣裳街"), "estates": ("碧浪花园", "凤凰家园")}]
    demo.build_places(villages=rows, scale=0.0005, seed=1)
    names = set(Road.objects.values_list("name", flat=True))
    assert {"红旗路", "人民路", "衣裳街", "碧浪花园", "凤凰家园"} <= names
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
