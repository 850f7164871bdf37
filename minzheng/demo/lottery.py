"""The demo city's welfare lottery: schools, agency contracts, upgrades, closures, two years of
monthly sales and the promotion events, to the bureau's 2024 summary (read back from the records
by ``lottery.figures``; exact at scale 1.0, ``round(n × scale)`` and at least 1 below it):

- **Stations** are the facilities demo's (620 × scale, ``demo.facilities``), 11 × scale of them
  opened in 2024; the ones it lists as closed get a closure record dated before 2024. None closes
  in 2024, so ``lottery.stations_net_new`` = 11 (opened − closed in the year).
- **Schools** (``SCHOOLS`` × scale, about 600 at scale 1.0: Huzhou's primary and secondary schools
  and kindergartens the rule is about), not public, each at a standard address no site uses and at
  least ``SCHOOL_MARGIN_M`` (250 m) from every station, so the demo obeys the 200 m rule.
- **Contracts**: every station has one (its opening day, a terminal of its own); ``CHANGED_SHARE``
  of the older ones changed agent once, so their first contract ended the day before the second.
  A closed station's contract ended on its closing day. Agents' ID numbers are sealed.
- **Upgrades**: 97 × scale stations upgraded in 2024 (``lottery.stations_upgraded``), and a few
  in 2022–2023.
- **Sales**: per station, month and game type for 2023 and 2024, a station selling from its
  opening month. 2024 adds up to 920,000,000 × scale yuan exactly (``lottery.sales``), 2023 to
  that ÷ 1.047 rounded, so the growth is 4.7% (``lottery.sales_growth``). Every amount is a
  multiple of 0.5 yuan, so at 36%, 28% and 20% the 公益金 of every row is exact to the fen; the
  three groups' totals (national 36%, local 28%, scratch 20%) are solved so that the year's
  fund is 265,000,000 × scale yuan exactly (``lottery.fund_raised``), with scratch cards at
  ``SCRATCH_SHARE`` of sales. Each group is spread over its rows by weight (a station's size, the
  month's season, the game's share) with largest remainders.
- **Promotion events**: 14 × scale in 2024 (``lottery.promotion_events``).

Bulk writes only; idempotent through the marker audit entry.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction

from minzheng.core import pii
from minzheng.core.db import tables_analyze
from minzheng.core.idnumber import make_id_number
from minzheng.core.models import Region
from minzheng.demo.facilities import Addresses
from minzheng.demo.marker import part_built, part_mark
from minzheng.facilities.nearest.geometry import box_around, haversine_m
from minzheng.facilities.sites.models import Facility
from minzheng.lottery.fund.models import FundRate, GameType
from minzheng.lottery.fund.seed import rates_seed
from minzheng.lottery.promotion.models import PromotionEvent
from minzheng.lottery.sales.models import MonthlySale
from minzheng.lottery.stations.models import AgencyContract, StationClosure, StationUpgrade

YEAR = 2024
BUILT_ACTION = "demo.lottery.built"
SALES = 920_000_000  # yuan, 2024
FUND = 265_000_000  # yuan, 2024
GROWTH = Decimal("1.047")
UPGRADED = 97
EARLIER_UPGRADES = 30
EVENTS = 14
SCHOOLS = 600
SCHOOL_MARGIN_M = 250.0
CHANGED_SHARE = 0.12
SCRATCH_SHARE = Decimal("0.42")
CONTRACT_END = dt.date(2026, 12, 31)
# Shares of each group's sales by game.
LOTTO_GAMES = {"ssq": 55, "kl8": 25, "fc3d": 17, "qlc": 3}
LOCAL_GAMES = {"hd15x5": 60, "df61": 40}
SCRATCH_GAMES = {"ggl": 100}
SEASON = [1.10, 0.80, 0.95, 1.00, 1.00, 0.95, 1.00, 1.00, 1.00, 1.05, 1.00, 1.15]
SCHOOL_NAMES = ["小学", "实验小学", "中心小学", "中学", "初级中学", "幼儿园", "中心幼儿园"]
CLOSE_REASONS = ["代销者申请停业", "店面拆迁", "经营不善停业", "违规经营被终止代销"]
UPGRADE_NOTES = {"image": "统一门头与店内形象", "equipment": "更换新一代销售终端", "other": "店面搬迁扩建"}
EVENT_TITLES = [
    "“福彩有爱·情暖童心”助学活动",
    "“福彩有爱·银龄关爱”敬老活动",
    "“福彩有爱”公益集市",
    "福彩公益金使用宣传进社区",
    "“福彩有爱·助残同行”活动",
    "福利彩票“双色球”公益宣传周",
    "“福彩有爱”春节慰问活动",
]
AGENT_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗沈钱姚"
AGENT_GIVEN = ["建国", "海燕", "小红", "志强", "丽华", "伟", "敏", "静", "军", "芳", "国平", "月英"]
HALF = Decimal("0.5")


def scaled(value: int, scale: float) -> int:
    return max(1, round(value * scale))


def months(year: int) -> list[dt.date]:
    return [dt.date(year, m, 1) for m in range(1, 13)]


def group_units(sales: int, fund: int) -> tuple[int, int, int]:
    """Half-yuan units of the 36%, 28% and 20% groups so that they add up to ``sales`` yuan and
    their 公益金 (18, 14 and 10 fen a unit) to ``fund`` yuan: A + B + C = 2S and
    18A + 14B + 10C = 100F give 2A + B = 25F − 5S; C is the scratch share."""
    total = 2 * sales
    scratch = int((SCRATCH_SHARE * total).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    k = 25 * fund - 5 * sales
    lotto = k - (total - scratch)
    local = total - scratch - lotto
    if lotto < 0 or local < 0:
        raise ValueError("lottery demo: no game mix gives that fund")
    return lotto, local, scratch


def spread(units: int, weights: list[float]) -> list[int]:
    """``units`` split in proportion to ``weights`` by largest remainders: whole, adding up exactly."""
    total = sum(weights)
    raw = [units * w / total for w in weights]
    out = [int(r) for r in raw]
    left = units - sum(out)
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[:left]:
        out[i] += 1
    return out


class StationIndex:
    def __init__(self, stations: list[Facility]) -> None:
        rows = sorted(
            (float(s.lat), float(s.lng)) for s in stations if s.lat is not None and s.lng is not None
        )
        self.rows = rows
        self.lats = [r[0] for r in rows]

    def clear(self, lng: float, lat: float, radius: float) -> bool:
        box = box_around(lng, lat, radius)
        start, end = bisect.bisect_left(self.lats, box.min_lat), bisect.bisect_right(self.lats, box.max_lat)
        return all(haversine_m(lng, lat, slng, slat) >= radius for slat, slng in self.rows[start:end])


class LotterySeeder:
    def __init__(self, *, seed: int, scale: float) -> None:
        self.rng = random.Random(f"lottery-{seed}-{scale}")
        self.scale = scale
        self.stations = list(Facility.objects.filter(kind=Facility.Kind.LOTTERY_STATION).order_by("id"))
        self.games = {g.code: g for g in GameType.objects.all()}

    def schools(self) -> list[Facility]:
        addresses = Addresses(self.rng)
        if not addresses.codes:
            return []
        addresses.used |= set(
            Facility.objects.filter(address__isnull=False).values_list("address_id", flat=True)
        )
        index = StationIndex(self.stations)
        rows, names = [], set()
        target = scaled(SCHOOLS, self.scale)
        for _ in range(target * 4):
            if len(rows) >= target:
                break
            spot = addresses.village()
            address = addresses.pick(spot)
            if address is None or not index.clear(
                float(address["lng"]), float(address["lat"]), SCHOOL_MARGIN_M
            ):
                continue
            name = f"湖州市{spot.county}{spot.name}{self.rng.choice(SCHOOL_NAMES)}"
            if name in names:
                continue
            names.add(name)
            rows.append(
                Facility(
                    name=name,
                    kind=Facility.Kind.SCHOOL,
                    region_code=spot.village,
                    address_id=address["id"],
                    address_text=address["full_text"],
                    lng=address["lng"],
                    lat=address["lat"],
                    status=Facility.Status.OPEN,
                    public=False,
                    tags=[],
                )
            )
        return rows

    def _agent(self, station: Facility, serial: int) -> tuple[str, pii.Sealed]:
        rng = self.rng
        name = rng.choice(AGENT_SURNAMES) + rng.choice(AGENT_GIVEN)
        born = dt.date(rng.randint(1960, 1995), rng.randint(1, 12), rng.randint(1, 28))
        return name, pii.seal("id_number", make_id_number(station.region_code[:6], born, serial % 1000))

    def contracts_and_closures(self) -> tuple[list[AgencyContract], list[StationClosure]]:
        rng = self.rng
        contracts, closures = [], []
        serial = 0
        for station in self.stations:
            opened = station.opened_on or dt.date(2015, 1, 1)
            closed_on = None
            if station.status == Facility.Status.CLOSED:
                last = dt.date(YEAR - 2, 12, 31)
                first = min(opened + dt.timedelta(days=365), last)
                closed_on = first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))
                closed_on = max(closed_on, opened)
                closures.append(
                    StationClosure(
                        station=station,
                        region_code=station.region_code,
                        closed_on=closed_on,
                        reason=rng.choice(CLOSE_REASONS),
                    )
                )
            starts = [opened]
            if closed_on is None and opened.year < YEAR - 3 and rng.random() < CHANGED_SHARE:
                starts.append(dt.date(rng.randint(opened.year + 2, YEAR - 1), rng.randint(1, 12), 1))
            for i, start in enumerate(starts):
                serial += 1
                name, sealed = self._agent(station, serial)
                ended = starts[i + 1] - dt.timedelta(days=1) if i + 1 < len(starts) else closed_on
                signed = start - dt.timedelta(days=rng.randint(3, 20))
                contracts.append(
                    AgencyContract(
                        station=station,
                        region_code=station.region_code,
                        contract_number=f"HZFC-{start.year}-{serial:05d}",
                        terminal_number=f"3305{serial:06d}",
                        agent_name=name,
                        agent_id_number_cipher=sealed.cipher,
                        agent_id_number_digest=sealed.digest,
                        agent_id_number_masked=sealed.masked,
                        signed_on=signed,
                        valid_from=start,
                        valid_to=max(CONTRACT_END, start + dt.timedelta(days=365 * 3)),
                        ended_on=ended,
                    )
                )
        return contracts, closures

    def upgrades(self, closed: set[int]) -> list[StationUpgrade]:
        rng = self.rng
        older = [
            s
            for s in self.stations
            if s.pk not in closed and (s.opened_on or dt.date(2015, 1, 1)).year < YEAR
        ]
        chosen = rng.sample(older, min(len(older), scaled(UPGRADED, self.scale)))
        rows = []
        for station in chosen:
            kind = rng.choice(["image", "image", "equipment", "other"])
            day = dt.date(YEAR, rng.randint(1, 12), rng.randint(1, 28))
            rows.append(
                StationUpgrade(
                    station=station,
                    region_code=station.region_code,
                    upgraded_on=day,
                    kind=kind,
                    note=UPGRADE_NOTES[kind],
                )
            )
        earlier = [s for s in older if (s.opened_on or dt.date(2015, 1, 1)).year < YEAR - 2]
        for station in rng.sample(earlier, min(len(earlier), scaled(EARLIER_UPGRADES, self.scale))):
            opened = station.opened_on or dt.date(2015, 1, 1)
            day = dt.date(
                rng.randint(max(YEAR - 2, opened.year + 1), YEAR - 1), rng.randint(1, 12), rng.randint(1, 28)
            )
            rows.append(
                StationUpgrade(
                    station=station,
                    region_code=station.region_code,
                    upgraded_on=day,
                    kind="equipment",
                    note=UPGRADE_NOTES["equipment"],
                )
            )
        return rows

    def sales(self, closures: dict[int, dt.date]) -> list[MonthlySale]:
        rng = self.rng
        size = {s.pk: rng.lognormvariate(0, 0.5) for s in self.stations}
        out: list[MonthlySale] = []
        sales24 = round(SALES * self.scale)
        sales23 = int((Decimal(sales24) / GROWTH).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for year, total in ((YEAR - 1, sales23), (YEAR, sales24)):
            fund = int((Decimal(total) * FUND / SALES).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            if year == YEAR:
                fund = round(FUND * self.scale)
            cells = []  # (station, month)
            for month in months(year):
                for s in self.stations:
                    opened = s.opened_on or dt.date(2015, 1, 1)
                    closed = closures.get(s.pk)
                    if opened <= dt.date(month.year, month.month, 28) and (closed is None or closed >= month):
                        cells.append((s, month))
            for units, games in zip(
                group_units(total, fund), (LOTTO_GAMES, LOCAL_GAMES, SCRATCH_GAMES), strict=True
            ):
                keys = [(s, m, code) for s, m in cells for code in games]
                weights = [
                    size[s.pk] * SEASON[m.month - 1] * games[code] * rng.uniform(0.8, 1.2)
                    for s, m, code in keys
                ]
                for (s, m, code), n in zip(keys, spread(units, weights), strict=True):
                    out.append(
                        MonthlySale(
                            station=s,
                            region_code=s.region_code,
                            month=m,
                            game_type=self.games[code],
                            amount=HALF * n,
                        )
                    )
        return out

    def events(self) -> list[PromotionEvent]:
        rng = self.rng
        counties = list(Region.objects.filter(level="county", code__startswith="3305").order_by("code"))
        rows = []
        for i in range(scaled(EVENTS, self.scale)):
            county = counties[i % len(counties)] if counties else None
            code = county.code if county else "330500000000"
            rows.append(
                PromotionEvent(
                    held_on=dt.date(YEAR, rng.randint(1, 12), rng.randint(1, 28)),
                    title=EVENT_TITLES[i % len(EVENT_TITLES)],
                    place=f"{county.name if county else '湖州市'}文化广场",
                    region_code=code,
                    participants=rng.randint(80, 600),
                    note="福彩公益金资助",
                )
            )
        return rows


def demo_lottery_build(
    *, seed: int, scale: float, say: Callable[[str], None] = lambda text: None
) -> dict[str, Any]:
    """Write the lottery's demo records on the facilities demo's stations. Does nothing when done
    already or when there are no stations."""
    if part_built(BUILT_ACTION):
        return {}
    rates_seed(GameType, FundRate)
    seeder = LotterySeeder(seed=seed, scale=scale)
    if not seeder.stations:
        return {}
    schools = seeder.schools()
    contracts, closures = seeder.contracts_and_closures()
    upgrades = seeder.upgrades({c.station_id for c in closures})
    sales = seeder.sales({c.station_id: c.closed_on for c in closures})
    events = seeder.events()
    with transaction.atomic():
        Facility.objects.bulk_create(schools, batch_size=1000)
        AgencyContract.objects.bulk_create(contracts, batch_size=1000)
        StationClosure.objects.bulk_create(closures, batch_size=1000)
        StationUpgrade.objects.bulk_create(upgrades, batch_size=1000)
        MonthlySale.objects.bulk_create(sales, batch_size=5000)
        PromotionEvent.objects.bulk_create(events, batch_size=1000)
        counts = {
            "schools": len(schools),
            "contracts": len(contracts),
            "closures": len(closures),
            "upgrades": len(upgrades),
            "sales_rows": len(sales),
            "promotion_events": len(events),
        }
        part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts, text="湖州市演示福利彩票")
    tables_analyze(Facility, AgencyContract, MonthlySale)
    say(f"  福彩：学校 {len(schools):,} 所，代销合同 {len(contracts):,} 份，月度销量 {len(sales):,} 行")
    return counts
