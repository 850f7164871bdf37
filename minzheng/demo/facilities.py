"""The demo city's service sites: every kind of ``facilities.Facility``, to Huzhou's proportions,
at standard addresses of their region, with the operators that run the care homes, community
care centres and meal sites.

How many, at scale 1.0 (``PLANS``), then ``round(n × scale)`` and at least one of each kind, so
the default demo (scale 0.01) has every kind:

- **From the bureau's 2024 summary** (../shared/reference/figures.csv, read back from the records
  by counting them): 83 care homes with beds coded (一床一码, ``eldercare.care_homes_bed_code``:
  the eldercare part gives beds to that many homes, ``demo.eldercare``); 77 community care centres
  new or rebuilt in 2024 totalling 76,000 m² (``opened_on`` or ``rebuilt_on`` in 2024, their
  ``floor_area`` adds up to the figure exactly); 1,094 meal sites; 14 sojourn destinations (care
  homes tagged ``sojourn``); 28 mental-rehab organisations (``disability.rehab_orgs``); 35
  marriage counselling stations; 11 columbaria; 8 mourning points; welfare lottery stations up by
  a net 11 in 2024.
- **Chosen, the summary gives no total** (plausible for a city of 3.4 million in 5 counties):
  120 care homes (Zhejiang's civil-affairs statistics list 100–150 eldercare institutions for a
  city of Huzhou's size; the 37 beyond the 83 have not registered their beds yet); 330
  community care centres (one per township, 72, and one for about every fifth village: the 77
  of 2024 are new or rebuilt among them); 6 child welfare homes (the city's and one per county);
  6 marriage offices (one per county, and the city's hall in Wuxing); 5 funeral homes (one per
  county); 36 cemeteries (public cemeteries of the counties and villages); 620 welfare lottery
  stations open (China Welfare Lottery's Zhejiang centre reports about 5,800 stations for 65
  million residents, one per ~10,000; Huzhou's share is ~340, its sales per head are above the
  province's, hence more). The registry has no closing date, so the lottery's net gain is
  written as 11 stations opened in 2024 and none closed in it; a few closed in earlier years
  stay listed as closed.

Where: each site is at a standard address (not a room: a house on a road, a building or a
compound's gate) of a village drawn in proportion to its addresses (where people are), within
the right county for the kinds a county has one of; the site's region is that village and its
coordinates are the address's.

Idempotent: a second call finds the marker audit entry and writes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count
from stdnum.cn import uscc

from minzheng.core.db import tables_analyze
from minzheng.core.models import Region
from minzheng.core.regions import Level
from minzheng.demo.marker import part_built, part_mark
from minzheng.facilities.models import Facility, Operator
from minzheng.facilities.sites.models import Kind, Status, Tag
from minzheng.places.addresses.models import Address

YEAR = 2024
CITY_CODE = "330500000000"
BUILT_ACTION = "demo.facilities.built"
COUNTIES = ("330502", "330503", "330521", "330522", "330523")  # 吴兴 南浔 德清 长兴 安吉


@dataclasses.dataclass(frozen=True)
class Plan:
    """One kind at scale 1.0: how many, how many new or rebuilt in ``YEAR``, whether one per county
    (else anywhere, where people live), and its capacity and floor area ranges."""

    kind: str
    total: int
    new: int = 0
    rebuilds: bool = False  # half the year's new ones are older sites rebuilt (else all opened)
    per_county: bool = False
    capacity: tuple[int, int] | None = None
    area: tuple[int, int] = (80, 400)
    opened: tuple[int, int] = (2005, 2023)  # years the older sites opened in


PLANS: tuple[Plan, ...] = (
    Plan(Kind.CARE_HOME, 120, capacity=(60, 260), area=(2_000, 12_000), opened=(1998, 2022)),
    Plan(
        Kind.COMMUNITY_CARE_CENTRE,
        330,
        new=77,
        rebuilds=True,
        capacity=(20, 60),
        area=(300, 1_800),
        opened=(2012, 2023),
    ),
    Plan(Kind.MEAL_SITE, 1_094, capacity=(20, 80), area=(60, 300), opened=(2018, 2024)),
    Plan(Kind.MENTAL_REHAB_CENTRE, 28, capacity=(10, 40), area=(150, 800), opened=(2016, 2023)),
    Plan(
        Kind.CHILD_WELFARE_HOME,
        6,
        per_county=True,
        capacity=(30, 150),
        area=(1_500, 6_000),
        opened=(1985, 2015),
    ),
    Plan(Kind.MARRIAGE_OFFICE, 6, per_county=True, area=(300, 1_200), opened=(2003, 2020)),
    Plan(Kind.MARRIAGE_COUNSELLING_STATION, 35, area=(40, 150), opened=(2019, 2024)),
    Plan(Kind.FUNERAL_HOME, 5, per_county=True, area=(3_000, 15_000), opened=(1980, 2010)),
    Plan(Kind.MOURNING_POINT, 8, area=(300, 1_500), opened=(2020, 2024)),
    Plan(Kind.COLUMBARIUM, 11, capacity=(2_000, 12_000), area=(200, 1_500), opened=(2015, 2024)),
    Plan(Kind.CEMETERY, 36, capacity=(3_000, 30_000), area=(5_000, 60_000), opened=(1990, 2018)),
    Plan(Kind.LOTTERY_STATION, 620, new=11, area=(15, 60), opened=(2005, 2023)),
)
NEW_AREA = {Kind.COMMUNITY_CARE_CENTRE: 76_000}  # m² the new or rebuilt ones of 2024 add up to
SOJOURN = 14  # care homes that are sojourn destinations
LOTTERY_CLOSED = 0.03  # stations closed before YEAR, still listed

NAMES: dict[str, tuple[str, ...]] = {
    Kind.CARE_HOME: ("颐养院", "康养中心", "养老院", "敬老院", "福利院", "颐乐园"),
    Kind.COMMUNITY_CARE_CENTRE: ("居家养老服务中心", "居家养老服务照料中心"),
    Kind.MEAL_SITE: ("老年食堂", "助餐点", "幸福食堂"),
    Kind.MENTAL_REHAB_CENTRE: ("康复驿站", "精神康复服务站"),
    Kind.MARRIAGE_COUNSELLING_STATION: ("婚姻家庭辅导驿站",),
    Kind.MOURNING_POINT: ("集中治丧点",),
    Kind.COLUMBARIUM: ("骨灰堂",),
    Kind.CEMETERY: ("公益性公墓", "公墓"),
}
HOURS = {
    Kind.MEAL_SITE: "10:30-12:30，16:30-18:00",
    Kind.COMMUNITY_CARE_CENTRE: "周一至周五 8:00-17:00",
    Kind.MARRIAGE_OFFICE: "周一至周五 8:30-12:00，13:30-17:00",
    Kind.MARRIAGE_COUNSELLING_STATION: "周一至周五 9:00-17:00",
    Kind.LOTTERY_STATION: "9:00-21:30",
    Kind.CARE_HOME: "全天",
    Kind.FUNERAL_HOME: "全天",
}
OPERATOR_SUFFIXES = (
    "康养服务有限公司",
    "养老服务中心",
    "健康管理有限公司",
    "社会工作服务中心",
    "颐养服务有限公司",
)
OPERATOR_STEMS = (
    "爱晚",
    "康乐",
    "颐和",
    "福寿",
    "安康",
    "乐龄",
    "慈孝",
    "常青",
    "夕阳红",
    "暖心",
    "孝亲",
    "和美",
)
# Care homes per operator, and meal sites and community centres per operator (chains run several).
HOMES_PER_OPERATOR = 2
SITES_PER_OPERATOR = 25


def scaled(value: int, scale: float) -> int:
    """``round(value × scale)``, at least 1: every kind and figure exists in the smallest demo."""
    return max(1, round(value * scale))


@dataclasses.dataclass(frozen=True)
class Spot:
    village: str
    kind: str  # 村 or 社区
    name: str  # the village or community's own name
    township: str  # the township's name without 街道/镇/乡
    county: str  # the county's name


class Addresses:
    """The standard addresses a site may stand at, village by village, drawn without repeats."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[int] = set()
        rows = (
            Address.objects.filter(
                status=Address.Status.ACTIVE,
                room="",
                lng__isnull=False,
                region_code__startswith=CITY_CODE[:4],
            )
            .values("region_code")
            .annotate(n=Count("id"))
            .order_by("region_code")
        )
        self.counts = {row["region_code"]: row["n"] for row in rows}
        regions = {r.code: r for r in Region.objects.filter(code__startswith=CITY_CODE[:4])}
        self.spots: dict[str, Spot] = {}
        for code in self.counts:
            village = regions.get(code)
            town = regions.get(code[:9] + "000")
            county = regions.get(code[:6] + "000000")
            if village is None or town is None or county is None or village.level != Level.VILLAGE:
                continue
            self.spots[code] = Spot(
                code,
                village.kind,
                village.name,
                town.name.removesuffix("街道").removesuffix("镇").removesuffix("乡"),
                county.name,
            )
        self.codes = sorted(self.spots)

    def village(self, county: str | None = None) -> Spot:
        codes = [c for c in self.codes if county is None or c.startswith(county)] or self.codes
        return self.spots[self.rng.choices(codes, weights=[self.counts[c] for c in codes])[0]]

    def pick(self, spot: Spot) -> dict[str, Any] | None:
        """An address of the village not taken by another site (None when all are)."""
        count = self.counts[spot.village]
        for _ in range(5):
            offset = self.rng.randrange(count)
            row = (
                Address.objects.filter(
                    region_code=spot.village, status=Address.Status.ACTIVE, room="", lng__isnull=False
                )
                .order_by("id")
                .values("id", "full_text", "lng", "lat")[offset : offset + 1]
                .first()
            )
            if row is not None and row["id"] not in self.used:
                self.used.add(row["id"])
                return row
        return None


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _split_area(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` m² in ``parts`` whole, positive shares that add up to it exactly."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    shares = [max(1, int(total * w / sum(weights))) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


def _uscc(county: str, serial: int) -> str:
    body = f"91{county}MA{serial:07d}"  # 91: a company; MA: a code of the new system
    return body + uscc.calc_check_digit(body)


class Seeder:
    def __init__(self, *, seed: int, scale: float) -> None:
        self.rng = random.Random(f"facilities-{seed}-{scale}")
        self.scale = scale
        self.addresses = Addresses(self.rng)
        self.names: dict[str, int] = {}
        self.operators: list[Operator] = []

    def _name(self, plan: Plan, spot: Spot, *, city: bool) -> str:
        """The site's name; ``city``: the first of a kind the city runs itself."""
        kind = plan.kind
        if kind == Kind.CHILD_WELFARE_HOME:
            base = "湖州市儿童福利院" if city else f"{spot.county}儿童福利院"
        elif kind == Kind.MARRIAGE_OFFICE:
            base = "湖州市婚姻登记中心" if city else f"{spot.county}婚姻登记处"
        elif kind == Kind.FUNERAL_HOME:
            base = f"{spot.county}殡仪馆"
        elif kind == Kind.LOTTERY_STATION:
            base = f"中国福利彩票{spot.village[:6]}{len(self.names) % 10_000:04d}号投注站"
        elif kind in (
            Kind.CARE_HOME,
            Kind.MENTAL_REHAB_CENTRE,
            Kind.MARRIAGE_COUNSELLING_STATION,
            Kind.MOURNING_POINT,
        ):
            base = f"{spot.county}{spot.township}{self.rng.choice(NAMES[kind])}"
        else:
            base = f"{spot.name}{self.rng.choice(NAMES[kind])}"
        seen = self.names.get(base, 0)
        self.names[base] = seen + 1
        return base if not seen else f"{base}（{seen + 1}）"

    def _operator(self, county: str) -> Operator:
        serial = len(self.operators) + 1
        stem = self.rng.choice(OPERATOR_STEMS)
        operator = Operator(
            name=f"湖州市{stem}{self.rng.choice(OPERATOR_SUFFIXES)}{serial}",
            uscc=_uscc(county, serial),
            region_code=county.ljust(12, "0"),
        )
        self.operators.append(operator)
        return operator

    def facilities(self) -> list[Facility]:
        rows: list[Facility] = []
        for plan in PLANS:
            total = scaled(plan.total, self.scale)
            new = min(total, scaled(plan.new, self.scale)) if plan.new else 0
            areas = (
                _split_area(scaled(NEW_AREA[plan.kind], self.scale), new, self.rng)
                if plan.kind in NEW_AREA
                else []
            )
            for i in range(total):
                county = COUNTIES[i % len(COUNTIES)] if plan.per_county else None
                spot = self.addresses.village(county)
                address = self.addresses.pick(spot)
                if address is None:
                    continue
                rows.append(
                    self._facility(
                        plan, i, spot, address, new=i < new, area=areas[i] if i < len(areas) else None
                    )
                )
        return rows

    def _facility(
        self, plan: Plan, index: int, spot: Spot, address: dict[str, Any], *, new: bool, area: int | None
    ) -> Facility:
        rng = self.rng
        opened = _day(rng, dt.date(plan.opened[0], 1, 1), dt.date(plan.opened[1], 12, 31))
        rebuilt = None
        if new:
            # A kind that counts rebuilt sites (community centres) has half new, half rebuilt.
            if index % 2 == 0 or not plan.rebuilds:
                opened = _day(rng, dt.date(YEAR, 1, 5), dt.date(YEAR, 12, 20))
            else:
                opened = _day(rng, dt.date(plan.opened[0], 1, 1), dt.date(YEAR - 2, 12, 31))
                rebuilt = _day(rng, dt.date(YEAR, 1, 5), dt.date(YEAR, 12, 20))
        elif opened.year >= YEAR and plan.new:
            opened = opened.replace(year=YEAR - 1)  # only the planned ones are new in the year
        tags: list[str] = []
        if spot.kind == "村":
            tags.append(Tag.RURAL.value)
        if plan.kind == Kind.CARE_HOME and index < scaled(SOJOURN, self.scale):
            tags.append(Tag.SOJOURN.value)
        if plan.kind == Kind.COMMUNITY_CARE_CENTRE:
            tags.append(Tag.DAY_CARE.value)
            if rng.random() < 0.3:
                tags.append(Tag.RESPITE.value)
        if plan.kind == Kind.MEAL_SITE and rng.random() < 0.4:
            tags.append(Tag.MEAL_DELIVERY.value)
        status = Status.OPEN
        if plan.kind == Kind.LOTTERY_STATION and not new and rng.random() < LOTTERY_CLOSED:
            status = Status.CLOSED
        capacity = rng.randint(*plan.capacity) if plan.capacity else None
        floor_area = Decimal(area if area is not None else rng.randint(*plan.area)).quantize(Decimal("0.01"))
        return Facility(
            name=self._name(plan, spot, city=index == 0),
            kind=plan.kind,
            region_code=spot.village,
            address_id=address["id"],
            address_text=address["full_text"],
            lng=address["lng"],
            lat=address["lat"],
            capacity=capacity,
            floor_area=floor_area,
            opened_on=opened,
            rebuilt_on=rebuilt,
            status=status,
            opening_hours=HOURS.get(plan.kind, "周一至周日 8:00-17:00"),
            service_phone=f"0572{rng.randint(2_000_000, 8_999_999)}",
            public=True,
            tags=tags,
        )

    def assign_operators(self, rows: list[Facility]) -> None:
        """Care homes two to an operator; community centres and meal sites in chains of a county."""
        homes = [f for f in rows if f.kind == Kind.CARE_HOME]
        for i in range(0, len(homes), HOMES_PER_OPERATOR):
            operator = self._operator(homes[i].region_code[:6])
            for home in homes[i : i + HOMES_PER_OPERATOR]:
                home.operator = operator
        for county in COUNTIES:
            sites = [
                f
                for f in rows
                if f.kind in (Kind.COMMUNITY_CARE_CENTRE, Kind.MEAL_SITE) and f.region_code.startswith(county)
            ]
            sites.sort(key=lambda f: (f.kind != Kind.MEAL_SITE, f.region_code))
            for i in range(0, len(sites), SITES_PER_OPERATOR):
                operator = self._operator(county)
                for site in sites[i : i + SITES_PER_OPERATOR]:
                    site.operator = operator


def demo_facilities_build(
    *, seed: int, scale: float, say: Callable[[str], None] = lambda text: None
) -> dict[str, Any]:
    """Register the demo city's service sites and their operators. Does nothing when already
    done, or when there are no standard addresses to put them at."""
    if part_built(BUILT_ACTION):
        return {}
    seeder = Seeder(seed=seed, scale=scale)
    if not seeder.addresses.codes:
        return {}
    rows = seeder.facilities()
    seeder.assign_operators(rows)
    with transaction.atomic():
        Operator.objects.bulk_create(seeder.operators, batch_size=1000)
        for row in rows:
            row.operator_id = row.operator.pk if row.operator is not None else None
        Facility.objects.bulk_create(rows, batch_size=1000)
        counts: dict[str, Any] = {kind: sum(1 for f in rows if f.kind == kind) for kind in Kind.values}
        counts |= {"facilities": len(rows), "operators": len(seeder.operators)}
        part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts, text="湖州市演示服务设施")
    tables_analyze(Operator, Facility)
    say(f"  服务设施 {len(rows):,} 个，运营机构 {len(seeder.operators):,} 家")
    return counts


def demo_operator(kind: str) -> Operator | None:
    """The operator the demo's login for ``kind`` acts for: the one that runs most sites of that
    kind (care homes: most homes with beds), the first by id on a tie."""
    sites = Facility.objects.filter(kind=kind, operator__isnull=False)
    if kind == Kind.CARE_HOME:
        sites = sites.filter(beds__isnull=False)
    row = (
        sites.values("operator_id")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "operator_id")
        .first()
    )
    return Operator.objects.get(pk=row["operator_id"]) if row else None
