"""The demo city's funeral homes' cases, to the bureau's 2024 summary (四.3: "全域实现基本殡葬服务
'6+N'减免，减免群众丧葬费用2700余万元"), read back from the records by ``funeral.figures``:

- **Cases.** One for each deceased person of the demo registry (``demo.people``: about 0.8% of the
  residents, died in the year before the demo's as-of day, about 27,000 at scale 1.0), at the
  funeral home of the person's county (the facilities demo has one a county), received on the day
  of death or the next.
- **Household registration.** Zhejiang (33) for all but ``OUTSIDE_SHARE`` of them, whose province
  is a neighbour's; those get no waiver, as the rule says.
- **Services** (fees in yuan, at the home unless said): body transport on the day of death (by
  distance), storage for 1–5 days, cremation two or three days after death (standard or
  environmental furnace), an urn (most families take the basic one), and for some: body washing
  or cosmetics, outside the catalogue, so never waived. The farewell hall, ash storage (in a
  columbarium of the county when there is one) and a county's "+N" item are chosen case by case,
  in a seeded order, until each year's waived total reaches ``TARGET`` × scale, "a little more than
  27 million" at scale 1.0 (and that × scale below, as far as the cases allow). Every day is on or
  after the death and no later than the last day of the death's year or the day before as-of.
- **Waivers** follow the catalogue exactly as ``funeral_service_add`` would (min(fee, cap) per case
  and type, for eligible cases and types in force that day); ``DEMO_PLUS_N`` gives three counties
  their "+N" item.

Bulk writes only (``core.db.rows_insert``); idempotent through the marker audit entry. The cases
fall in the years of the registry's deaths: 2025 (the people part, as-of 2026-01-01) and 2024 (the
past-deaths part, for the summary's year); each year's figure is aimed at on its own.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from minzheng.core.db import rows_insert, tables_analyze
from minzheng.core.regions import scope_prefix
from minzheng.demo.marker import part_built, part_mark
from minzheng.demo.people import AS_OF
from minzheng.facilities.sites.models import Facility
from minzheng.funeral.services.catalogue import CITY
from minzheng.funeral.services.models import FuneralCase, FuneralService, ServiceType, WaiverItem
from minzheng.people.models import Person

BUILT_ACTION = "demo.funeral.built"
TARGET = Decimal("27320000")  # yuan at scale 1.0: "2700余万元"
OUTSIDE_SHARE = 0.015
OUTSIDE_PROVINCES = ["32", "34", "36", "31", "41", "51"]
# County "+N" items: (county, service type, cap, from).
DEMO_PLUS_N = [
    ("330523", "body_washing", Decimal("80.00"), dt.date(2024, 1, 1)),
    ("330522", "body_cosmetic", Decimal("100.00"), dt.date(2024, 3, 1)),
    ("330521", "body_washing", Decimal("60.00"), dt.date(2025, 1, 1)),
]
TRANSPORT_FEES = ([120, 160, 200, 260, 320, 400], [10, 20, 30, 20, 12, 8])
STORAGE_PER_DAY = 50
STORAGE_DAYS = ([1, 2, 3, 4, 5], [15, 30, 35, 12, 8])
CREMATION_FEES = ([350, 680], [85, 15])
URN_FEES = ([150, 380, 680, 1280, 2680], [45, 25, 15, 10, 5])
FAREWELL_FEES = ([200, 300, 500, 800], [30, 35, 25, 10])
ASH_FEES = ([100, 200], [70, 30])
EXTRA_FEES = {"body_washing": ([60, 100, 150], [40, 40, 20]), "body_cosmetic": ([100, 200, 400], [40, 40, 20])}
CASE_COLUMNS = ("person_id", "home_id", "region_code", "received_on", "hukou_province", "waiver_eligible",
                "family_contact", "note", "created_at")
SERVICE_COLUMNS = ("case_id", "service_type_id", "facility_id", "region_code", "performed_at", "fee", "waived",
                   "waiver_item_id", "note", "void_reason", "created_at")


@dataclass
class Draft:
    person_id: int
    home: Facility
    death: dt.date
    last_day: dt.date
    received_on: dt.date
    province: str
    eligible: bool
    # (type code, facility id, when, fee)
    lines: list[tuple[str, int, dt.datetime, Decimal]] = field(default_factory=list)
    used: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))


class FuneralSeeder:
    def __init__(self, *, seed: int, scale: float) -> None:
        self.rng = random.Random(f"funeral-{seed}-{scale}")
        self.scale = scale
        self.types = {t.code: t for t in ServiceType.objects.all()}
        homes = list(Facility.objects.filter(kind=Facility.Kind.FUNERAL_HOME).exclude(status=Facility.Status.CLOSED)
                     .order_by("id"))
        self.homes: dict[str, Facility] = {}
        for home in homes:
            self.homes.setdefault(home.region_code[:6], home)
        self.any_home = homes[0] if homes else None
        self.columbaria: dict[str, list[int]] = defaultdict(list)
        for pk, code in (Facility.objects.filter(kind=Facility.Kind.COLUMBARIUM)
                         .exclude(status=Facility.Status.CLOSED).values_list("id", "region_code")):
            self.columbaria[code[:6]].append(pk)
        self._items: dict[tuple[str, dt.date], dict[str, WaiverItem]] = {}
        self._catalogue: list[WaiverItem] | None = None
        self.zone = timezone.get_current_timezone()

    def plus_n(self) -> list[WaiverItem]:
        made = []
        for county, code, cap, start in DEMO_PLUS_N:
            item, created = WaiverItem.objects.get_or_create(
                region_code=county.ljust(12, "0"), service_type=self.types[code], valid_from=start,
                defaults={"cap": cap, "note": "演示：区县增加项目（+N）"})
            if created:
                made.append(item)
        return made

    def items(self, region_code: str, day: dt.date) -> dict[str, WaiverItem]:
        """The catalogue in force for a home on a day, by type code, a county's own item first (as
        ``services.catalogue.item_for``, from one read of the whole catalogue)."""
        key = (region_code, day)
        if key not in self._items:
            if self._catalogue is None:
                self._catalogue = list(WaiverItem.objects.select_related("service_type"))
            found: dict[str, WaiverItem] = {}
            for item in sorted(self._catalogue, key=lambda i: i.region_code == CITY):
                if (region_code.startswith(scope_prefix(item.region_code)) and item.valid_from <= day
                        and (item.valid_to is None or day <= item.valid_to)):
                    found.setdefault(item.service_type.code, item)
            self._items[key] = found
        return self._items[key]

    def pick(self, table: tuple[list[int], list[int]]) -> Decimal:
        return Decimal(self.rng.choices(table[0], weights=table[1])[0]).quantize(Decimal("0.01"))

    def when(self, draft: Draft, days: int, hour: int) -> dt.datetime:
        day = min(draft.death + dt.timedelta(days=days), draft.last_day)
        # The zone read once, not through timezone.make_aware: 190,000 calls at scale 1.0.
        return dt.datetime(day.year, day.month, day.day, hour, self.rng.choice([0, 15, 30, 45]), tzinfo=self.zone)

    def drafts(self, as_of: dt.date) -> list[Draft]:
        taken = set(FuneralCase.objects.values_list("person_id", flat=True))
        rows = (Person.objects.filter(status=Person.Status.DECEASED, death_date__isnull=False)
                .order_by("id").values_list("id", "region_code", "death_date"))
        out = []
        for pk, region, death in rows.iterator(chunk_size=5000):
            home = self.homes.get(region[:6]) or self.any_home
            if pk in taken or home is None:
                continue
            last_day = min(dt.date(death.year, 12, 31), as_of - dt.timedelta(days=1))
            if death > last_day:
                continue
            outside = self.rng.random() < OUTSIDE_SHARE
            province = self.rng.choice(OUTSIDE_PROVINCES) if outside else "33"
            draft = Draft(person_id=pk, home=home, death=death, last_day=last_day,
                          received_on=min(death + dt.timedelta(days=self.rng.choice([0, 0, 1])), last_day),
                          province=province, eligible=not outside)
            self.core(draft)
            out.append(draft)
        return out

    def core(self, d: Draft) -> None:
        home = d.home.pk
        d.lines.append(("body_transport", home, self.when(d, 0, self.rng.randint(6, 22)), self.pick(TRANSPORT_FEES)))
        days = self.rng.choices(*STORAGE_DAYS)[0]
        d.lines.append(("body_storage", home, self.when(d, 0, 23), Decimal(STORAGE_PER_DAY * days).quantize(Decimal("0.01"))))
        cremation_day = self.rng.choice([2, 2, 3])
        d.lines.append(("cremation", home, self.when(d, cremation_day, 9), self.pick(CREMATION_FEES)))
        if self.rng.random() < 0.95:  # a few families bring their own urn
            d.lines.append(("urn", home, self.when(d, cremation_day, 8), self.pick(URN_FEES)))
        for code, table in EXTRA_FEES.items():
            if self.rng.random() < 0.25:
                d.lines.append((code, home, self.when(d, cremation_day - 1, 15), self.pick(table)))

    def optional(self, d: Draft) -> list[tuple[str, int, dt.datetime, Decimal]]:
        cremation_day = self.rng.choice([2, 3])
        places = self.columbaria.get(d.home.region_code[:6]) or [d.home.pk]
        return [("farewell", d.home.pk, self.when(d, cremation_day, 7), self.pick(FAREWELL_FEES)),
                ("ash_storage", self.rng.choice(places), self.when(d, cremation_day, 14), self.pick(ASH_FEES))]

    def waive(self, d: Draft, code: str, when: dt.datetime, fee: Decimal) -> tuple[Decimal, WaiverItem | None]:
        """As ``services.waiver_of``: min(fee, what is left of the cap in the case) for an eligible case."""
        if not d.eligible:
            return Decimal("0.00"), None
        item = self.items(d.home.region_code, when.date()).get(code)  # ``when`` is in local time
        if item is None:
            return Decimal("0.00"), None
        waived = max(Decimal("0.00"), min(fee, item.cap - d.used[code]))
        d.used[code] += waived
        return waived, item


def _datetime_adapter() -> Callable[[dt.datetime], Any]:
    """Aware datetimes as the database takes them: as they are for COPY on PostgreSQL; on SQLite
    Django's own form (naive UTC text), without its checks per value."""
    if connection.vendor != "sqlite":
        return lambda value: value
    return lambda value: value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")


