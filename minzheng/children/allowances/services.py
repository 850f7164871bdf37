"""The two living allowances of children, paid through the benefits engine, as the caregivers'
special post allowance is (``eldercare.caregivers.allowance``):

- 孤儿基本生活费 (program ``orphan_living``), for the children whose active profile carries 孤儿;
- 事实无人抚养儿童基本生活补贴 (program ``de_facto_living``), for 事实无人抚养儿童.

Both are person programs, monthly, paid to the child's account (held by the guardian); the amount
is the program's ``benefits.Standard`` in force for the child's region (example values seeded by
the migration, marked as such) and follows it (``amount_follows_standard``).

**Granting a month** (``child_allowance_grant``): a child is paid a month when their profile
carries the category, was opened by the month's end and had not ended before the month began (a
profile ended in June is paid June, as a death in June still pays June). The month's decisions
are brought into the engine's enrollments of the program in the region: a new enrollment (the
engine's ``enrollment_new``, approved the day before the month, so it starts that month; in bulk)
for the eligible not enrolled; the engine's ``enrollment_terminate`` from that month for the
enrolled no longer eligible (the profile ending terminates them at once, from the next month, in
``profiles.services``). Granting twice changes nothing. **Paying** (``child_allowance_pay``) then
starts the engine's run; another officer approves it on the engine's payment pages (maker ≠ checker).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from minzheng.benefits.enrollments.models import Enrollment
from minzheng.benefits.enrollments.services import enrollment_new, enrollment_terminate
from minzheng.benefits.money import month_add
from minzheng.benefits.payments.models import PaymentRun
from minzheng.benefits.payments.services import clean_region, payment_run_start
from minzheng.benefits.programs.models import Program
from minzheng.benefits.programs.selectors import StandardTable
from minzheng.children import messages
from minzheng.children.codes import FLAG, PROGRAM_OF, Category
from minzheng.children.profiles.models import ChildProfile
from minzheng.core.audit import audit_record
from minzheng.core.models import Region, User
from minzheng.core.scope import Scope
from minzheng.people.models import Person

PERM_PAYMENTS = "benefits.manage_payments"
CATEGORY_OF = {program: category for category, program in PROGRAM_OF.items()}
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Grant:
    program: str
    month: dt.date
    region_prefix: str
    eligible: int
    created: int
    stopped: int
    total: Decimal


def program_of(code: str) -> Program:
    program = Program.objects.filter(code=code).first()
    if program is None or code not in CATEGORY_OF:
        raise ValidationError({"program": [messages.PROGRAM_MISSING.format(code=code)]})
    return program


def eligible_profiles(*, category: str, month: dt.date, region_prefix: str) -> QuerySet[ChildProfile]:
    """The profiles paid ``month`` for ``category`` in the region (see the module's docstring); a
    child who died before the month is not paid (a death in the month still pays it)."""
    alive = Q(person__death_date__isnull=True, person__status=Person.Status.ALIVE) | Q(
        person__death_date__gte=month
    )
    return (
        Scope(prefix=region_prefix)
        .filter(ChildProfile.objects.all())
        .filter(**{FLAG[category]: True}, opened_on__lt=month_add(month, 1))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=month))
        .filter(alive)
    )


@transaction.atomic
def child_allowance_grant(
    *, actor: User, program_code: str, month: dt.date, region_prefix: str = ""
) -> Grant:
    """Bring the program's enrollments in ``region_prefix`` (the actor's scope when empty) to the
    month's profiles. Needs ``benefits.manage_payments``, like a run. Idempotent."""
    if actor is None or not actor.has_perm(PERM_PAYMENTS):
        raise PermissionDenied(messages.PERMISSION_ALLOWANCE)
    program = program_of(program_code)
    prefix = clean_region(region_prefix, actor=actor)
    month = month.replace(day=1)
    category = CATEGORY_OF[program_code]
    table = StandardTable(program=program, month=month)
    paid = {
        person_id: region
        for person_id, region in eligible_profiles(
            category=category, month=month, region_prefix=prefix
        ).values_list("person_id", "region_code")
    }
    live = Enrollment.objects.filter(program=program, status__in=Enrollment.LIVE)
    enrolled = (
        set(live.filter(person_id__in=list(paid)).values_list("person_id", flat=True)) if paid else set()
    )
    approved_on = month - dt.timedelta(days=1)
    new = []
    total = ZERO
    for person_id, region in sorted(paid.items()):
        amount = table.amount_for(region)
        if amount is None:
            raise ValidationError(
                {"program": [messages.WHY_NO_STANDARD.format(region=region, program=program.name)]}
            )
        total += amount
        if person_id not in enrolled:
            new.append(_new(program, person_id, region, approved_on, amount, actor))
    Enrollment.objects.bulk_create(new, batch_size=1000)
    stopped = 0
    for enrollment in Scope(prefix=prefix).filter(live.exclude(person_id__in=list(paid))).order_by("id"):
        enrollment_terminate(
            actor=actor,
            enrollment=enrollment,
            reason=messages.WHY_NOT_CATEGORY.format(label=Category(category).label),
            stop_month=max(month, enrollment.start_month),
            on=approved_on,
        )
        stopped += 1
    grant = Grant(
        program=program_code,
        month=month,
        region_prefix=prefix,
        eligible=len(paid),
        created=len(new),
        stopped=stopped,
        total=total,
    )
    region_row = Region.objects.filter(code=prefix.ljust(12, "0")).first()
    audit_record(
        actor=actor,
        action="children.allowance.granted",
        obj=region_row or program,
        region_code=prefix.ljust(12, "0"),
        after={
            "program": program_code,
            "month": month.isoformat(),
            "region_prefix": prefix,
            "eligible": len(paid),
            "created": len(new),
            "stopped": stopped,
            "total": f"{total:.2f}",
            "created_people": sorted(e.person_id for e in new),
        },
        object_repr=f"{program.name} {month:%Y-%m} {prefix}",
    )
    return grant


def _new(
    program: Program, person_id: int, region: str, approved_on: dt.date, amount: Decimal, actor: User
) -> Enrollment:
    """The engine's own constructor, for a person known by id (bulk: no read per child)."""
    return enrollment_new(
        program=program,
        person=Person(pk=person_id, region_code=region),
        region_code=region,
        approved_on=approved_on,
        monthly_amount=amount,
        actor=actor,
    )


def child_allowance_pay(
    *, actor: User, program_code: str, month: dt.date, region_prefix: str = ""
) -> tuple[Grant, PaymentRun]:
    """Grant the month, then start the engine's run of it for the same region."""
    grant = child_allowance_grant(
        actor=actor, program_code=program_code, month=month, region_prefix=region_prefix
    )
    run = payment_run_start(
        actor=actor, program_code=program_code, period=grant.month, region_prefix=grant.region_prefix
    )
    return grant, run
