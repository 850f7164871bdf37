"""Writes on applications: one service per transition of the state machine (``states``).

Each service takes keyword-only typed arguments with an explicit ``actor``, runs in one
transaction with the application row locked, refuses an illegal transition with a Chinese
``ValidationError`` on ``status``, stamps the time, appends a ``TimelineEntry`` and writes one
audit entry ``benefits.application.<verb>``. An application outside the actor's scope answers
404 (``Http404``), as the selectors do; a missing permission answers 403.

Permissions: ``benefits.handle_application`` (townships, and counties) for taking in, checking,
reviewing and noticing; ``benefits.decide_application`` and a county-level region for the
decision. The approval creates the enrollment (``enrollments.services.enrollment_create``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.benefits import messages
from minzheng.benefits.applications.counting import age_on, member_counted
from minzheng.benefits.applications.models import (
    Application,
    CheckMember,
    EconomicCheck,
    IncomeItem,
    Objection,
    TimelineEntry,
)
from minzheng.benefits.applications.states import TRANSITIONS
from minzheng.benefits.enrollments.selectors import live_enrollment
from minzheng.benefits.enrollments.services import enrollment_create
from minzheng.benefits.money import ZERO, month_start
from minzheng.benefits.programs.models import Program
from minzheng.benefits.programs.policy import (
    AssetFacts,
    Facts,
    MemberFacts,
    PolicyMissing,
    SubjectFacts,
    policy_for,
    subject_facts_extra,
)
from minzheng.benefits.programs.selectors import standard_for
from minzheng.benefits.workdays import workdays_add
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.core.regions import Level, level_of
from minzheng.core.scope import scope_for
from minzheng.people.models import Household, Membership, Person

HANDLE = "benefits.handle_application"
DECIDE = "benefits.decide_application"

DUE_WORKDAYS = 25
LIMIT_WORKDAYS = 40
NOTICE_DAYS = 7
DECISION_WORKDAYS = 10
REFUSAL_NOTICE_WORKDAYS = 3
TEXT_MAX = 2000
INCOME_MAX = Decimal("1000000.00")

FIELDS = ["program", "household", "person", "region_code", "channel", "status", "due_on", "limit_on",
          "notice_started_on", "notice_ends_on", "notice_round", "decision_due_on", "approved_amount",
          "refusal_reason", "refusal_notice_due_on", "enrollment"]


def _now() -> dt.datetime:
    return timezone.now()


def _today() -> dt.date:
    return timezone.localdate()


def _authorize(actor: User, perm: str, region_code: str) -> None:
    if not scope_for(actor).contains(region_code):
        raise Http404(core_messages.NOT_FOUND)
    if not actor.has_perm(perm):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)


def _text(value: str, field_name: str) -> str:
    value = (value or "").strip()
    if len(value) > TEXT_MAX:
        raise ValidationError({field_name: [messages.APPLICATION_OPINION_TOO_LONG.format(max=TEXT_MAX)]})
    return value


class _Step:
    """One transition: lock, check the verb is allowed, and on ``done`` write the timeline row and
    the audit entry."""

    def __init__(self, *, actor: User, application: Application, verb: str, perm: str) -> None:
        _authorize(actor, perm, application.region_code)
        self.actor, self.verb = actor, verb
        self.application = Application.objects.select_for_update().select_related("program").get(pk=application.pk)
        sources, _ = TRANSITIONS[verb]
        if self.application.status not in sources:
            raise ValidationError({"status": [messages.APPLICATION_ILLEGAL_TRANSITION.format(
                status=self.application.get_status_display(), action=messages.ACTION_NAMES[verb])]})
        self.from_status = self.application.status
        self.before = snapshot(self.application, FIELDS)

    def done(self, *, to_status: str, note: str = "", extra: Mapping[str, object] | None = None) -> Application:
        app = self.application
        app.status = to_status
        app.save()
        TimelineEntry.objects.create(application=app, at=_now(), actor=self.actor,
                                     actor_name=self.actor.get_username(), action=self.verb,
                                     from_status=self.from_status, to_status=to_status, note=note)
        audit_record(actor=self.actor, action=f"benefits.application.{self.verb}", obj=app, before=self.before,
                     after={**snapshot(app, FIELDS), **(extra or {})})
        return app


# ---- submission --------------------------------------------------------------------------------

@transaction.atomic
def application_submit(
    *,
    actor: User,
    program: Program,
    household: Household | None = None,
    person: Person | None = None,
    channel: str = Application.Channel.TOWNSHIP,
    reason: str = "",
    submitted_on: dt.date | None = None,
) -> Application:
    """Take in an application (受理) for a living beneficiary of the program's unit, inside the
    actor's scope, with no other open application or live enrollment in the program. The
    deadlines are set from the day of receipt: 25 and at most 40 working days."""
    if not program.active:
        raise ValidationError({"program": [messages.PROGRAM_INACTIVE.format(name=program.name)]})
    if program.is_household:
        if household is None:
            raise ValidationError({"household": [messages.APPLICATION_HOUSEHOLD_REQUIRED.format(program=program.name)]})
        person = None
        beneficiary_field, region_code = "household", household.region_code
    else:
        if person is None:
            raise ValidationError({"person": [messages.APPLICATION_PERSON_REQUIRED.format(program=program.name)]})
        household = None
        beneficiary_field, region_code = "person", person.region_code
    _authorize(actor, HANDLE, region_code)
    if channel not in Application.Channel.values:
        raise ValidationError({"channel": [messages.APPLICATION_CHANNEL_INVALID]})
    if person is not None and person.status == Person.Status.DECEASED:
        raise ValidationError({"person": [messages.APPLICATION_DECEASED]})
    if household is not None and not Membership.objects.filter(household=household,
                                                                person__status=Person.Status.ALIVE).exists():
        raise ValidationError({"household": [messages.APPLICATION_NO_LIVING_MEMBER]})
    reason = _text(reason, "reason")
    open_one = Application.objects.filter(program=program, household=household, person=person,
                                          status__in=Application.OPEN).first()
    if open_one is not None:
        raise ValidationError({beneficiary_field: [messages.APPLICATION_OPEN_EXISTS.format(
            program=program.name, pk=open_one.pk)]})
    if live_enrollment(program_id=program.pk, household=household, person=person) is not None:
        raise ValidationError({beneficiary_field: [messages.APPLICATION_ENROLLED_EXISTS.format(program=program.name)]})
    received = submitted_on or _today()
    application = Application(
        program=program, household=household, person=person, region_code=region_code, channel=channel,
        reason=reason, status=Application.Status.SUBMITTED, submitted_at=_now(), submitted_by=actor,
        due_on=workdays_add(received, DUE_WORKDAYS), limit_on=workdays_add(received, LIMIT_WORKDAYS))
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:  # a concurrent submission won the partial unique index
        raise ValidationError({beneficiary_field: [messages.APPLICATION_OPEN_EXISTS.format(
            program=program.name, pk="—")]}) from exc
    TimelineEntry.objects.create(application=application, at=application.submitted_at, actor=actor,
                                 actor_name=actor.get_username(), action="submitted", from_status="",
                                 to_status=application.status, note=reason)
    audit_record(actor=actor, action="benefits.application.submitted", obj=application,
                 after=snapshot(application, FIELDS))
    return application


@transaction.atomic
def application_check_start(*, actor: User, application: Application) -> Application:
    step = _Step(actor=actor, application=application, verb="check_started", perm=HANDLE)
    step.application.check_started_at = _now()
    return step.done(to_status=Application.Status.ECONOMIC_CHECK)


# ---- economic check ----------------------------------------------------------------------------

@dataclass
class MemberInput:
    """One member as the officer reports them. With ``person`` (a registry person of the
    household) the name, age and death come from the registry; otherwise from these fields.
    ``incomes`` maps ``IncomeItem.Kind`` values to monthly amounts in yuan."""

    relationship: str
    person: Person | None = None
    name: str = ""
    age: int | None = None
    deceased: bool = False
    lives_together: bool = True
    dependent: bool = False
    work_capable: bool = False
    income_stable: bool = True
    incomes: Mapping[str, Decimal] = field(default_factory=dict)


def _clean_income(value: object, n: int) -> Decimal:
    try:
        amount = Decimal(str(value))
    except ArithmeticError as exc:
        raise ValidationError({"members": [f"第{n}名成员：{messages.CHECK_INCOME_INVALID}"]}) from exc
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"members": [f"第{n}名成员：{messages.CHECK_INCOME_INVALID}"]})
    if amount < 0:
        raise ValidationError({"members": [f"第{n}名成员：{messages.CHECK_INCOME_NEGATIVE}"]})
    if amount > INCOME_MAX:
        raise ValidationError({"members": [f"第{n}名成员：{messages.CHECK_INCOME_TOO_LARGE.format(max=INCOME_MAX)}"]})
    return amount


def _resolve_members(application: Application, members: Sequence[MemberInput], month: dt.date) -> list[dict]:
    if not members:
        raise ValidationError({"members": [messages.CHECK_MEMBERS_REQUIRED]})
    household_people: set[int] | None = None
    if application.household_id:
        household_people = set(Membership.objects.filter(household_id=application.household_id)
                               .values_list("person_id", flat=True))
    seen: set[int] = set()
    rows = []
    for n, member in enumerate(members, start=1):
        if member.relationship not in CheckMember.Relationship.values:
            raise ValidationError({"members": [messages.CHECK_RELATIONSHIP_INVALID.format(n=n)]})
        person = member.person
        age: int | None
        if person is not None:
            if person.pk in seen:
                raise ValidationError({"members": [messages.CHECK_MEMBER_DUPLICATE.format(n=n)]})
            seen.add(person.pk)
            allowed = household_people if household_people is not None else {application.person_id}
            if person.pk not in allowed:
                raise ValidationError({"members": [messages.CHECK_MEMBER_NOT_IN_HOUSEHOLD.format(n=n)]})
            name, age = person.name, age_on(person.birth_date, month)
            deceased = person.status == Person.Status.DECEASED
        else:
            name, age, deceased = (member.name or "").strip(), member.age, member.deceased
            if not name:
                raise ValidationError({"members": [messages.CHECK_NAME_REQUIRED.format(n=n)]})
        incomes = {kind: _clean_income(value, n) for kind, value in member.incomes.items()
                   if kind in IncomeItem.Kind.values}
        counted, why = member_counted(relationship=member.relationship, age=age, deceased=deceased,
                                      lives_together=member.lives_together, dependent=member.dependent)
        rows.append({"person": person, "name": name[:50], "relationship": member.relationship, "age": age,
                     "deceased": deceased, "lives_together": member.lives_together, "dependent": member.dependent,
                     "work_capable": member.work_capable, "income_stable": member.income_stable,
                     "counted": counted, "not_counted_reason": why, "incomes": incomes,
                     "monthly_income": sum(incomes.values(), ZERO)})
    return rows


def _assets(deposits: Decimal | str, vehicles: int, houses: int) -> AssetFacts:
    try:
        amount = Decimal(str(deposits))
    except ArithmeticError as exc:
        raise ValidationError({"deposits": [messages.CHECK_INCOME_INVALID]}) from exc
    for name, label, value in (("deposits", "存款", amount), ("vehicles", "机动车", vehicles), ("houses", "住房", houses)):
        if value < 0:
            raise ValidationError({name: [messages.CHECK_ASSET_NEGATIVE.format(field=label)]})
    return AssetFacts(deposits=amount.quantize(Decimal("0.01")), vehicles=int(vehicles), houses=int(houses))


@transaction.atomic
def application_economic_check_record(
    *,
    actor: User,
    application: Application,
    members: Sequence[MemberInput],
    deposits: Decimal | str = ZERO,
    vehicles: int = 0,
    houses: int = 0,
    month: dt.date | None = None,
    subject_extra: Mapping[str, Any] | None = None,
) -> EconomicCheck:
    """Record the household's finances (家庭经济状况核对) and assess them with the program's
    policy against the standard of the beneficiary's region for ``month`` (default: this month).
    For a person program the policy also reads the facts its app registered
    (``register_subject_facts``: certificates, low-income status...) and ``subject_extra``, what
    the officer found (tekun's supporters and self-care items, temporary aid's kind and need).
    Recorded again during the township review (after an objection), it replaces the last one;
    the audit entry keeps both. Moves the application to the township review."""
    step = _Step(actor=actor, application=application, verb="checked", perm=HANDLE)
    app = step.application
    month = month_start(month or _today())
    rows = _resolve_members(app, members, month)
    assets = _assets(deposits, vehicles, houses)
    try:
        policy = policy_for(app.program.code)
    except PolicyMissing as exc:
        raise ValidationError({"program": [messages.PROGRAM_NO_POLICY.format(name=app.program.name)]}) from exc
    standard_program = app.program
    if policy.standard_program and policy.standard_program != app.program.code:
        standard_program = Program.objects.get(code=policy.standard_program)
    standard = standard_for(program=standard_program, region_code=app.region_code, month=month)
    subject = None
    if app.person is not None:
        person = app.person
        extra = {**subject_facts_extra(app.program.code, person=person, month=month), **(subject_extra or {})}
        subject = SubjectFacts(age=age_on(person.birth_date, month), deceased=person.status == Person.Status.DECEASED,
                               extra=extra)
    facts = Facts(members=[MemberFacts(name=r["name"], monthly_income=r["monthly_income"],
                                       work_capable=r["work_capable"], income_stable=r["income_stable"],
                                       counted=r["counted"], deceased=r["deceased"], age=r["age"],
                                       relationship=r["relationship"],
                                       person_id=r["person"].pk if r["person"] else None) for r in rows],
                  assets=assets, subject=subject)
    params = dict(app.program.params)
    result = policy.assess(facts, standard=standard.amount if standard else None, params=params)
    previous = EconomicCheck.objects.filter(application=app).first()
    if previous is not None:
        previous.delete()
    check = EconomicCheck.objects.create(
        application=app, month=month, deposits=assets.deposits, vehicles=assets.vehicles, houses=assets.houses,
        household_income=result.household_income.quantize(Decimal("0.01")), counted_members=result.counted_members,
        standard=result.standard, eligible=result.eligible, monthly_amount=result.monthly_amount,
        reasons=list(result.reasons), params=params,
        review_interval_months=policy.review_interval_months(facts, params=params),
        checked_by=actor, checked_at=_now())
    for r in rows:
        member = CheckMember.objects.create(
            economic_check=check, person=r["person"], name=r["name"], relationship=r["relationship"], age=r["age"],
            deceased=r["deceased"], lives_together=r["lives_together"], dependent=r["dependent"],
            work_capable=r["work_capable"], income_stable=r["income_stable"], counted=r["counted"],
            not_counted_reason=r["not_counted_reason"], monthly_income=r["monthly_income"])
        IncomeItem.objects.bulk_create([IncomeItem(member=member, kind=kind, monthly_amount=amount)
                                        for kind, amount in r["incomes"].items()])
    app.checked_at = check.checked_at
    step.done(to_status=Application.Status.TOWNSHIP_REVIEW, note="；".join(result.reasons),
              extra={"check": {"eligible": result.eligible, "household_income": str(check.household_income),
                               "counted_members": check.counted_members, "standard": str(check.standard),
                               "monthly_amount": str(check.monthly_amount)}})
    return check


# ---- review, notice, objections ----------------------------------------------------------------

@transaction.atomic
def application_notice_start(*, actor: User, application: Application, opinion: str = "",
                             started_on: dt.date | None = None) -> Application:
    """The township's first review passes the case to a 7-day public notice. The notice ends at
    the end of the 7th day after it starts; the decision is due 10 working days after that."""
    step = _Step(actor=actor, application=application, verb="notice_started", perm=HANDLE)
    app = step.application
    if not EconomicCheck.objects.filter(application=app).exists():
        raise ValidationError({"status": [messages.APPLICATION_NO_CHECK]})
    started_on = started_on or _today()
    if started_on > _today() or started_on < timezone.localtime(app.submitted_at).date():
        raise ValidationError({"started_on": [messages.APPLICATION_NOTICE_DATE_INVALID]})
    app.township_opinion = _text(opinion, "opinion")
    app.notice_started_on = started_on
    app.notice_ends_on = started_on + dt.timedelta(days=NOTICE_DAYS)
    app.notice_round += 1
    app.decision_due_on = workdays_add(app.notice_ends_on, DECISION_WORKDAYS)
    return step.done(to_status=Application.Status.PUBLIC_NOTICE, note=app.township_opinion)


@transaction.atomic
def application_objection_record(*, actor: User, application: Application, content: str,
                                 raised_by: str = "") -> Objection:
    """Record an objection to the notice; the case goes back to the township review, to be
    investigated (or put to a 民主评议) and noticed again."""
    step = _Step(actor=actor, application=application, verb="objected", perm=HANDLE)
    content = _text(content, "content")
    if not content:
        raise ValidationError({"content": [messages.APPLICATION_OBJECTION_REQUIRED]})
    objection = Objection.objects.create(application=step.application, notice_round=step.application.notice_round,
                                         raised_by=(raised_by or "").strip()[:50], content=content,
                                         recorded_by=actor, recorded_at=_now())
    step.application.decision_due_on = None
    step.done(to_status=Application.Status.TOWNSHIP_REVIEW, note=content, extra={"objection": objection.pk})
    return objection


# ---- decision ----------------------------------------------------------------------------------

def _county_only(actor: User) -> None:
    region = getattr(actor, "region_id", None)
    if not region or level_of(region) != Level.COUNTY:
        raise PermissionDenied(messages.APPLICATION_NOT_COUNTY)


@transaction.atomic
def application_approve(*, actor: User, application: Application) -> Application:
    """The county approves once the notice has ended without objection and the economic check
    found the case eligible. A monthly program's approval enrolls the beneficiary from next month
    with the checked amount (``enrolled``); a one-off program's is ``approved``, with a one-month
    enrollment of that amount that the next month's run pays."""
    step = _Step(actor=actor, application=application, verb="approved", perm=DECIDE)
    _county_only(actor)
    app = step.application
    assert app.notice_ends_on is not None
    if _today() <= app.notice_ends_on:
        raise ValidationError({"status": [messages.APPLICATION_NOTICE_NOT_ENDED.format(
            date=f"{app.notice_ends_on.year}年{app.notice_ends_on.month}月{app.notice_ends_on.day}日")]})
    check = EconomicCheck.objects.filter(application=app).first()
    if check is None:
        raise ValidationError({"status": [messages.APPLICATION_NO_CHECK]})
    if not check.eligible:
        raise ValidationError({"status": [messages.APPLICATION_NOT_ELIGIBLE.format(reasons="；".join(check.reasons))]})
    app.decided_at, app.decided_by, app.approved_amount = _now(), actor, check.monthly_amount
    # A one-off program's enrollment covers one month (``enrollment_new``): the program's next
    # payment run pays it, once, like any other line.
    app.enrollment = enrollment_create(
        actor=actor, program=app.program, household=app.household, person=app.person,
        approved_on=timezone.localtime(app.decided_at).date(), monthly_amount=check.monthly_amount,
        persons=check.counted_members or 1, review_interval_months=check.review_interval_months)
    monthly = app.program.kind == Program.Kind.MONTHLY
    return step.done(to_status=Application.Status.ENROLLED if monthly else Application.Status.APPROVED)


