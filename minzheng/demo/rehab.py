"""The demo city's community mental-health rehab (精神康复) and the 2024 reviews of the two
disability subsidies.

- **Rehab organizations** are the facilities demo's 28 × scale sites of kind 精神康复机构
  (``demo.facilities``: opened 2016–2023, at addresses drawn where people live); this part reads
  them and writes none, so ``disability.rehab_orgs`` reads back 28 at scale 1.0.
- **Their providers**: the facilities demo gives them no operator; this part registers one rehab
  service provider (社会服务机构, a valid USCC) per county running its organizations, for the
  demo login ``rehab_operator`` (the provider with the most organizations) to record services.
- **The "1+5+N" network** (``network_plan``): in each county the first rehab organization is the
  county centre; its other rehab organizations are township stations, topped up to 5 with community
  care centres of townships that have no station yet (hosted stations); each other township with a
  community care centre gets a village rehab point at one. A county with no rehab organization (a
  small scale) has no county centre, and the coverage page says so.
- **Registered patients**: ``PER_1000`` (2.0) per 1,000 residents aged 18 and over alive at the end
  of 2024 (severe mental disorders are registered at about 4‰ of the population in China; about
  half live at home under community rehab), drawn by a fixed hash of the person's id, registered
  2018–2024 with the organization of their county (the city's first when the county has none);
  diagnoses weighted as the registry is (most 精神分裂症); ``CONSENT_SHARE`` signed consent (a
  guardian for most), ``ENDED_SHARE`` ended before 2024.
- **Served in 2024**: exactly ``round(698 × scale)`` of the consenting patients on the register in
  2024 (``disability.rehab_served`` reads 698 back at scale 1.0), each given 1–12 services by their
  organization between their consent and the end of 2024, ``STANDARD_SHARE`` of them at least 4.
- **The two subsidies**: the assistance demo enrols nobody in them, so when no live enrollment
  exists this part gives ``CERTIFICATE_SHARE`` of the patients a mental-disability certificate
  (残疾人证, grade 1–4, the number sealed as the registry seals it) and enrols them, as the engine
  would, in the nursing subsidy (all grades of mental disability are covered) and, for those in a
  dibao household, the living subsidy, at the programs' own amounts; ``EXPIRING_SHARE`` of the
  certificates expire in August 2024. Then **two review rounds** city-wide (20 May and 20 November
  2024) go through the real ``review_round_run`` (the engine's ``review_record`` per enrollment):
  ``disability.subsidy_reviews`` reads 2 back; the second round ends the expired ones.

Rows are written with ``bulk_create``. Idempotent: a second call finds the marker and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from stdnum.cn import uscc

from minzheng.assistance.codes import KIND_DIGITS
from minzheng.assistance.disability.models import DisabilityCertificate
from minzheng.benefits.enrollments.models import Enrollment
from minzheng.benefits.enrollments.services import enrollment_new
from minzheng.benefits.programs.models import Program
from minzheng.core import crypto
from minzheng.core.db import tables_analyze
from minzheng.core.masking import mask_id_number
from minzheng.core.models import Region, User
from minzheng.core.regions import Level
from minzheng.core.synthetic.names import given_name, surname
from minzheng.demo.marker import part_built, part_mark
from minzheng.disability.network.models import NetworkPlacement
from minzheng.disability.patients.models import RehabPatient
from minzheng.disability.records.models import RehabService
from minzheng.disability.reviews.services import review_round_run
from minzheng.facilities.operators.models import Operator
from minzheng.facilities.sites.models import Facility
from minzheng.people.models import Person

YEAR = 2024
DAY = dt.date(YEAR, 12, 31)
BUILT_ACTION = "demo.rehab.built"
SERVED = 698  # the summary's figure at scale 1.0
PER_1000 = Decimal("2.0")
CONSENT_SHARE = 0.85
GUARDIAN_SHARE = 0.6
ENDED_SHARE = 0.04
STANDARD_SHARE = 0.65
CERTIFICATE_SHARE = 0.5
EXPIRING_SHARE = 0.03
TOWNSHIP_STATIONS = 5
NETWORK_FROM = dt.date(2022, 12, 1)  # 精康融合行动 (民发〔2022〕104号)
ROUNDS = (dt.date(YEAR, 5, 20), dt.date(YEAR, 11, 20))
REGISTERED_FROM, REGISTERED_TO = dt.date(2018, 1, 1), dt.date(YEAR, 10, 31)
ADULT_BORN_BY = dt.date(YEAR - 18, 12, 31)
DIAGNOSES = {
    "schizophrenia": 70,
    "bipolar": 10,
    "paranoid": 5,
    "schizoaffective": 4,
    "epilepsy": 4,
    "intellectual": 5,
    "other": 2,
}
SEVERITIES = {"mild": 40, "moderate": 40, "severe": 20}
KINDS = {"medication": 40, "life_skills": 25, "vocational": 10, "home_guidance": 25}
END_REASONS = ["迁出本市", "长期住院", "本人申请退出", "死亡"]
PURPOSE = "disability_certificate"  # as assistance.disability.services seals the number


def scaled(n: int, scale: float) -> int:
    return int((Decimal(n) * Decimal(str(scale))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def patient_target(adults: int) -> int:
    """Registered home-based patients for ``adults`` residents aged 18 and over: 2.0 per 1,000."""
    return int((PER_1000 * adults / Decimal(1000)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Site:
    pk: int
    region_code: str
    kind: str


def network_plan(*, sites: list[Site], townships: dict[str, list[str]]) -> list[tuple[Site, str]]:
    """(site, level) of the "1+5+N" network of each county: the first rehab organization is the
    county centre, the others township stations; community care centres of townships with no
    station host stations until the county has ``TOWNSHIP_STATIONS``, then village points, one in
    each township left. ``townships``: county (6 digits) → its townships' 9-digit prefixes."""
    plan: list[tuple[Site, str]] = []
    for county, prefixes in sorted(townships.items()):
        here = [s for s in sites if s.region_code.startswith(county)]
        rehab = [s for s in here if s.kind == Facility.Kind.MENTAL_REHAB_CENTRE]
        centres = [s for s in here if s.kind == Facility.Kind.COMMUNITY_CARE_CENTRE]
        if rehab:
            plan.append((rehab[0], "county"))
        stations = rehab[1:]
        plan += [(s, "township") for s in stations]
        with_station = {s.region_code[:9] for s in stations}
        used: set[str] = set()
        for prefix in prefixes:
            if prefix in with_station:
                continue
            host = next((c for c in centres if c.region_code.startswith(prefix)), None)
            if host is None:
                continue
            used.add(prefix)
            if len(stations) < TOWNSHIP_STATIONS:
                stations.append(host)
                plan.append((host, "township"))
            else:
                plan.append((host, "village"))
    return plan


