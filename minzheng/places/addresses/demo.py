"""The demo's roads, compounds and standard addresses: ``build_places``.

For every village or community it makes streets (街路巷) and, in communities, housing compounds
(小区), with plausible Chinese names, aliases for some (a former name, or the short form people
say: 红旗路 → 红旗), doorplate numbers, and in compounds buildings, units and rooms. Coordinates
are WGS-84 points around a village centre inside its county's bounding box.

A few per cent of the rows are deliberately bad, so that the data-quality report has something
to find: missing coordinates, points outside the county, the same text under a second road
record of the same name (what a legacy merge leaves), non-standard text (full-width digits,
号 missing, upper levels missing) and buildings whose doorplate is missing.

Scale 1.0 gives about 2.17M addresses, as in Huzhou; the number is spread over the villages it
is given in proportion to their ``weight``. Everything is deterministic for a given seed, and
the build is idempotent: a village that already has roads is skipped. Rows are generated in
chunks and bulk inserted (``COPY`` on PostgreSQL, ``executemany`` on SQLite, both with
``ON CONFLICT (code) DO NOTHING``), never saved one by one.

The people demo houses every household at a dwelling of its village as it generates them:
``dwellings`` lists them a township at a time, and ``messy_text`` gives the standard text as
people write it.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from minzheng.core.models import Region
from minzheng.core.regions import village_kind
from minzheng.places.addresses import imports
from minzheng.places.addresses.models import Address, Road
from minzheng.places.addresses.quality import _standard_text_sql
from minzheng.places.addresses.services import road_pinyin
from minzheng.places.data.county_bbox import COUNTY_BBOX, bbox_of
from minzheng.places.matching import road_names_rebuild

ADDRESSES_AT_FULL_SCALE = 2_170_000
CHUNK_ADDRESSES = 50_000  # addresses per write transaction

# Shares of deliberately bad rows (of all addresses), for the data-quality report.
MISSING_COORDINATES = 0.010
OUTSIDE_COUNTY = 0.005
NONSTANDARD_TEXT = 0.004
DUPLICATE_VILLAGE_SHARE = 0.25  # villages that carry a duplicated road record
DUPLICATE_SHARE = 0.012  # of such a village's addresses
ORPHAN_COMPOUND_SHARE = 0.08  # compounds with a building whose doorplate is missing

ROADS = [
    "红旗路", "人民路", "凤凰路", "青铜路", "环城西路", "环城东路", "劳动路", "衣裳街", "南街", "北街", "吉山路", "二环东路", "龙溪北路", "龙溪南路",
    "苕溪路", "太湖路", "米兰路", "爱山路", "解放路", "北门路", "东街", "西街", "仁皇山路", "金盖山路", "西山路", "莲花庄路", "清源路", "飞英路", "朝阳路",
    "月河路", "车站路", "体育场路", "青塘路", "新华路", "凤凰西路", "湖东路", "天目路", "递铺路", "昌硕路", "灵峰路", "孝源路", "武康路", "英溪路", "舞阳路",
    "画溪路", "雉州路", "明珠路", "学士路", "府庙街", "马军巷", "百花巷", "平安巷", "小西街", "北塘巷",
]
ESTATE_HEADS = [
    "凤凰", "碧浪", "金色", "南山", "爱山", "仪凤", "江南", "太湖", "东方", "西城", "水岸", "翠苑", "玉湖", "湖滨", "锦绣", "紫金", "银泰",
    "龙溪", "月河", "弁山", "苕溪", "青塘", "香樟", "金地", "望湖", "凯旋", "阳光", "春江",
]
ESTATE_TAILS = ("新村", "小区", "花园", "家园", "苑", "公寓", "嘉园", "华庭")
HAMLET_HEADS = [
    "沈", "钱", "陆", "吴", "潘", "金", "姚", "俞", "施", "邱", "顾", "凌", "褚", "汤", "唐", "莫", "范", "董", "严", "叶", "冯",
    "程", "郭", "高", "林", "杨", "王", "张", "李", "朱", "徐", "孙",
]
HAMLET_TAILS = ["家埭", "家兜", "家浜", "家湾", "家墩", "家坞", "家村", "家桥", "家头", "家庄"]
VILLAGE_ROAD_TAILS = ("路", "大道", "街")
# Names roads had before (most were renamed back in the 1980s); old people still say them.
FORMER_HEADS = ["东风", "反修", "工农", "胜利", "建设", "前进", "向阳", "跃进", "红卫", "卫东", "文革", "立新"]
GENERIC_SUFFIXES = ("大道", "大街", "小区", "新村", "花园", "家园", "嘉园", "华庭", "公寓", "路", "街", "巷", "苑")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass
class _Village:
    code: str
    name: str
    full_name: str
    kind: str
    weight: float
    roads: tuple[str, ...]
    estates: tuple[str, ...]


@dataclass
class _Road:
    code: str
    region_code: str
    name: str
    kind: str
    aliases: list[str]
    # What to generate on it: (first number, count) for doorplates; compounds add buildings.
    numbers: int = 0
    buildings: list[tuple[int, int, int, int]] = field(default_factory=list)  # (number, building, units, floors)
    orphan: tuple[int, int, int, int] | None = None
    twin_of: str = ""  # a duplicated legacy record of this road code
    twin_count: int = 0
    centre: tuple[float, float] = (0.0, 0.0)


@dataclass
class Counts:
    villages: int = 0
    villages_skipped: int = 0
    roads: int = 0
    compounds: int = 0
    aliases: int = 0
    addresses: int = 0
    missing_coordinates: int = 0
    outside_county: int = 0
    duplicate_text: int = 0
    nonstandard_text: int = 0
    orphan_building: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _get(row: Any, key: str, default: Any = None) -> Any:
    if isinstance(row, dict):
        return row.get(key, default)
    return getattr(row, key, default)


def _villages(rows: Iterable[Any]) -> list[_Village]:
    rows = list(rows)
    codes = [str(_get(r, "code")) for r in rows]
    stored = dict(Region.objects.filter(code__in=codes).values_list("code", "full_name")) if codes else {}
    out = []
    for row, code in zip(rows, codes, strict=True):
        name = _get(row, "name", "") or ""
        full_name = _get(row, "full_name", "") or stored.get(code) or name
        out.append(_Village(
            code=code, name=name, full_name=full_name, kind=_get(row, "kind", "") or village_kind(code),
            weight=float(_get(row, "weight", 1.0) or 1.0), roads=tuple(_get(row, "roads", ()) or ()),
            estates=tuple(_get(row, "estates", ()) or ()),
        ))
    return sorted(out, key=lambda v: v.code)


def _aliases(rng: random.Random, name: str, *, compound: bool) -> list[str]:
    roll = rng.random()
    if roll > 0.18:
        return []
    out = []
    generic = next((g for g in GENERIC_SUFFIXES if name.endswith(g) and len(name) - len(g) >= 2), "")
    if generic:
        out.append(name[: -len(generic)])  # 红旗路 → 红旗, 碧浪花园 → 碧浪
    if roll < 0.06 and not compound:
        out.append(rng.choice(FORMER_HEADS) + (generic or "路"))
    return [a for a in dict.fromkeys(out) if a != name]


def _centre(rng: random.Random, county: str) -> tuple[float, float]:
    box = COUNTY_BBOX.get(county, (119.9, 30.55, 120.45, 31.0))
    # Keep villages away from the edge, so their spread stays inside the box.
    lng_margin, lat_margin = (box[2] - box[0]) * 0.15, (box[3] - box[1]) * 0.15
    return (rng.uniform(box[0] + lng_margin, box[2] - lng_margin), rng.uniform(box[1] + lat_margin, box[3] - lat_margin))


def _plan_village(village: _Village, quota: int, serials: Iterator[int], rng: random.Random) -> list[_Road]:
    """The roads of a village and how many addresses each carries, summing to about ``quota``."""
    quota = max(quota, 2)
    centre = _centre(rng, village.code[:6])
    roads: list[_Road] = []

    def add(name: str, kind: str) -> _Road | None:
        if any(r.name == name for r in roads):
            return None
        road = _Road(code=f"{village.code}{next(serials):04d}", region_code=village.code, name=name, kind=kind,
                     aliases=_aliases(rng, name, compound=kind == Road.Kind.COMPOUND),
                     centre=(centre[0] + rng.uniform(-0.008, 0.008), centre[1] + rng.uniform(-0.006, 0.006)))
        roads.append(road)
        return road

    if village.kind == "社区":
        road_names = list(village.roads) or rng.sample(ROADS, rng.randint(3, 5))
        estates = list(village.estates) or list(dict.fromkeys(
            rng.choice(ESTATE_HEADS) + rng.choice(ESTATE_TAILS) for _ in range(rng.randint(2, 4))))
        streets = [r for r in (add(n, Road.Kind.ROAD) for n in road_names) if r]
        compounds = [r for r in (add(n, Road.Kind.COMPOUND) for n in estates) if r]
        street_quota = max(len(streets), round(quota * 0.2)) if compounds else quota
        for i, road in enumerate(streets):
            road.numbers = street_quota // len(streets) + (1 if i < street_quota % len(streets) else 0)
        remaining = quota - street_quota
        for i, compound in enumerate(compounds):
            share = remaining // len(compounds) + (1 if i < remaining % len(compounds) else 0)
            _plan_compound(compound, share, rng)
    else:
        short = village.name.removesuffix("村")
        hamlets = list(village.roads) or list(dict.fromkeys(
            rng.choice(HAMLET_HEADS) + rng.choice(HAMLET_TAILS) for _ in range(rng.randint(4, 7))))
        names = [short + rng.choice(VILLAGE_ROAD_TAILS)] * bool(short) + hamlets
        streets = [r for r in (add(n, Road.Kind.ROAD) for n in names) if r]
        for i, road in enumerate(streets):
            road.numbers = quota // len(streets) + (1 if i < quota % len(streets) else 0)
    if rng.random() < DUPLICATE_VILLAGE_SHARE:
        source = max((r for r in roads if r.numbers), key=lambda r: r.numbers, default=None)
        if source is not None:
            twin = _Road(code=f"{village.code}{next(serials):04d}", region_code=village.code, name=source.name,
                         kind=source.kind, aliases=[], twin_of=source.code, centre=source.centre)
            twin.twin_count = min(source.numbers, max(1, math.ceil(quota * DUPLICATE_SHARE)))
            roads.append(twin)
    return roads


def _plan_compound(compound: _Road, share: int, rng: random.Random) -> None:
    """Gates (doorplates), then buildings under the gate: each building has its own address
    and units × floors × 2 rooms."""
    gates = 1 if share < 400 else 2
    compound.numbers = gates
    left = share - gates
    building = 0
    while left > 0:
        building += 1
        units, floors = rng.randint(1, 3), rng.choice((6, 6, 7, 11, 18))
        if units * floors * 2 + 1 > left:  # the last building takes what is left
            units, floors = 1, max(1, (left - 1) // 2)
        rooms = units * floors * 2
        gate = 1 + (building - 1) % gates
        compound.buildings.append((gate, building, units, floors))
        left -= rooms + 1
    if compound.buildings and rng.random() < ORPHAN_COMPOUND_SHARE:
        # A building registered under a gate number whose doorplate was never registered.
        compound.orphan = (gates + 50, building + 1, 1, rng.randint(1, 3))


def _generate(village: _Village, roads: Sequence[_Road], ids: dict[str, int], rng: random.Random, now: Any,
              counts: Counts) -> Iterator[tuple[Any, ...]]:
    """Address rows in ``imports.INSERT_COLUMNS`` order."""
    box = COUNTY_BBOX.get(village.code[:6], (119.9, 30.55, 120.45, 31.0))
    full = village.full_name
    vcode = village.code
    by_code = {r.code: r for r in roads}
    rand = rng.random
    uniform = rng.uniform

    def point(road: _Road) -> tuple[float | None, float | None]:
        roll = rand()
        if roll < MISSING_COORDINATES:
            counts.missing_coordinates += 1
            return None, None
        lng, lat = road.centre[0] + uniform(-0.0015, 0.0015), road.centre[1] + uniform(-0.0012, 0.0012)
        if roll < MISSING_COORDINATES + OUTSIDE_COUNTY:
            counts.outside_county += 1
            # A point in the next city: a typing slip in the degrees, as legacy data has.
            lng, lat = (box[2] + uniform(0.2, 0.6), lat) if rand() < 0.5 else (lng, box[1] - uniform(0.2, 0.5))
        return round(lng, 7), round(lat, 7)

    def text(standard: str, number: int) -> str:
        if rand() >= NONSTANDARD_TEXT:
            return standard
        counts.nonstandard_text += 1
        way = rand()
        if way < 0.4:  # full-width digits in the number
            return standard.replace(f"{number}号", f"{number}".translate(FULL_WIDTH) + "号", 1)
        if way < 0.7:  # 号 left out
            return standard.replace(f"{number}号", f"{number}", 1)
        return standard[len(full) - len(village.name):]  # only the village and below

    for road in roads:
        if road.twin_of:
            continue
        serial = road.code[-4:]
        rid = ids[road.code]
        name = road.name
        for n in range(1, road.numbers + 1):
            lng, lat = point(road)
            yield (f"{vcode}{serial}{n:04d}0000000000", vcode, rid, str(n), "", "", "",
                   text(f"{full}{name}{n}号", n), lng, lat, "active", now, now)
            if road.kind == Road.Kind.ROAD and rand() < 0.04:  # 18-1号: a house split off later
                lng, lat = point(road)
                yield (f"{vcode}{serial}{n:04d}1000000000", vcode, rid, f"{n}-1", "", "", "",
                       f"{full}{name}{n}-1号", lng, lat, "active", now, now)
        plans = list(road.buildings)
        if road.orphan:
            plans.append(road.orphan)
            counts.orphan_building += 1 + road.orphan[2] * road.orphan[3] * 2
        for gate, building, units, floors in plans:
            base = f"{vcode}{serial}{gate:04d}0{building:03d}"
            head = f"{full}{name}{gate}号{building}幢"
            lng, lat = point(road)
            yield (f"{base}000000", vcode, rid, str(gate), str(building), "", "", text(head, gate), lng, lat,
                   "active", now, now)
            for unit in range(1, units + 1):
                for floor in range(1, floors + 1):
                    for k in (1, 2):
                        room = floor * 100 + k
                        lng, lat = point(road)
                        yield (f"{base}{unit:02d}{room:04d}", vcode, rid, str(gate), str(building), str(unit),
                               str(room), text(f"{head}{unit}单元{room}室", gate), lng, lat, "active", now, now)
    for twin in roads:
        if not twin.twin_of:
            continue
        source = by_code[twin.twin_of]
        serial = twin.code[-4:]
        rid = ids[twin.code]
        for n in range(1, twin.twin_count + 1):
            counts.duplicate_text += 2
            lng, lat = point(source)
            yield (f"{vcode}{serial}{n:04d}0000000000", vcode, rid, str(n), "", "", "",
                   f"{full}{source.name}{n}号", lng, lat, "active", now, now)


def _serial_counters(townships: set[str]) -> dict[str, int]:
    """The last serial used in each township (serials are unique across a township)."""
    top: dict[str, int] = {}
    q = Q()
    for township in townships:
        q |= Q(region_code__startswith=township[:9])
    if not townships:
        return top
    for code in Road.objects.filter(q).values_list("code", flat=True).iterator(chunk_size=5000):
        key = code[:9]
        top[key] = max(top.get(key, 0), int(code[-4:]))
    return top


def _serials(counters: dict[str, int], township: str) -> Iterator[int]:
    while True:
        counters[township] = counters.get(township, 0) + 1
        yield counters[township]


def _quotas(villages: Sequence[_Village], scale: float) -> dict[str, int]:
    # On top of its quota a village gets split-off houses (18-1号) and, sometimes, a duplicated
    # legacy road record: measured at scale 1.0 that is 3.2% more (2,241,000 for 2,170,000).
    total = round(ADDRESSES_AT_FULL_SCALE * scale / 1.032)
    weights = sum(v.weight for v in villages) or 1.0
    return {v.code: max(2, round(total * v.weight / weights)) for v in villages}


def build_places(
    *,
    villages: Iterable[Any],
    scale: float,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Generate roads, compounds and addresses for ``villages`` (rows with ``code`` and
    optionally ``name``, ``full_name``, ``kind`` 社区/村, ``weight``, ``roads``, ``estates``;
    regions missing a ``full_name`` are read from ``core.Region``). ``progress(done, planned)``
    is called after each chunk with address counts. Returns the counts of what was written and
    of the rows planted for the data-quality report."""
    rows = _villages(villages)
    counts = Counts()
    quotas = _quotas(rows, scale)
    existing = set(Road.objects.filter(region_code__in=[v.code for v in rows]).values_list("region_code", flat=True)
                   .distinct())
    todo = [v for v in rows if v.code not in existing]
    counts.villages, counts.villages_skipped = len(todo), len(rows) - len(todo)
    planned = sum(quotas[v.code] for v in todo)
    counters = _serial_counters({v.code[:9] for v in todo})
    # Adapted once for the backend, not once per row by the driver.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    done = 0
    for chunk in _chunks(todo, quotas):
        plans = []
        for village in chunk:
            rng = random.Random(f"minzheng-places:{seed}:{village.code}")
            roads = _plan_village(village, quotas[village.code], _serials(counters, village.code[:9]), rng)
            plans.append((village, roads))
        with transaction.atomic():
            road_rows = [Road(code=r.code, region_code=r.region_code, name=r.name, kind=r.kind, aliases=r.aliases,
                              pinyin=_pinyin(r.name)) for _, roads in plans for r in roads]
            Road.objects.bulk_create(road_rows, batch_size=2000, ignore_conflicts=True)
            ids = dict(Road.objects.filter(code__in=[r.code for r in road_rows]).values_list("code", "id"))
            road_names_rebuild(road_ids=list(ids.values()))
            batch: list[tuple[Any, ...]] = []
            for village, roads in plans:
                rng = random.Random(f"minzheng-places-addresses:{seed}:{village.code}")
                batch.extend(_generate(village, roads, ids, rng, now, counts))
            written = imports.insert_addresses(batch)
        counts.roads += sum(1 for r in road_rows if r.kind == Road.Kind.ROAD)
        counts.compounds += sum(1 for r in road_rows if r.kind == Road.Kind.COMPOUND)
        counts.aliases += sum(len(r.aliases) for r in road_rows)
        counts.addresses += written
        done += sum(quotas[v.code] for v, _ in plans)
        if progress is not None:
            progress(min(done, planned), planned)
    if counts.addresses:
        analyze()
    return counts.as_dict()


