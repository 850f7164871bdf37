"""The demo city's charity (慈善) for the 2024 summary's figures (三.2), on the organizations of the
registry demo (``demo.civil_society``).

- **The charity federation system** (慈善总会系统): the 慈善总会 of the city and of the five
  counties, recognized as charities in 2017 with the ``federation`` flag and the public
  fundraising qualification. They are taken from the registry by name, or registered here when
  the registry demo has none (an 社会团体 with a person and an address of its county).
- **Recognitions**: ``STANDING_TOTAL`` (106, the summary's "突破100") charities standing at the end
  of 2024, ``NEW_2024`` (16) of them recognized in 2024, the rest 2017–2023; besides them two
  recognitions withdrawn in 2023, three refused and two pending. Registry organizations
  (foundations, social service organizations and social groups, active, registered before
  mid-2023) are drawn by a fixed hash; with fewer organizations (a small scale) there are fewer
  charities. Decisions come 5–18 days after the application (one 2024 decision late). About one
  in six holds the public fundraising qualification.
- **Campaigns**: each federation member's 慈善一日捐 (May–June) of 2023 and 2024, public campaigns
  of the qualified charities (one an emergency filed after its start), and directed ones.
- **The donation ledger**: the federation's 2024 donations total exactly ``RAISED`` × scale
  (``charity.raised``, 454,000,000 at 1.0) over about ``DONATIONS`` × scale lines (the 慈善一日捐's
  in its campaign), plus other charities' donations and a few voided receipts (not counted); donors
  are residents, units, organizations or anonymous; one in twenty declines a receipt; receipt
  numbers run 1, 2, 3 … per organization and year, with the counters set to the last.
- **Disbursements** of 2024 to livelihood categories total exactly ``INVESTED`` × scale
  (``charity.invested_livelihood``, 427,000,000), each with a project reference.
- **Annual accounts** of 2024 for every standing charity: most pass the art. 61 check,
  ``FAILING_SHARE`` do not (spending short or management over its cap).
- **Trusts**: 30 filed 2017–2023 for ``TRUST_BEFORE`` × scale and 12 in 2024 for ``TRUST_NEW`` ×
  scale (``charity.trust_new`` 15,300,000, ``charity.trust_total`` 61,140,000 and
  ``charity.trust_growth`` 33.4% at 1.0; the summary rounds it to 33%), two filed late, with their
  2023 reports.

Rows are written with ``bulk_create``. Idempotent: a second call finds the marker and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from stdnum.cn import uscc as stdnum_uscc

from minzheng.civil_society.charity.models import (
    AnnualAccounts,
    CharityRecognition,
    Decision,
    FundraisingQualification,
)
from minzheng.civil_society.charity.periods import period_end
from minzheng.civil_society.charity.services import qualification_first_day
from minzheng.civil_society.charity.spending import TIERS, spending_check
from minzheng.civil_society.donations.models import (
    Campaign,
    CampaignKind,
    Channel,
    Disbursement,
    Donation,
    DonorKind,
    Livelihood,
    PropertyKind,
    ReceiptCounter,
)
from minzheng.civil_society.donations.services import receipt_number
from minzheng.civil_society.registry.models import Organization
from minzheng.civil_society.trusts.models import CharitableTrust, TrusteeKind, TrustReport
from minzheng.core.db import tables_analyze
from minzheng.demo.marker import CITY_CODE, part_built, part_mark
from minzheng.people.models import Person
from minzheng.places.models import Address

YEAR = 2024
BUILT_ACTION = "demo.charity.built"
STANDING_TOTAL, NEW_2024 = 106, 16
WITHDRAWN, REFUSED, PENDING = 2, 3, 2
RAISED = Decimal("454000000")
INVESTED = Decimal("427000000")
OTHER_RAISED = Decimal("60000000")
TRUST_NEW, TRUST_BEFORE = Decimal("15300000"), Decimal("45840000")
TRUSTS_NEW, TRUSTS_BEFORE = 12, 30
DONATIONS, DISBURSEMENTS = 150_000, 4_000
QUALIFIED_SHARE = 6  # one in six other charities holds the public fundraising qualification
FAILING_SHARE = 0.08
DECLINED_SHARE, VOIDED_SHARE = 0.05, 0.002
FEDERATION = [
    ("330500", "湖州市慈善总会", "330502", 40),
    ("330502", "吴兴区慈善总会", "330502", 12),
    ("330503", "南浔区慈善总会", "330503", 12),
    ("330521", "德清县慈善总会", "330521", 12),
    ("330522", "长兴县慈善总会", "330522", 12),
    ("330523", "安吉县慈善总会", "330523", 12),
]
COMPANIES = [("浙湖信托股份有限公司", "913305007000000001"), ("南太湖信托有限责任公司", "913305007000000002")]
UNITS = ["湖州{}有限公司", "湖州{}股份有限公司", "{}商会", "湖州市{}协会", "{}工贸有限公司"]
WORDS = [
    "织里童装",
    "南浔木业",
    "德清地信",
    "长兴新能源",
    "安吉白茶",
    "太湖电器",
    "吴兴丝绸",
    "菰城建设",
    "碧浪湖",
    "仁皇山",
    "莫干山",
    "顾渚",
    "练市",
    "双林",
    "新市",
]
LIVELIHOOD = [v for v in Livelihood.values if v != Livelihood.OTHER]
LIVELIHOOD_WEIGHTS = [30, 18, 14, 10, 12, 8, 3, 5]
FEN = Decimal("0.01")


def scaled(amount: Decimal, scale: float) -> Decimal:
    return (amount * Decimal(str(scale))).quantize(FEN, rounding=ROUND_HALF_UP)


def split(
    rng: random.Random, total: Decimal, count: int, *, alpha: float = 1.2, floor: Decimal = Decimal(1)
) -> list[Decimal]:
    """``count`` amounts, heavy-tailed (Pareto ``alpha``), each at least ``floor``, summing to
    ``total`` exactly (to the fen)."""
    fen_total = int(total * 100)
    floor_fen = int(floor * 100)
    count = max(1, min(count, fen_total // max(floor_fen, 1)))
    weights = [min(rng.paretovariate(alpha), 500.0) for _ in range(count)]
    spare = fen_total - floor_fen * count
    weight_sum = sum(weights)
    parts = [floor_fen + int(spare * w / weight_sum) for w in weights]
    parts[max(range(count), key=lambda i: weights[i])] += fen_total - sum(parts)
    return [Decimal(p) / 100 for p in parts]


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _uscc(body: str) -> str:
    return body + stdnum_uscc.calc_check_digit(body)


def federation_members() -> list[tuple[Organization, int]]:
    """The six 慈善总会 with their share of the federation's donations, found or registered."""
    out = []
    for n, (place, name, county, weight) in enumerate(FEDERATION, start=1):
        org = Organization.objects.filter(name=name).first()
        if org is None:
            address = Address.objects.filter(region_code__startswith=county).order_by("id").first()
            person = (
                Person.objects.filter(region_code__startswith=county, status=Person.Status.ALIVE)
                .order_by("birth_date", "id")
                .first()
            )
            if address is None or person is None:
                continue
            org = Organization.objects.create(
                name=name,
                kind=Organization.Kind.ASSOCIATION,
                uscc=_uscc(f"51{county}MJCH{n:05d}"),
                region_code=address.region_code,
                authority_code=place.ljust(12, "0"),
                registered_on=dt.date(2005, 3, n),
                supervising_unit=f"{name[:3]}民政局",
                legal_representative=person,
                address=address,
                funds=Decimal("300000.00"),
                scope="募集善款，扶贫济困，开展慈善救助",
                status=Organization.Status.ACTIVE,
                status_since=dt.date(2005, 3, n),
            )
        out.append((org, weight))
    return out


