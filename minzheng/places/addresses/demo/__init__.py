"""The demo's roads, compounds and standard addresses: ``build_places``.

For every village or community it makes streets (街路巷) and, in communities, housing compounds
(小区), with plausible Chinese names, aliases for some (a former name, or the short form people
say: 红旗路 → 红旗), doorplate numbers, and in compounds buildings, units and rooms. Coordinates
are WGS-84 points around a village centre inside its county's bounding box. The names obey the
naming rules (unique by kind in a township, roads unique across a county's 街道) and, with the
road serials and each village's share of the addresses, come from ``demo.plan``, which plans a
whole naming scope at once: a village's rows are the same whichever villages a build is given.

A few per cent of the rows are deliberately bad, so that the data-quality report has something
to find: missing coordinates, points outside the county, the same text under a second road
record of the same name (what a legacy merge leaves: the one planted exception to the naming
rules), non-standard text (full-width digits, 号 missing, city and county missing) and
buildings whose doorplate is missing. The build counts them by issue kind and can hand back
their codes: the quality report finds exactly these rows and no others.

Scale 1.0 gives about 2.17M addresses, as in Huzhou, spread over the townships as the people
are and inside a township by village ``weight``. Everything is deterministic for a given seed,
and the build is idempotent: a village that already has roads is skipped. Rows are generated in
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

from minzheng.core.db import tables_analyze
from minzheng.core.models import Region
from minzheng.core.regions import Level, village_kind
from minzheng.places.addresses import imports, signals
from minzheng.places.addresses.demo.plan import PlannedRoad, Township, VillagePlan, Wanted, plan_villages
from minzheng.places.addresses.models import Address, QualityIssue, Road
from minzheng.places.addresses.quality import standard_text_sql
from minzheng.places.addresses.services import road_pinyin
from minzheng.places.data.county_bbox import COUNTY_BBOX, bbox_of

CHUNK_ADDRESSES = 50_000  # addresses per write transaction

# Shares of deliberately bad rows (of all addresses), for the data-quality report.
MISSING_COORDINATES = 0.010
OUTSIDE_COUNTY = 0.005
NONSTANDARD_TEXT = 0.004
DUPLICATE_SHARE = 0.012  # of the addresses of a village that carries a duplicated road record
ORPHAN_COMPOUND_SHARE = 0.08  # compounds with a building whose doorplate is missing
RENUMBER_FROM = 5000  # serials for roads whose planned code was taken (see ``_renumber_taken``)
PLANTED_KINDS = (QualityIssue.Kind.MISSING_COORDINATES, QualityIssue.Kind.OUTSIDE_COUNTY,
                 QualityIssue.Kind.DUPLICATE_TEXT, QualityIssue.Kind.NONSTANDARD_TEXT,
                 QualityIssue.Kind.ORPHAN_BUILDING)
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
    county_length: int = 0  # of the county's full name (湖州市吴兴区), which some texts leave out


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
    duplicate_roads: int = 0  # legacy road records that repeat a road's name: the planted exception

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _get(row: Any, key: str, default: Any = None) -> Any:
    if isinstance(row, dict):
        return row.get(key, default)
    return getattr(row, key, default)


def _villages(rows: Iterable[Any]) -> list[_Village]:
    rows = list(rows)
    codes = [str(_get(r, "code")) for r in rows]
    counties = {code[:6] + "000000" for code in codes}
    stored = dict(Region.objects.filter(code__in=[*codes, *counties]).values_list("code", "full_name")) if codes \
        else {}
    out = []
    for row, code in zip(rows, codes, strict=True):
        name = _get(row, "name", "") or ""
        full_name = _get(row, "full_name", "") or stored.get(code) or name
        out.append(_Village(
            code=code, name=name, full_name=full_name, kind=_get(row, "kind", "") or village_kind(code),
            weight=float(_get(row, "weight", 1.0) or 1.0), roads=tuple(_get(row, "roads", ()) or ()),
            estates=tuple(_get(row, "estates", ()) or ()),
            county_length=len(stored.get(code[:6] + "000000", "")),
        ))
    return sorted(out, key=lambda v: v.code)


def _townships() -> list[Township]:
    return [Township(code, kind) for code, kind in Region.objects.filter(
        level=Level.TOWNSHIP, code__startswith="3305").order_by("code").values_list("code", "kind")]


def _centre(rng: random.Random, county: str) -> tuple[float, float]:
    box = COUNTY_BBOX.get(county, (119.9, 30.55, 120.45, 31.0))
    # Keep villages away from the edge, so their spread stays inside the box.
    lng_margin, lat_margin = (box[2] - box[0]) * 0.15, (box[3] - box[1]) * 0.15
    return (rng.uniform(box[0] + lng_margin, box[2] - lng_margin), rng.uniform(box[1] + lat_margin, box[3] - lat_margin))


def _plan_village(village: _Village, plan: VillagePlan, rng: random.Random) -> list[_Road]:
    """The roads of a village (names and serials from its ``plan``) and how many addresses
    each carries, summing to about the plan's quota."""
    quota = plan.quota
    centre = _centre(rng, village.code[:6])

    def road(index: int, planned: PlannedRoad) -> _Road:
        return _Road(code=plan.road_code(index), region_code=village.code, name=planned.name, kind=planned.kind,
                     aliases=list(planned.aliases),
                     centre=(centre[0] + rng.uniform(-0.008, 0.008), centre[1] + rng.uniform(-0.006, 0.006)))

    roads = [road(i, planned) for i, planned in enumerate(plan.roads)]
    streets, compounds = roads[: len(plan.streets)], roads[len(plan.streets):]
    street_quota = max(len(streets), round(quota * 0.2)) if compounds and streets else quota
    for i, street in enumerate(streets):
        street.numbers = street_quota // len(streets) + (1 if i < street_quota % len(streets) else 0)
    remaining = quota - street_quota if streets else quota
    for i, compound in enumerate(compounds):
        share = remaining // len(compounds) + (1 if i < remaining % len(compounds) else 0)
        _plan_compound(compound, share, rng)
    source = max((r for r in roads if r.numbers), key=lambda r: r.numbers, default=None)
    if plan.twin and source is not None:
        twin = _Road(code=plan.twin_code, region_code=village.code, name=source.name, kind=source.kind, aliases=[],
                     twin_of=source.code, centre=source.centre)
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
              planted: dict[str, list[str]]) -> Iterator[tuple[Any, ...]]:
    """Address rows in ``imports.INSERT_COLUMNS`` order. The code of every row planted for the
    data-quality report is added to ``planted`` under the issue kind the report gives it."""
    box = COUNTY_BBOX.get(village.code[:6], (119.9, 30.55, 120.45, 31.0))
    full = village.full_name
    vcode = village.code
    by_code = {r.code: r for r in roads}
    # The source rows a duplicated record repeats must keep the standard text: a planted
    # non-standard text there would leave the duplicate a duplicate of nothing.
    twinned = {r.twin_of: r.twin_count for r in roads if r.twin_of}
    rand = rng.random
    uniform = rng.uniform
    missing, outside = planted[QualityIssue.Kind.MISSING_COORDINATES], planted[QualityIssue.Kind.OUTSIDE_COUNTY]
    nonstandard, orphans = planted[QualityIssue.Kind.NONSTANDARD_TEXT], planted[QualityIssue.Kind.ORPHAN_BUILDING]
    duplicates = planted[QualityIssue.Kind.DUPLICATE_TEXT]

    def point(road: _Road, code: str) -> tuple[float | None, float | None]:
        roll = rand()
        if roll < MISSING_COORDINATES:
            missing.append(code)
            return None, None
        lng, lat = road.centre[0] + uniform(-0.0015, 0.0015), road.centre[1] + uniform(-0.0012, 0.0012)
        if roll < MISSING_COORDINATES + OUTSIDE_COUNTY:
            outside.append(code)
            # A point in the next city: a typing slip in the degrees, as legacy data has.
            lng, lat = (box[2] + uniform(0.2, 0.6), lat) if rand() < 0.5 else (lng, box[1] - uniform(0.2, 0.5))
        return round(lng, 7), round(lat, 7)

    def text(standard: str, number: int, code: str) -> str:
        if rand() >= NONSTANDARD_TEXT:
            return standard
        nonstandard.append(code)
        way = rand()
        if way < 0.4:  # full-width digits in the number
            return standard.replace(f"{number}号", f"{number}".translate(FULL_WIDTH) + "号", 1)
        if way < 0.7 or not village.county_length:  # 号 left out
            return standard.replace(f"{number}号", f"{number}", 1)
        # City and county left out: from the township on, the text is still the county's only one.
        return standard[village.county_length:]

    for road in roads:
        if road.twin_of:
            continue
        serial = road.code[-4:]
        rid = ids[road.code]
        name = road.name
        keep = twinned.get(road.code, 0)
        for n in range(1, road.numbers + 1):
            code = f"{vcode}{serial}{n:04d}0000000000"
            lng, lat = point(road, code)
            standard = f"{full}{name}{n}号"
            yield (code, vcode, rid, str(n), "", "", "", standard if n <= keep else text(standard, n, code), lng, lat,
                   "active", now, now)
            if road.kind == Road.Kind.ROAD and rand() < 0.04:  # 18-1号: a house split off later
                code = f"{vcode}{serial}{n:04d}1000000000"
                lng, lat = point(road, code)
                yield (code, vcode, rid, f"{n}-1", "", "", "", f"{full}{name}{n}-1号", lng, lat, "active", now, now)
        plans = [(plan, False) for plan in road.buildings]
        if road.orphan:
            plans.append((road.orphan, True))
        for (gate, building, units, floors), orphan in plans:
            base = f"{vcode}{serial}{gate:04d}0{building:03d}"
            head = f"{full}{name}{gate}号{building}幢"
            code = f"{base}000000"
            if orphan:
                orphans.append(code)
            lng, lat = point(road, code)
            yield (code, vcode, rid, str(gate), str(building), "", "", text(head, gate, code), lng, lat, "active", now,
                   now)
            for unit in range(1, units + 1):
                for floor in range(1, floors + 1):
                    for k in (1, 2):
                        room = floor * 100 + k
                        code = f"{base}{unit:02d}{room:04d}"
                        if orphan:
                            orphans.append(code)
                        lng, lat = point(road, code)
                        yield (code, vcode, rid, str(gate), str(building), str(unit), str(room),
                               text(f"{head}{unit}单元{room}室", gate, code), lng, lat, "active", now, now)
    for twin in roads:
        if not twin.twin_of:
            continue
        source = by_code[twin.twin_of]
        serial = twin.code[-4:]
        rid = ids[twin.code]
        for n in range(1, twin.twin_count + 1):
            code = f"{vcode}{serial}{n:04d}0000000000"
            duplicates += [code, f"{vcode}{source.code[-4:]}{n:04d}0000000000"]
            lng, lat = point(source, code)
            yield (code, vcode, rid, str(n), "", "", "", f"{full}{source.name}{n}号", lng, lat, "active", now, now)