def analyze(*models: Any) -> None:
    """Refresh the planner's statistics after a bulk load (of addresses and roads, or of
    ``models``): until autovacuum gets round to it, PostgreSQL believes the new rows are not
    there and plans the quality check accordingly."""
    tables = [model._meta.db_table for model in (models or (Address, Road))]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        elif connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(f"ANALYZE {table}")


_PINYIN: dict[str, str] = {}


def _pinyin(name: str) -> str:
    # Road names repeat across villages (红旗路 is in many); pinyin is the slow part of a road.
    if name not in _PINYIN:
        _PINYIN[name] = road_pinyin(name)
    return _PINYIN[name]


def _chunks(villages: Sequence[_Village], quotas: dict[str, int]) -> Iterator[list[_Village]]:
    chunk: list[_Village] = []
    size = 0
    for village in villages:
        chunk.append(village)
        size += quotas[village.code]
        if size >= CHUNK_ADDRESSES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


# For the people demo -------------------------------------------------------------------------


def village_addresses(village_code: str) -> list[tuple[int, str, str]]:
    """The addresses people live at in a village, as (id, code, full_text): houses on streets
    and rooms in compounds, not compound gates or whole buildings."""
    qs = Address.objects.filter(region_code=village_code, status=Address.Status.ACTIVE).filter(
        Q(building="", road__kind=Road.Kind.ROAD) | ~Q(room=""))
    return list(qs.order_by("code").values_list("id", "code", "full_text"))


