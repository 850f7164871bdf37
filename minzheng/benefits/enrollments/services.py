"""Writes on enrollments and reviews. Each public service runs in one transaction, checks its
input (Chinese ``ValidationError`` keyed by field), writes one audit entry
``benefits.enrollment.<verb>`` or ``benefits.review.recorded`` and returns the object.

``enrollment_create`` is what the approval of an application calls; the demo's bulk seeding
builds ``Enrollment`` rows with ``enrollment_new`` (the same derived fields, no read and no write)
and inserts them with ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from minzheng.benefits import messages
from minzheng.benefits.enrollments.models import Enrollment, Review
from minzheng.benefits.money import date_add_months, month_add, month_start
from minzheng.benefits.programs.models import Program
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.people.models import Household, Membership, Person

FIELDS = ["program", "household", "person", "region_code", "approved_on", "start_month", "stop_month",
          "monthly_amount", "persons", "status", "status_reason", "next_review_on"]


def _today() -> dt.date:
    return timezone.localdate()


def _check_beneficiary_alive(*, household: Household | None, person: Person | None) -> None:
    if person is not None and person.status == Person.Status.DECEASED:
        raise ValidationError({"person": [messages.ENROLLMENT_DECEASED]})
    if household is not None and not Membership.objects.filter(
            household=household, person__status=Person.Status.ALIVE).exists():
        raise ValidationError({"household": [messages.ENROLLMENT_NO_LIVING_MEMBER]})


def enrollment_new(
    *,
    program: Program,
    household: Household | None = None,
    person: Person | None = None,
    region_code: str,
    approved_on: dt.date,
    monthly_amount: Decimal,
    persons: int = 1,
    review_interval_months: int = 12,
    actor: User | None = None,
) -> Enrollment:
    """An unsaved enrollment with its derived fields and no database read: the start is the month
    after approval, the first review ``review_interval_months`` after approval. A one-off program's
    enrollment covers that one month and is closed from the start (``ONE_OFF_REASON``): the next
    monthly run of the program pays it once, and the beneficiary may be helped again later.
    Callers have checked that the beneficiary is alive (``enrollment_build`` does; the demo's bulk
    seeding selects living beneficiaries in SQL)."""
    if (household is None) == (person is None):
        raise ValidationError({"household": [messages.APPLICATION_BENEFICIARY_REQUIRED]})
    if monthly_amount < 0:
        raise ValidationError({"monthly_amount": [messages.ENROLLMENT_AMOUNT_NEGATIVE]})
    start = month_add(month_start(approved_on), 1)
    enrollment = Enrollment(
        program=program, household=household, person=person, region_code=region_code,
        approved_on=approved_on, start_month=start, monthly_amount=monthly_amount,
        persons=persons if household is not None else 1, review_interval_months=review_interval_months,
        next_review_on=date_add_months(approved_on, review_interval_months), created_by=actor,
    )
    if program.kind == Program.Kind.ONE_OFF:
        enrollment.status, enrollment.status_reason = Enrollment.Status.TERMINATED, messages.ENROLLMENT_ONE_OFF
        enrollment.stop_month, enrollment.terminated_on = month_add(start, 1), approved_on
        enrollment.status_changed_on, enrollment.next_review_on = approved_on, None
    return enrollment


def enrollment_build(
    *,
    program: Program,
    household: Household | None = None,
    person: Person | None = None,
    approved_on: dt.date,
    monthly_amount: Decimal,
    persons: int = 1,
    review_interval_months: int = 12,
    actor: User | None = None,
) -> Enrollment:
    """An unsaved enrollment (``enrollment_new``) of a beneficiary checked to be alive: a deceased
    person, or a household with no living member, is refused."""
    if (household is None) == (person is None):
        raise ValidationError({"household": [messages.APPLICATION_BENEFICIARY_REQUIRED]})
    _check_beneficiary_alive(household=household, person=person)
    beneficiary = household if household is not None else person
    assert beneficiary is not None
    return enrollment_new(program=program, household=household, person=person, region_code=beneficiary.region_code,
                          approved_on=approved_on, monthly_amount=monthly_amount, persons=persons,
                          review_interval_months=review_interval_months, actor=actor)


@transaction.atomic
def enrollment_create(
    *,
    actor: User | None,
    program: Program,
    household: Household | None = None,
    person: Person | None = None,
    approved_on: dt.date,
    monthly_amount: Decimal,
    persons: int = 1,
    review_interval_months: int = 12,
) -> Enrollment:
    """Enroll a living beneficiary. A second live enrollment in the same program is refused, by
    this check and, under a race, by the database's partial unique constraint."""
    enrollment = enrollment_build(program=program, household=household, person=person, approved_on=approved_on,
                                  monthly_amount=monthly_amount, persons=persons,
                                  review_interval_months=review_interval_months, actor=actor)
    existing = Enrollment.objects.filter(program=program, status__in=Enrollment.LIVE,
                                         household=household, person=person).first()
    if existing is not None:
        raise ValidationError({"program": [messages.ENROLLMENT_EXISTS.format(program=program.name, pk=existing.pk)]})
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError as exc:
        raise ValidationError({"program": [messages.ENROLLMENT_EXISTS.format(program=program.name, pk="—")]}) from exc
    audit_record(actor=actor, action="benefits.enrollment.created", obj=enrollment,
                 after=snapshot(enrollment, FIELDS))
    return enrollment