def _adults(*, seed: int, per_mille: int) -> list[tuple[int, str]]:
    """(id, region_code) of adults alive at the end of 2024 whose fixed hash falls under ``per_mille``."""
    table = connection.ops.quote_name(Person._meta.db_table)
    salt = seed * 6151 + 29
    sql = (
        f"SELECT id, region_code FROM {table} WHERE birth_date <= %s AND status = %s AND death_date IS NULL "
        f"AND ((id * 1103515245 + {salt}) %% 2147483648) %% 1000 < %s ORDER BY id"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [connection.ops.adapt_datefield_value(ADULT_BORN_BY), Person.Status.ALIVE, per_mille]
        )
        return list(cursor.fetchall())


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _operators() -> int:
    """A rehab service provider (社会服务机构) per county, running the county's rehab organizations
    that have no operator yet, so a demo login can record services (``demo.staff.DEMO_OPERATORS``)."""
    names = dict(Region.objects.filter(level=Level.COUNTY).values_list("code", "name"))
    made = 0
    for county in sorted(
        {
            code[:6]
            for code in Facility.objects.filter(
                kind=Facility.Kind.MENTAL_REHAB_CENTRE, operator__isnull=True
            ).values_list("region_code", flat=True)
        }
    ):
        body = f"52{county}MJ{made + 1:07d}"
        operator, _ = Operator.objects.get_or_create(
            uscc=body + uscc.calc_check_digit(body),
            defaults={
                "name": f"{names.get(county.ljust(12, '0'), county)}康宁精神康复服务中心",
                "region_code": county.ljust(12, "0"),
            },
        )
        Facility.objects.filter(
            kind=Facility.Kind.MENTAL_REHAB_CENTRE, operator__isnull=True, region_code__startswith=county
        ).update(operator=operator)
        made += 1
    return made


