"""The demo city's care homes with their beds coded (一床一码), who lives in them, the elders'
ability assessments and the 2024 bed subsidy runs.

- **Beds.** ``BED_CODED_HOMES`` × scale of the care homes (``demo.facilities``; the summary's 83
  at scale 1.0) get their beds: as many as the home's capacity, two to a room (a few single or
  triple rooms), floor by floor, nursing (护理型) or ordinary by room, 40–80 % nursing per home,
  each with its own random code (``beds.services.new_code``), registered in mid-2023 (the homes
  had 一床一码 before the summary's year, so its figures count every bed). The other homes have
  not registered their beds, so ``care homes with beds`` counts the summary's figure.
- **Stays.** Each home is 45–78 % occupied (about 60 % city-wide) by living elders of 70 or over,
  one open stay each, checked in since 2016. About one bed in five also had a stay that ended:
  half went home during 2024 (出院), half are elders the registry has as deceased since 2024, out
  on the day of death (the demo registry dates its deaths after its 2024 snapshot, so these fall
  in 2025); the bed's current resident came after. Every resident was 60 or over on the day they
  came, and nobody holds two beds.
- **Assessments** (GB/T 42195-2022): every resident was assessed before check-in (首次评估), and
  those who came before 2024 again in 2024 (常规评估); a nursing bed's resident is moderately to
  fully disabled, an ordinary bed's able to mildly disabled. The assistance part does not enrol
  the elder nursing subsidy (``elder_nursing``), so a sample of elders living at home
  (``COMMUNITY_ASSESSED`` × scale, about 2.4 % of the 60-and-over) is assessed too. The 26 item
  scores are drawn around an ability; the subtotals, total and levels come from
  ``assessment.scoring.score`` like the service's, never set by hand.
- **The bed subsidy.** The twelve 2024 runs for the city, made by one member of staff and
  approved by another through ``bed_subsidy_run_start`` / ``bed_subsidy_run_approve`` (the
  computation is set-based, ``beds.compute``), at the rates the migration seeded.

Draws are seeded (``seed``, ``scale``); people are chosen in a fixed pseudo-random order of their
ids (``shuffled``), in SQL, so the city's elders are never all read into memory. Idempotent: a
second call finds the marker audit entry and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from minzheng.core.db import tables_analyze
from minzheng.core.models import User
from minzheng.demo.marker import part_built, part_mark
from minzheng.eldercare.assessment.models import Assessment
from minzheng.eldercare.assessment.scoring import INDICATORS, ITEM_KEYS, ITEMS, Reason, score
from minzheng.eldercare.beds.models import (
    Bed,
    BedKind,
    BedSubsidyLine,
    BedSubsidyRun,
    CheckOutReason,
    Occupancy,
)
from minzheng.eldercare.beds.services import bed_subsidy_run_approve, bed_subsidy_run_start, new_code
from minzheng.facilities.sites.models import Facility, Kind
from minzheng.people.models import Person

YEAR = 2024
CITY_CODE = "330500000000"
BUILT_ACTION = "demo.eldercare.built"
BED_CODED_HOMES = 83  # the summary's care homes with 一床一码 (eldercare.care_homes_bed_code)
COMMUNITY_ASSESSED = 20_000
BATCH = 5_000
FIRST_STAY = dt.date(2016, 1, 1)
BEDS_CODED_ON = dt.date(2023, 7, 1)  # before the summary's year: its figures count every bed
RESIDENTS_BORN_BY = dt.date(1954, 12, 31)  # 70 or over in 2024
ELDERS_BORN_BY = dt.date(YEAR - 60, 6, 30)  # 60 by mid-year
CLOSED_IN_YEAR = 0.2  # beds that also had a stay ending in the year
DIED_SHARE = 0.5  # of those stays, ended by the resident's death
# (mean ability 0–1 of the item scores, weight) by where the elder lives.
ABILITIES = {
    BedKind.NURSING: ((0.62, 4), (0.42, 4), (0.15, 2)),
    BedKind.ORDINARY: ((1.0, 2), (0.86, 5), (0.7, 3)),
    "home": ((1.0, 4), (0.86, 3), (0.62, 1.5), (0.42, 1), (0.15, 0.5)),
}


def scaled(value: int, scale: float) -> int:
    return max(1, round(value * scale))


def shuffled(column: str, salt: int) -> str:
    """A fixed pseudo-random order of integer ids, the same on SQLite and PostgreSQL. For a
    statement run with parameters (``%%`` is the modulo there)."""
    return f"(({column} * 2654435761 + {salt}) %% 1000003)"


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _birthday(born: dt.date, age: int) -> dt.date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # 29 February
        return born.replace(year=born.year + age, month=3, day=1)


def elders(
    *, born_by: dt.date, status: str, limit: int, salt: int, died_after: dt.date | None = None
) -> list[tuple[int, str, dt.date, dt.date | None]]:
    """Up to ``limit`` persons born by ``born_by`` with ``status`` (and death after ``died_after``), in the
    shuffled order, none with an open bed stay: (id, region_code, birth_date, death_date)."""
    p, o = Person._meta.db_table, Occupancy._meta.db_table
    died = ""
    params: list[Any] = [status, connection.ops.adapt_datefield_value(born_by)]
    if died_after is not None:
        died = "AND p.death_date > %s "
        params.append(connection.ops.adapt_datefield_value(died_after))
    sql = (
        f"SELECT p.id, p.region_code, p.birth_date, p.death_date FROM {p} p "
        f"WHERE p.status = %s AND p.birth_date <= %s {died}"
        f"AND NOT EXISTS (SELECT 1 FROM {o} o WHERE o.person_id = p.id AND o.checked_out_on IS NULL) "
        f"ORDER BY {shuffled('p.id', salt)}, p.id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [
            (pk, region, _as_date(born), _as_date(death) if death else None)
            for pk, region, born, death in cursor.fetchall()
        ]


def ability_scores(rng: random.Random, ability: float) -> list[int]:
    """26 allowed item scores around ``ability`` (share of each item's maximum)."""
    out = []
    for item in ITEMS:
        share = 1.0 if ability >= 1.0 else min(1.0, max(0.0, rng.gauss(ability, 0.15)))
        out.append(round(share * item.max))
    return out


@dataclass
class Stay:
    bed: Bed
    person: tuple[int, str, dt.date, dt.date | None]
    checked_in_on: dt.date
    checked_out_on: dt.date | None = None
    reason: str = ""


class Seeder:
    def __init__(self, *, seed: int, scale: float, assessor: User) -> None:
        self.rng = random.Random(f"eldercare-{seed}-{scale}")
        self.seed, self.scale, self.assessor = seed, scale, assessor
        self.assessed: set[tuple[int, dt.date]] = set()

    # ---- beds ----------------------------------------------------------------------------------

    def beds(self, homes: list[Facility]) -> list[Bed]:
        rows: list[Bed] = []
        for home in homes:
            nursing = self.rng.uniform(0.4, 0.8)
            wanted, floor, room = home.capacity or 60, 1, 1
            rooms_per_floor = self.rng.randint(10, 20)
            made = 0
            while made < wanted:
                size = min(wanted - made, self.rng.choices((1, 2, 3), weights=(1, 8, 1))[0])
                kind = BedKind.NURSING if self.rng.random() < nursing else BedKind.ORDINARY
                for number in range(1, size + 1):
                    rows.append(
                        Bed(
                            facility=home,
                            region_code=home.region_code,
                            room=f"{floor}{room:02d}",
                            number=str(number),
                            kind=kind,
                            code=new_code(),
                        )
                    )
                made += size
                room += 1
                if room > rooms_per_floor:
                    floor, room = floor + 1, 1
        return rows

    # ---- stays ---------------------------------------------------------------------------------

    def stays(self, beds: list[Bed]) -> list[Stay]:
        by_home: dict[int, list[Bed]] = {}
        for bed in beds:
            by_home.setdefault(bed.facility_id, []).append(bed)
        occupied = [
            b
            for home in by_home.values()
            for b in self.rng.sample(home, round(len(home) * self.rng.uniform(0.45, 0.78)))
        ]
        closed = [b for b in beds if self.rng.random() < CLOSED_IN_YEAR]
        died = elders(
            born_by=RESIDENTS_BORN_BY,
            status=Person.Status.DECEASED.value,
            died_after=dt.date(YEAR, 1, 1),
            limit=round(len(closed) * DIED_SHARE),
            salt=self.seed * 7 + 1,
        )
        living = iter(
            elders(
                born_by=RESIDENTS_BORN_BY,
                status=Person.Status.ALIVE.value,
                limit=len(occupied) + len(closed),
                salt=self.seed * 7 + 2,
            )
        )
        ended: dict[int, dt.date] = {}
        stays: list[Stay] = []
        dead = iter(died)
        for bed in closed:
            person = next(dead, None)
            if person is not None and person[3] is not None:
                out, reason = person[3], CheckOutReason.DIED
            else:
                person = next(living, None)
                out, reason = (
                    _day(self.rng, dt.date(YEAR, 1, 2), dt.date(YEAR, 12, 20)),
                    CheckOutReason.DISCHARGED,
                )
            if person is None:
                break
            came = max(
                _day(self.rng, dt.date(YEAR - 4, 1, 1), out - dt.timedelta(days=20)), _birthday(person[2], 60)
            )
            stays.append(Stay(bed, person, came, out, reason))
            ended[id(bed)] = out
        for bed in occupied:
            person = next(living, None)
            if person is None:
                break
            after = ended.get(id(bed))
            came = (
                _day(self.rng, after, min(after + dt.timedelta(days=30), dt.date(YEAR, 12, 31)))
                if after
                else _day(self.rng, FIRST_STAY, dt.date(YEAR, 12, 20))
            )
            stays.append(Stay(bed, person, max(came, _birthday(person[2], 60))))
        return stays

    # ---- assessments ---------------------------------------------------------------------------

    def assessment(
        self, person: tuple[int, str, dt.date, dt.date | None], on: dt.date, where: str, reason: str
    ) -> Assessment | None:
        if (person[0], on) in self.assessed or on < _birthday(person[2], 60):
            return None
        self.assessed.add((person[0], on))
        rng = self.rng
        abilities, weights = zip(*ABILITIES[where], strict=True)
        scores = ability_scores(rng, rng.choices(abilities, weights=weights)[0])
        facts: dict[str, Any] = {
            "coma": where == BedKind.NURSING and sum(scores) < 20 and rng.random() < 0.1,
            "dementia": rng.random() < 0.08,
            "psychiatric": rng.random() < 0.02,
            "risk_events_30d": rng.choice((2, 3)) if rng.random() < 0.05 else rng.choice((0, 0, 0, 1)),
        }
        result = score(scores, **facts)
        return Assessment(
            person_id=person[0],
            region_code=person[1],
            **dict(zip(ITEM_KEYS, scores, strict=True)),
            **dict(zip((i.key for i in INDICATORS), result.subtotals, strict=True)),
            total=result.total,
            preliminary_level=result.preliminary_level,
            level=result.level,
            reason=reason,
            assessor=self.assessor,
            assessed_on=on,
            **facts,
        )

    def assessments(self, stays: list[Stay]) -> Iterator[Assessment]:
        for stay in stays:
            first = stay.checked_in_on - dt.timedelta(days=self.rng.randint(3, 25))
            row = self.assessment(
                stay.person, max(first, _birthday(stay.person[2], 60)), stay.bed.kind, Reason.FIRST
            )
            if row is not None:
                yield row
            if stay.checked_in_on.year < YEAR and (
                stay.checked_out_on is None or stay.checked_out_on.year >= YEAR
            ):
                end = min(stay.checked_out_on or dt.date(YEAR, 12, 20), dt.date(YEAR, 12, 20))
                row = self.assessment(
                    stay.person, _day(self.rng, dt.date(YEAR, 1, 2), end), stay.bed.kind, Reason.ROUTINE
                )
                if row is not None:
                    yield row
        at_home = elders(
            born_by=ELDERS_BORN_BY,
            status=Person.Status.ALIVE.value,
            limit=scaled(COMMUNITY_ASSESSED, self.scale),
            salt=self.seed * 7 + 3,
        )
        residents = {stay.person[0] for stay in stays}
        for person in at_home:
            if person[0] in residents:
                continue
            row = self.assessment(
                person, _day(self.rng, dt.date(YEAR - 1, 1, 2), dt.date(YEAR, 12, 20)), "home", Reason.FIRST
            )
            if row is not None:
                yield row


def _bulk(model: Any, rows: Iterator[Any] | list[Any]) -> int:
    batch: list[Any] = []
    count = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            count, batch = count + len(batch), []
    if batch:
        model.objects.bulk_create(batch)
    return count + len(batch)


def bed_subsidy_history_build(*, maker: User, checker: User, year: int = YEAR) -> dict[str, Any]:
    """The year's monthly bed subsidy runs for the city, made and approved with the real services."""
    runs = lines = 0
    for month in range(1, 13):
        run = bed_subsidy_run_start(actor=maker, period=dt.date(year, month, 1), region_prefix=CITY_CODE[:4])
        if run.status == BedSubsidyRun.Status.COMPUTED:
            run = bed_subsidy_run_approve(actor=checker, run=run)
        runs, lines = runs + 1, lines + run.line_count
    return {"bed_subsidy_runs": runs, "bed_subsidy_lines": lines}


def demo_eldercare_build(
    *, seed: int, scale: float, maker: User, checker: User, say: Callable[[str], None] = lambda text: None
) -> dict[str, Any]:
    """Beds, stays and assessments in the demo city's care homes, and the 2024 bed subsidy runs.
    Does nothing when already done, or when there is no care home."""
    if part_built(BUILT_ACTION):
        return {}
    homes = list(
        Facility.objects.filter(kind=Kind.CARE_HOME, status=Facility.Status.OPEN).order_by("id")[
            : scaled(BED_CODED_HOMES, scale)
        ]
    )
    if not homes:
        return {}
    seeder = Seeder(seed=seed, scale=scale, assessor=maker)
    # One transaction for the lot, marker included: a failed build leaves nothing to double.
    with transaction.atomic():
        beds = seeder.beds(homes)
        Bed.objects.bulk_create(beds, batch_size=BATCH)
        # bulk_create stamps them now (auto_now_add); the demo's homes registered them before 2024.
        Bed.objects.filter(facility__in=homes).update(
            created_at=timezone.make_aware(dt.datetime.combine(BEDS_CODED_ON, dt.time(9)))
        )
        for home in homes:
            Facility.objects.filter(pk=home.pk).update(
                capacity=sum(1 for b in beds if b.facility_id == home.pk)
            )
        stays = seeder.stays(beds)
        Occupancy.objects.bulk_create(
            [
                Occupancy(
                    bed=s.bed,
                    facility_id=s.bed.facility_id,
                    person_id=s.person[0],
                    region_code=s.bed.region_code,
                    checked_in_on=s.checked_in_on,
                    checked_out_on=s.checked_out_on,
                    check_out_reason=s.reason,
                )
                for s in stays
            ],
            batch_size=BATCH,
        )
        assessed = _bulk(Assessment, seeder.assessments(stays))
        counts: dict[str, Any] = {
            "homes_with_beds": len(homes),
            "beds": len(beds),
            "stays": len(stays),
            "open_stays": sum(1 for s in stays if s.checked_out_on is None),
            "nursing_beds": sum(1 for b in beds if b.kind == BedKind.NURSING),
            "assessments": assessed,
        }
        # The runs read the stays and the levels through their indexes: fresh statistics first.
        tables_analyze(Bed, Occupancy, Assessment)
        counts |= bed_subsidy_history_build(maker=maker, checker=checker)
        tables_analyze(BedSubsidyRun, BedSubsidyLine)
        part_mark(
            action=BUILT_ACTION,
            seed=seed,
            scale=scale,
            counts=counts,
            text="湖州市演示养老机构床位与能力评估",
        )
    say(
        f"  养老机构床位 {len(beds):,} 张（{len(homes)} 家），在住 {counts['open_stays']:,} 人，"
        f"能力评估 {assessed:,} 份，床位补贴 {counts['bed_subsidy_runs']} 批"
    )
    return counts