def _hash(pk: int, seed: int) -> int:
    return (pk * 1103515245 + seed * 7919 + 13) % 2147483648


def candidates(*, seed: int, exclude: set[int], count: int) -> list[Organization]:
    orgs = list(
        Organization.objects.filter(
            kind__in=[
                Organization.Kind.FOUNDATION,
                Organization.Kind.SERVICE_ORG,
                Organization.Kind.ASSOCIATION,
            ],
            status=Organization.Status.ACTIVE,
            registered_on__lte=dt.date(2023, 6, 30),
        )
        .exclude(pk__in=exclude)
        .only("id", "region_code", "registered_on", "name")
    )
    orgs.sort(key=lambda o: _hash(o.pk, seed))
    return sorted(orgs[:count], key=lambda o: (o.registered_on, o.pk))


def _recognition(
    org: Organization,
    *,
    decided: dt.date,
    rng: random.Random,
    late: bool = False,
    federation: bool = False,
    decision: str = Decision.GRANTED,
) -> CharityRecognition:
    applied = max(decided - dt.timedelta(days=rng.randint(5, 18)), org.registered_on)
    due = period_end(applied, 20)
    if late:
        decided = due + dt.timedelta(days=3)
    decided = max(decided, applied)
    return CharityRecognition(
        organization=org,
        region_code=org.region_code,
        applied_on=applied,
        due_on=due,
        decided_on=None if decision == Decision.PENDING else decided,
        decision=decision,
        decided_late=decision != Decision.PENDING and decided > due,
        federation=federation,
        reason="不符合慈善组织认定条件" if decision == Decision.REFUSED else "",
    )


