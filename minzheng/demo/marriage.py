"""The demo city's registry of marriages, obeying the rules the system enforces:

- **Couples of the demo households** (the head and the spouse membership, one man and one woman)
  are married before the system (a ``MaritalStatus`` row each, no ``Marriage`` record); where one of
  them has died the survivor is widowed.
- **One year of marriage registrations** up to today, 17,000 × scale: unmarried adults of one county
  (never a spouse of a household, men at least 22 and women at least 20 on the day, checked with
  ``rules.checks``) registered on working days at their county's offices, each certificate numbered
  in its office's series for the year with no gaps (the counters end at the last number used).
- **Divorces by agreement**: 8,000 × scale registered in the year (couples married before the
  system, whose marriage is recorded as ``prior``), registered on a working day inside the window
  after the cooling-off (``rules.timeline``), with gapless divorce-certificate numbers; besides, some
  applications are in the cooling-off or the window to appear now, some were withdrawn, and some
  lapsed (deemed withdrawn).

Bulk writes (``bulk_create`` for the rows others point at, ``core.db.rows_insert`` for the statuses
and their history); idempotent through the marker audit entry.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.db.models.functions import Mod
from django.utils import timezone

from minzheng.benefits.workdays import is_workday
from minzheng.core.db import indexes_drop, rows_insert, tables_analyze
from minzheng.demo.marker import part_built, part_mark
from minzheng.facilities.sites.models import Facility
from minzheng.marriage.registrations.certificates import certificate_number
from minzheng.marriage.registrations.models import (
    Certificate,
    CertificateCounter,
    DivorceApplication,
    MaritalStatus,
    MaritalStatusChange,
    Marriage,
)
from minzheng.marriage.rules.ages import age_on, age_reached_on
from minzheng.marriage.rules.checks import Party, marriage_failures
from minzheng.marriage.rules.timeline import divorce_timeline
from minzheng.people.models import Membership, Person

BUILT_ACTION = "demo.marriage.built"
MARRIAGES = 17_000  # a year, Huzhou's order of magnitude
DIVORCES = 8_000
PENDING_SHARE = 0.08  # of DIVORCES: applications in the cooling-off or the window now
WITHDRAWN_SHARE = 0.03
LAPSED_SHARE = 0.03
SAMPLE = 6  # candidates read per record wanted: enough for the pairing by county and the age windows
AGREEMENTS = ["离婚协议书（财产分割、子女抚养已协商一致）", "离婚协议书（无共同财产，无子女）",
              "离婚协议书（子女随女方生活，男方按月支付抚养费）"]


def scaled(value: int, scale: float) -> int:
    return max(1, round(value * scale))


def add_years(day: dt.date, years: int) -> dt.date:
    return age_reached_on(day, years)


class MarriageSeeder:
    def __init__(self, *, seed: int, scale: float, today: dt.date) -> None:
        self.rng = random.Random(seed * 7919 + 12)
        self.scale, self.today = scale, today
        self.start = today - dt.timedelta(days=364)
        self.offices: dict[str, list[Facility]] = defaultdict(list)
        for office in Facility.objects.filter(kind=Facility.Kind.MARRIAGE_OFFICE).exclude(
            status=Facility.Status.CLOSED
        ).order_by("pk"):
            self.offices[office.region_code[:6]].append(office)
        self.workdays = [d for d in (self.start + dt.timedelta(days=i) for i in range(365)) if is_workday(d)]

    def office_for(self, region_code: str) -> Facility | None:
        offices = self.offices.get(region_code[:6])
        return self.rng.choice(offices) if offices else None

    def couples_insert(self) -> int:
        """Every couple of the demo households (the head and the one spouse membership, a man and a
        woman) gets its statuses in one set-based statement: married to each other, or, where one
        has died, the survivor widowed and the dead left married as they were. Returns the couples."""
        MEMBERSHIP, PERSON, STATUS = (connection.ops.quote_name(m._meta.db_table)
                                      for m in (Membership, Person, MaritalStatus))
        # Each head with exactly one spouse membership, the pair read once (a CTE), both ways.
        sql = f"""
            WITH pairs AS (
                SELECT a.person_id AS me, MIN(b.person_id) AS other FROM {MEMBERSHIP} a
                  JOIN {MEMBERSHIP} b ON b.household_id = a.household_id AND b.relationship = 'spouse'
                 WHERE a.relationship = 'self' GROUP BY a.person_id HAVING COUNT(*) = 1
            ), both_ways AS (SELECT me, other FROM pairs UNION ALL SELECT other, me FROM pairs)
            INSERT INTO {STATUS} (person_id, region_code, status, spouse_id, marriage_id, since)
            SELECT p.id, p.region_code,
                   CASE WHEN p.status = 'alive' AND q.status <> 'alive' THEN 'widowed' ELSE 'married' END,
                   CASE WHEN p.status = 'alive' AND q.status <> 'alive' THEN NULL ELSE q.id END, NULL, NULL
              FROM both_ways z JOIN {PERSON} p ON p.id = z.me JOIN {PERSON} q ON q.id = z.other
             WHERE p.gender <> q.gender
        """
        # The city's million couples go in without index upkeep and row-by-row foreign-key checks:
        # each row is written from a join with the persons it points at.
        put_back = indexes_drop(MaritalStatus)
        with connection.cursor() as cursor:
            cursor.execute(sql)
            for statement in put_back:
                cursor.execute(statement)
        # Counted, not taken from rowcount: SQLite reports -1 for a statement that opens with WITH.
        return MaritalStatus.objects.count() // 2

    def couples_sample(self, wanted: int) -> list[tuple[tuple[Any, ...], tuple[Any, ...]]]:
        """About ``wanted`` × ``SAMPLE`` couples married before the system, both alive, for the divorces:
        (id, birth, region) of the husband and of the wife, a deterministic spread over the city."""
        married = MaritalStatus.objects.filter(status="married", person__gender="M", person__status="alive",
                                               spouse__status="alive")
        total = married.count()
        step = max(1, total // max(1, wanted * SAMPLE))
        rows = (married.annotate(bucket=Mod("person_id", step)).filter(bucket=self.rng.randrange(step))
                .values_list("person_id", "person__birth_date", "person__region_code", "spouse_id",
                             "spouse__birth_date", "spouse__region_code").order_by("person_id"))
        out = [((h, hb, hr), (w, wb, wr)) for h, hb, hr, w, wb, wr in rows]
        self.rng.shuffle(out)
        return out

    def singles(self, wanted: int) -> dict[str, dict[str, list[tuple[int, dt.date, str]]]]:
        """About ``wanted`` × ``SAMPLE`` alive residents of each gender never married here, of an age to marry
        on every day of the year (men born 23 to 38 years ago, women 21 to 36), by county."""
        out: dict[str, dict[str, list[tuple[int, dt.date, str]]]] = defaultdict(lambda: {"M": [], "F": []})
        ranges = {"M": (add_years(self.today, -38), add_years(self.start, -22)),
                  "F": (add_years(self.today, -36), add_years(self.start, -20))}
        for gender, (low, high) in ranges.items():
            rows = Person.objects.filter(status="alive", gender=gender, birth_date__gte=low, birth_date__lte=high,
                                         marital_status__isnull=True)
            step = max(1, rows.count() // max(1, wanted * SAMPLE))
            sample = rows.annotate(bucket=Mod("id", step)).filter(bucket=self.rng.randrange(step))
            for pid, birth, region in sample.values_list("id", "birth_date", "region_code").order_by("id"):
                out[region[:6]][gender].append((pid, birth, region))
        return out


@transaction.atomic
def _write(seeder: MarriageSeeder, *, seed: int, scale: float) -> dict[str, int]:
    rng, today = seeder.rng, seeder.today
    couples = seeder.couples_insert()
    # What the divorces and marriages below change: person → (region, status, spouse, marriage, since).
    statuses: dict[int, tuple[str, str, int | None, int | None, dt.date | None]] = {}
    changes: list[tuple[int, str, str, str, dt.date, str, int | None]] = []
    serials: dict[tuple[int, int, str], int] = defaultdict(int)

    # ---- divorces: couples married before the system, both alive, an office in their county ----
    target = scaled(DIVORCES, scale)
    plan = ([("registered", target)] + [(kind, scaled(round(DIVORCES * share), scale)) for kind, share in
                                        (("pending", PENDING_SHARE), ("withdrawn", WITHDRAWN_SHARE),
                                         ("lapsed", LAPSED_SHARE))])
    wanted_divorces = sum(count for _, count in plan)
    candidates = [c for c in seeder.couples_sample(wanted_divorces) if seeder.office_for(c[0][2]) is not None]
    prior: list[Marriage] = []
    divorces: list[tuple[str, dt.date, dt.date]] = []  # kind, applied_on, closed_on or registration day
    pick = iter(candidates)
    for kind, count in plan:
        made = 0
        for husband, wife in pick:
            if made == count:
                break
            earliest = max(add_years(husband[1], 22), add_years(wife[1], 20))
            latest = min(dt.date(2023, 12, 31), today - dt.timedelta(days=400))
            if earliest > latest:
                continue
            married_on = earliest + dt.timedelta(days=rng.randrange((latest - earliest).days + 1))
            dates = _divorce_dates(kind, seeder)
            if dates is None:
                continue
            office = seeder.office_for(husband[2])
            assert office is not None
            prior.append(Marriage(
                office=office, region_code=office.region_code, source=Marriage.Source.PRIOR, husband_id=husband[0],
                wife_id=wife[0], registered_on=married_on, husband_age=age_on(husband[1], married_on),
                wife_age=age_on(wife[1], married_on), both_present=True, declared_not_married=True,
                declared_no_prohibited_relationship=True,
                prior_certificate_number=f"J{office.region_code[:6]}-{married_on.year}-{rng.randrange(1, 3000):06d}",
            ))
            divorces.append((kind, *dates))
            made += 1
    for m, (kind, _, closed) in zip(prior, divorces, strict=True):
        if kind == "registered":
            m.status, m.ended_on = Marriage.Status.DIVORCED, closed
    Marriage.objects.bulk_create(prior, batch_size=2000)
    applications = []
    for m, (kind, applied, closed) in zip(prior, divorces, strict=True):
        timeline = divorce_timeline(applied)
        applications.append(DivorceApplication(
            marriage=m, office_id=m.office_id, region_code=m.region_code, applied_on=applied,
            agreement=rng.choice(AGREEMENTS), cooling_off_ends=timeline.cooling_off_ends,
            appear_by=timeline.appear_by, status=kind, closed_on=None if kind == "pending" else closed,
            both_present=kind == "registered",
            withdrawn_by_id=(m.husband_id if rng.random() < 0.5 else m.wife_id) if kind == "withdrawn" else None,
        ))
    DivorceApplication.objects.bulk_create(applications, batch_size=2000)
    certificates: list[Certificate] = []
    registered = sorted((a for a in applications if a.status == "registered"), key=lambda a: (a.closed_on, a.pk))
    for a in registered:
        m = a.marriage
        serials[(a.office_id, a.closed_on.year, "L")] += 1
        serial = serials[(a.office_id, a.closed_on.year, "L")]
        certificates.append(_certificate("L", a.office_id, a.region_code, a.closed_on, serial, m.pk, a.pk))
        for pid in (m.husband_id, m.wife_id):
            statuses[pid] = (a.region_code, "divorced", None, m.pk, a.closed_on)
            changes.append((pid, a.region_code, "married", "divorced", a.closed_on, "divorce", m.pk))
    regions = dict(Person.objects.filter(pk__in=[p for m in prior for p in (m.husband_id, m.wife_id)])
                   .values_list("id", "region_code"))
    for m in prior:
        for pid, spouse in ((m.husband_id, m.wife_id), (m.wife_id, m.husband_id)):
            if pid not in statuses:  # still married: now to a marriage on record
                statuses[pid] = (regions[pid], "married", spouse, m.pk, None)

    # ---- a year of marriages: singles of one county, on working days at its offices -------------
    singles = seeder.singles(scaled(MARRIAGES, scale))
    counties = sorted(c for c in singles if c in seeder.offices)
    weights = [min(len(singles[c]["M"]), len(singles[c]["F"])) for c in counties]
    new: list[Marriage] = []
    wanted = scaled(MARRIAGES, scale)
    for county in counties:
        rng.shuffle(singles[county]["M"])
        rng.shuffle(singles[county]["F"])
    used = defaultdict(int)
    while len(new) < wanted and any(w > used[c] for c, w in zip(counties, weights, strict=True)):
        county = rng.choices(counties, weights=[max(0, w - used[c]) for c, w in zip(counties, weights,
                                                                                     strict=True)])[0]
        i = used[county]
        used[county] += 1
        man, woman = singles[county]["M"][i], singles[county]["F"][i]
        day = rng.choice(seeder.workdays)
        failures = marriage_failures(registration_date=day, parties=[Party("M", man[1], "unmarried"),
                                                                     Party("F", woman[1], "unmarried")],
                                     prohibited_relationship_declared_absent=True)
        if failures:  # cannot happen with the birth ranges above; the rules have the last word
            continue
        office = seeder.office_for(man[2])
        assert office is not None
        new.append(Marriage(office=office, region_code=office.region_code, husband_id=man[0], wife_id=woman[0],
                            registered_on=day, husband_age=age_on(man[1], day), wife_age=age_on(woman[1], day),
                            both_present=True, declared_not_married=True, declared_no_prohibited_relationship=True))
    new.sort(key=lambda m: (m.registered_on, m.husband_id))
    Marriage.objects.bulk_create(new, batch_size=2000)
    for m in new:
        serials[(m.office_id, m.registered_on.year, "J")] += 1
        certificates.append(_certificate("J", m.office_id, m.region_code, m.registered_on,
                                         serials[(m.office_id, m.registered_on.year, "J")], m.pk, None))
        statuses[m.husband_id] = (m.region_code, "married", m.wife_id, m.pk, m.registered_on)
        statuses[m.wife_id] = (m.region_code, "married", m.husband_id, m.pk, m.registered_on)
        for pid in (m.husband_id, m.wife_id):
            changes.append((pid, m.region_code, "unmarried", "married", m.registered_on, "marriage", m.pk))
    Certificate.objects.bulk_create(certificates, batch_size=2000)
    office_regions = {o.pk: o.region_code for offices in seeder.offices.values() for o in offices}
    CertificateCounter.objects.bulk_create([
        CertificateCounter(office_id=office, region_code=office_regions[office], year=year, kind=kind, last=last)
        for (office, year, kind), last in sorted(serials.items())
    ])
    changed = sorted(statuses)
    for i in range(0, len(changed), 5000):  # the couples' rows of the divorces are written anew
        MaritalStatus.objects.filter(person_id__in=changed[i:i + 5000]).delete()
    rows_insert(MaritalStatus, columns=["person_id", "region_code", "status", "spouse_id", "marriage_id", "since"],
                rows=((pid, *values) for pid, values in sorted(statuses.items())))
    now = timezone.now()
    rows_insert(MaritalStatusChange,
                columns=["person_id", "region_code", "before", "after", "changed_on", "cause", "marriage_id",
                         "created_at"],
                rows=((*c, now) for c in changes))
    counts = {
        "couples_married_before": couples,
        "marriages": len(new),
        "divorces_registered": len(registered),
        "divorces_pending": sum(a.status == "pending" for a in applications),
        "divorces_withdrawn": sum(a.status == "withdrawn" for a in applications),
        "divorces_lapsed": sum(a.status == "lapsed" for a in applications),
        "certificates": len(certificates),
        "statuses": MaritalStatus.objects.count(),
    }
    part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts, text="湖州市演示婚姻登记")
    return counts


def _certificate(kind: str, office_id: int, region_code: str, day: dt.date, serial: int, marriage_id: int,
                 divorce_id: int | None) -> Certificate:
    return Certificate(number=certificate_number(kind=kind, office_id=office_id, office_region_code=region_code,
                                                 year=day.year, serial=serial),
                       kind=kind, office_id=office_id, region_code=region_code, year=day.year, serial=serial,
                       issued_on=day, marriage_id=marriage_id, divorce_id=divorce_id)


def _divorce_dates(kind: str, seeder: MarriageSeeder) -> tuple[dt.date, dt.date] | None:
    """(applied_on, closed_on) of an application of this kind: a registered one closes on a working
    day of the year inside its window; a pending one is in its cooling-off or window today; a
    withdrawn one closed on a day of its cooling-off; a lapsed one the day after its window."""
    rng, today = seeder.rng, seeder.today
    if kind == "pending":  # applied in the last 55 days: its window to appear runs past today
        applied = today - dt.timedelta(days=rng.randrange(0, 55))
        return applied, applied
    if kind == "withdrawn":
        applied = seeder.start + dt.timedelta(days=rng.randrange(0, 300))
        return applied, applied + dt.timedelta(days=rng.randrange(1, 30))
    if kind == "lapsed":
        applied = seeder.start + dt.timedelta(days=rng.randrange(0, 200))
        return applied, divorce_timeline(applied).appear_by + dt.timedelta(days=1)
    for _ in range(50):
        # A working day of the year, applied 31 to 57 days before: inside the window unless a
        # holiday moved the cooling-off's end past it, which the timeline tells.
        day = rng.choice(seeder.workdays)
        applied = day - dt.timedelta(days=rng.randrange(31, 58))
        timeline = divorce_timeline(applied)
        if timeline.cooling_off_ends < day <= timeline.appear_by:
            return applied, day
    return None


def demo_marriage_build(*, seed: int, scale: float, say: Callable[[str], None] = lambda text: None,
                        today: dt.date | None = None) -> dict[str, Any]:
    """Write the registry of marriages of the demo city. Does nothing when done already or when
    there are no marriage offices (the facilities part) to register at."""
    if part_built(BUILT_ACTION):
        return {}
    seeder = MarriageSeeder(seed=seed, scale=scale, today=today or timezone.localdate())
    if not seeder.offices:
        return {}
    counts = _write(seeder, seed=seed, scale=scale)
    tables_analyze(Marriage, MaritalStatus, Certificate, DivorceApplication)
    say(f"  婚姻登记：婚前已婚夫妻 {counts['couples_married_before']:,} 对，一年结婚登记 {counts['marriages']:,} 对，"
        f"离婚登记 {counts['divorces_registered']:,} 对，冷静期或待到场 {counts['divorces_pending']:,} 件")
    return counts
