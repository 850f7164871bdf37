"""The demo city's marriage services, to the bureau's 2024 summary (四.2; read back from the records
by ``marriage.figures``; exact at scale 1.0, ``round(n × scale)`` and at least 1 below it):

- **Counselling stations** are the facilities demo's (35 × scale, all opened by 2024, none closed):
  ``marriage.counseling_stations`` = 35.
- **Simple-wedding bases**: 5 × scale designated in 2024 (``marriage.simple_wedding_bases``), and
  ``EARLIER_BASES`` × scale in 2021–2023.
- **Events of 2024**: 55 × scale collective ceremonies (集体颁证 and 集体婚礼, ``marriage.
  collective_ceremonies``) and 78 × scale matchmaking and counselling events (``marriage.
  matchmaking_events``), spread over the counties by largest remainders, each in a township of its
  county, at its county's station, office or base when it has one. Ceremonies count couples (and
  guests), the others people.
- **Appointments**: every open marriage office's slots on the working days of the next
  ``SLOT_DAYS`` days from today (marriage every half hour, divorce and replacement twice a day),
  some of them booked by couples with valid, sealed ID numbers; each slot's count equals its
  bookings and never passes its capacity.

Bulk writes only; idempotent through the marker audit entry.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.benefits.workdays import is_workday
from minzheng.core import pii
from minzheng.core.idnumber import make_id_number
from minzheng.core.models import Region
from minzheng.core.synthetic.names import given_name, surname
from minzheng.demo.marker import part_built, part_mark
from minzheng.facilities.models import Facility
from minzheng.marriage.appointments.models import Booking, Business, Slot
from minzheng.marriage.appointments.services import code_new
from minzheng.marriage.counselling.models import Event, EventKind, WeddingBase

YEAR = 2024
BUILT_ACTION = "demo.marriage_events.built"
BASES = 5
EARLIER_BASES = 4
CEREMONIES = 55
MATCHMAKING = 78
CERTIFICATE_SHARE = 0.6  # of the ceremonies: collective certificate ceremonies, the rest weddings
COUNSELLING_SHARE = 0.4  # of the matchmaking events: counselling, the rest matchmaking
SLOT_DAYS = 21
MARRIAGE_TIMES = ["09:00", "09:30", "10:00", "10:30", "11:00", "14:00", "14:30", "15:00", "15:30", "16:00"]
OTHER_TIMES = {Business.DIVORCE: ["10:00", "15:00"], Business.REPLACEMENT: ["11:00", "16:00"]}
CAPACITY = {Business.MARRIAGE: 4, Business.DIVORCE: 2, Business.REPLACEMENT: 2}
SLOT_MINUTES = 30
BOOKED_SHARE = 0.45  # of the places in the first week; fewer later
# Dates couples like for a collective ceremony (520, 七夕 2024-08-10, 国庆, 元旦前), and others drawn.
CEREMONY_DAYS = [dt.date(2024, 5, 20), dt.date(2024, 8, 10), dt.date(2024, 10, 1), dt.date(2024, 12, 31),
                 dt.date(2024, 2, 14), dt.date(2024, 9, 9)]
BASE_NAMES = ["南太湖简约婚礼示范基地", "竹乡简约婚礼示范基地", "水乡古镇简约婚礼示范基地", "太湖溇港简约婚礼示范基地",
              "莫干山简约婚礼示范基地", "下渚湖简约婚礼示范基地", "余村简约婚礼示范基地", "龙之梦简约婚礼示范基地",
              "仙山湖简约婚礼示范基地"]
TITLES = {
    EventKind.COLLECTIVE_CERTIFICATE: ["“520”集体颁证仪式", "七夕集体颁证仪式", "“情定国庆”集体颁证", "新年集体颁证仪式"],
    EventKind.COLLECTIVE_WEDDING: ["新风尚集体婚礼", "简约婚礼集体婚礼", "“喜结良缘”集体婚礼"],
    EventKind.MATCHMAKING: ["青年联谊交友会", "“缘来湖州”相亲会", "单身青年户外交友活动", "七夕交友联谊"],
    EventKind.COUNSELLING: ["婚前辅导讲座", "婚姻家庭关系辅导", "新婚夫妇沟通课堂", "家庭教育与婚姻辅导"],
}
ORGANIZERS = ["{county}民政局", "{county}婚姻登记处", "{county}妇联", "{county}团委"]


def scaled(value: int, scale: float) -> int:
    return max(1, round(value * scale))


def spread(total: int, weights: list[float]) -> list[int]:
    """``total`` over the weights by largest remainders: the parts add up to ``total`` exactly."""
    whole = sum(weights) or 1.0
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    for i in sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[i] += 1
    return parts


class Seeder:
    def __init__(self, *, seed: int, scale: float) -> None:
        self.rng = random.Random(f"marriage-events:{seed}")
        self.scale = scale
        self.counties = list(Region.objects.filter(level="county", code__startswith="3305").order_by("code"))
        townships = Region.objects.filter(level="township", code__startswith="3305").values_list("code", flat=True)
        self.townships: dict[str, list[str]] = {}
        for code in townships:
            self.townships.setdefault(code[:6], []).append(code)
        sites = Facility.objects.filter(kind__in=[Facility.Kind.MARRIAGE_COUNSELLING_STATION,
                                                  Facility.Kind.MARRIAGE_OFFICE]).exclude(status=Facility.Status.CLOSED)
        self.sites: dict[tuple[str, str], list[Facility]] = {}
        for site in sites.order_by("id"):
            self.sites.setdefault((site.kind, site.region_code[:6]), []).append(site)

    def _township(self, county: Region) -> str:
        return self.rng.choice(self.townships.get(county.code[:6]) or [county.code])

    def bases(self) -> list[WeddingBase]:
        rows = []
        designated = scaled(BASES, self.scale)
        earlier = scaled(EARLIER_BASES, self.scale)
        for n in range(designated + earlier):
            county = self.counties[n % len(self.counties)]
            year = YEAR if n < designated else self.rng.choice([2021, 2022, 2023])
            day = dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))
            rows.append(WeddingBase(name=f"{county.name}{BASE_NAMES[n % len(BASE_NAMES)]}"
                                         + (f"（{n // len(BASE_NAMES) + 1}）" if n >= len(BASE_NAMES) else ""),
                                    region_code=self._township(county), designated_on=day,
                                    address_text=f"{county.name}", note="演示数据"))
        return rows

    def events(self, bases: list[WeddingBase]) -> list[Event]:
        ceremonies, matchmaking = scaled(CEREMONIES, self.scale), scaled(MATCHMAKING, self.scale)
        certificates = round(ceremonies * CERTIFICATE_SHARE)
        counselling = round(matchmaking * COUNSELLING_SHARE)
        plan = ([EventKind.COLLECTIVE_CERTIFICATE] * certificates
                + [EventKind.COLLECTIVE_WEDDING] * (ceremonies - certificates)
                + [EventKind.COUNSELLING] * counselling + [EventKind.MATCHMAKING] * (matchmaking - counselling))
        weights = [1.0 + len(self.townships.get(c.code[:6], [])) / 10 for c in self.counties]
        per_county = spread(len(plan), weights)
        self.rng.shuffle(plan)
        bases_by_county: dict[str, list[WeddingBase]] = {}
        for base in bases:
            bases_by_county.setdefault(base.region_code[:6], []).append(base)
        rows: list[Event] = []
        kinds = iter(plan)
        for county, count in zip(self.counties, per_county, strict=True):
            for _ in range(count):
                rows.append(self._event(next(kinds), county, bases_by_county.get(county.code[:6], [])))
        return rows

    def _event(self, kind: str, county: Region, bases: list[WeddingBase]) -> Event:
        rng = self.rng
        ceremony = kind in (EventKind.COLLECTIVE_CERTIFICATE, EventKind.COLLECTIVE_WEDDING)
        if ceremony and rng.random() < 0.5:
            day = rng.choice(CEREMONY_DAYS)
        else:
            day = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(366))
        site_kind = Facility.Kind.MARRIAGE_OFFICE if ceremony else Facility.Kind.MARRIAGE_COUNSELLING_STATION
        sites = self.sites.get((site_kind, county.code[:6]), [])
        facility = base = None
        place = ""
        if kind == EventKind.COLLECTIVE_WEDDING and bases:
            base = rng.choice(bases)
        elif sites:
            facility = rng.choice(sites)
        else:
            place = f"{county.name}文化礼堂"
        couples = rng.randint(6, 30) if ceremony else 0
        people = couples * 2 + rng.randint(0, 80) if ceremony else rng.randint(15, 160)
        return Event(kind=kind, title=rng.choice(TITLES[kind]), held_on=day,
                     region_code=facility.region_code if facility else (base.region_code if base else self._township(county)),
                     facility=facility, base=base, place_text=place,
                     organizer=rng.choice(ORGANIZERS).format(county=county.name), people=people, couples=couples,
                     note="演示数据")

    def slots(self, today: dt.date) -> list[Slot]:
        offices = Facility.objects.filter(kind=Facility.Kind.MARRIAGE_OFFICE, status=Facility.Status.OPEN).order_by("id")
        days = [today + dt.timedelta(days=n) for n in range(SLOT_DAYS) if is_workday(today + dt.timedelta(days=n))]
        rows = []
        times = [(Business.MARRIAGE, t) for t in MARRIAGE_TIMES] + [
            (business, t) for business, ts in OTHER_TIMES.items() for t in ts]
        for office in offices:
            for day in days:
                for business, at in times:
                    starts = dt.time.fromisoformat(at)
                    ends = (dt.datetime.combine(day, starts) + dt.timedelta(minutes=SLOT_MINUTES)).time()
                    rows.append(Slot(office=office, region_code=office.region_code, day=day, starts_at=starts,
                                     ends_at=ends, business=business, capacity=CAPACITY[business]))
        return rows

    def bookings(self, slots: list[Slot], today: dt.date) -> list[Booking]:
        rng = self.rng
        codes: set[str] = set()
        rows = []
        for slot in slots:
            week = (slot.day - today).days // 7
            share = BOOKED_SHARE / (1 + week)
            taken = sum(1 for _ in range(slot.capacity) if rng.random() < share)
            slot.booked = taken
            for _ in range(taken):
                code = code_new()
                while code in codes:
                    code = code_new()
                codes.add(code)
                first, second = self._party("M", slot), self._party("F", slot)
                if slot.business == Business.REPLACEMENT and rng.random() < 0.5:
                    second = ("", pii.EMPTY)
                rows.append(Booking(slot=slot, region_code=slot.region_code, code=code,
                                    first_name=first[0], first_id_cipher=first[1].cipher,
                                    first_id_digest=first[1].digest, first_id_masked=first[1].masked,
                                    second_name=second[0], second_id_cipher=second[1].cipher,
                                    second_id_digest=second[1].digest, second_id_masked=second[1].masked))
        return rows

    def _party(self, gender: str, slot: Slot) -> tuple[str, pii.Sealed]:
        rng = self.rng
        year = rng.randint(1980, 2001)
        born = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        sequence = rng.randrange(0, 999, 2) + (1 if gender == "M" else 0)
        number = make_id_number(slot.region_code[:6], born, sequence)
        return surname(rng) + given_name(rng, gender, year), pii.seal("id_number", number)


def demo_marriage_events_build(
    *, seed: int, scale: float, say: Callable[[str], None] = lambda text: None
) -> dict[str, Any]:
    """The bases, the 2024 events and the coming weeks' slots and bookings. Does nothing when
    already built, or when the city has no counties yet."""
    if part_built(BUILT_ACTION):
        return {}
    seeder = Seeder(seed=seed, scale=scale)
    if not seeder.counties:
        return {}
    today = timezone.localdate()
    with transaction.atomic():
        bases = WeddingBase.objects.bulk_create(seeder.bases(), batch_size=1000)
        events = seeder.events(bases)
        Event.objects.bulk_create(events, batch_size=2000)
        slots = seeder.slots(today)
        bookings = seeder.bookings(slots, today)
        Slot.objects.bulk_create(slots, batch_size=2000)
        for booking in bookings:
            booking.slot_id = booking.slot.pk
        Booking.objects.bulk_create(bookings, batch_size=2000)
        counts = {
            "bases": len(bases),
            "bases_2024": sum(1 for b in bases if b.designated_on.year == YEAR),
            "collective_ceremonies": sum(1 for e in events if e.kind in (EventKind.COLLECTIVE_CERTIFICATE,
                                                                          EventKind.COLLECTIVE_WEDDING)),
            "matchmaking_events": sum(1 for e in events if e.kind in (EventKind.MATCHMAKING, EventKind.COUNSELLING)),
            "slots": len(slots),
            "bookings": len(bookings),
        }
        part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts, text="湖州市演示婚姻服务")
    say(f"  简约婚礼基地 {counts['bases']} 个，婚恋活动 {len(events)} 场，预约时段 {len(slots):,} 个，预约 {len(bookings):,} 对")
    return counts