def _rename_taken(plans: list[tuple[_Village, list[_Road]]], everyone: dict[str, VillagePlan]) -> None:
    """A street whose planned name a road from elsewhere already has (one the place-names demo
    named before this village was built, on a database a smaller demo filled, or an officer's)
    takes the first free variant of its name (义浜路 → 义浜街), and an alias taken that way is
    dropped, so that the naming rules still hold. The plan's names are unique in their scope,
    so only such a road can clash, and in a fresh build nothing changes here. ``everyone`` is
    the plan of every village in scope, whose names a variant must not take either."""
    q = Q()
    for village, _ in plans:  # the township, and for a 街道 all the county's 街道 (codes 0xx)
        q |= Q(region_code__startswith=village.code[:7] if village.code[6] == "0" else village.code[:9])
    foreign: dict[str, set[str]] = {}
    for region, name, aliases in Road.objects.filter(q, kind=Road.Kind.ROAD).values_list("region_code", "name",
                                                                                        "aliases"):
        foreign.setdefault(region[:9], set()).update({name, *(aliases or ())})
        if region[6] == "0":
            foreign.setdefault(region[:6], set()).add(name)
    if not foreign:
        return
    for village, roads in plans:
        urban = village.code[6] == "0"
        keys = [village.code[:9], village.code[:6]] if urban else [village.code[:9]]
        taken = set().union(*(foreign.get(k, set()) for k in keys))
        if not taken:
            continue
        planned = {w for plan in everyone.values() if plan.code[:9] == village.code[:9]
                   or (urban and plan.code[:6] == village.code[:6] and plan.code[6] == "0")
                   for r in plan.roads for w in (r.name, *r.aliases)}
        for road in roads:
            if road.kind != Road.Kind.ROAD or road.twin_of:
                continue
            road.aliases = [a for a in road.aliases if a not in taken]
            if road.name not in taken:
                continue
            head = next((road.name[: -len(g)] for g in ("大道", "路", "街", "巷") if road.name.endswith(g)), road.name)
            new = next((n for n in (head + g for g in ("路", "街", "大道", "巷", "东路", "西路", "南路", "北路", "中路"))
                        if n not in taken and n not in planned), "")
            if not new:
                continue
            for twin in roads:
                if twin.twin_of == road.code:
                    twin.name = new
            road.name = new
            for k in keys:
                foreign.setdefault(k, set()).add(new)
            taken.add(new)


