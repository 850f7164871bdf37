"""A synthetic, demo-like city of standard addresses for the matcher's evaluation set and its
benchmark. Deterministic: the same seed and size always give the same codes.

It copies the habits of the demo (``minzheng.demo``) and of real Huzhou data that make matching
hard: the same road names recur in many communities (红旗路 in a dozen of them), hamlets in
villages share names (沈家埭), communities share names across townships (城东社区), estates are
addressed by building, unit and room, some roads have former names or abbreviations as aliases,
and some doorplates have sub-numbers (18-1号).

``describe`` gives villages and roads (small); ``addresses`` streams the addresses, so the
benchmark can write two million of them without holding them in memory; ``build`` writes a world
into the database and rebuilds the matcher's keys.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from minzheng.core.services import DIVISIONS_CSV
from minzheng.places import codes

ROADS = ["红旗路", "人民路", "凤凰路", "青铜路", "环城西路", "环城东路", "劳动路", "衣裳街", "南街", "北街", "吉山路", "二环东路", "龙溪北路", "龙溪南路", "苕溪路", "太湖路", "米兰路", "爱山路", "解放路", "北门路", "东街", "西街", "湖州大道", "仁皇山路", "金盖山路", "西山路", "莲花庄路", "清源路", "飞英路", "朝阳路", "月河路", "车站路", "体育场路", "青塘路", "孔家浜路", "新华路", "凤凰西路", "市陌路", "湖东路", "外环南路", "长兴大道", "天目路", "递铺路", "昌硕路", "灵峰路", "孝源路", "德清大道", "武康路", "英溪路", "舞阳路", "长中路", "太湖中路", "画溪路", "雉州路", "明珠路"]
FORMER_NAMES = ["中山路", "建设路", "胜利路", "光明路", "东风路", "向阳路", "跃进路", "红卫路", "工农路", "反帝路"]
ESTATE_HEADS = ["凤凰", "碧浪", "金色", "南山", "爱山", "仪凤", "江南", "太湖", "东方", "西城", "水岸", "翠苑", "玉湖", "湖滨", "锦绣", "紫金", "银泰", "龙溪", "月河", "弁山", "苕溪", "青塘", "香樟", "金地", "望湖", "凯旋", "阳光", "春江"]
ESTATE_TAILS = ["新村", "小区", "花园", "家园", "苑", "公寓", "嘉园", "华庭"]
HAMLET_HEADS = ["沈", "王", "张", "陈", "吴", "钱", "徐", "朱", "李", "姚", "潘", "杨", "周", "陆", "孙", "刘", "黄", "赵", "费", "闵", "俞", "施", "蒋", "金", "胡", "邱", "顾", "章", "丁", "凌", "郑", "方", "许", "马", "汤", "唐", "莫", "范", "董", "褚"]
HAMLET_TAILS = ["家埭", "家兜", "家浜", "家湾", "家墩", "家坞", "家村", "家桥", "家头", "家港"]
COMMUNITY_HEADS = ["南街", "北街", "府庙", "马军巷", "月河", "清河", "青铜", "凤凰", "百花", "碧浪", "红丰", "景湖", "吉山", "清源", "苕南", "朝阳", "飞英", "龙泉", "龙溪", "潘公桥", "骆驼桥", "塘南", "青塘", "莲花庄", "白鱼潭", "金盖", "弁南", "仁皇", "太湖", "滨湖", "湖东", "东门", "西门", "南门", "北门", "新风", "新华", "人民", "红旗", "劳动", "健康", "幸福", "和平", "吉祥", "城东", "城西", "城南", "城北"]
VILLAGE_FIRST = list("义许杨荻东西南北上下新大小长石沈钱陆吴潘金双三五横章胡蒋庄竹桑荷菱梅桃杏伍晓乔")
VILLAGE_SECOND = list("皋溇港兜漾浜墩塘桥湾圩埭山庄舍里店河泾渎荡滩坞岭坑岙")
# The persona villages of tests/personas.py keep their names.
KNOWN = {"330502003001": "仪凤桥社区", "330502003002": "南街社区", "330502100201": "义皋村",
         "330523001001": "城东社区"}


@dataclass(frozen=True)
class Size:
    """How big each kind of place is. ``EVAL`` is small enough to build inside a test."""

    communities: tuple[int, int]  # per 街道
    town_communities: tuple[int, int]  # per 镇 or 乡
    villages: tuple[int, int]  # per 镇 (乡 has about half)
    road_numbers: tuple[int, int]  # doorplates per road in a community
    block_share: float  # share of a road's doorplates that are blocks of flats
    estate_buildings: tuple[int, int]
    estate_floors: tuple[int, int]
    hamlet_numbers: tuple[int, int]
    townships: tuple[str, ...] = ()  # 9-digit prefixes; empty means all 72


EVAL = Size(communities=(3, 3), town_communities=(1, 1), villages=(3, 3), road_numbers=(12, 24), block_share=0.1,
            estate_buildings=(3, 5), estate_floors=(2, 3), hamlet_numbers=(10, 20),
            townships=("330502003", "330502001", "330502100", "330503101", "330523001", "330522001", "330521001"))
# About 2.18 million addresses over all 72 townships and about 1,300 villages and communities.
CITY = Size(communities=(10, 18), town_communities=(1, 3), villages=(15, 24), road_numbers=(30, 90),
            block_share=0.08, estate_buildings=(6, 18), estate_floors=(5, 11), hamlet_numbers=(50, 130))


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    kind: str  # 社区 or 村
    parent: str  # township code
    full_name: str


@dataclass(frozen=True)
class Road:
    code: str
    region_code: str
    name: str
    kind: str  # road or compound
    aliases: tuple[str, ...]
    numbers: int  # doorplates (roads) or buildings (estates)
    extra: int  # floors (estates), or a per-road seed for blocks of flats


@dataclass(frozen=True)
class World:
    regions: dict[str, tuple[str, str, str, str, str]]  # code → (name, level, kind, parent, full_name)
    villages: tuple[Village, ...]
    roads: tuple[Road, ...]
    size: Size


def divisions() -> dict[str, tuple[str, str, str, str, str]]:
    """The real city, counties and townships: code → (name, level, kind, parent, full_name)."""
    out: dict[str, tuple[str, str, str, str, str]] = {}
    with DIVISIONS_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            parent = out.get(row["parent_code"])
            full = (parent[4] if parent else "") + row["name"]
            out[row["code"]] = (row["name"], row["level"], row["kind"], row["parent_code"], full)
    return out


def describe(size: Size, seed: int = 2024) -> World:
    regions = divisions()
    townships = [c for c, r in regions.items() if r[1] == "township"
                 and (not size.townships or c[:9] in size.townships)]
    villages: list[Village] = []
    roads: list[Road] = []
    for township in townships:
        rng = random.Random(f"{seed}:{township}")
        kind = regions[township][2]
        if kind == "街道":
            n_comm, n_vill = rng.randint(*size.communities), 0
        else:
            n_comm = rng.randint(*size.town_communities)
            n_vill = rng.randint(*size.villages) // (2 if kind == "乡" else 1) or 1
        used: set[str] = set()
        numbers = [f"{n:03d}" for n in range(1, n_comm + 1)] + [f"{n:03d}" for n in range(201, 201 + n_vill)]
        for number in numbers:
            code = township[:9] + number
            is_community = number < "200"
            name = KNOWN.get(code) or _unique(used, partial(_village_name, rng, is_community))
            used.add(name)
            village = Village(code, name, "社区" if is_community else "村", township, regions[township][4] + name)
            villages.append(village)
            roads.extend(_roads(rng, village, size))
    for v in villages:
        regions[v.code] = (v.name, "village", v.kind, v.parent, v.full_name)
    return World(regions=regions, villages=tuple(villages), roads=tuple(roads), size=size)


def _village_name(rng: random.Random, is_community: bool) -> str:
    if is_community:
        return rng.choice(COMMUNITY_HEADS) + "社区"
    return rng.choice(VILLAGE_FIRST) + rng.choice(VILLAGE_SECOND) + "村"


def _unique(used: set[str], make: Callable[[], str]) -> str:
    for _ in range(100):
        name = make()
        if name not in used:
            return name
    raise RuntimeError("ran out of names")


def _roads(rng: random.Random, village: Village, size: Size) -> list[Road]:
    out: list[Road] = []
    taken: set[str] = set()

    def add(name: str, kind: str, numbers: int, extra: int) -> None:
        taken.add(name)
        aliases: tuple[str, ...] = ()
        if kind == "road" and rng.random() < 0.25:
            # An abbreviation (环城西路 → 环西路) or a former name (红旗路 was 东风路).
            alias = name[0] + name[-2:] if len(name) >= 4 else rng.choice(FORMER_NAMES)
            if alias not in taken and alias != name:
                aliases = (alias,)
                taken.add(alias)
        out.append(Road(codes.road_code(village.code, len(out) + 1), village.code, name, kind, aliases, numbers,
                        extra))

    if village.kind == "社区":
        for name in rng.sample(ROADS, 3):
            add(name, "road", rng.randint(*size.road_numbers), rng.randrange(1 << 30))
        for _ in range(rng.choice((2, 3))):
            name = rng.choice(ESTATE_HEADS) + rng.choice(ESTATE_TAILS)
            if name not in taken:
                add(name, "compound", rng.randint(*size.estate_buildings), rng.randint(*size.estate_floors))
    else:
        for _ in range(6):
            name = rng.choice(HAMLET_HEADS) + rng.choice(HAMLET_TAILS)
            if name not in taken:
                add(name, "road", rng.randint(*size.hamlet_numbers), rng.randrange(1 << 30))
    return out


@dataclass(frozen=True)
class Addr:
    code: str
    region_code: str
    road_code: str
    number: str
    building: str
    unit: str
    room: str
    full_text: str


def addresses(world: World, road: Road) -> Iterator[Addr]:
    """Every address of one road, in code order."""
    full_name = world.regions[road.region_code][4]

    def make(number: str, building: str = "", unit: str = "", room: str = "") -> Addr:
        return Addr(
            codes.address_code(region_code=road.region_code, road_code=road.code, number=number, building=building,
                               unit=unit, room=room),
            road.region_code, road.code, number, building, unit, room,
            codes.full_text(region_full_name=full_name, road_name=road.name, number=number, building=building,
                            unit=unit, room=room),
        )

    if road.kind == "compound":
        # Two gates; buildings are numbered through the estate, so a building number alone is enough.
        gates = 2 if road.numbers > 6 else 1
        for building in range(1, road.numbers + 1):
            gate = str(1 + (building - 1) * gates // road.numbers)
            for unit in range(1, 3):
                for floor in range(1, road.extra + 1):
                    for door in range(1, 3):
                        yield make(gate, str(building), str(unit), f"{floor}{door:02d}")
        return
    rng = random.Random(road.extra)
    for n in range(1, road.numbers + 1):
        number = str(n)
        if rng.random() < world.size.block_share:
            yield make(number)
            for building in range(1, rng.randint(1, 3) + 1):
                for unit in range(1, rng.randint(1, 2) + 1):
                    for floor in range(1, rng.randint(3, 6) + 1):
                        for door in range(1, 3):
                            yield make(number, str(building), str(unit), f"{floor}{door:02d}")
        else:
            yield make(number)
            if rng.random() < 0.05:
                yield make(f"{n}-1")


def all_addresses(world: World) -> Iterator[Addr]:
    for road in world.roads:
        yield from addresses(world, road)


def build(world: World, *, progress: Callable[[int], None] | None = None) -> int:
    """Write the world into the database (regions, roads, addresses) and rebuild the matcher's
    keys. Test and benchmark helper: it writes directly, not through the services."""
    from minzheng.core.models import Region
    from minzheng.core.services import regions_load_divisions
    from minzheng.places.matching import road_names_rebuild
    from minzheng.places.models import Address
    from minzheng.places.models import Road as RoadModel

    regions_load_divisions()
    existing = set(Region.objects.filter(level="village").values_list("code", flat=True))
    Region.objects.bulk_create([
        Region(code=v.code, name=v.name, level="village", kind=v.kind, parent_id=v.parent, full_name=v.full_name)
        for v in world.villages if v.code not in existing
    ], batch_size=1000)
    RoadModel.objects.bulk_create([
        RoadModel(code=r.code, region_code=r.region_code, name=r.name, kind=r.kind, aliases=list(r.aliases))
        for r in world.roads
    ], batch_size=1000, ignore_conflicts=True)
    road_ids = dict(RoadModel.objects.values_list("code", "id"))
    count, batch = 0, []
    for a in all_addresses(world):
        batch.append(Address(code=a.code, region_code=a.region_code, road_id=road_ids[a.road_code], number=a.number,
                             building=a.building, unit=a.unit, room=a.room, full_text=a.full_text))
        if len(batch) >= 5000:
            Address.objects.bulk_create(batch, ignore_conflicts=True)
            count += len(batch)
            batch = []
            if progress:
                progress(count)
    Address.objects.bulk_create(batch, ignore_conflicts=True)
    count += len(batch)
    road_names_rebuild()
    return count
