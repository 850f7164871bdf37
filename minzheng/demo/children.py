"""The demo city's children's welfare (儿童福利), to the bureau's 2024 summary (二.3).

- **How many** (``plan``): ``round(5,030 × scale)`` profiles of children in difficulty
  (``children.in_difficulty_records``) and ``round(60,900 × scale)`` migrant profiles
  (``children.migrant_records``), all standing on 31 December 2024, so the figures read back from
  the records are exactly these at scale 1.0. Among the children in difficulty, ``ORPHAN_SHARE``
  are orphans and ``DE_FACTO_SHARE`` de-facto unsupported; the others are in difficulty by
  poverty (children of the demo's dibao, 特困 and 低保边缘 households, as many as there are, up to
  ``POVERTY_SHARE``), by their own disability (children holding a certificate) or by guardianship.
- **Who.** Real children of the demo registry: alive and under 18 on 31 December 2024, chosen in a
  seeded order; each profile is opened on a day between 2022 and the end of 2024 (not before the
  child was born, and for poverty not before the family's enrollment began).
- **The rules hold for every profile**: the parents' facts are written to make the category true
  (both parents dead or missing for an orphan; imprisoned or unreachable for more than six months,
  seriously ill or severely disabled for the de-facto unsupported; a parent unable to guard), and
  each planned profile is passed through the real rules (``categories.rules.categorize``) with the
  registry facts; a profile whose category does not hold stops the build. Its reasons are the rules'.
- **Directors**: one 儿童主任 per village or community except ``UNCOVERED_SHARE`` of them (so the
  coverage page shows villages without), one 儿童督导员 per township; adults (25–59) living there.
- **Reviews** (复核): yearly from the day opened; the next one falls within the coming year, a few
  up to ``REVIEW_LATE_DAYS`` overdue.
- **Visits and services**: the children in difficulty have one visit in 2024; every child has a
  last visit within its interval before today, except ``OVERDUE_SHARE`` who are overdue; each
  migrant child received 0–3 items of the basic service list in 2024.
- **Allowances**: each month of 2024, both living allowances are granted and paid through the
  engine (``children.allowances.services.child_allowance_pay`` by the payments maker, the run
  approved by the checker). Then the daily job runs for today (``profiles_end_at_18``): the
  children who have turned 18 since are ended, with their allowances.

Rows are written with ``bulk_create``. Idempotent: a second call finds the marker audit entry and
writes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Mod
from django.utils import timezone

from minzheng.assistance.codes import LOW_INCOME_PROGRAMS
from minzheng.assistance.disability.models import DisabilityCertificate
from minzheng.benefits.enrollments.models import Enrollment
from minzheng.benefits.money import date_add_months
from minzheng.benefits.payments.models import PaymentRun
from minzheng.benefits.payments.services import payment_run_approve
from minzheng.children.allowances.services import child_allowance_pay
from minzheng.children.categories.rules import ChildFacts, ParentFacts, categorize
from minzheng.children.codes import DE_FACTO_PROGRAM, FLAG, ORPHAN_PROGRAM, Category, ParentRole
from minzheng.children.directors.models import ChildDirector
from minzheng.children.profiles.models import ChildParent, ChildProfile, VisitRule
from minzheng.children.profiles.services import DEFAULT_INTERVALS, eighteenth_birthday, profiles_end_at_18
from minzheng.children.visits.models import ChildVisit, ServiceDelivery, ServiceItem
from minzheng.core.db import rows_insert, tables_analyze
from minzheng.core.models import Region, User
from minzheng.core.synthetic import names
from minzheng.demo.marker import part_built, part_mark
from minzheng.people.models import Membership, Person

YEAR = 2024
DAY = dt.date(YEAR, 12, 31)
BUILT_ACTION = "demo.children.built"
IN_DIFFICULTY, MIGRANT = 5_030, 60_900  # the summary's figures
ORPHAN_SHARE, DE_FACTO_SHARE, POVERTY_SHARE = 0.10, 0.22, 0.40
UNCOVERED_SHARE = 0.03
OVERDUE_SHARE = 0.12
REVIEW_LATE_DAYS = 20
OPENED_FROM = dt.date(2022, 1, 1)
BORN_AFTER = dt.date(YEAR - 18, 12, 31)  # under 18 on 31 December 2024
RURAL_SHARE = 0.6
PROVIDERS = ["社区儿童之家", "乡镇卫生院", "就读学校", "乡镇社会工作站", "志愿者服务队", "妇联儿童工作站"]
RELATIONS = {
    "orphan": ["祖父母", "外祖父母", "叔伯", "姑姨"],
    "other": ["母亲", "父亲", "祖父母", "外祖父母"],
}


@dataclass
class Planned:
    person_id: int
    birth: dt.date
    region: str
    kind: str  # orphan, de_facto, poverty, disability, guardianship, migrant
    opened: dt.date
    hukou: str = "urban"
    parents: tuple[ParentFacts, ...] = ()
    grade: int | None = None
    dibao: bool = False
    categories: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def targets(scale: float) -> tuple[int, int]:
    """The profiles of children in difficulty and of migrant children at ``scale``."""
    return round(IN_DIFFICULTY * scale), round(MIGRANT * scale)


def split(in_difficulty: int, *, poverty_available: int, disability_available: int) -> dict[str, int]:
    """The children in difficulty by kind: orphans, de facto, then poverty and disability as far as
    the registry has them, the rest by guardianship. The parts add up to ``in_difficulty``."""
    orphan = round(in_difficulty * ORPHAN_SHARE)
    de_facto = round(in_difficulty * DE_FACTO_SHARE)
    rest = in_difficulty - orphan - de_facto
    poverty = min(poverty_available, round(in_difficulty * POVERTY_SHARE), rest)
    disability = min(disability_available, rest - poverty)
    return {
        "orphan": orphan,
        "de_facto": de_facto,
        "poverty": poverty,
        "disability": disability,
        "guardianship": rest - poverty - disability,
    }


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _parents(rng: random.Random, kind: str, opened: dt.date) -> tuple[ParentFacts, ...]:
    """Parents' facts that make ``kind`` hold on ``opened`` (see the module's docstring)."""

    def past(min_days: int, max_days: int) -> dt.date:
        return opened - dt.timedelta(days=rng.randint(min_days, max_days))

    def p(status: str, since: dt.date | None = None, **kw: Any) -> ParentFacts:
        return ParentFacts(status=status, since=since, **kw)

    if kind == "orphan":
        pair = rng.choices(
            [("dead", "dead"), ("dead", "missing"), ("missing", "dead"), ("missing", "missing")],
            weights=[70, 10, 10, 10],
        )[0]
        return tuple(p(s, past(30, 3000)) for s in pair)
    if kind == "de_facto":
        pair = rng.choice(
            [
                ("dead", "imprisoned"),
                ("imprisoned", "dead"),
                ("severely_disabled", "seriously_ill"),
                ("unreachable", "imprisoned"),
                ("dead", "seriously_ill"),
                ("missing", "severely_disabled"),
                ("imprisoned", "unreachable"),
            ]
        )
        return tuple(p(s, past(200, 2500)) for s in pair)  # over six months before opening
    if kind == "guardianship":
        first = rng.choice(
            [p("dead", past(30, 3000)), p("imprisoned", past(10, 150)), p("seriously_ill", past(30, 900))]
        )
        return (first, p("alive", can_guard=False))
    if kind == "migrant":
        return (p("alive"), p("alive"))
    # Poverty or disability: parents alive, one may work away.
    return (p("alive", works_away=rng.random() < 0.3), p("alive"))


def _people(*, seed: int) -> tuple[list[tuple[int, dt.date, str]], dict[int, dt.date], dict[int, int]]:
    """Children alive and under 18 at the end of 2024 (seeded order); those of low-income
    households with the month their family's enrollment began; those with a certificate, by grade."""
    children = list(
        Person.objects.filter(
            birth_date__gt=BORN_AFTER,
            birth_date__lte=DAY,
            status=Person.Status.ALIVE,
            death_date__isnull=True,
        )
        .order_by("id")
        .values_list("id", "birth_date", "region_code")
    )
    random.Random(seed * 31 + 7).shuffle(children)
    live = Enrollment.objects.filter(
        program__code__in=LOW_INCOME_PROGRAMS,
        status=Enrollment.Status.ACTIVE,
        stop_month__isnull=True,
        start_month__lte=DAY,
    )
    began: dict[int, dt.date] = {}
    households = dict(live.filter(household__isnull=False).values_list("household_id", "start_month"))
    for person_id, household_id in Membership.objects.filter(household_id__in=list(households)).values_list(
        "person_id", "household_id"
    ):
        began[person_id] = households[household_id]
    began.update(dict(live.filter(person__isnull=False).values_list("person_id", "start_month")))
    grades = dict(
        DisabilityCertificate.objects.filter(
            revoked_on__isnull=True,
            valid_until__isnull=True,
            issued_on__lte=OPENED_FROM,
            person__birth_date__gt=BORN_AFTER,
        ).values_list("person_id", "grade")
    )
    return children, began, grades


