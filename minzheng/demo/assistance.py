"""The demo city's social assistance: dibao, tekun, dibian and temporary aid to Huzhou's 2024
proportions, and the 2024 payment runs that paid them.

The bureau's 2024 summary (``assistance.*`` in the reference figures) says: 180,000 low-income
people monitored, 317M yuan of basic assistance paid, temporary aid 3,053 times, 311 households
(776 people) newly identified as dibian. At ``--scale`` s the demo aims at s × each, and the
figures are then *read back from the records* by ``assistance.low_income.selectors`` like any
real year's: the generator only chooses how many beneficiaries to enroll.

- **Who.** Beneficiaries are people of the registry at their standard addresses: households
  linked to one, every member alive and registered before mid-2023 (so an approval years ago
  saw the household as it is). Tekun persons are elders living alone. A household is on at
  most one of dibao and dibian.
- **Amounts** come from the programs' own policies (``policy_for(code).assess``) on synthetic
  economic-check facts (incomes, assets, self-care items, the need of a temporary aid), against
  the seeded standards and params; an ineligible draw is skipped, never forced.
- **History.** Most enrollments were approved before 2024 (rolls carried over from the previous
  system, without applications); those approved in 2024 come with their application, economic
  check and timeline, written in bulk as the services would have left them. A few were
  terminated during 2024. Temporary aid is one-month enrollments (``enrollment_new``).
- **Payments.** The 2024 runs of dibao, tekun and temporary aid are made with the real services
  (``payment_run_start``, set-based; ``payment_run_approve``, maker ≠ checker), then marked
  exported with every line confirmed paid, as the bank's return file would.

How many: tekun is a fixed share of residents (``TEKUN``); temporary aid is the summary's count;
dibao households are added (in a seeded random order) until the 2024 basic-assistance spend
reaches its share of 317M; dibian households until the monitored people reach theirs.

Idempotent: a second call finds the marker audit entry and writes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from minzheng.assistance.codes import AidKind, Supporters
from minzheng.assistance.policies.tekun import SELF_CARE_ITEMS
from minzheng.benefits.applications.models import (
    Application,
    CheckMember,
    EconomicCheck,
    IncomeItem,
    TimelineEntry,
)
from minzheng.benefits.applications.services import (
    DECISION_WORKDAYS,
    DUE_WORKDAYS,
    LIMIT_WORKDAYS,
    NOTICE_DAYS,
)
from minzheng.benefits.enrollments.models import Enrollment
from minzheng.benefits.enrollments.services import enrollment_new
from minzheng.benefits.money import month_add, month_start, yuan
from minzheng.benefits.payments.models import BankAccount, PaymentLine, PaymentRun
from minzheng.benefits.payments.services import payment_run_approve, payment_run_start
from minzheng.benefits.programs.models import Program
from minzheng.benefits.programs.policy import AssetFacts, Facts, MemberFacts, SubjectFacts, policy_for
from minzheng.benefits.programs.selectors import standard_amount
from minzheng.benefits.workdays import workdays_add
from minzheng.core.audit import audit_record
from minzheng.core.db import tables_analyze
from minzheng.core.models import Region, User
from minzheng.people.models import Household, Membership, Person
from minzheng.places.models import HouseholdAddress

YEAR = 2024
CITY_CODE = "330500000000"
BUILT_ACTION = "demo.assistance.built"
HISTORY_ACTOR = "历史数据"

# The summary's figures (../shared/reference/figures.csv), at scale 1.0.
MONITORED = 180_000
BASIC_AID_SPENT = Decimal("317000000")
TEMPORARY_AID_CASES = 3_053
DIBIAN_NEW_HOUSEHOLDS, DIBIAN_NEW_PEOPLE = 311, 776
# Not in the summary: about 0.135% of residents are tekun in Zhejiang's cities.
TEKUN = 4_600

FIRST_APPROVAL = dt.date(2016, 1, 1)
REGISTERED_BY = dt.date(2023, 6, 30)  # every member born by then (see the module's docstring)
NEW_IN_YEAR = 0.07  # share of dibao and tekun enrollments approved in 2024
ENDED_IN_YEAR = 0.05  # share terminated during 2024
ENDED_REASONS = {
    "dibao": ("家庭收入增加，超过低保标准", "经复核家庭经济状况发生变化，不再符合条件", "本人申请退出"),
    "tekun": ("法定义务人具备履行能力，不再符合特困人员条件", "本人申请退出"),
}
BANKS = (
    "中国农业银行湖州分行",
    "湖州银行",
    "浙江农商银行湖州分行",
    "中国邮政储蓄银行湖州分行",
    "中国工商银行湖州分行",
)
BATCH = 5_000


@dataclasses.dataclass(slots=True)
class Home:
    """A household as the selection sees it (one row of ``_homes``)."""

    id: int
    region_code: str
    head_id: int
    size: int
    oldest: dt.date
    youngest: dt.date


@dataclasses.dataclass
class Case:
    """One beneficiary chosen, with what the policy found and when it was approved."""

    program: Program
    home: Home
    person_id: int | None  # person programs
    approved_on: dt.date
    amount: Decimal
    persons: int
    review_months: int
    facts: Facts
    result: Any
    stop_month: dt.date | None = None
    stop_reason: str = ""
    deposits: Decimal = Decimal("0.00")
    dates: dict[str, dt.date] = dataclasses.field(default_factory=dict)  # the application's steps


def _scaled(value: int, scale: float) -> int:
    return max(1, round(value * scale))


def _homes() -> list[Home]:
    """Households linked to a standard address, every member alive and born by REGISTERED_BY."""
    h, m, p, ha = (model._meta.db_table for model in (Household, Membership, Person, HouseholdAddress))
    sql = (
        f"SELECT h.id, h.region_code, h.head_id, COUNT(*), MIN(p.birth_date), MAX(p.birth_date) "
        f"FROM {h} h JOIN {ha} ha ON ha.household_id = h.id JOIN {m} m ON m.household_id = h.id "
        f"JOIN {p} p ON p.id = m.person_id WHERE h.head_id IS NOT NULL "
        f"GROUP BY h.id, h.region_code, h.head_id "
        f"HAVING SUM(CASE WHEN p.status = %s THEN 0 ELSE 1 END) = 0 AND MAX(p.birth_date) <= %s ORDER BY h.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Person.Status.ALIVE.value, connection.ops.adapt_datefield_value(REGISTERED_BY)])
        return [
            Home(row[0], row[1], row[2], row[3], _as_date(row[4]), _as_date(row[5]))
            for row in cursor.fetchall()
        ]


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _months_paid(start: dt.date, stop: dt.date | None, year: int = YEAR) -> int:
    """The months of ``year`` an enrollment from ``start`` to ``stop`` (exclusive) covers."""
    first, end = (
        max(start, dt.date(year, 1, 1)),
        min(stop or dt.date(year + 1, 1, 1), dt.date(year + 1, 1, 1)),
    )
    return max(0, (end.year - first.year) * 12 + end.month - first.month)


class Seeder:
    """The selection and the writes, for one (seed, scale)."""

    def __init__(
        self, *, seed: int, scale: float, maker: User, checker: User, say: Callable[[str], None]
    ) -> None:
        self.rng = random.Random(f"assistance-{seed}-{scale}")
        self.scale, self.maker, self.checker, self.say = scale, maker, checker, say
        self.programs = {
            p.code: p for p in Program.objects.filter(code__in=["dibao", "tekun", "dibian", "temporary_aid"])
        }
        month = dt.date(YEAR, 1, 1)
        self.standards = {
            code: standard_amount(program=self.programs[code], region_code=CITY_CODE, month=month)
            for code in ("dibao", "tekun")
        }
        self.cases: list[Case] = []
        self.people: dict[int, Person] = {}

    # ---- dates ---------------------------------------------------------------------------------

    def _approval(self, *, new: bool, not_before: dt.date) -> dt.date:
        if new:
            return _day(self.rng, dt.date(YEAR, 1, 2), dt.date(YEAR, 11, 28))
        return _day(
            self.rng, max(FIRST_APPROVAL, not_before + dt.timedelta(days=30)), dt.date(YEAR - 1, 12, 20)
        )

    def _ending(self, case: Case) -> None:
        """A few enrollments end during the year: the stop month is a month of the year after
        their start, the reason one a review would give."""
        start = month_add(month_start(case.approved_on), 1)
        first = max(start, dt.date(YEAR, 2, 1))
        if first > dt.date(YEAR, 12, 1) or self.rng.random() >= ENDED_IN_YEAR:
            return
        case.stop_month = month_add(first, self.rng.randint(0, 12 - first.month))
        case.stop_reason = self.rng.choice(ENDED_REASONS[case.program.code])

    # ---- the policies' facts -------------------------------------------------------------------

    def _household_facts(self, home: Home, *, low: Decimal, high: Decimal) -> tuple[Facts, Decimal]:
        """Members' incomes with a per-capita income in [low, high), and assets within limits."""
        per_capita = Decimal(self.rng.uniform(float(low), float(high))).quantize(Decimal("0.01"))
        total = per_capita * home.size
        shares = [self.rng.random() + (2 if i == 0 else 0) for i in range(home.size)]
        incomes = [(total * Decimal(s / sum(shares))).quantize(Decimal("0.01")) for s in shares]
        incomes[0] += total - sum(incomes)
        members = [
            MemberFacts(
                monthly_income=max(income, Decimal("0.00")),
                work_capable=i == 0 and per_capita > 300,
                income_stable=self.rng.random() < 0.7,
            )
            for i, income in enumerate(incomes)
        ]
        deposits = Decimal(self.rng.randint(0, 12_000 * home.size)).quantize(Decimal("0.01"))
        return Facts(members=members, assets=AssetFacts(deposits=deposits, vehicles=0, houses=1)), deposits

    def _household_case(
        self, code: str, home: Home, *, low: Decimal, high: Decimal, new: bool
    ) -> Case | None:
        program, policy = self.programs[code], policy_for(code)
        facts, deposits = self._household_facts(home, low=low, high=high)
        result = policy.assess(facts, standard=self.standards["dibao"], params=program.params)
        if not result.eligible:
            return None
        case = Case(
            program,
            home,
            None,
            self._approval(new=new, not_before=home.youngest),
            result.monthly_amount,
            result.counted_members,
            policy.review_interval_months(facts, params=program.params),
            facts,
            result,
            deposits=deposits,
        )
        if program.code == "dibao":
            self._ending(case)
        return case

    def _tekun_case(self, home: Home, *, new: bool) -> Case | None:
        program, policy = self.programs["tekun"], policy_for("tekun")
        roll = self.rng.random()
        failed = 0 if roll < 0.6 else (self.rng.randint(1, 3) if roll < 0.9 else self.rng.randint(4, 6))
        items = list(SELF_CARE_ITEMS)
        self.rng.shuffle(items)
        self_care = {item: i >= failed for i, item in enumerate(items)}
        approved = self._approval(new=new, not_before=home.oldest.replace(year=home.oldest.year + 60))
        subject = SubjectFacts(
            age=_age(home.oldest, approved),
            extra={
                "dibao_standard": self.standards["dibao"],
                "monthly_income": Decimal(self.rng.randint(0, 500)),
                "supporters": Supporters.NONE if self.rng.random() < 0.7 else Supporters.UNABLE,
                "self_care": self_care,
                "certificates": [],
            },
        )
        facts = Facts(subject=subject)
        result = policy.assess(facts, standard=self.standards["tekun"], params=program.params)
        if not result.eligible:
            return None
        case = Case(
            program,
            home,
            home.head_id,
            approved,
            result.monthly_amount,
            1,
            policy.review_interval_months(facts, params=program.params),
            facts,
            result,
        )
        self._ending(case)
        return case

    def _aid_case(self, home: Home) -> Case | None:
        program, policy = self.programs["temporary_aid"], policy_for("temporary_aid")
        need = Decimal(round(self.rng.lognormvariate(7.6, 0.7), -1))
        kind = AidKind.EMERGENCY if self.rng.random() < 0.45 else AidKind.EXPENDITURE
        subject = SubjectFacts(age=None, extra={"aid_kind": kind.value, "aid_need": need})
        facts = Facts(subject=subject)
        result = policy.assess(facts, standard=self.standards["dibao"], params=program.params)
        if not result.eligible:
            return None
        approved = _day(self.rng, dt.date(YEAR, 1, 3), dt.date(YEAR, 12, 27))
        return Case(program, home, home.head_id, approved, result.monthly_amount, 1, 12, facts, result)

    # ---- choosing ------------------------------------------------------------------------------

    def choose(self, homes: list[Home]) -> None:
        self.rng.shuffle(homes)
        elders_alone = [h for h in homes if h.size == 1 and h.oldest <= dt.date(1955, 12, 31)]
        taken: set[int] = set()
        for home in elders_alone:
            if len(self.cases) >= _scaled(TEKUN, self.scale):
                break
            case = self._tekun_case(home, new=self.rng.random() < NEW_IN_YEAR)
            if case is not None:
                self.cases.append(case)
                taken.add(home.id)
        others = iter([h for h in homes if h.id not in taken])

        aided: list[Case] = []
        while len(aided) < _scaled(TEMPORARY_AID_CASES, self.scale):
            case = self._aid_case(next(others))
            if case is not None:
                aided.append(case)

        target = BASIC_AID_SPENT * Decimal(self.scale)
        spent = sum(
            (
                c.amount * _months_paid(month_add(month_start(c.approved_on), 1), c.stop_month)
                for c in self.cases
            ),
            Decimal(0),
        )
        spent += sum((c.amount for c in aided if c.approved_on < dt.date(YEAR, 12, 1)), Decimal(0))
        standard = self.standards["dibao"]
        for home in others:
            if spent >= target:
                break
            case = self._household_case(
                "dibao", home, low=Decimal(0), high=standard, new=self.rng.random() < NEW_IN_YEAR
            )
            if case is not None:
                self.cases.append(case)
                spent += case.amount * _months_paid(
                    month_add(month_start(case.approved_on), 1), case.stop_month
                )

        monitored = sum(c.persons for c in self.cases if c.stop_month is None)
        aided_heads = {c.home.head_id for c in aided}
        covered_heads = {c.home.head_id for c in self.cases if c.stop_month is None}
        monitored += len(aided_heads - covered_heads)
        self.cases += self._dibian(others, monitored=monitored, aided_heads=aided_heads - covered_heads)
        self.cases += aided

    def _dibian(self, others: Iterator[Home], *, monitored: int, aided_heads: set[int]) -> list[Case]:
        """Dibian households until the monitored people reach their target; the year's new ones
        first, chosen by size so that they add up to the summary's households and people."""
        low, high = self.standards["dibao"], self.standards["dibao"] * Decimal("1.5")
        target = round(MONITORED * self.scale)
        new_households, new_people = (
            _scaled(DIBIAN_NEW_HOUSEHOLDS, self.scale),
            _scaled(DIBIAN_NEW_PEOPLE, self.scale),
        )
        chosen: list[Case] = []
        pool: dict[int, list[Home]] = {}
        for home in others:
            size_fits = 1 <= home.size <= 6
            if len(chosen) < new_households and size_fits:
                pool.setdefault(home.size, []).append(home)
                picked = self._fit(
                    pool,
                    slots=new_households - len(chosen),
                    people=new_people - sum(c.persons for c in chosen),
                )
                if picked is None:
                    continue
                case = self._household_case("dibian", picked, low=low, high=high, new=True)
            else:
                case = self._household_case("dibian", home, low=low, high=high, new=False)
            if case is None:
                continue
            chosen.append(case)
            monitored += case.persons - (1 if case.home.head_id in aided_heads else 0)
            if monitored >= target and len(chosen) >= new_households:
                break
        return chosen

    @staticmethod
    def _fit(pool: dict[int, list[Home]], *, slots: int, people: int) -> Home | None:
        """A household from ``pool`` whose size keeps the remaining people reachable with the
        remaining slots (1–6 people each), closest to the average still needed."""
        want = people / slots
        for size in sorted(pool, key=lambda s: (abs(s - want), s)):
            rest_people, rest_slots = people - size, slots - 1
            if pool[size] and rest_slots <= rest_people <= 6 * rest_slots:
                return pool[size].pop()
        return None

    # ---- writing -------------------------------------------------------------------------------

    def write(self) -> dict[str, int]:
        enrollments = []
        for case in self.cases:
            enrollment = enrollment_new(
                program=case.program,
                household=None if case.person_id else Household(pk=case.home.id),
                person=Person(pk=case.person_id) if case.person_id else None,
                region_code=case.home.region_code,
                approved_on=case.approved_on,
                monthly_amount=case.amount,
                persons=case.persons,
                review_interval_months=case.review_months,
            )
            if case.stop_month is not None:
                enrollment.status, enrollment.status_reason = Enrollment.Status.TERMINATED, case.stop_reason
                enrollment.stop_month, enrollment.next_review_on = case.stop_month, None
                enrollment.terminated_on = enrollment.status_changed_on = month_add(case.stop_month, -1)
            elif enrollment.next_review_on is not None:
                enrollment.next_review_on = self._next_review(case)
            enrollments.append(enrollment)
        Enrollment.objects.bulk_create(enrollments, batch_size=BATCH)
        new = [
            (case, e)
            for case, e in zip(self.cases, enrollments, strict=True)
            if case.approved_on.year == YEAR
        ]
        applications = self._applications(new)
        accounts = self._bank_accounts()
        return {"enrollments": len(enrollments), "applications": applications, "bank_accounts": accounts}

    def _next_review(self, case: Case) -> dt.date:
        """Reviews kept up to date: the next is due within one interval of the build's day, a few
        already overdue (the due list has work in it)."""
        today = timezone.localdate()
        return today + dt.timedelta(days=self.rng.randint(-20, 30 * case.review_months))

    def _applications(self, new: Sequence[tuple[Case, Enrollment]]) -> int:
        """The application, economic check and timeline of each case approved this year, as the
        services would have left them after approval."""
        members = self._members({case.home.id for case, _ in new if case.person_id is None})
        apps, checks, timelines = [], [], []
        for case, enrollment in new:
            apps.append(self._application(case, enrollment))
        Application.objects.bulk_create(apps, batch_size=BATCH)
        for (case, _), app in zip(new, apps, strict=True):
            checks.append(self._check(case, app))
            timelines += self._timeline(case, app)
        EconomicCheck.objects.bulk_create(checks, batch_size=BATCH)
        check_members: list[tuple[CheckMember, Decimal]] = []
        for (case, _), check in zip(new, checks, strict=True):
            check_members += self._check_members(case, check, members)
        CheckMember.objects.bulk_create([m for m, _ in check_members], batch_size=BATCH)
        IncomeItem.objects.bulk_create(
            [
                IncomeItem(member=m, kind=IncomeItem.Kind.WAGE, monthly_amount=income)
                for m, income in check_members
                if income > 0
            ],
            batch_size=BATCH,
        )
        TimelineEntry.objects.bulk_create(timelines, batch_size=BATCH)
        return len(apps)

    def _members(self, household_ids: set[int]) -> dict[int, list[tuple[Person, str]]]:
        out: dict[int, list[tuple[Person, str]]] = {}
        ids = sorted(household_ids)
        for i in range(0, len(ids), 500):
            rows = (
                Membership.objects.filter(household_id__in=ids[i : i + 500])
                .select_related("person")
                .order_by("household_id", "id")
            )
            for row in rows:
                out.setdefault(row.household_id, []).append((row.person, row.relationship))
        for rows in out.values():
            rows.sort(key=lambda r: r[1] != Membership.Relationship.SELF)
        return out

    def _dates(self, case: Case) -> dict[str, dt.date]:
        decided = case.approved_on
        notice_end = decided - dt.timedelta(days=self.rng.randint(1, 6))
        notice_start = notice_end - dt.timedelta(days=NOTICE_DAYS)
        checked = notice_start - dt.timedelta(days=self.rng.randint(1, 4))
        received = checked - dt.timedelta(days=self.rng.randint(3, 12))
        return {
            "received": received,
            "check_started": received + dt.timedelta(days=1),
            "checked": checked,
            "notice_start": notice_start,
            "notice_end": notice_end,
            "decided": decided,
        }

    def _application(self, case: Case, enrollment: Enrollment) -> Application:
        d = self._dates(case)
        case.dates = d
        one_off = case.program.kind == Program.Kind.ONE_OFF
        return Application(
            program=case.program,
            household_id=None if case.person_id else case.home.id,
            person_id=case.person_id,
            region_code=case.home.region_code,
            channel=Application.Channel.TOWNSHIP,
            reason=self._reason(case),
            status=Application.Status.APPROVED if one_off else Application.Status.ENROLLED,
            submitted_at=_at(d["received"], 9),
            due_on=workdays_add(d["received"], DUE_WORKDAYS),
            limit_on=workdays_add(d["received"], LIMIT_WORKDAYS),
            check_started_at=_at(d["check_started"], 10),
            checked_at=_at(d["checked"], 15),
            township_opinion="经入户调查和家庭经济状况核对，情况属实",
            notice_started_on=d["notice_start"],
            notice_ends_on=d["notice_end"],
            notice_round=1,
            decision_due_on=workdays_add(d["notice_end"], DECISION_WORKDAYS),
            decided_at=_at(d["decided"], 16),
            approved_amount=case.amount,
            enrollment=enrollment,
        )

    @staticmethod
    def _reason(case: Case) -> str:
        if case.program.code == "temporary_aid":
            kind = case.facts.subject.extra["aid_kind"] if case.facts.subject else ""
            return (
                "突发意外事件，基本生活暂时出现严重困难"
                if kind == AidKind.EMERGENCY
                else "医疗支出过大，基本生活难以为继"
            )
        if case.program.code == "tekun":
            return "年老无劳动能力，无生活来源，无法定赡养义务人"
        return "家庭收入低，基本生活困难"

    def _check(self, case: Case, app: Application) -> EconomicCheck:
        r, d = case.result, case.dates
        return EconomicCheck(
            application=app,
            month=month_start(d["checked"]),
            deposits=case.deposits,
            vehicles=0,
            houses=1,
            household_income=r.household_income.quantize(Decimal("0.01")),
            counted_members=r.counted_members or 1,
            standard=r.standard,
            eligible=True,
            monthly_amount=r.monthly_amount,
            reasons=list(r.reasons),
            params=dict(case.program.params),
            review_interval_months=case.review_months,
            checked_at=_at(d["checked"], 15),
        )

    def _check_members(
        self, case: Case, check: EconomicCheck, members: dict[int, list[tuple[Person, str]]]
    ) -> list[tuple[CheckMember, Decimal]]:
        checked = case.dates["checked"]
        if case.person_id is not None:
            income = (
                Decimal(case.facts.subject.extra.get("monthly_income", 0))
                if case.facts.subject
                else Decimal(0)
            )
            person = self.people[case.person_id]
            return [
                (
                    CheckMember(
                        economic_check=check,
                        person_id=person.pk,
                        name=person.name,
                        relationship="self",
                        age=_age(person.birth_date, checked),
                        counted=True,
                        monthly_income=income,
                    ),
                    income,
                )
            ]
        out = []
        for (person, relationship), facts in zip(members[case.home.id], case.facts.members, strict=False):
            out.append(
                (
                    CheckMember(
                        economic_check=check,
                        person_id=person.pk,
                        name=person.name,
                        relationship=relationship,
                        age=_age(person.birth_date, checked),
                        work_capable=facts.work_capable,
                        income_stable=facts.income_stable,
                        counted=True,
                        monthly_income=facts.monthly_income,
                    ),
                    facts.monthly_income,
                )
            )
        return out

    def _timeline(self, case: Case, app: Application) -> list[TimelineEntry]:
        d = case.dates
        final = app.status
        steps = [
            (d["received"], 9, "submitted", "", "submitted", app.reason),
            (d["check_started"], 10, "check_started", "submitted", "economic_check", ""),
            (
                d["checked"],
                15,
                "checked",
                "economic_check",
                "township_review",
                "；".join(case.result.reasons),
            ),
            (
                d["notice_start"],
                9,
                "notice_started",
                "township_review",
                "public_notice",
                app.township_opinion,
            ),
            (d["decided"], 16, "approved", "public_notice", final, ""),
        ]
        return [
            TimelineEntry(
                application=app,
                at=_at(day, hour),
                actor=None,
                actor_name=HISTORY_ACTOR,
                action=action,
                from_status=src,
                to_status=dst,
                note=note,
            )
            for day, hour, action, src, dst, note in steps
        ]

    def load_people(self) -> None:
        """The persons the year's person-program applications name (one query per 500)."""
        ids = sorted({c.person_id for c in self.cases if c.person_id and c.approved_on.year == YEAR})
        for i in range(0, len(ids), 500):
            self.people.update(Person.objects.in_bulk(ids[i : i + 500]))

    def _bank_accounts(self) -> int:
        """One account for each payee (the person, or the household's head) without one."""
        payees = sorted({c.person_id or c.home.head_id for c in self.cases})
        have = set()
        for i in range(0, len(payees), 1000):
            have.update(
                BankAccount.objects.filter(person_id__in=payees[i : i + 1000], active=True).values_list(
                    "person_id", flat=True
                )
            )
        regions = {c.person_id or c.home.head_id: c.home.region_code for c in self.cases}
        rows = []
        for person_id in payees:
            if person_id in have:
                continue
            account = BankAccount(
                person_id=person_id, region_code=regions[person_id], bank_name=self.rng.choice(BANKS)
            )
            account.set_account_number("6228" + "".join(str(self.rng.randint(0, 9)) for _ in range(15)))
            rows.append(account)
        BankAccount.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def payment_history_build(
    *,
    maker: User,
    checker: User,
    programs: Iterable[str] = ("dibao", "tekun", "temporary_aid"),
    year: int = YEAR,
    say: Callable[[str], None] = lambda text: None,
) -> dict[str, Any]:
    """The year's monthly runs, city-wide, made and approved with the real services, then marked
    exported with every line paid (what the bank's return file would confirm)."""
    prefix = CITY_CODE[:4]
    runs, lines, total = 0, 0, Decimal(0)
    for code in programs:
        for month in range(1, 13):
            run = payment_run_start(
                actor=maker, program_code=code, period=dt.date(year, month, 1), region_prefix=prefix
            )
            if run.status == PaymentRun.Status.COMPUTED:
                run = payment_run_approve(actor=checker, run=run)
            if run.status == PaymentRun.Status.APPROVED:
                paid_at = _at(month_add(dt.date(year, month, 1), 1) - dt.timedelta(days=20), 10)
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
        say(f"  {code}：{year}年12个月发放批次已生成")
    return {"runs": runs, "lines": lines, "total": yuan(total)}