def _require(enrollment: Enrollment, allowed: tuple[str, ...], action: str) -> None:
    if enrollment.status not in allowed:
        raise ValidationError({"status": [messages.ENROLLMENT_NOT_ACTIVE.format(
            status=enrollment.get_status_display(), action=action)]})


def _suspend(enrollment: Enrollment, *, reason: str, on: dt.date) -> None:
    _require(enrollment, (Enrollment.Status.ACTIVE,), "停发")
    if not reason.strip():
        raise ValidationError({"reason": [messages.ENROLLMENT_REASON_REQUIRED]})
    enrollment.status, enrollment.status_reason = Enrollment.Status.SUSPENDED, reason.strip()
    enrollment.suspended_on = enrollment.status_changed_on = on


def _resume(enrollment: Enrollment, *, reason: str, on: dt.date) -> None:
    _require(enrollment, (Enrollment.Status.SUSPENDED,), "恢复发放")
    enrollment.status, enrollment.status_reason = Enrollment.Status.ACTIVE, reason.strip()
    enrollment.suspended_on, enrollment.status_changed_on = None, on


def _terminate(enrollment: Enrollment, *, reason: str, on: dt.date, stop_month: dt.date) -> None:
    _require(enrollment, Enrollment.LIVE, "终止")
    if not reason.strip():
        raise ValidationError({"reason": [messages.ENROLLMENT_REASON_REQUIRED]})
    if stop_month.day != 1:
        raise ValidationError({"stop_month": [messages.ENROLLMENT_MONTH_INVALID]})
    enrollment.status, enrollment.status_reason = Enrollment.Status.TERMINATED, reason.strip()
    enrollment.terminated_on = enrollment.status_changed_on = on
    # Terminated before its first month: nothing is payable, and the stop is its start.
    enrollment.stop_month = max(stop_month, enrollment.start_month)
    enrollment.next_review_on = None


def _locked(enrollment: Enrollment) -> Enrollment:
    return Enrollment.objects.select_for_update().get(pk=enrollment.pk)


@transaction.atomic
def enrollment_suspend(*, actor: User | None, enrollment: Enrollment, reason: str,
                       on: dt.date | None = None) -> Enrollment:
    """Stop paying, keeping the enrollment (停发). Months while suspended are not paid."""
    enrollment = _locked(enrollment)
    before = snapshot(enrollment, FIELDS)
    _suspend(enrollment, reason=reason, on=on or _today())
    enrollment.save()
    audit_record(actor=actor, action="benefits.enrollment.suspended", obj=enrollment, before=before,
                 after=snapshot(enrollment, FIELDS))
    return enrollment


@transaction.atomic
def enrollment_resume(*, actor: User | None, enrollment: Enrollment, reason: str = "",
                      on: dt.date | None = None) -> Enrollment:
    enrollment = _locked(enrollment)
    before = snapshot(enrollment, FIELDS)
    _resume(enrollment, reason=reason, on=on or _today())
    enrollment.save()
    audit_record(actor=actor, action="benefits.enrollment.resumed", obj=enrollment, before=before,
                 after=snapshot(enrollment, FIELDS))
    return enrollment


@transaction.atomic
def enrollment_terminate(*, actor: User | None, enrollment: Enrollment, reason: str,
                         stop_month: dt.date | None = None, on: dt.date | None = None) -> Enrollment:
    """Close the enrollment. ``stop_month`` is the first month not paid (default: next month)."""
    on = on or _today()
    enrollment = _locked(enrollment)
    before = snapshot(enrollment, FIELDS)
    _terminate(enrollment, reason=reason, on=on, stop_month=stop_month or month_add(month_start(on), 1))
    enrollment.save()
    audit_record(actor=actor, action="benefits.enrollment.terminated", obj=enrollment, before=before,
                 after=snapshot(enrollment, FIELDS))
    return enrollment