def _renumber_taken(plans: list[tuple[_Village, list[_Road]]]) -> None:
    """Roads whose planned code another road already has (one an officer or an import added
    to the township before the demo reached this village) take the township's next free
    serials instead; the demo's own codes never collide with each other."""
    taken = set(Road.objects.filter(code__in=[r.code for _, roads in plans for r in roads])
                .values_list("code", flat=True))
    if not taken:
        return
    tops: dict[str, int] = {}
    for village, roads in plans:
        if not any(r.code in taken for r in roads):
            continue
        township = village.code[:9]
        if township not in tops:
            serials = Road.objects.filter(region_code__startswith=township).values_list("code", flat=True)
            # Above every serial the demo plans for a township (a few hundred at most).
            tops[township] = max([RENUMBER_FROM, *(int(c[-4:]) for c in serials)])
        renamed = {}
        for road in roads:
            tops[township] += 1
            renamed[road.code] = f"{village.code}{tops[township]:04d}"
        for road in roads:
            road.code = renamed[road.code]
            road.twin_of = renamed.get(road.twin_of, "")


def build_places(
    *,
    villages: Iterable[Any],
    scale: float,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
    planted: dict[str, set[str]] | None = None,
) -> dict[str, int]:
    """Generate roads, compounds and addresses for ``villages`` (rows with ``code`` and
    optionally ``name``, ``full_name``, ``kind`` 社区/村, ``weight``, ``roads``, ``estates``;
    regions missing a ``full_name`` are read from ``core.Region``). Each village's rows are
    those the whole demo city has for it (``demo.plan``), whichever villages come along.
    ``progress(done, planned)`` is called after each chunk with address counts. Returns the
    counts of what was written and of the rows planted for the data-quality report, by issue
    kind; ``planted``, if given, receives the codes of those rows by kind."""
    rows = _villages(villages)
    counts = Counts()
    plan = plan_villages(villages=[Wanted(v.code, v.name, v.kind, v.weight, v.roads, v.estates) for v in rows],
                         scale=scale, seed=seed, townships=_townships(), whole_scopes=True)
    quotas = {code: p.quota for code, p in plan.items()}
    existing = set(Road.objects.filter(region_code__in=[v.code for v in rows]).values_list("region_code", flat=True)
                   .distinct())
    todo = [v for v in rows if v.code not in existing]
    counts.villages, counts.villages_skipped = len(todo), len(rows) - len(todo)
    planned = sum(quotas[v.code] for v in todo)
    found: dict[str, list[str]] = {kind: [] for kind in PLANTED_KINDS}
    # Adapted once for the backend, not once per row by the driver.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    done = 0
    for chunk in _chunks(todo, quotas):
        plans = []
        for village in chunk:
            rng = random.Random(f"minzheng-places:{seed}:{village.code}")
            plans.append((village, _plan_village(village, plan[village.code], rng)))
        _renumber_taken(plans)
        _rename_taken(plans, plan)
        with transaction.atomic():
            road_rows = [Road(code=r.code, region_code=r.region_code, name=r.name, kind=r.kind, aliases=r.aliases,
                              pinyin=_pinyin(r.name)) for _, roads in plans for r in roads]
            Road.objects.bulk_create(road_rows, batch_size=2000, ignore_conflicts=True)
            ids = dict(Road.objects.filter(code__in=[r.code for r in road_rows]).values_list("code", "id"))
            signals.roads_changed.send(sender=Road, road_ids=list(ids.values()))
            batch: list[tuple[Any, ...]] = []
            for village, roads in plans:
                rng = random.Random(f"minzheng-places-addresses:{seed}:{village.code}")
                batch.extend(_generate(village, roads, ids, rng, now, found))
            written = imports.insert_addresses(batch)
        counts.roads += sum(1 for r in road_rows if r.kind == Road.Kind.ROAD)
        counts.compounds += sum(1 for r in road_rows if r.kind == Road.Kind.COMPOUND)
        counts.aliases += sum(len(r.aliases) for r in road_rows)
        counts.duplicate_roads += sum(1 for _, roads in plans for r in roads if r.twin_of)
        counts.addresses += written
        done += sum(quotas[v.code] for v, _ in plans)
        if progress is not None:
            progress(min(done, planned), planned)
    for kind, codes in found.items():
        setattr(counts, kind, len(codes))
        if planted is not None:
            planted.setdefault(kind, set()).update(codes)
    if counts.addresses:
        analyze()
    return counts.as_dict()


def analyze(*models: Any) -> None:
    """The statistics of the address tables (or of ``models``) after a bulk load."""
    tables_analyze(*(models or (Address, Road)))


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
        f"AND a.full_text = ({standard_text_sql()}) THEN 1 ELSE 0 END "
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
