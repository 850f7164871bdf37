"""The demo city's certified caregivers (养老护理员) and their special post allowance for 2024.

- **How many.** The bureau's 2024 summary counts 24.56 certified caregivers per 10,000 elders
  (``eldercare.caregivers_per_10k_elderly``): the demo registers ``round(24.56 × elders / 10,000)``
  caregivers in post and certified on 31 December 2024, the elders being the demo's residents
  aged 60 and over alive that day (``caregivers.selectors.elders_on``), so the figure read back
  from the records is 24.56 at scale 1.0 (about 2,090 caregivers) and as near as whole people
  allow at a smaller scale. ``LEFT_SHARE`` more left their post before the end of 2024 (paid for
  the months they were in post, not counted on the day).
- **Where.** At the open care homes and community care centres the facilities demo placed, a care
  home weighing ``HOME_WEIGHT`` centres (it employs more); each caregiver is a resident of working
  age (30–59 at the end of 2024) of the employer's county, chosen by a fixed hash of the person's id
  and the seed (the whole city when the county has too few).
- **Levels** in ``LEVEL_SHARES`` (most hold 初级 or 中级, few are 技师 or 高级技师), started in the
  trade between 2005 and mid-2024, certified within two years of starting and by November 2024;
  ``AWARD_SHARE`` of them placed in a skill competition.
- **The allowance** for each month of 2024 is granted and paid through the benefits engine with the
  real services (``caregivers.allowance.caregiver_allowance_pay`` by the payments maker, the run
  approved by the checker), then marked exported with every line paid, as the assistance demo's
  runs are; each payee has a bank account.

Rows are written with ``bulk_create`` (a few thousand at scale 1.0). The uncertified care workers of
the home services are the home-services demo's (``demo.home_services``), hired after these.
Idempotent: a second call finds the marker audit entry and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import Substr
from django.utils import timezone

from minzheng.benefits.money import month_add, yuan
from minzheng.benefits.payments.models import BankAccount, PaymentLine, PaymentRun
from minzheng.benefits.payments.services import payment_run_approve
from minzheng.core.db import tables_analyze
from minzheng.core.models import User
from minzheng.demo.marker import part_built, part_mark
from minzheng.eldercare.caregivers.allowance import caregiver_allowance_pay
from minzheng.eldercare.caregivers.models import Caregiver, CaregiverAward
from minzheng.eldercare.caregivers.selectors import EMPLOYER_KINDS, elders_on, per_10k
from minzheng.facilities.sites.models import Facility
from minzheng.people.models import Person

YEAR = 2024
DAY = dt.date(YEAR, 12, 31)
BUILT_ACTION = "demo.caregivers.built"
PER_10K = Decimal("24.56")  # the summary's figure
HOME_WEIGHT = 4
LEFT_SHARE = Decimal("0.05")
AWARD_SHARE = 0.03
LEVEL_SHARES = {"junior": 45, "intermediate": 30, "senior": 17, "technician": 6, "senior_technician": 2}
BORN_FROM, BORN_TO = dt.date(1965, 1, 1), dt.date(1994, 12, 31)  # 30–59 at the end of 2024
STARTED_FROM, STARTED_TO = dt.date(2005, 1, 1), dt.date(2024, 6, 30)
CERTIFIED_BY = dt.date(2024, 11, 30)
# Of the working-age residents, the ones whose hash falls under this (per mille) are the pool the
# caregivers are drawn from: enough for any county, without reading every resident.
POOL_PER_MILLE = 40
COMPETITIONS = [
    ("湖州市养老护理员职业技能竞赛", "city"),
    ("浙江省养老护理职业技能大赛", "provincial"),
    ("全国民政行业职业技能大赛（养老护理员）", "national"),
]
RANKS = ["一等奖", "二等奖", "三等奖", "优胜奖"]
BANKS = ["湖州银行", "中国农业银行湖州分行", "浙江农商联合银行", "中国工商银行湖州分行"]


def target_count(elders: int) -> int:
    """Caregivers in post and certified on the day, for ``elders`` elders: 24.56 per 10,000."""
    return int((PER_10K * elders / Decimal(10_000)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _pool(*, seed: int) -> dict[str, list[int]]:
    """Working-age residents alive at the end of 2024, by county, drawn by a fixed hash."""
    table = connection.ops.quote_name(Person._meta.db_table)
    salt = seed * 7919 + 13
    sql = (
        f"SELECT id, substr(region_code, 1, 6) FROM {table} WHERE birth_date >= %s AND birth_date <= %s "
        f"AND status = %s AND death_date IS NULL AND ((id * 1103515245 + {salt}) %% 2147483648) %% 1000 < %s "
        "ORDER BY id"
    )
    pool: dict[str, list[int]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                connection.ops.adapt_datefield_value(BORN_FROM),
                connection.ops.adapt_datefield_value(BORN_TO),
                Person.Status.ALIVE,
                POOL_PER_MILLE,
            ],
        )
        for person_id, county in cursor.fetchall():
            pool[county].append(person_id)
    return pool


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _weight(employer: Facility) -> int:
    return HOME_WEIGHT if employer.kind == Facility.Kind.CARE_HOME else 1


def employer_plan(
    *, rng: random.Random, employers: list[Facility], elders: dict[str, int], count: int
) -> list[Facility]:
    """The employers of ``count`` caregivers: each county's share in proportion to its elders
    (largest remainders), so every county is near the city's figure, then an employer of the
    county by weight; a county without an employer's share goes to employers anywhere."""
    by_county: dict[str, list[Facility]] = defaultdict(list)
    for employer in employers:
        by_county[employer.region_code[:6]].append(employer)
    total = sum(elders.values())
    exact = {county: Decimal(count * n) / total for county, n in elders.items()} if total else {}
    shares = {county: int(x) for county, x in exact.items()}
    for county in sorted(exact, key=lambda c: (shares[c] - exact[c], c))[: count - sum(shares.values())]:
        shares[county] += 1
    plan: list[Facility] = []
    for county, n in sorted(shares.items()):
        here = by_county.get(county) or employers
        plan += rng.choices(here, [_weight(e) for e in here], k=n)
    plan += rng.choices(employers, [_weight(e) for e in employers], k=count - len(plan))
    return plan