def plan(
    *,
    rng: random.Random,
    children: list[tuple[int, dt.date, str]],
    began: dict[int, dt.date],
    grades: dict[int, int],
    scale: float,
) -> list[Planned]:
    """The profiles to open (see the module's docstring); raises ``RuntimeError`` when a rule does not hold."""
    in_difficulty, migrant = targets(scale)
    usable = [c for c in children if len(c[2]) == 12 and not c[2].endswith("000")]
    poor = [c for c in usable if c[0] in began]
    disabled = [c for c in usable if c[0] in grades and c[0] not in began]
    counts = split(in_difficulty, poverty_available=len(poor), disability_available=len(disabled))
    taken: set[int] = set()
    out: list[Planned] = []

    def take(pool: list[tuple[int, dt.date, str]], n: int, kind: str) -> None:
        for person_id, birth, region in pool:
            if n <= 0:
                return
            if person_id in taken:
                continue
            first = max(
                birth, OPENED_FROM, began.get(person_id, OPENED_FROM) if kind == "poverty" else OPENED_FROM
            )
            if first > DAY:
                continue
            taken.add(person_id)
            opened = _day(rng, first, DAY)
            out.append(
                Planned(
                    person_id=person_id,
                    birth=birth,
                    region=region,
                    kind=kind,
                    opened=opened,
                    hukou="rural" if rng.random() < RURAL_SHARE else "urban",
                    parents=_parents(rng, kind, opened),
                    grade=grades.get(person_id),
                    dibao=person_id in began and began[person_id] <= opened,
                )
            )
            n -= 1
        if n > 0:
            raise RuntimeError(f"演示人口中可建档的儿童不足：{kind} 还差 {n} 人")

    take(poor, counts["poverty"], "poverty")
    take(disabled, counts["disability"], "disability")
    for kind in ("orphan", "de_facto", "guardianship"):
        take(usable, counts[kind], kind)
    take(usable, migrant, "migrant")
    wanted = {
        "orphan": Category.ORPHAN,
        "de_facto": Category.DE_FACTO,
        "poverty": Category.IN_DIFFICULTY,
        "disability": Category.IN_DIFFICULTY,
        "guardianship": Category.IN_DIFFICULTY,
    }
    for row in out:
        labelled = tuple(
            ParentFacts(
                status=p.status, since=p.since, works_away=p.works_away, can_guard=p.can_guard, label=label
            )
            for p, label in zip(row.parents, ParentRole.labels, strict=True)
        )
        row.parents = labelled
        if row.kind == "migrant":
            row.categories, row.reasons = [Category.MIGRANT], ["流动儿童：经办人登记"]
            continue
        verdict = categorize(
            ChildFacts(
                as_of=row.opened,
                birth_date=row.birth,
                hukou=row.hukou,
                disability_grade=row.grade,
                dibao=row.dibao,
                parents=row.parents,
            )
        )
        category = wanted[row.kind]
        if category not in verdict.held:
            raise RuntimeError(f"演示儿童 {row.person_id} 的类别不成立：{verdict.refused.get(category)}")
        row.categories, row.reasons = [category], [verdict.held[category]]
    return out