def demo_assistance_build(
    *, seed: int, scale: float, maker: User, checker: User, say: Callable[[str], None] = lambda text: None
) -> dict[str, Any]:
    """Enroll the demo city's beneficiaries and pay 2024. Does nothing when already done, or when
    the registry is empty."""
    from minzheng.core.models import AuditEntry

    if AuditEntry.objects.filter(action=BUILT_ACTION).exists() or not Household.objects.exists():
        return {}
    started = time.perf_counter()
    seeder = Seeder(seed=seed, scale=scale, maker=maker, checker=checker, say=say)
    if None in seeder.standards.values():
        return {}
    seeder.choose(_homes())
    seeder.load_people()
    with transaction.atomic():
        counts = seeder.write()
    counts |= {
        f"{code}_enrollments": sum(1 for c in seeder.cases if c.program.code == code)
        for code in seeder.programs
    }
    # Fresh statistics for the tables just filled, or the planner reads the due list and the
    # figures through the wrong index (core.db.tables_analyze).
    tables_analyze(Enrollment, Application, EconomicCheck, CheckMember, IncomeItem, TimelineEntry, BankAccount)
    enrolled = time.perf_counter()
    payments = payment_history_build(maker=maker, checker=checker, say=say)
    tables_analyze(PaymentRun, PaymentLine)
    counts |= {"payment_runs": payments["runs"], "payment_lines": payments["lines"],
               "seconds_enroll": round(enrolled - started, 1), "seconds_pay": round(time.perf_counter() - enrolled, 1)}
    audit_record(
        actor=None,
        action=BUILT_ACTION,
        obj=Region.objects.get(code=CITY_CODE),
        region_code=CITY_CODE,
        after={"seed": seed, "scale": scale, **counts, "paid": str(payments["total"])},
        object_repr="湖州市演示救助数据",
    )
    return counts