def _qualification(org: Organization, *, decided: dt.date, rng: random.Random) -> FundraisingQualification:
    applied = decided - dt.timedelta(days=rng.randint(5, 18))
    return FundraisingQualification(
        organization=org,
        region_code=org.region_code,
        applied_on=applied,
        due_on=period_end(applied, 20),
        decided_on=decided,
        decision=Decision.GRANTED,
        certificate_number=f"浙公募{org.pk:06d}",
    )


def build_recognitions(*, rng: random.Random, seed: int, federation: list[Organization]) -> dict[str, Any]:
    fed_ids = {o.pk for o in federation}
    others = STANDING_TOTAL - len(federation)
    pool = candidates(seed=seed, exclude=fed_ids, count=others + WITHDRAWN + REFUSED + PENDING)
    new = pool[-NEW_2024:] if len(pool) > NEW_2024 else pool
    rest = pool[: len(pool) - len(new)]
    early, spare = rest[: max(0, others - len(new))], rest[max(0, others - len(new)) :]
    recognitions, qualifications = [], []
    for org in federation:
        decided = dt.date(2017, 3, 10) + dt.timedelta(days=rng.randint(0, 60))
        recognitions.append(_recognition(org, decided=decided, rng=rng, federation=True))
        qualifications.append(
            _qualification(org, decided=decided + dt.timedelta(days=rng.randint(40, 120)), rng=rng)
        )
    for org in early:
        first = max(dt.date(2017, 1, 10), org.registered_on + dt.timedelta(days=60))
        decided = _day(rng, first, max(first, dt.date(2023, 12, 15)))
        recognitions.append(_recognition(org, decided=decided, rng=rng))
        qualify_from = max(decided, qualification_first_day(org))
        if _hash(org.pk, seed) % QUALIFIED_SHARE == 0 and qualify_from < dt.date(2023, 12, 1):
            qualifications.append(
                _qualification(
                    org,
                    decided=_day(rng, qualify_from + dt.timedelta(days=30), dt.date(2023, 12, 20)),
                    rng=rng,
                )
            )
    for n, org in enumerate(new):
        decided = _day(rng, dt.date(YEAR, 1, 15), dt.date(YEAR, 12, 15))
        recognitions.append(_recognition(org, decided=decided, rng=rng, late=n == 0))
    withdrawn = spare[:WITHDRAWN]
    for org in withdrawn:
        rec = _recognition(org, decided=dt.date(2019, 5, 20), rng=rng)
        rec.withdrawn_on, rec.reason = dt.date(2023, 9, 30), "自行申请注销"
        recognitions.append(rec)
    for org in spare[WITHDRAWN : WITHDRAWN + REFUSED]:
        recognitions.append(
            _recognition(
                org,
                decided=_day(rng, dt.date(YEAR, 2, 1), dt.date(YEAR, 11, 1)),
                rng=rng,
                decision=Decision.REFUSED,
            )
        )
    for org in spare[WITHDRAWN + REFUSED : WITHDRAWN + REFUSED + PENDING]:
        recognitions.append(
            _recognition(org, decided=dt.date(YEAR, 12, 20), rng=rng, decision=Decision.PENDING)
        )
    CharityRecognition.objects.bulk_create(recognitions)
    FundraisingQualification.objects.bulk_create(qualifications)
    qualified = {q.organization_id for q in qualifications}
    return {
        "early": early,
        "new": new,
        "qualified": qualified,
        "recognitions": len(recognitions),
        "qualifications": len(qualifications),
    }