def _intervals() -> dict[str, int]:
    return {**DEFAULT_INTERVALS, **dict(VisitRule.objects.values_list("category", "interval_months"))}


def _directors(*, rng: random.Random, seed: int, scale: float) -> list[ChildDirector]:
    """One director per village (all but ``UNCOVERED_SHARE``) and one supervisor per township."""
    villages = list(Region.objects.filter(level="village").order_by("code").values_list("code", flat=True))
    townships = sorted({code[:9] + "000" for code in villages})
    per_mille = min(1000, max(20, round(20 / max(scale, 1e-6))))
    adults: dict[str, list[int]] = defaultdict(list)
    # Drawn by a fixed hash of the id, in SQL: a full-scale city has two million adults.
    drawn = Mod(F("id") * 2654435761 + seed * 104729 + 3, 1000)
    for person_id, region in (
        Person.objects.filter(
            birth_date__gt=dt.date(YEAR - 60, 1, 1),
            birth_date__lte=dt.date(YEAR - 25, 1, 1),
            status=Person.Status.ALIVE,
            death_date__isnull=True,
        )
        .annotate(drawn=drawn)
        .filter(drawn__lt=per_mille)
        .order_by("id")
        .values_list("id", "region_code")
    ):
        adults[region].append(person_id)
    uncovered = set(rng.sample(villages, round(len(villages) * UNCOVERED_SHARE))) if villages else set()
    rows = []
    for code in villages:
        if code in uncovered or not adults.get(code):
            continue
        rows.append(
            ChildDirector(
                person_id=rng.choice(adults[code]),
                role=ChildDirector.Role.DIRECTOR,
                region_code=code,
                started_on=_day(rng, dt.date(2019, 6, 1), dt.date(2023, 12, 31)),
            )
        )
    by_township: dict[str, list[int]] = defaultdict(list)
    for region, people in adults.items():
        by_township[region[:9] + "000"].extend(people[:3])
    for code in townships:
        if by_township.get(code):
            rows.append(
                ChildDirector(
                    person_id=rng.choice(by_township[code]),
                    role=ChildDirector.Role.SUPERVISOR,
                    region_code=code,
                    started_on=_day(rng, dt.date(2019, 6, 1), dt.date(2023, 6, 30)),
                )
            )
    return rows


