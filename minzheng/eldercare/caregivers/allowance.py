"""The special post allowance (特殊岗位津贴) of caregivers, paid through the benefits engine.

**Who is paid a month, and how much** (``allowance_decide``, pure): a caregiver in post on the
month's first day (a caregiver who leaves during a month is paid that month, as a death in June
still pays June), alive then, certified by then (an uncertified care worker is not paid), and at
least ``min_months_in_post`` months (the program's param, 3 by default: docs/DOMAIN.md
"Caregivers") since they started. The amount is the tier's standard in force that month for the
employer's region (``AllowanceStandard``): their certificate level, and the highest band of full
years of service they have reached on the month's first day (years counted like ages: a full
year is reached on the anniversary; one who started on 29 February on 1 March in a common year).
The other conditions of the Hangzhou rules (20 days of work a month, training, no liability
accident) are not recorded in the registry; a county that applies them stops a person's
enrollment on the engine's own pages.

**Paying it** (``caregiver_allowance_grant``, then the engine's ``payment_run_start``): the
month's decisions are brought into the engine's enrollments of program ``caregiver_allowance``, a
person program whose money goes to the caregiver directly (the payee is the person, into their
bank account on file):

- eligible and not enrolled: a new enrollment from that month (approved on the day before, as the
  engine's ``enrollment_new`` builds it), written in bulk;
- enrolled at another amount (a new band reached, a new certificate, a new standard): the engine's
  own review (``review_record``, ``change_amount``) from that month;
- enrolled and no longer eligible (left, certificate withdrawn, died): the engine's
  ``enrollment_terminate``, the month being the first not paid.

Granting a month twice changes nothing the second time; months are granted in order, each before
its run (the engine pays an enrollment's current amount). The run is then approved by another
officer on the engine's payment pages (maker ≠ checker), like every program's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from minzheng.benefits.applications.counting import age_on
from minzheng.benefits.enrollments.models import Enrollment, Review
from minzheng.benefits.enrollments.services import enrollment_new, enrollment_terminate, review_record
from minzheng.benefits.money import date_add_months, to_decimal
from minzheng.benefits.payments.models import PaymentRun
from minzheng.benefits.payments.services import clean_region, payment_run_start
from minzheng.benefits.programs.models import Program
from minzheng.core.audit import audit_record
from minzheng.core.models import Region, User
from minzheng.core.scope import Scope
from minzheng.eldercare.caregivers import messages
from minzheng.eldercare.caregivers.models import Caregiver
from minzheng.eldercare.caregivers.selectors import StandardTable

PROGRAM = "caregiver_allowance"
PERM_PAYMENTS = "benefits.manage_payments"
MIN_MONTHS_DEFAULT = 3
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Decision:
    """One caregiver's allowance for one month, with the reason shown on the pages."""

    caregiver_id: int
    person_id: int
    region_code: str
    level: str
    years: int
    band: int | None
    amount: Decimal
    eligible: bool
    reason: str


def years_of_service(started_on: dt.date, month: dt.date) -> int:
    """Full years in the trade on the month's first day (never below 0)."""
    return max(age_on(started_on, month), 0)


def min_months(program: Program | None) -> int:
    params = (program.params if program is not None else None) or {}
    return int(to_decimal(params.get("min_months_in_post"), Decimal(MIN_MONTHS_DEFAULT)))


def allowance_decide(
    *,
    caregiver: Caregiver,
    death_date: dt.date | None,
    deceased: bool,
    month: dt.date,
    table: StandardTable,
    months_in_post: int = MIN_MONTHS_DEFAULT,
) -> Decision:
    """The month's decision for one caregiver (see the module's docstring); reads nothing."""
    years = years_of_service(caregiver.started_on, month)
    level_label = caregiver.get_level_display()

    def refused(reason: str) -> Decision:
        return Decision(
            caregiver.pk,
            caregiver.person_id,
            caregiver.region_code,
            caregiver.level,
            years,
            None,
            ZERO,
            False,
            reason,
        )

    if caregiver.left_on is not None and caregiver.left_on <= month:
        return refused(messages.WHY_LEFT.format(date=caregiver.left_on.isoformat()))
    if (death_date is not None and death_date < month) or (deceased and death_date is None):
        return refused(messages.WHY_DECEASED)
    if caregiver.started_on > month:
        return refused(messages.WHY_NOT_STARTED.format(date=caregiver.started_on.isoformat()))
    if not caregiver.level:
        return refused(messages.WHY_UNCERTIFIED)
    if caregiver.certified_on is not None and caregiver.certified_on > month:
        return refused(messages.WHY_CERTIFIED_LATER.format(date=caregiver.certified_on.isoformat()))
    if date_add_months(caregiver.started_on, months_in_post) > month:
        return refused(
            messages.WHY_TOO_NEW.format(months=months_in_post, date=caregiver.started_on.isoformat())
        )
    tier = table.tier(level=caregiver.level, years=years, region_code=caregiver.region_code)
    if tier is None:
        return refused(messages.WHY_NO_STANDARD.format(region=caregiver.region_code, level=level_label))
    band, amount = tier
    reason = messages.WHY_PAID.format(level=level_label, years=years, band=band, amount=f"{amount:.2f}")
    return Decision(
        caregiver.pk,
        caregiver.person_id,
        caregiver.region_code,
        caregiver.level,
        years,
        band,
        amount,
        amount > 0,
        reason,
    )