def demo_funeral_build(*, seed: int, scale: float, say: Callable[[str], None] = lambda text: None,
                       as_of: dt.date | None = None) -> dict[str, Any]:
    """Write a funeral case with services and waivers for every deceased registry person. Does
    nothing when done already, or when there are no funeral homes or no deceased."""
    if part_built(BUILT_ACTION):
        return {}
    as_of = as_of or min(AS_OF, timezone.localdate())
    seeder = FuneralSeeder(seed=seed, scale=scale)
    if seeder.any_home is None:
        return {}
    with transaction.atomic():
        plus_n = seeder.plus_n()
        drafts = seeder.drafts(as_of)
        if not drafts:
            return {}
        created = connection.ops.adapt_datetimefield_value(timezone.now())
        adapt = _datetime_adapter()
        # Waive the core lines first, then take the optional ones in a seeded order up to the target.
        # Each year of deaths (2024 from the past-deaths part, 2025 from the people part) aims at the target.
        target = TARGET * Decimal(str(scale))
        lines: list[tuple[Draft, str, int, dt.datetime, Decimal, Decimal, WaiverItem | None]] = []
        totals: dict[int, Decimal] = defaultdict(Decimal)
        for d in drafts:
            for code, place, when, fee in sorted(d.lines, key=lambda line: line[2]):
                waived, item = seeder.waive(d, code, when, fee)
                totals[d.death.year] += waived
                lines.append((d, code, place, when, fee, waived, item))
        optional = [(d, line) for d in drafts for line in seeder.optional(d)]
        optional += [(d, (code, d.home.pk, seeder.when(d, 1, 16), seeder.pick(EXTRA_FEES[code])))
                     for d in drafts
                     for code in {i.service_type.code for i in seeder.items(d.home.region_code, d.received_on).values()
                                  if i.region_code != CITY}
                     if not any(line[0] == code for line in d.lines)]
        seeder.rng.shuffle(optional)
        for d, (code, place, when, fee) in optional:
            if d.eligible and totals[d.death.year] >= target:
                continue
            waived, item = seeder.waive(d, code, when, fee)
            totals[d.death.year] += waived
            lines.append((d, code, place, when, fee, waived, item))
        rows_insert(FuneralCase, columns=CASE_COLUMNS, rows=(
            (d.person_id, d.home.pk, d.home.region_code, d.received_on, d.province, d.eligible, "", "", created)
            for d in drafts))
        case_of = dict(FuneralCase.objects.values_list("person_id", "id"))
        types = seeder.types
        written = rows_insert(FuneralService, columns=SERVICE_COLUMNS, rows=(
            (case_of[d.person_id], types[code].pk, place, d.home.region_code, adapt(when), fee, waived,
             item.pk if item else None, "", "", created)
            for d, code, place, when, fee, waived, item in lines))
        counts = {"cases": len(drafts), "services": written, "outside_zhejiang": sum(not d.eligible for d in drafts),
                  "plus_n_items": len(plus_n), "waived": {str(year): str(totals[year]) for year in sorted(totals)}}
        part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts, text="湖州市演示殡仪服务")
    tables_analyze(FuneralCase, FuneralService)
    waived_text = "，".join(f"{year}年 {totals[year]:,.2f}" for year in sorted(totals))
    say(f"  殡仪服务：案件 {len(drafts):,} 件，服务项目 {written:,} 项，减免 {waived_text} 元")
    return counts