def _reviews(opened: dt.date, today: dt.date) -> tuple[dt.date, dt.date | None]:
    """The yearly review (复核) of a profile opened on ``opened``: the next anniversary not more than
    ``REVIEW_LATE_DAYS`` before today (so a few are overdue), and the one before it, if any."""
    years = 1
    while date_add_months(opened, 12 * years) < today - dt.timedelta(days=REVIEW_LATE_DAYS):
        years += 1
    return date_add_months(opened, 12 * years), date_add_months(
        opened, 12 * (years - 1)
    ) if years > 1 else None


FLUSH_ROWS = 50_000
PARENT_COLUMNS = ("profile_id", "role", "name", "region_code", "status", "since", "works_away", "can_guard")
VISIT_COLUMNS = ("profile_id", "region_code", "visited_on", "way", "notes", "findings", "director_id", "created_at")
SERVICE_COLUMNS = ("profile_id", "item_id", "region_code", "delivered_on", "provider", "created_at")


def _visit_days(rng: random.Random, row: Planned, interval: int, today: dt.date) -> list[dt.date]:
    """The days a child was visited: one in 2024 for a child in difficulty, then the history the
    frequency asks for (a visit each interval from the opening, a few days either side) up to the
    last one, which a few children are overdue after (so the queue has something to show)."""
    days: set[dt.date] = set()
    if row.kind != "migrant" and row.opened < DAY:
        days.add(_day(rng, row.opened + dt.timedelta(days=1), DAY))
    span = (date_add_months(today, interval) - today).days
    if rng.random() < OVERDUE_SHARE:
        last = today - dt.timedelta(days=span + rng.randint(5, 60))
    else:
        last = today - dt.timedelta(days=rng.randint(0, span - 1))
    last = min(last, eighteenth_birthday(row.birth) - dt.timedelta(days=1))
    if last > row.opened:
        due = date_add_months(row.opened, interval)
        while due < last - dt.timedelta(days=20):
            day = due + dt.timedelta(days=rng.randint(-10, 10))
            if row.opened < day < last:
                days.add(day)
            due = date_add_months(due, interval)
        days.add(last)
    return sorted(days)


