"""The demo city's social organizations (社会组织) for the 2024 summary's figures (三.1).

- **How many.** Huzhou has about 3,000 registered social organizations; the demo registers
  ``REGISTERED`` × scale (3,000 at 1.0: 44% 社会团体, 50% 社会服务机构, 6% 基金会, about 180
  foundations, so the charity demo finds its ~100 charities among foundations and social-service
  bodies) and files ``COMMUNITY`` × scale community organizations (4,500 at 1.0) with their townships.
  Each has a real legal representative (an adult resident of its county, alive) and a real standard
  address of its county (the organization's region is the address's village); registered ones a
  valid USCC (51/52/53 + the county + a serial, its check character computed with python-stdnum);
  funds above the type's minimum (a foundation's by its fundraising kind).
- **Annual reports** 2021–2024 of every organization registered by the year: most on time, about
  ``LATE_SHARE`` late (entered on the abnormal list the day after the deadline and taken off the day
  they reported), about ``MISSING_SHARE`` missing. A ``DORMANT_SHARE`` goes silent from 2020–2022:
  no reports and no activity from then, and in 2024 two registered letters unsigned 30 days apart
  and a failed call to the legal representative for part of them.
- **Activity**: every lively organization holds an activity in its first year and one or two a year
  2021–2024 (a few outside the charter's scope).
- **The lists**: the real set-based run (``credit_lists_apply``) as of 1 June 2022, 2023 and 2024
  enters the missing reports and the uncontactable on the abnormal list and moves those two years
  on it to the serious list.
- **Cleanup**: ``CLEANED`` × scale (146 at 1.0) cleanup cases of dormant organizations decided in the
  second half of 2024 with 撤销登记, 吊销登记证书 or 注销登记 (the registry follows: revoked or
  deregistered; revoked ones on the serious list), ``RECTIFY`` × scale 限期整改 decisions (half
  corrected, the rest listed when the deadline passed by ``rectify_overdue_apply``), and
  ``OPEN_CASES`` × scale cases still under way. The other dormant ones stay as detection candidates.
- **Venture philanthropy**: the city's 2024 round, funded from welfare-lottery funds, with
  ``PROJECTS`` × scale (178) funded projects totalling ``FUNDING`` × scale (9,050,000: "9百万余"),
  each within its request and the cap (20万, or 3万 for the ``COMMUNITY_SHARE`` by community
  organizations), three reviewers' scores each, and about a third more applications not funded.
- **Awards** of 2024: ``AWARDS`` × scale (7 brand organizations, 8 leading figures, 8 清廉 examples,
  5 typical cases), and a few of 2023.

Every count is ``max(1, round(n × scale))``, so scale 1.0 gives the summary's figures exactly. Rows
are written with ``bulk_create``; idempotent through the marker audit entry.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Mod
from stdnum.cn import uscc as stdnum_uscc

from minzheng.civil_society.credit.models import CreditEntry, CreditList, EntryReason
from minzheng.civil_society.credit.services import credit_lists_apply, status_sync
from minzheng.civil_society.dormancy.models import CaseState, CleanupCase, Decision
from minzheng.civil_society.dormancy.services import rectify_overdue_apply
from minzheng.civil_society.registry.models import (
    ActivitySignal,
    AnnualReport,
    FoundationKind,
    Organization,
    OrgKind,
    OrgStatus,
)
from minzheng.civil_society.registry.services import report_due_on
from minzheng.civil_society.venture.models import OrgAward, VentureApplication, VentureReview, VentureRound
from minzheng.core.models import Region, User
from minzheng.demo.marker import part_built, part_mark
from minzheng.people.models import Person
from minzheng.places.models import Address

BUILT_ACTION = "demo.civil_society.built"
YEAR = 2024
REGISTERED, COMMUNITY = 3000, 4500
KIND_SHARES = {OrgKind.ASSOCIATION: 44, OrgKind.SERVICE_ORG: 50, OrgKind.FOUNDATION: 6}
FOUNDATION_KINDS = {
    FoundationKind.NON_PUBLIC: 70,
    FoundationKind.LOCAL_PUBLIC: 28,
    FoundationKind.NATIONAL_PUBLIC: 2,
}
FOUNDATION_MIN = {
    FoundationKind.NON_PUBLIC: 2_000_000,
    FoundationKind.LOCAL_PUBLIC: 4_000_000,
    FoundationKind.NATIONAL_PUBLIC: 8_000_000,
}
LATE_SHARE, MISSING_SHARE, DORMANT_SHARE = 0.06, 0.015, 0.08
CLEANED, RECTIFY, OPEN_CASES = 146, 12, 15
PROJECTS, FUNDING, COMMUNITY_SHARE, REJECTED_SHARE = 178, Decimal("9050000"), 0.15, 0.35
AWARDS = {"brand": 7, "leader": 8, "integrity": 8, "typical_case": 5}
AWARDS_2023 = {"brand": 6, "leader": 5, "typical_case": 4}
CAP_REGISTERED, CAP_COMMUNITY = Decimal("200000"), Decimal("30000")
REVIEWERS = ("city_admin", "city_checker", "wuxing_officer")
ASSOCIATION_TOPICS = [
    "志愿者",
    "书法家",
    "摄影家",
    "老年体育",
    "企业家",
    "个体劳动者",
    "餐饮行业",
    "物流行业",
    "茶文化",
    "太极拳",
    "慈孝文化",
    "乡贤",
    "电子商务",
    "家庭服务业",
    "养老服务业",
    "红十字志愿",
    "棋类",
    "垂钓",
]
SERVICE_BRANDS = [
    "阳光",
    "向日葵",
    "同心",
    "暖阳",
    "益邻",
    "乐龄",
    "春晖",
    "和美",
    "启航",
    "微光",
    "善行",
    "知心",
]
SERVICES = [
    "社会工作服务中心",
    "居家养老服务中心",
    "康复服务中心",
    "青少年服务中心",
    "培训学校",
    "心理咨询服务中心",
    "助残服务中心",
    "婚姻家庭服务中心",
]
FOUNDATION_NAMES = [
    "教育",
    "助学",
    "文化发展",
    "乡村振兴",
    "扶贫济困",
    "医疗救助",
    "生态环保",
    "见义勇为",
    "青少年发展",
]
COMMUNITY_KINDS = [
    "银发志愿服务队",
    "邻里互助会",
    "文体队",
    "调解服务队",
    "巾帼志愿队",
    "平安巡防队",
    "读书会",
    "孝老爱亲协会",
]
SCOPES = {
    OrgKind.ASSOCIATION: "开展行业交流、业务培训、咨询服务和公益活动",
    OrgKind.SERVICE_ORG: "提供社会工作、养老、康复等专业服务",
    OrgKind.FOUNDATION: "接受捐赠，资助公益慈善项目",
    OrgKind.COMMUNITY: "开展社区志愿服务和邻里互助活动",
}


def scaled(n: int | Decimal, scale: float) -> int:
    return max(1, int((Decimal(n) * Decimal(str(scale))).quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def plan(scale: float) -> dict[str, Any]:
    """The counts the demo builds at ``scale`` (pure; scale 1.0 gives the summary's figures)."""
    projects = scaled(PROJECTS, scale)
    funding = max(
        Decimal("10000"), (FUNDING * Decimal(str(scale))).quantize(Decimal(100), rounding=ROUND_HALF_UP)
    )
    return {
        "registered": scaled(REGISTERED, scale),
        "community": scaled(COMMUNITY, scale),
        "cleaned": scaled(CLEANED, scale),
        "rectify": scaled(RECTIFY, scale),
        "open_cases": scaled(OPEN_CASES, scale),
        "projects": projects,
        "community_projects": int(projects * COMMUNITY_SHARE),
        "funding": funding,
        "awards": {k: scaled(v, scale) for k, v in AWARDS.items()},
        "awards_2023": {k: scaled(v, scale) for k, v in AWARDS_2023.items()},
    }


def funded_amounts(
    *, rng: random.Random, total: Decimal, registered: int, community: int
) -> tuple[list[Decimal], list[Decimal]]:
    """Amounts (whole hundreds of yuan) for the funded projects: community ones 1万–3万, registered
    ones around the rest's average (5,000 to the 20万 cap), summing to ``total`` exactly."""
    small = [Decimal(rng.choice([10000, 15000, 20000, 25000, 30000])) for _ in range(community)]
    rest = total - sum(small, Decimal(0))
    if registered == 0:
        return [], small
    average = rest / registered
    floor = Decimal(5000)
    amounts = [
        min(
            CAP_REGISTERED, max(floor, (average * Decimal(rng.randint(70, 130)) / 100).quantize(Decimal(100)))
        )
        for _ in range(registered)
    ]
    diff = rest - sum(amounts, Decimal(0))
    i = 0
    while diff != 0 and i < 10 * registered:
        room = CAP_REGISTERED - amounts[i % registered] if diff > 0 else amounts[i % registered] - floor
        step = min(abs(diff), room)
        amounts[i % registered] += step if diff > 0 else -step
        diff += -step if diff > 0 else step
        i += 1
    return amounts, small


USCC_PREFIX = {OrgKind.ASSOCIATION: "51", OrgKind.SERVICE_ORG: "52", OrgKind.FOUNDATION: "53"}


def _uscc(kind: str, county: str, serial: int) -> str:
    body = f"{USCC_PREFIX[OrgKind(kind)]}{county}{serial:09d}"
    return body + stdnum_uscc.calc_check_digit(body)


def _pool(qs: Any, needed: int, seed: int) -> list[Any]:
    """About three times ``needed`` rows of ``qs``, every k-th id (a fixed slice, one query)."""
    total = qs.count()
    if total == 0:
        return []
    k = max(1, total // max(needed * 3, 1))
    return (
        list(qs.annotate(m=Mod("id", k)).filter(m=seed % k).order_by("id"))
        if k > 1
        else list(qs.order_by("id"))
    )


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _years_before(day: dt.date, years: int) -> dt.date:
    """The last birth date of a person who is ``years`` old on ``day`` (29 February: 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@transaction.atomic
def demo_civil_society_build(*, seed: int, scale: float, say: Callable[[str], Any] = print) -> dict[str, Any]:
    if part_built(BUILT_ACTION):
        return {}
    rng = random.Random(f"civil_society-{seed}")
    counts = plan(scale)
    needed = counts["registered"] + counts["community"]
    addresses = _pool(Address.objects.only("id", "region_code"), needed, seed)
    people = _pool(
        Person.objects.filter(
            status=Person.Status.ALIVE,
            birth_date__gte=dt.date(1950, 1, 1),
            birth_date__lte=dt.date(1995, 12, 31),
        ).only("id", "region_code", "birth_date"),
        needed,
        seed,
    )
    if not addresses or not people:
        say("社会组织演示数据：没有标准地址或成年居民，跳过")
        return {}
    by_county: dict[str, list[Person]] = defaultdict(list)
    for person in sorted(people, key=lambda p: p.birth_date):
        by_county[person.region_code[:6]].append(person)
    everyone = sorted(people, key=lambda p: p.birth_date)
    births = {county: [p.birth_date for p in pool] for county, pool in by_county.items()}
    births_all = [p.birth_date for p in everyone]

    def representative(county: str, registered: dt.date) -> Person:
        """An adult on the registration day (18 reached on the birthday), of the county if it has one."""
        cutoff = _years_before(registered, 18)
        for pool, dates in ((by_county.get(county, []), births.get(county, [])), (everyone, births_all)):
            adults = bisect.bisect_right(dates, cutoff)
            if adults:
                return pool[rng.randrange(adults)]
        return everyone[0]
    names = dict(Region.objects.filter(level__in=["county", "township"]).values_list("code", "name"))
    taken: set[str] = set()

    def unique(name: str) -> str:
        out, n = name, 1
        while out in taken:
            n += 1
            out = f"{name[:-2]}第{n}{name[-2:]}" if len(name) > 2 else f"{name}{n}"
        taken.add(out)
        return out

    orgs: list[Organization] = []
    kinds = list(KIND_SHARES)
    for i in range(needed):
        community = i >= counts["registered"]
        address = rng.choice(addresses)
        county = address.region_code[:6]
        kind = OrgKind.COMMUNITY if community else rng.choices(kinds, [KIND_SHARES[k] for k in kinds])[0]
        county_name = names.get(county.ljust(12, "0"), "湖州市")
        township = address.region_code[:9] + "000"
        registered = _day(rng, dt.date(2015 if community else 2005, 1, 1), dt.date(2024, 6, 30))
        person = representative(county, registered)
        foundation_kind = ""
        if kind == OrgKind.ASSOCIATION:
            name, funds = (
                f"{county_name}{rng.choice(ASSOCIATION_TOPICS)}协会",
                Decimal(rng.choice([30000, 50000, 100000])),
            )
        elif kind == OrgKind.SERVICE_ORG:
            name = f"{county_name}{rng.choice(SERVICE_BRANDS)}{rng.choice(SERVICES)}"
            funds = Decimal(rng.choice([30000, 50000, 100000, 200000]))
        elif kind == OrgKind.FOUNDATION:
            foundation_kind = rng.choices(list(FOUNDATION_KINDS), list(FOUNDATION_KINDS.values()))[0]
            name = f"{county_name}{rng.choice(FOUNDATION_NAMES)}基金会"
            funds = Decimal(FOUNDATION_MIN[FoundationKind(foundation_kind)] * rng.choice([1, 1, 2]))
        else:
            name, funds = f"{names.get(township, '')}{rng.choice(COMMUNITY_KINDS)}", Decimal(0)
        city_level = not community and rng.random() < 0.2
        orgs.append(
            Organization(
                name=unique(name),
                kind=kind,
                uscc="" if community else _uscc(kind, county, seed * 100_000 + i + 1),
                region_code=address.region_code,
                authority_code=township
                if community
                else ("330500000000" if city_level else county.ljust(12, "0")),
                registered_on=registered,
                supervising_unit="" if community else f"{county_name}民政局",
                legal_representative_id=person.pk,
                address_id=address.pk,
                funds=funds.quantize(Decimal("0.01")),
                scope=SCOPES[kind],
                status=OrgStatus.ACTIVE,
                status_since=registered,
                foundation_kind=foundation_kind,
            )
        )
    Organization.objects.bulk_create(orgs, batch_size=2000)  # both backends set the new ids

    # Who goes silent, and from when.
    silent: dict[int, int] = {
        o.pk: rng.randint(2020, 2022)
        for o in orgs
        if o.registered_on.year < 2021 and rng.random() < DORMANT_SHARE / 0.7
    }
    reports, signals, late_entries = [], [], []
    for org in orgs:
        quiet_from = silent.get(org.pk, 9999)
        first = org.registered_on + dt.timedelta(days=rng.randint(20, 300))
        if first.year < quiet_from and first <= dt.date(YEAR, 12, 31):
            signals.append(
                ActivitySignal(
                    organization=org,
                    region_code=org.region_code,
                    kind="event",
                    occurred_on=first,
                    note="成立后首次活动",
                )
            )
        for year in range(max(2021, org.registered_on.year), YEAR + 1):
            if year >= quiet_from:
                continue
            for _ in range(rng.randint(1, 2)):
                day = _day(rng, dt.date(year, 1, 10), dt.date(year, 12, 20))
                if day >= org.registered_on:
                    signals.append(
                        ActivitySignal(
                            organization=org,
                            region_code=org.region_code,
                            kind="event",
                            occurred_on=day,
                            within_scope=rng.random() > 0.05,
                        )
                    )
        for year in range(max(2021, org.registered_on.year), YEAR + 1):
            if year >= quiet_from:
                continue
            roll = rng.random()
            if roll < MISSING_SHARE:
                continue
            due = report_due_on(kind=org.kind, year=year)
            late = roll < MISSING_SHARE + LATE_SHARE
            submitted = (
                due + dt.timedelta(days=rng.randint(3, 60))
                if late
                else due - dt.timedelta(days=rng.randint(0, 80))
            )
            supervisor = (
                min(submitted, dt.date(year + 1, 3, 31)) - dt.timedelta(days=rng.randint(0, 20))
                if org.kind in (OrgKind.ASSOCIATION, OrgKind.SERVICE_ORG)
                else None
            )
            reports.append(
                AnnualReport(
                    organization=org,
                    region_code=org.region_code,
                    year=year,
                    due_on=due,
                    supervisor_submitted_on=supervisor,
                    submitted_on=submitted,
                    late=late,
                    result="qualified" if rng.random() < 0.9 else "basic",
                )
            )
            if late:
                late_entries.append(
                    CreditEntry(
                        organization=org,
                        region_code=org.region_code,
                        list=CreditList.ABNORMAL,
                        reason=EntryReason.LATE_REPORT,
                        entered_on=due + dt.timedelta(days=1),
                        note=f"{year}年度报告逾期未报送（截止{due}）",
                        removed_on=submitted,
                        removal_reason="已补报年度报告",
                    )
                )
        if org.pk in silent and rng.random() < 0.5:
            letter = _day(rng, dt.date(YEAR, 2, 1), dt.date(YEAR, 5, 1))
            signals += [
                ActivitySignal(
                    organization=org,
                    region_code=org.region_code,
                    kind="letter",
                    occurred_on=letter,
                    outcome="unsigned",
                    note="年检催告函",
                ),
                ActivitySignal(
                    organization=org,
                    region_code=org.region_code,
                    kind="letter",
                    occurred_on=letter + dt.timedelta(days=30),
                    outcome="returned",
                    note="年检催告函",
                ),
                ActivitySignal(
                    organization=org,
                    region_code=org.region_code,
                    kind="call",
                    occurred_on=letter + dt.timedelta(days=35),
                    outcome="unreached",
                    note="法定代表人电话停机",
                ),
            ]
    AnnualReport.objects.bulk_create(reports, batch_size=5000)
    ActivitySignal.objects.bulk_create(signals, batch_size=5000)
    CreditEntry.objects.bulk_create(late_entries, batch_size=5000)
    for day in (dt.date(2022, 6, 1), dt.date(2023, 6, 1), dt.date(2024, 6, 1)):
        credit_lists_apply(actor=None, as_of=day)

    # Cleanup cases of the dormant, decided in the second half of 2024 (and some still under way).
    dormant = [o for o in orgs if o.pk in silent]
    rng.shuffle(dormant)
    cases, closed_status, revoked = [], {}, []
    wanted = counts["cleaned"] + counts["rectify"] + counts["open_cases"]
    for n, org in enumerate(dormant[:wanted]):
        if n < counts["cleaned"] + counts["rectify"]:
            decided = _day(rng, dt.date(YEAR, 7, 1), dt.date(YEAR, 12, 20))
            noticed = decided - dt.timedelta(days=60 + rng.randint(0, 20))
            filed = noticed - dt.timedelta(days=rng.randint(5, 15))
            if n < counts["cleaned"]:
                decision = rng.choices(
                    [Decision.DEREGISTER, Decision.REVOKE, Decision.WITHDRAW], [55, 35, 10]
                )[0]
                closed_status[org.pk] = (
                    OrgStatus.DEREGISTERED if decision == Decision.DEREGISTER else OrgStatus.REVOKED,
                    decided,
                )
                if decision != Decision.DEREGISTER:
                    revoked.append((org, decided))
                cases.append(
                    CleanupCase(
                        organization=org,
                        region_code=org.region_code,
                        state=CaseState.DECIDED,
                        reasons="连续两年未参加年检；近2年未开展章程业务范围内的活动",
                        filed_on=filed,
                        noticed_on=noticed,
                        notice_days=60,
                        decision=decision,
                        decided_on=decided,
                    )
                )
            else:
                deadline = decided + dt.timedelta(days=60)
                done = (
                    deadline - dt.timedelta(days=rng.randint(1, 30))
                    if n % 2 == 0 and deadline < dt.date(2025, 1, 1)
                    else None
                )
                cases.append(
                    CleanupCase(
                        organization=org,
                        region_code=org.region_code,
                        state=CaseState.DECIDED,
                        reasons="连续两年未参加年检",
                        filed_on=filed,
                        noticed_on=noticed,
                        notice_days=60,
                        decision=Decision.RECTIFY,
                        decided_on=decided,
                        rectify_by=deadline,
                        rectified_on=done,
                    )
                )
        else:
            filed = _day(rng, dt.date(YEAR, 11, 1), dt.date(YEAR, 12, 20))
            noticed = filed + dt.timedelta(days=5) if n % 2 == 0 else None
            cases.append(
                CleanupCase(
                    organization=org,
                    region_code=org.region_code,
                    state=CaseState.NOTICED if noticed else CaseState.FILED,
                    reasons="无法通过住所或法定代表人取得联系",
                    filed_on=filed,
                    noticed_on=noticed,
                    notice_days=60 if noticed else None,
                )
            )
    CleanupCase.objects.bulk_create(cases, batch_size=2000)
    for status in (OrgStatus.DEREGISTERED, OrgStatus.REVOKED):
        by_day: dict[dt.date, list[int]] = defaultdict(list)
        for pk, (s, day) in closed_status.items():
            if s == status:
                by_day[day].append(pk)
        for day, pks in by_day.items():
            Organization.objects.filter(pk__in=pks).update(status=status, status_since=day)
    on_serious = set(
        CreditEntry.objects.filter(list=CreditList.SERIOUS, removed_on__isnull=True).values_list(
            "organization_id", flat=True
        )
    )
    CreditEntry.objects.bulk_create(
        [
            CreditEntry(
                organization=org,
                region_code=org.region_code,
                list=CreditList.SERIOUS,
                reason=EntryReason.REVOCATION,
                entered_on=day,
                note="清理整治：撤销登记或吊销登记证书",
            )
            for org, day in revoked
            if org.pk not in on_serious
        ]
    )
    rectify_overdue_apply(actor=None, as_of=dt.date(YEAR, 12, 31))
    status_sync(organization_ids=[o.pk for o in orgs], day=dt.date(YEAR, 12, 31))

    # Venture philanthropy: the city's 2024 round.
    listed = set(
        CreditEntry.objects.filter(removed_on__isnull=True).values_list("organization_id", flat=True)
    )
    eligible = [
        o
        for o in orgs
        if o.pk not in listed
        and o.pk not in closed_status
        and o.pk not in silent
        and o.registered_on < dt.date(YEAR, 1, 1)
    ]
    pool_reg = [o for o in eligible if o.kind != OrgKind.COMMUNITY]
    pool_com = [o for o in eligible if o.kind == OrgKind.COMMUNITY]
    n_com = min(counts["community_projects"], len(pool_com))
    n_reg = counts["projects"] - n_com
    big, small = funded_amounts(rng=rng, total=counts["funding"], registered=n_reg, community=n_com)
    venture_round = VentureRound.objects.create(
        year=YEAR,
        name=f"{YEAR}年湖州市公益创投",
        region_code="330500000000",
        budget=(counts["funding"] * Decimal("1.1")).quantize(Decimal(1000)),
        fund_source="市本级福利彩票公益金",
        noticed_on=dt.date(YEAR, 5, 20),
    )
    applications, projects = (
        [],
        ["助老", "助残", "儿童关爱", "社区治理", "心理疏导", "家庭教育", "环保宣传", "乡村振兴"],
    )
    chosen = [(o, a) for o, a in zip(rng.sample(pool_reg, min(n_reg, len(pool_reg))), big, strict=False)]
    chosen += [(o, a) for o, a in zip(rng.sample(pool_com, n_com), small, strict=False)]
    for n, (org, amount) in enumerate(chosen):
        cap = CAP_COMMUNITY if org.kind == OrgKind.COMMUNITY else CAP_REGISTERED
        requested = min(cap, (amount * Decimal("1.1")).quantize(Decimal(100)))
        applications.append(
            VentureApplication(
                round=venture_round,
                organization=org,
                region_code=org.region_code,
                project=f"{org.name[:20]}{rng.choice(projects)}项目{n + 1}",
                budget_total=(requested * Decimal("1.3")).quantize(Decimal(100)),
                requested=requested,
                status="funded",
                funded_amount=amount,
                funded_on=dt.date(YEAR, 6, 15),
                outcome=rng.choice(["excellent", "good", "good", "passed"]),
                outcome_note="按计划完成服务",
            )
        )
    for n, org in enumerate(rng.sample(pool_reg, min(len(pool_reg), int(len(chosen) * REJECTED_SHARE)))):
        requested = Decimal(rng.randint(30, 150) * 1000)
        applications.append(
            VentureApplication(
                round=venture_round,
                organization=org,
                region_code=org.region_code,
                project=f"{org.name[:20]}{rng.choice(projects)}申报{n + 1}",
                budget_total=requested * 2,
                requested=requested,
                status="rejected",
            )
        )
    VentureApplication.objects.bulk_create(applications, batch_size=2000)
    reviewers = list(User.objects.filter(username__in=REVIEWERS))
    VentureReview.objects.bulk_create(
        [
            VentureReview(
                application=a, reviewer=r, score=Decimal(rng.randint(75 if a.status == "funded" else 55, 98))
            )
            for a in applications
            for r in reviewers
        ],
        batch_size=5000,
    )

    # Awards.
    awards = []
    lively = [o for o in eligible if o.kind != OrgKind.COMMUNITY]
    for year, per_kind in ((YEAR, counts["awards"]), (YEAR - 1, counts["awards_2023"])):
        for kind, n in per_kind.items():
            for org in rng.sample(lively, min(n, len(lively))):
                awards.append(
                    OrgAward(
                        organization=org,
                        region_code=org.region_code,
                        kind=kind,
                        year=year,
                        level="provincial",
                        title="" if kind != "typical_case" else f"{org.name[:20]}服务案例",
                        person_id=org.legal_representative_id if kind == "leader" else None,
                    )
                )
    OrgAward.objects.bulk_create(awards)
    built = {
        "organizations": len(orgs),
        "registered": counts["registered"],
        "community": counts["community"],
        "foundations": sum(1 for o in orgs if o.kind == OrgKind.FOUNDATION),
        "reports": len(reports),
        "signals": len(signals),
        "dormant": len(silent),
        "cleaned": counts["cleaned"] if len(dormant) >= counts["cleaned"] else len(dormant),
        "cases": len(cases),
        "venture_projects": len(chosen),
        "venture_funding": str(sum((a for _, a in chosen), Decimal(0))),
        "awards": len(awards),
        "listed": CreditEntry.objects.filter(removed_on__isnull=True)
        .values("list")
        .annotate(n=Count("id"))
        .count(),
    }
    part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=built, text="演示社会组织")
    say(
        f"社会组织：{len(orgs):,} 家（备案 {counts['community']:,}），清理 {built['cleaned']} 家，"
        f"公益创投 {len(chosen)} 个项目"
    )
    return built