def _network(*, actor: User) -> int:
    sites = [
        Site(pk, code, kind)
        for pk, code, kind in Facility.objects.filter(
            kind__in=[Facility.Kind.MENTAL_REHAB_CENTRE, Facility.Kind.COMMUNITY_CARE_CENTRE],
            status=Facility.Status.OPEN,
        )
        .order_by("kind", "id")
        .values_list("pk", "region_code", "kind")
    ]
    sites.sort(key=lambda s: (s.kind != Facility.Kind.MENTAL_REHAB_CENTRE, s.pk))
    townships: dict[str, list[str]] = defaultdict(list)
    for code in (
        Region.objects.filter(level=Level.TOWNSHIP, code__startswith="3305")
        .order_by("code")
        .values_list("code", flat=True)
    ):
        townships[code[:6]].append(code[:9])
    opened = dict(Facility.objects.filter(pk__in=[s.pk for s in sites]).values_list("pk", "opened_on"))
    rows = [
        NetworkPlacement(
            facility_id=site.pk,
            level=level,
            region_code=site.region_code,
            county_code=site.region_code[:6],
            placed_on=max(NETWORK_FROM, opened.get(site.pk) or NETWORK_FROM),
            created_by=actor,
        )
        for site, level in network_plan(sites=sites, townships=townships)
    ]
    NetworkPlacement.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _patients(*, rng: random.Random, seed: int, actor: User) -> list[RehabPatient]:
    orgs = list(
        Facility.objects.filter(kind=Facility.Kind.MENTAL_REHAB_CENTRE, status=Facility.Status.OPEN)
        .order_by("id")
        .values_list("pk", "region_code")
    )
    if not orgs:
        return []
    by_county: dict[str, int] = {}
    for pk, code in orgs:
        by_county.setdefault(code[:6], pk)
    adults = Person.objects.filter(
        birth_date__lte=ADULT_BORN_BY, status=Person.Status.ALIVE, death_date__isnull=True
    )
    target = patient_target(adults.count())
    per_mille = min(1000, int(PER_1000 * 2) + 2)
    pool = _adults(seed=seed, per_mille=per_mille)
    taken = set(RehabPatient.objects.filter(ended_on__isnull=True).values_list("person_id", flat=True))
    pool = [row for row in pool if row[0] not in taken]
    chosen = rng.sample(pool, min(target, len(pool)))
    rows = []
    for person_id, region_code in sorted(chosen):
        registered = _day(rng, REGISTERED_FROM, REGISTERED_TO)
        patient = RehabPatient(
            person_id=person_id,
            region_code=region_code,
            organization_id=by_county.get(region_code[:6], orgs[0][0]),
            diagnosis=_pick(rng, DIAGNOSES),
            severity=_pick(rng, SEVERITIES),
            registered_on=registered,
            created_by=actor,
        )
        if rng.random() < CONSENT_SHARE:
            patient.consent_on = min(registered + dt.timedelta(days=rng.randint(0, 30)), REGISTERED_TO)
            if rng.random() < GUARDIAN_SHARE:
                patient.consent_signer = "guardian"
                patient.guardian_name = surname(rng) + given_name(rng, rng.choice("MF"), 1965)
            else:
                patient.consent_signer = "patient"
        if registered.year < YEAR and rng.random() < ENDED_SHARE:
            patient.ended_on = _day(rng, registered, dt.date(YEAR - 1, 12, 31))
            patient.end_reason = rng.choice(END_REASONS)
        rows.append(patient)
    return RehabPatient.objects.bulk_create(rows, batch_size=1000)


def _services(
    *, rng: random.Random, patients: list[RehabPatient], count: int, actor: User
) -> tuple[int, int]:
    eligible = [p for p in patients if p.consent_on is not None and p.ended_on is None]
    served = rng.sample(eligible, min(count, len(eligible)))
    rows = []
    for p in served:
        assert p.consent_on is not None
        first = max(p.consent_on or p.registered_on, p.registered_on, dt.date(YEAR, 1, 1))
        n = rng.randint(4, 12) if rng.random() < STANDARD_SHARE else rng.randint(1, 3)
        for _ in range(n):
            rows.append(
                RehabService(
                    patient_id=p.pk,
                    facility_id=p.organization_id,
                    region_code=p.region_code,
                    kind=_pick(rng, KINDS),
                    served_on=_day(rng, first, DAY),
                    minutes=rng.choice([30, 45, 60, 90, 120]),
                    staff=surname(rng) + given_name(rng, rng.choice("MF"), 1985),
                    consent_on=p.consent_on,
                    created_by=actor,
                )
            )
    RehabService.objects.bulk_create(rows, batch_size=2000)
    return len(served), len(rows)