def _write(*, rng: random.Random, planned: list[Planned], directors: dict[str, int]) -> dict[str, int]:
    today = timezone.localdate()
    intervals = _intervals()
    profiles, plans = [], []
    for row in planned:
        interval = min(intervals[c] for c in row.categories)
        review, reviewed = _reviews(row.opened, today)
        days = _visit_days(rng, row, interval, today)
        profile = ChildProfile(
            person_id=row.person_id,
            region_code=row.region,
            hukou=row.hukou,
            reasons=row.reasons,
            dibao=row.dibao,
            disability_grade=row.grade,
            guardian_name=names.surname(rng) + names.given_name(rng, rng.choice("MF"), 1975),
            guardian_relation=rng.choice(
                RELATIONS["orphan" if row.kind in ("orphan", "de_facto") else "other"]
            ),
            opened_on=row.opened,
            review_on=review,
            reviewed_on=reviewed,
            visit_interval_months=interval,
            last_visited_on=days[-1] if days else None,
            next_visit_on=date_add_months(days[-1] if days else row.opened, interval),
        )
        for category, flag in FLAG.items():
            setattr(profile, flag, category in row.categories)
        if rng.random() < 0.8:
            profile.set_guardian_phone(
                "1" + rng.choice("3589") + "".join(str(rng.randint(0, 9)) for _ in range(9))
            )
        profiles.append(profile)
        plans.append((row, days))
    ChildProfile.objects.bulk_create(profiles, batch_size=2000)
    # Parents, visits and services as plain rows (core.db.rows_insert): 700,000 at scale 1.0,
    # where model instances would cost more than the writing.
    parents: list[tuple[Any, ...]] = []
    visits: list[tuple[Any, ...]] = []
    services: list[tuple[Any, ...]] = []
    written_visits = 0
    now = timezone.now()
    items = list(ServiceItem.objects.filter(active=True).order_by("number"))
    for profile, (row, days) in zip(profiles, plans, strict=True):
        for role, facts in zip(ParentRole.values, row.parents, strict=True):
            parents.append(
                (profile.pk, role, "", row.region, facts.status, facts.since, facts.works_away, facts.can_guard)
            )
        director = directors.get(row.region)
        for day in days:
            visits.append(
                (
                    profile.pk,
                    row.region,
                    day,
                    rng.choices(["home", "phone", "school"], weights=[70, 20, 10])[0],
                    "入户了解儿童生活、学习和监护情况，基本正常",
                    "" if rng.random() < 0.85 else "监护人反映经济困难，已告知救助政策",
                    director if director and day >= dt.date(2019, 6, 1) else None,
                    now,
                )
            )
        if len(visits) >= FLUSH_ROWS:  # half a million visits at scale 1.0: written as they come
            written_visits += rows_insert(ChildVisit, columns=VISIT_COLUMNS, rows=visits)
            visits.clear()
        if row.kind == "migrant" and items:
            first = max(row.opened, dt.date(YEAR, 1, 1))
            for item in rng.sample(items, rng.choice([0, 1, 1, 2, 3])):
                services.append(
                    (profile.pk, item.pk, row.region, _day(rng, first, DAY), rng.choice(PROVIDERS), now)
                )
    rows_insert(ChildParent, columns=PARENT_COLUMNS, rows=parents)
    written_visits += rows_insert(ChildVisit, columns=VISIT_COLUMNS, rows=visits)
    rows_insert(ServiceDelivery, columns=SERVICE_COLUMNS, rows=services)
    return {"parents": len(parents), "visits": written_visits, "services": len(services)}