@transaction.atomic
def application_refuse(*, actor: User, application: Application, reason: str) -> Application:
    """The county refuses, with the reason in writing; the written notice is due within 3
    working days (``application_refusal_notify`` records it)."""
    step = _Step(actor=actor, application=application, verb="refused", perm=DECIDE)
    _county_only(actor)
    reason = _text(reason, "reason")
    if not reason:
        raise ValidationError({"reason": [messages.APPLICATION_REFUSAL_REASON_REQUIRED]})
    app = step.application
    app.decided_at, app.decided_by, app.refusal_reason = _now(), actor, reason
    app.refusal_notice_due_on = workdays_add(_today(), REFUSAL_NOTICE_WORKDAYS)
    return step.done(to_status=Application.Status.REFUSED, note=reason)


@transaction.atomic
def application_refusal_notify(*, actor: User, application: Application) -> Application:
    """The written refusal was served on the applicant."""
    step = _Step(actor=actor, application=application, verb="refusal_notified", perm=HANDLE)
    if step.application.refusal_notified_at is not None:
        raise ValidationError({"status": [messages.APPLICATION_ILLEGAL_TRANSITION.format(
            status="不予批准通知已送达", action=messages.ACTION_NAMES["refusal_notified"])]})
    step.application.refusal_notified_at = _now()
    return step.done(to_status=Application.Status.REFUSED)