def dwellings(prefix: str) -> list[tuple[int, str, str, bool]]:
    """The dwellings under a region prefix (a township's 9 digits), as (id, region_code,
    full_text, clean) in code order: what ``village_addresses`` lists, for a whole township in
    one statement. ``clean`` is False for a dwelling the data-quality report would flag
    (coordinates missing or outside the county, a non-standard text, a text that another
    dwelling here shares), so the people demo houses households where the data is right."""
    box = bbox_of(prefix) or (-180.0, -90.0, 180.0, 90.0)
    low, high = prefix, str(int(prefix) + 1).zfill(len(prefix))
    sql = (
        f"SELECT a.id, a.region_code, a.full_text, CASE WHEN a.lng IS NOT NULL AND a.lat IS NOT NULL "
        f"AND a.lng >= %s AND a.lng <= %s AND a.lat >= %s AND a.lat <= %s "
        f"AND a.full_text = ({_standard_text_sql()}) THEN 1 ELSE 0 END "
        f"FROM {Address._meta.db_table} a JOIN {Road._meta.db_table} rd ON rd.id = a.road_id "
        f"JOIN {Region._meta.db_table} r ON r.code = a.region_code "
        f"WHERE a.region_code >= %s AND a.region_code < %s AND a.status = %s "
        f"AND (a.room <> '' OR (a.building = '' AND rd.kind = %s)) ORDER BY a.code"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(Decimal(str(v)) for v in (box[0], box[2], box[1], box[3])), low, high,
                             Address.Status.ACTIVE, Road.Kind.ROAD])
        rows = cursor.fetchall()
    shared = Counter(text for _, _, text, _ in rows)
    return [(pk, region, text, bool(ok) and shared[text] == 1) for pk, region, text, ok in rows]