def allowances_year_pay(*, maker: User, checker: User, year: int = YEAR) -> dict[str, Any]:
    """Each month of the year, both living allowances, city-wide: granted and run by ``maker``,
    approved by ``checker`` (maker ≠ checker)."""
    runs, lines = 0, 0
    for m in range(1, 13):
        for code in (ORPHAN_PROGRAM, DE_FACTO_PROGRAM):
            _, run = child_allowance_pay(
                actor=maker, program_code=code, month=dt.date(year, m, 1), region_prefix="3305"
            )
            if run.status == PaymentRun.Status.COMPUTED:
                payment_run_approve(actor=checker, run=run)
            runs += 1
            lines += run.line_count
    return {"allowance_runs": runs, "allowance_lines": lines}


def demo_children_build(
    *,
    seed: int,
    scale: float,
    maker: User | None = None,
    checker: User | None = None,
    say: Callable[[str], None] = lambda text: None,
) -> dict[str, Any]:
    """Profiles, directors, visits, services and allowances (see the module's docstring). Does
    nothing (returns {}) when already built or when the registry has no children."""
    if part_built(BUILT_ACTION):
        return {}
    started = time.perf_counter()
    rng = random.Random(seed * 7919 + 11)
    children, began, grades = _people(seed=seed)
    if not children:
        return {}
    planned = plan(rng=rng, children=children, began=began, grades=grades, scale=scale)
    with transaction.atomic():
        posts = _directors(rng=rng, seed=seed, scale=scale)
        ChildDirector.objects.bulk_create(posts, batch_size=2000)
        directed = {p.region_code: p.pk for p in posts if p.role == ChildDirector.Role.DIRECTOR}
        written = _write(rng=rng, planned=planned, directors=directed)
    tables_analyze(ChildProfile, ChildParent, ChildVisit, ServiceDelivery, ChildDirector)
    built = time.perf_counter()
    paid = (
        allowances_year_pay(maker=maker, checker=checker) if maker is not None and checker is not None else {}
    )
    ended = profiles_end_at_18(as_of=timezone.localdate())
    in_difficulty, migrant = targets(scale)
    kinds: dict[str, int] = defaultdict(int)
    for row in planned:
        kinds[row.kind] += 1
    counts: dict[str, Any] = {
        "in_difficulty_records": in_difficulty,
        "migrant_records": migrant,
        **{f"kind_{k}": v for k, v in kinds.items()},
        "directors": sum(1 for p in posts if p.role == ChildDirector.Role.DIRECTOR),
        "supervisors": sum(1 for p in posts if p.role == ChildDirector.Role.SUPERVISOR),
        **written,
        **paid,
        "ended_at_18": ended.profiles,
        "seconds_records": round(built - started, 1),
        "seconds_allowance": round(time.perf_counter() - built, 1),
    }
    part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts, text="湖州市演示儿童福利")
    say(
        f"  儿童档案：困境儿童 {in_difficulty:,} 人（孤儿 {kinds['orphan']:,}、事实无人抚养 {kinds['de_facto']:,}），"
        f"流动儿童 {migrant:,} 人；儿童主任 {counts['directors']:,} 人、督导员 {counts['supervisors']:,} 人；"
        f"走访 {written['visits']:,} 次，服务 {written['services']:,} 人次；年满18周岁终止 {ended.profiles:,} 份"
    )
    return counts