def build_campaigns(
    *,
    rng: random.Random,
    federation: list[Organization],
    qualified: list[Organization],
    others: list[Organization],
    scale: float,
) -> tuple[dict[int, Campaign], list[Campaign]]:
    rows: list[Campaign] = []
    day_of_charity: dict[int, Campaign] = {}
    for org in federation:
        for year in (YEAR - 1, YEAR):
            camp = Campaign(
                organization=org,
                region_code=org.region_code,
                name=f"{year}年{org.name[:3]}慈善一日捐",
                kind=CampaignKind.CITY,
                channel=Channel.WORKPLACE,
                filed_on=dt.date(year, 4, 20),
                starts_on=dt.date(year, 5, 1),
                ends_on=dt.date(year, 6, 30),
                target=scaled(Decimal("80000000"), scale),
                purpose="困难群众帮扶、助医助学助老",
            )
            rows.append(camp)
            if year == YEAR:
                day_of_charity[org.pk] = camp
    for n, org in enumerate(qualified[:10]):
        emergency = n == 0
        start = dt.date(YEAR, 6, 24) if emergency else _day(rng, dt.date(YEAR, 2, 1), dt.date(YEAR, 10, 1))
        rows.append(
            Campaign(
                organization=org,
                region_code=org.region_code,
                kind=CampaignKind.PUBLIC,
                name="防汛救灾应急募捐" if emergency else f"{org.name[:8]}{YEAR}年公益项目募捐",
                channel=Channel.ONLINE,
                emergency=emergency,
                filed_on=start + dt.timedelta(days=4)
                if emergency
                else start - dt.timedelta(days=rng.randint(7, 20)),
                starts_on=start,
                ends_on=start + dt.timedelta(days=rng.randint(30, 90)),
                target=scaled(Decimal(rng.choice([500_000, 1_000_000, 2_000_000])), scale),
                purpose="扶贫济困、助学",
            )
        )
    for org in others[:3]:
        start = _day(rng, dt.date(YEAR, 3, 1), dt.date(YEAR, 9, 1))
        rows.append(
            Campaign(
                organization=org,
                region_code=org.region_code,
                kind=CampaignKind.DIRECTED,
                channel=Channel.OTHER,
                name=f"{org.name[:8]}理事单位定向募捐",
                filed_on=start - dt.timedelta(days=10),
                starts_on=start,
                ends_on=start + dt.timedelta(days=60),
                target=scaled(Decimal(300_000), scale),
                purpose="助老服务",
            )
        )
    Campaign.objects.bulk_create(rows)
    return day_of_charity, rows


def _donor_fields(
    rng: random.Random, people: list[tuple[int, str]], donors: list[Organization], org: Organization
) -> dict[str, Any]:
    roll = rng.random()
    if roll < 0.65 and people:
        pk, name = rng.choice(people)
        return {"donor_kind": DonorKind.PERSON, "donor_person_id": pk, "donor_name": name}
    if roll < 0.80:
        return {"donor_kind": DonorKind.UNIT, "donor_name": rng.choice(UNITS).format(rng.choice(WORDS))}
    if roll < 0.85 and donors:
        donor = rng.choice(donors)
        if donor.pk != org.pk:
            return {
                "donor_kind": DonorKind.ORGANIZATION,
                "donor_organization_id": donor.pk,
                "donor_name": donor.name,
            }
    return {"donor_kind": DonorKind.ANONYMOUS, "donor_name": ""}