def _caregivers(
    *, rng: random.Random, plan: list[Facility], pool: dict[str, list[int]], active: int
) -> list[Caregiver]:
    """A caregiver for each employer of the plan, unsaved: the first ``active`` in post at the end
    of 2024, the others left during it."""
    everyone = rng.sample(
        [pid for ids in pool.values() for pid in ids], sum(len(ids) for ids in pool.values())
    )
    free = {county: rng.sample(ids, len(ids)) for county, ids in pool.items()}
    taken = set(Caregiver.objects.filter(left_on__isnull=True).values_list("person_id", flat=True))
    levels, shares = list(LEVEL_SHARES), list(LEVEL_SHARES.values())
    rows: list[Caregiver] = []
    for n, employer in enumerate(plan):
        county = free.get(employer.region_code[:6], [])
        while county and county[-1] in taken:
            county.pop()
        if county:
            person_id = county.pop()
        else:  # the county's pool is spent: anyone of working age in the city
            while everyone[-1] in taken:
                everyone.pop()
            person_id = everyone.pop()
        taken.add(person_id)
        started = _day_between(rng, STARTED_FROM, STARTED_TO)
        certified = _day_between(rng, started, min(started + dt.timedelta(days=730), CERTIFIED_BY))
        left_on = (
            _day_between(rng, max(started + dt.timedelta(days=1), dt.date(YEAR, 1, 2)), DAY)
            if n >= active
            else None
        )
        rows.append(
            Caregiver(
                person_id=person_id,
                employer=employer,
                region_code=employer.region_code,
                level=rng.choices(levels, shares)[0],
                certificate_number=f"3305{certified:%Y}{n + 1:07d}",
                certified_on=certified,
                started_on=started,
                left_on=left_on,
            )
        )
    return rows


def _awards(*, rng: random.Random, caregivers: list[Caregiver]) -> list[CaregiverAward]:
    awards = []
    for c in caregivers:
        if c.left_on is None and rng.random() < AWARD_SHARE:
            name, level = rng.choice(COMPETITIONS)
            awards.append(
                CaregiverAward(
                    caregiver=c,
                    region_code=c.region_code,
                    name=name,
                    level=level,
                    rank=rng.choice(RANKS),
                    awarded_on=_day_between(rng, max(c.started_on, dt.date(2022, 1, 1)), CERTIFIED_BY),
                )
            )
    return awards