def _subsidies(*, rng: random.Random, patients: list[RehabPatient], actor: User) -> dict[str, int]:
    """Certificates and enrollments for a share of the patients, when the subsidies have nobody."""
    programs = {
        p.code: p for p in Program.objects.filter(code__in=["disability_living", "disability_nursing"])
    }
    if (
        len(programs) < 2
        or Enrollment.objects.filter(program__in=programs.values(), status__in=Enrollment.LIVE).exists()
    ):
        return {"certificates": 0, "enrollments": 0}
    holders = [p for p in patients if p.ended_on is None and rng.random() < CERTIFICATE_SHARE]
    have = set(
        DisabilityCertificate.objects.filter(person_id__in=[p.person_id for p in holders]).values_list(
            "person_id", flat=True
        )
    )
    holders = [p for p in holders if p.person_id not in have]
    persons = Person.objects.in_bulk([p.person_id for p in holders])
    dibao = set(
        Enrollment.objects.filter(program__code="dibao", status__in=Enrollment.LIVE).values_list(
            "household__memberships__person_id", flat=True
        )
    )
    nursing, living = programs["disability_nursing"], programs["disability_living"]
    amounts = nursing.params.get("amounts", {})
    living_amount = Decimal(str(living.params.get("monthly_amount", "0.00")))
    certificates, enrollments = [], []
    for p in holders:
        person = persons[p.person_id]
        grade = rng.choices([1, 2, 3, 4], [20, 35, 30, 15])[0]
        number = f"{person.id_number}{KIND_DIGITS['mental']}{grade}"
        issued = _day(rng, dt.date(2012, 1, 1), dt.date(2023, 6, 30))
        expiring = rng.random() < EXPIRING_SHARE
        certificates.append(
            DisabilityCertificate(
                person_id=p.person_id,
                region_code=p.region_code,
                kind="mental",
                grade=grade,
                number_cipher=crypto.encrypt(number, purpose=PURPOSE),
                number_digest=crypto.blind_index(number, purpose=PURPOSE),
                number_masked=mask_id_number(number),
                issued_on=issued,
                valid_until=dt.date(YEAR, 8, 31) if expiring else None,
                created_by=actor,
            )
        )
        approved = _day(rng, issued, dt.date(2023, 12, 31))
        enrollments.append(
            enrollment_new(
                program=nursing,
                person=person,
                region_code=person.region_code,
                approved_on=approved,
                monthly_amount=Decimal(str(amounts.get(str(grade), "0.00"))),
                review_interval_months=6,
                actor=actor,
            )
        )
        if p.person_id in dibao:
            enrollments.append(
                enrollment_new(
                    program=living,
                    person=person,
                    region_code=person.region_code,
                    approved_on=approved,
                    monthly_amount=living_amount,
                    review_interval_months=6,
                    actor=actor,
                )
            )
    DisabilityCertificate.objects.bulk_create(certificates, batch_size=1000)
    Enrollment.objects.bulk_create(enrollments, batch_size=1000)
    return {"certificates": len(certificates), "enrollments": len(enrollments)}


def demo_rehab_build(
    *, seed: int, scale: float, actor: User, say: Callable[[str], None] = lambda text: None
) -> dict[str, Any]:
    """The network, patients, 2024 services, the subsidies' holders and two review rounds (see the
    module's docstring). Does nothing (returns {}) when already built or without residents."""
    if part_built(BUILT_ACTION) or not Person.objects.exists():
        return {}
    started = time.perf_counter()
    rng = random.Random(seed * 1013 + 11)
    with transaction.atomic():
        operators = _operators()
        placements = _network(actor=actor)
        patients = _patients(rng=rng, seed=seed, actor=actor)
        served, services = _services(rng=rng, patients=patients, count=scaled(SERVED, scale), actor=actor)
        subsidies = _subsidies(rng=rng, patients=patients, actor=actor)
    tables_analyze(NetworkPlacement, RehabPatient, RehabService, DisabilityCertificate, Enrollment)
    built = time.perf_counter()
    rounds = [review_round_run(actor=actor, region="3305", done_on=day) for day in ROUNDS]
    counts: dict[str, Any] = {
        "operators": operators,
        "placements": placements,
        "patients": len(patients),
        "patients_served": served,
        "services": services,
        **subsidies,
        "review_rounds": len(rounds),
        "reviewed": sum(r.reviewed for r in rounds),
        "terminated": sum(r.terminated for r in rounds),
        "seconds_registry": round(built - started, 1),
        "seconds_reviews": round(time.perf_counter() - built, 1),
    }
    part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts, text="湖州市演示精神康复")
    say(
        f"  精神康复：网络节点 {placements:,} 个，在册患者 {len(patients):,} 人，{YEAR}年服务 {served:,} 人 "
        f"{services:,} 次；两项补贴复核 {len(rounds)} 次，{counts['reviewed']:,} 人次"
    )
    return counts