def build_donations(
    *,
    rng: random.Random,
    scale: float,
    federation: list[tuple[Organization, int]],
    others: list[Organization],
    day_of_charity: dict[int, Campaign],
) -> dict[str, Any]:
    people = list(
        Person.objects.filter(status=Person.Status.ALIVE).order_by("id").values_list("id", "name")[:20_000]
    )
    donor_orgs = list(Organization.objects.exclude(kind=Organization.Kind.COMMUNITY).order_by("id")[:500])
    count = max(60, round(DONATIONS * scale))
    raised = scaled(RAISED, scale)
    rows: list[Donation] = []
    orgs, weights = [o for o, _ in federation], [w for _, w in federation]
    handlers = ["王丽", "陈刚", "沈燕", "钱建国", "吴晓东", "朱敏"]
    for amount in split(rng, raised, count):
        org = rng.choices(orgs, weights)[0]
        camp = day_of_charity.get(org.pk) if rng.random() < 0.55 else None
        day = (
            _day(rng, camp.starts_on, camp.ends_on)
            if camp
            else _day(rng, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
        )
        rows.append(
            Donation(
                organization=org,
                region_code=org.region_code,
                campaign=camp,
                amount=amount,
                received_on=day,
                property_kind=PropertyKind.MONEY,
                handler=rng.choice(handlers),
                **_donor_fields(rng, people, donor_orgs, org),
            )
        )
    if others:
        for amount in split(rng, scaled(OTHER_RAISED, scale), max(10, count // 5)):
            org = rng.choice(others)
            goods = rng.random() < 0.1
            rows.append(
                Donation(
                    organization=org,
                    region_code=org.region_code,
                    amount=amount,
                    received_on=_day(rng, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)),
                    property_kind=PropertyKind.GOODS if goods else PropertyKind.MONEY,
                    description=f"大米、食用油等生活物资 {rng.randint(20, 500)}件" if goods else "",
                    handler=rng.choice(handlers),
                    **_donor_fields(rng, people, donor_orgs, org),
                )
            )
    for row in rows:
        row.receipt_declined = rng.random() < DECLINED_SHARE
    voided = [rows[i] for i in rng.sample(range(len(rows)), max(1, int(len(rows) * VOIDED_SHARE)))]
    extra = []
    for row in voided:  # a receipt written wrong, voided, and the donation recorded again
        row.receipt_declined = False
        copy = Donation(
            **{
                f.attname: getattr(row, f.attname)
                for f in Donation._meta.concrete_fields
                if f.attname != "id"
            }
        )
        copy.voided_on, copy.void_reason = row.received_on, "金额填写错误，已重开"
        extra.append(copy)
    rows.extend(extra)
    rows.sort(key=lambda d: (d.organization_id, d.received_on, d.voided_on is None))
    counters: dict[tuple[int, int], int] = defaultdict(int)
    for row in rows:
        if row.receipt_declined:
            continue
        key = (row.organization_id, row.received_on.year)
        counters[key] += 1
        row.receipt_year, row.receipt_serial = row.received_on.year, counters[key]
        row.receipt_number = receipt_number(
            organization_id=row.organization_id, year=row.received_on.year, serial=counters[key]
        )
    Donation.objects.bulk_create(rows, batch_size=5000)
    ReceiptCounter.objects.bulk_create(
        [ReceiptCounter(organization_id=org, year=year, last=last) for (org, year), last in counters.items()]
    )
    return {"donations": len(rows), "donations_voided": len(extra), "raised": str(raised)}


def build_disbursements(
    *, rng: random.Random, scale: float, federation: list[Organization], others: list[Organization]
) -> dict[str, Any]:
    total = scaled(INVESTED, scale)
    rows = []
    for n, amount in enumerate(
        split(rng, total, max(30, round(DISBURSEMENTS * scale)), alpha=1.5, floor=Decimal(100))
    ):
        org = rng.choice(federation) if rng.random() < 0.8 or not others else rng.choice(others)
        county = org.region_code[:6]
        ref = f"YHYC-{county}-{YEAR}-{n + 1:05d}" if n % 3 == 0 else f"JZXM-{county}-{YEAR}-{n + 1:05d}"
        rows.append(
            Disbursement(
                organization=org,
                region_code=org.region_code,
                amount=amount,
                paid_on=_day(rng, dt.date(YEAR, 1, 5), dt.date(YEAR, 12, 28)),
                purpose=rng.choices(LIVELIHOOD, LIVELIHOOD_WEIGHTS)[0],
                project_ref=ref,
            )
        )
    for n in range(3):  # not livelihood: not in the figure
        org = rng.choice(federation)
        rows.append(
            Disbursement(
                organization=org,
                region_code=org.region_code,
                amount=scaled(Decimal(50_000), scale),
                paid_on=dt.date(YEAR, 11, 10 + n),
                purpose=Livelihood.OTHER,
                project_ref=f"GY-{YEAR}-{n + 1:03d}",
                note="文化公益活动",
            )
        )
    Disbursement.objects.bulk_create(rows, batch_size=5000)
    return {"disbursements": len(rows), "invested": str(total)}


def _accounts(rng: random.Random, org: Organization, *, public: bool, fail: bool) -> AnnualAccounts:
    net = Decimal(rng.choice([300_000, 800_000, 2_000_000, 4_500_000, 6_000_000, 12_000_000, 30_000_000]))
    income = (net * Decimal(str(rng.uniform(0.2, 0.9)))).quantize(FEN)
    avg = (income * Decimal(str(rng.uniform(0.8, 1.2)))).quantize(FEN)
    required = spending_check(
        public_fundraising=public,
        net_assets_prev_year=net,
        income_prev_year=income,
        income_avg_3y=avg,
        charity_spending=Decimal(0),
        management_costs=Decimal(0),
    ).required_spending
    cap = Decimal("0.10") if public else next(t for t in TIERS if net >= t[0])[2]
    short = fail and rng.random() < 0.5
    spend = (required * Decimal(str(rng.uniform(0.6, 0.95) if short else rng.uniform(1.05, 1.8)))).quantize(
        FEN
    )
    ratio = cap * Decimal(str(rng.uniform(1.1, 1.5) if fail and not short else rng.uniform(0.3, 0.9)))
    mgmt = (spend * ratio / (1 - ratio)).quantize(FEN)
    return AnnualAccounts(
        organization=org,
        region_code=org.region_code,
        year=YEAR,
        public_fundraising=public,
        net_assets_prev_year=net,
        income_prev_year=income,
        income_avg_3y=avg,
        charity_spending=spend,
        management_costs=mgmt,
    )


def build_trusts(*, rng: random.Random, scale: float, federation: list[Organization]) -> dict[str, Any]:
    rows = []
    plan = [
        (a, dt.date(2017, 1, 1), dt.date(2023, 12, 15))
        for a in split(rng, scaled(TRUST_BEFORE, scale), TRUSTS_BEFORE, floor=Decimal(10_000))
    ]
    plan += [
        (a, dt.date(YEAR, 1, 5), dt.date(YEAR, 12, 15))
        for a in split(rng, scaled(TRUST_NEW, scale), TRUSTS_NEW, floor=Decimal(10_000))
    ]
    purposes = ["扶贫济困", "助学兴教", "扶老助残", "乡村振兴", "生态保护", "医疗救助"]
    for n, (amount, first, last) in enumerate(plan):
        signed = _day(rng, first, last)
        due = period_end(signed, 7)
        late = n in (5, TRUSTS_BEFORE + 3)
        filed = due + dt.timedelta(days=2) if late else signed + dt.timedelta(days=rng.randint(1, 6))
        if n % 3 == 0:
            org = rng.choice(federation)
            trustee = {
                "trustee_kind": TrusteeKind.CHARITY,
                "trustee_name": org.name,
                "trustee_uscc": org.uscc,
                "trustee_organization": org,
                "region_code": org.region_code,
            }
        else:
            name, code = COMPANIES[n % 2]
            trustee = {
                "trustee_kind": TrusteeKind.COMPANY,
                "trustee_name": name,
                "trustee_uscc": _uscc(code[:17]),
                "region_code": CITY_CODE,
            }
        purpose = purposes[n % len(purposes)]
        rows.append(
            CharitableTrust(
                name=f"湖州{purpose}慈善信托（{signed.year}-{n + 1:02d}）",
                settlors=f"{rng.choice(WORDS)}集团、爱心人士",
                amount=amount,
                signed_on=signed,
                filed_on=filed,
                due_on=due,
                filed_late=filed > due,
                purpose=purpose,
                **trustee,
            )
        )
    CharitableTrust.objects.bulk_create(rows)
    reports = [
        TrustReport(
            trust=t,
            region_code=t.region_code,
            year=YEAR - 1,
            submitted_on=dt.date(YEAR, 3, 20),
            spending=(t.amount * Decimal("0.06")).quantize(FEN),
            balance=(t.amount * Decimal("0.97")).quantize(FEN),
        )
        for t in rows
        if t.signed_on.year < YEAR
    ]
    TrustReport.objects.bulk_create(reports)
    return {"trusts": len(rows), "trust_reports": len(reports)}


def demo_charity_build(
    *, seed: int, scale: float, say: Callable[[str], None] = lambda text: None
) -> dict[str, Any]:
    """The charity records of the demo city (see the module's docstring); {} when already built,
    or when the city has no people or addresses yet."""
    if part_built(BUILT_ACTION):
        return {}
    started = time.perf_counter()
    rng = random.Random(seed * 1013 + 11)
    with transaction.atomic():
        members = federation_members()
        if not members:
            return {}
        federation = [o for o, _ in members]
        rec = build_recognitions(rng=rng, seed=seed, federation=federation)
        early, new = rec["early"], rec["new"]
        qualified = [o for o in early if o.pk in rec["qualified"]]
        day_of_charity, campaigns = build_campaigns(
            rng=rng,
            federation=federation,
            qualified=qualified,
            others=[o for o in early if o.pk not in rec["qualified"]],
            scale=scale,
        )
        donations = build_donations(
            rng=rng, scale=scale, federation=members, others=early, day_of_charity=day_of_charity
        )
        disbursed = build_disbursements(rng=rng, scale=scale, federation=federation, others=early)
        standing = [*federation, *early, *new]
        failing = set(rng.sample(range(len(standing)), max(1, round(len(standing) * FAILING_SHARE))))
        AnnualAccounts.objects.bulk_create(
            [
                _accounts(rng, org, public=org.pk in rec["qualified"], fail=i in failing)
                for i, org in enumerate(standing)
            ]
        )
        trusts = build_trusts(rng=rng, scale=scale, federation=federation)
    tables_analyze(CharityRecognition, Campaign, Donation, Disbursement, AnnualAccounts, CharitableTrust)
    counts: dict[str, Any] = {
        "charities": len(standing),
        "charities_new": len(new),
        "recognitions": rec["recognitions"],
        "qualifications": rec["qualifications"],
        "campaigns": len(campaigns),
        **donations,
        **disbursed,
        "accounts": len(standing),
        "accounts_failing": len(failing),
        **trusts,
        "seconds": round(time.perf_counter() - started, 1),
    }
    part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts, text="湖州市演示慈善")
    say(
        f"  慈善组织 {len(standing)} 家（{YEAR}年新认定 {len(new)} 家），慈善总会系统募集 {donations['raised']} 元"
        f"（{donations['donations']:,} 笔），投入民生 {disbursed['invested']} 元，慈善信托 {trusts['trusts']} 个"
    )
    return counts