def messy_text(full_text: str, rng: random.Random, *, region_full_name: str = "") -> str:
    """The standard text as residents write it, about half the time: upper levels left out,
    the 18-3-2-501 shorthand, full-width digits, spaces. Deterministic for a given ``rng``."""
    roll = rng.random()
    if roll < 0.5:
        return full_text
    text = full_text
    if region_full_name and text.startswith(region_full_name) and rng.random() < 0.7:
        text = text[len(region_full_name) - _village_name_length(region_full_name):] if rng.random() < 0.5 else \
            text[len(region_full_name):]
    if roll < 0.65 and "幢" in text:
        head, _, rest = text.partition("号")
        parts = [p for p in rest.replace("幢", " ").replace("单元", " ").replace("室", " ").split() if p]
        text = head + "-" + "-".join(parts) if parts else text
    elif roll < 0.8:
        text = text.translate(FULL_WIDTH)
    elif roll < 0.9:
        text = text.replace("号", "号 ", 1)
    return text


def _village_name_length(full_name: str) -> int:
    for marker in ("社区", "村"):
        if full_name.endswith(marker):
            head = full_name[: -len(marker)]
            for sep in ("街道", "镇", "乡"):
                if sep in head:
                    return len(full_name) - (head.rindex(sep) + len(sep))
    return 0


def insert_count(table: str = "") -> int:
    """Rows in the address table (the benchmark reads it)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table or Address._meta.db_table}")
        return int(cursor.fetchone()[0])