def _bank_accounts(*, rng: random.Random, caregivers: list[Caregiver]) -> int:
    have = set(
        BankAccount.objects.filter(person_id__in=[c.person_id for c in caregivers], active=True).values_list(
            "person_id", flat=True
        )
    )
    rows = []
    for c in caregivers:
        if c.person_id in have:
            continue
        account = BankAccount(person_id=c.person_id, region_code=c.region_code, bank_name=rng.choice(BANKS))
        account.set_account_number("6228" + "".join(str(rng.randint(0, 9)) for _ in range(15)))
        rows.append(account)
        have.add(c.person_id)
    BankAccount.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def allowance_year_pay(*, maker: User, checker: User, year: int = YEAR) -> dict[str, Any]:
    """Each month of the year, city-wide: granted and run by ``maker``, approved by ``checker``,
    then exported with every line paid (what the bank's return file would confirm)."""
    runs, lines, total = 0, 0, Decimal(0)
    for m in range(1, 13):
        month = dt.date(year, m, 1)
        _, run = caregiver_allowance_pay(actor=maker, month=month, region_prefix="3305")
        if run.status == PaymentRun.Status.COMPUTED:
            run = payment_run_approve(actor=checker, run=run)
        if run.status == PaymentRun.Status.APPROVED:
            paid_at = timezone.make_aware(
                dt.datetime.combine(month_add(month, 1) - dt.timedelta(days=20), dt.time(10))
            )
            with transaction.atomic():
                PaymentLine.objects.filter(run=run, status=PaymentLine.Status.PENDING).update(
                    status=PaymentLine.Status.PAID, returned_at=paid_at
                )
                PaymentRun.objects.filter(pk=run.pk).update(
                    status=PaymentRun.Status.EXPORTED, exported_at=paid_at
                )
        runs += 1
        lines += run.line_count
        total += run.total_amount
    return {"allowance_runs": runs, "allowance_lines": lines, "allowance_paid": f"{yuan(total):.2f}"}


def demo_caregivers_build(
    *, seed: int, scale: float, maker: User, checker: User, say: Callable[[str], None] = lambda text: None
) -> dict[str, Any]:
    """Certified caregivers to 24.56 per 10,000 elders, and their 2024 allowance (see the module's
    docstring). Does nothing (returns {}) when already built, or without employers or elders."""
    if part_built(BUILT_ACTION):
        return {}
    employers = list(
        Facility.objects.filter(kind__in=EMPLOYER_KINDS, status=Facility.Status.OPEN).order_by("id")
    )
    elders_by_county = {
        row["county"]: row["n"]
        for row in elders_on(Person.objects.all(), day=DAY)
        .order_by()
        .annotate(county=Substr("region_code", 1, 6))
        .values("county")
        .annotate(n=Count("id"))
    }
    elders = sum(elders_by_county.values())
    if not employers or not elders:
        return {}
    started = time.perf_counter()
    rng = random.Random(seed * 1009 + 4)
    active = target_count(elders)
    left = int((Decimal(active) * LEFT_SHARE).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    with transaction.atomic():
        plan = employer_plan(rng=rng, employers=employers, elders=elders_by_county, count=active + left)
        rows = _caregivers(rng=rng, plan=plan, pool=_pool(seed=seed), active=active)
        Caregiver.objects.bulk_create(rows, batch_size=1000)
        awards = _awards(rng=rng, caregivers=rows)
        CaregiverAward.objects.bulk_create(awards, batch_size=1000)
        accounts = _bank_accounts(rng=rng, caregivers=rows)
    tables_analyze(Caregiver, CaregiverAward)
    built = time.perf_counter()
    paid = allowance_year_pay(maker=maker, checker=checker)
    counts: dict[str, Any] = {
        "caregivers": active,
        "caregivers_left": left,
        "awards": len(awards),
        "bank_accounts": accounts,
        "elders": elders,
        "per_10k": str(per_10k(active, elders)),
        **paid,
        "seconds_registry": round(built - started, 1),
        "seconds_allowance": round(time.perf_counter() - built, 1),
    }
    part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts, text="湖州市演示养老护理员")
    say(
        f"  养老护理员 {active:,} 人在职持证（另 {left:,} 人年内离职），每万名老年人 {counts['per_10k']} 人；"
        f"{YEAR}年特殊岗位津贴 {paid['allowance_lines']:,} 笔，{paid['allowance_paid']} 元"
    )
    return counts