def allowance_decisions(*, caregivers: Iterable[Caregiver], month: dt.date) -> list[Decision]:
    """The month's decisions for ``caregivers`` (fetched with their person), one standards table."""
    month = month.replace(day=1)
    table = StandardTable(month=month)
    months = min_months(Program.objects.filter(code=PROGRAM).first())
    return [
        allowance_decide(
            caregiver=c,
            death_date=c.person.death_date,
            deceased=c.person.status == "deceased",
            month=month,
            table=table,
            months_in_post=months,
        )
        for c in caregivers
    ]


@dataclass(frozen=True)
class Grant:
    month: dt.date
    region_prefix: str
    eligible: int
    created: int
    changed: int
    stopped: int
    total: Decimal  # the month's allowance of the eligible, in yuan


def _program() -> Program:
    program = Program.objects.filter(code=PROGRAM).first()
    if program is None:
        raise ValidationError({"program": [messages.PROGRAM_MISSING]})
    return program


@transaction.atomic
def caregiver_allowance_grant(*, actor: User, month: dt.date, region_prefix: str = "") -> Grant:
    """Bring the engine's enrollments of ``caregiver_allowance`` in ``region_prefix`` (the actor's
    scope when empty) to the month's decisions (see the module's docstring). Needs
    ``benefits.manage_payments``, like a run. Idempotent."""
    if actor is None or not actor.has_perm(PERM_PAYMENTS):
        raise PermissionDenied(messages.PERMISSION_ALLOWANCE)
    program = _program()
    prefix = clean_region(region_prefix, actor=actor)
    month = month.replace(day=1)
    scope = Scope(prefix=prefix)
    caregivers = list(
        scope.filter(Caregiver.objects.select_related("person"))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=month))
        .order_by("id")
    )
    people = {c.person_id: c.person for c in caregivers}
    decisions = [d for d in allowance_decisions(caregivers=caregivers, month=month) if d.eligible]
    paid = {d.person_id: d for d in decisions}
    live = Enrollment.objects.filter(program=program, status__in=Enrollment.LIVE)
    # A person program's enrollment always has its person (the engine's one-beneficiary constraint).
    mine: dict[int, Enrollment] = (
        {e.person_id or 0: e for e in live.filter(person_id__in=list(paid))} if paid else {}
    )
    approved_on = month - dt.timedelta(days=1)
    # The engine's own constructor (the start is the month after approval: this month), in bulk.
    new = [
        enrollment_new(
            program=program,
            person=people[d.person_id],
            region_code=d.region_code,
            approved_on=approved_on,
            monthly_amount=d.amount,
            actor=actor,
        )
        for d in decisions
        if d.person_id not in mine
    ]
    Enrollment.objects.bulk_create(new, batch_size=1000)
    changed = 0
    for person_id, enrollment in mine.items():
        decision = paid[person_id]
        if enrollment.monthly_amount != decision.amount:
            review_record(
                actor=actor,
                enrollment=enrollment,
                outcome=Review.Outcome.CHANGE_AMOUNT,
                monthly_amount=decision.amount,
                done_on=approved_on,
                reason=decision.reason,
            )
            changed += 1
    stopped = 0
    for enrollment in scope.filter(live.exclude(person_id__in=list(paid))).select_related("person"):
        stop = max(month, enrollment.start_month)
        enrollment_terminate(
            actor=actor,
            enrollment=enrollment,
            reason=_why_stopped(enrollment, month),
            stop_month=stop,
            on=approved_on,
        )
        stopped += 1
    grant = Grant(
        month=month,
        region_prefix=prefix,
        eligible=len(decisions),
        created=len(new),
        changed=changed,
        stopped=stopped,
        total=sum((d.amount for d in decisions), ZERO),
    )
    region = Region.objects.filter(code=prefix.ljust(12, "0")).first()
    audit_record(
        actor=actor,
        action="eldercare.caregiver_allowance.granted",
        obj=region or program,
        region_code=prefix.ljust(12, "0"),
        after={
            "month": month.isoformat(),
            "region_prefix": prefix,
            "eligible": grant.eligible,
            "created": grant.created,
            "changed": changed,
            "stopped": stopped,
            "total": f"{grant.total:.2f}",
            "created_people": sorted(e.person_id for e in new),
        },
        object_repr=f"养老护理员特殊岗位津贴 {month:%Y-%m} {prefix}",
    )
    return grant


def _why_stopped(enrollment: Enrollment, month: dt.date) -> str:
    if enrollment.person_id is None:
        return messages.WHY_UNCERTIFIED
    latest = Caregiver.objects.filter(person_id=enrollment.person_id).order_by("-started_on", "-id").first()
    if latest is None:
        return messages.WHY_UNCERTIFIED
    table = StandardTable(month=month)
    person = enrollment.person
    return allowance_decide(
        caregiver=latest,
        death_date=person.death_date if person else None,
        deceased=bool(person and person.status == "deceased"),
        month=month,
        table=table,
    ).reason


def caregiver_allowance_pay(
    *, actor: User, month: dt.date, region_prefix: str = ""
) -> tuple[Grant, PaymentRun]:
    """Grant the month (``caregiver_allowance_grant``), then start the engine's run of it for the
    same region: the run's lines are the enrollments' amounts; another officer approves it. The
    run computes in its own transactions, batch by batch, as the engine's runs do."""
    grant = caregiver_allowance_grant(actor=actor, month=month, region_prefix=region_prefix)
    run = payment_run_start(
        actor=actor, program_code=PROGRAM, period=grant.month, region_prefix=grant.region_prefix
    )
    return grant, run


def run_of(*, month: dt.date, region_prefix: str) -> Any:
    return PaymentRun.objects.filter(
        program__code=PROGRAM, period=month.replace(day=1), region_prefix=region_prefix
    ).first()