@transaction.atomic
def review_record(
    *,
    actor: User,
    enrollment: Enrollment,
    outcome: str,
    reason: str = "",
    monthly_amount: Decimal | None = None,
    done_on: dt.date | None = None,
) -> Review:
    """Record one 复核 and apply its outcome to the enrollment:

    - ``continue``: unchanged (a suspended enrollment is resumed);
    - ``change_amount``: the new ``monthly_amount`` from next month, resumed if suspended;
    - ``suspend``: stopped from now, kept;
    - ``terminate``: closed; next month is the first not paid.

    The next review falls ``review_interval_months`` after ``done_on`` (none after termination)."""
    done_on = done_on or _today()
    enrollment = _locked(enrollment)
    _require(enrollment, Enrollment.LIVE, "复核")
    before = snapshot(enrollment, FIELDS)
    old_amount = enrollment.monthly_amount
    next_month = month_add(month_start(done_on), 1)
    reason = (reason or "").strip()
    if outcome == Review.Outcome.CONTINUE:
        if enrollment.status == Enrollment.Status.SUSPENDED:
            _resume(enrollment, reason=reason, on=done_on)
    elif outcome == Review.Outcome.CHANGE_AMOUNT:
        if monthly_amount is None:
            raise ValidationError({"monthly_amount": [messages.REVIEW_AMOUNT_REQUIRED]})
        if monthly_amount < 0:
            raise ValidationError({"monthly_amount": [messages.ENROLLMENT_AMOUNT_NEGATIVE]})
        if monthly_amount == old_amount:
            raise ValidationError({"monthly_amount": [messages.REVIEW_AMOUNT_SAME]})
        enrollment.monthly_amount = monthly_amount
        if enrollment.status == Enrollment.Status.SUSPENDED:
            _resume(enrollment, reason=reason, on=done_on)
    elif outcome == Review.Outcome.SUSPEND:
        if not reason:
            raise ValidationError({"reason": [messages.REVIEW_REASON_REQUIRED]})
        _suspend(enrollment, reason=reason, on=done_on)
    elif outcome == Review.Outcome.TERMINATE:
        if not reason:
            raise ValidationError({"reason": [messages.REVIEW_REASON_REQUIRED]})
        _terminate(enrollment, reason=reason, on=done_on, stop_month=next_month)
    else:
        raise ValidationError({"outcome": [messages.REVIEW_OUTCOME_INVALID]})
    due_on = enrollment.next_review_on if outcome != Review.Outcome.TERMINATE else before["next_review_on"]
    if enrollment.status != Enrollment.Status.TERMINATED:
        enrollment.next_review_on = date_add_months(done_on, enrollment.review_interval_months)
    enrollment.save()
    review = Review.objects.create(
        enrollment=enrollment, region_code=enrollment.region_code,
        due_on=dt.date.fromisoformat(due_on) if isinstance(due_on, str) else due_on, done_on=done_on,
        outcome=outcome, old_amount=old_amount, new_amount=enrollment.monthly_amount, effective_month=next_month,
        reason=reason, reviewed_by=actor)
    audit_record(actor=actor, action="benefits.review.recorded", obj=review, region_code=enrollment.region_code,
                 before={"enrollment": before},
                 after={"enrollment": snapshot(enrollment, FIELDS), "outcome": outcome, "reason": reason})
    return review


@transaction.atomic
def enrollments_end_for_death(*, actor: User | None, person: Person, death_date: dt.date) -> int:
    """A beneficiary died: their own live enrollments stop from the month after the death; a
    household's live enrollments stop the same way when nobody in it is alive any more, and
    otherwise fall due for review today (the counted members changed). Returns the enrollments
    terminated."""
    stop = month_add(month_start(death_date), 1)
    reason = messages.DEATH_REASON.format(date=death_date.isoformat())
    ended = 0
    for enrollment in Enrollment.objects.filter(person=person, status__in=Enrollment.LIVE):
        enrollment_terminate(actor=actor, enrollment=enrollment, reason=reason, stop_month=stop, on=_today())
        ended += 1
    household_id = Membership.objects.filter(person=person).values_list("household_id", flat=True).first()
    if household_id is None:
        return ended
    anyone_alive = Membership.objects.filter(household_id=household_id, person__status=Person.Status.ALIVE).exists()
    for enrollment in Enrollment.objects.filter(household_id=household_id, status__in=Enrollment.LIVE):
        if not anyone_alive:
            enrollment_terminate(actor=actor, enrollment=enrollment, reason=reason, stop_month=stop, on=_today())
            ended += 1
            continue
        before = snapshot(enrollment, FIELDS)
        enrollment.next_review_on = _today()
        enrollment.save(update_fields=["next_review_on", "updated_at"])
        audit_record(actor=actor, action="benefits.enrollment.review_due", obj=enrollment, before=before,
                     after={**snapshot(enrollment, FIELDS), "reason": messages.DEATH_HOUSEHOLD_REVIEW})
    return ended
