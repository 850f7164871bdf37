"""Writes on child profiles. Each runs in one transaction, checks its input (a Chinese
``ValidationError`` keyed by the field at fault, every fault at once), writes, records one audit
entry ``children.profile.<verb>`` and returns what it wrote; a refusal writes nothing.

- ``profile_create`` and ``profile_review`` (``children.manage_child_profiles``, the child in the
  actor's scope, else 404): the facts are gathered from the registry (the child's age and
  disability, the family's dibao/特困/低保边缘, a parent's recorded death or severe disability) and
  from what the officer enters (household registration, each parent's situation), the category
  rules run on them (``categories.rules``), and every category asked for must hold: one that does
  not is refused with the rule's reason. Migrant (流动儿童) is recorded as asked.
- ``profile_end``: turned 18, died, or no longer eligible; the child's living-allowance
  enrollments (孤儿基本生活费, 事实无人抚养儿童基本生活补贴) are terminated from the next month.
- ``profiles_end_at_18``: every active profile of a child who is 18 on ``as_of`` (set-based; one
  audit entry listing them), for the daily job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.benefits.applications.counting import age_on
from minzheng.benefits.enrollments.models import Enrollment
from minzheng.benefits.enrollments.services import enrollment_terminate
from minzheng.benefits.money import date_add_months, month_add
from minzheng.children import messages
from minzheng.children.categories.rules import ADULT_AGE, TIMED, ChildFacts, ParentFacts, Verdict, categorize
from minzheng.children.codes import FLAG, PROGRAM_OF, Category, Hukou, ParentRole, ParentStatus
from minzheng.children.dates import day_in
from minzheng.children.profiles import selectors
from minzheng.children.profiles.models import ChildParent, ChildProfile, VisitRule
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for
from minzheng.eldercare.caregivers.selectors import born_by
from minzheng.people.models import Person
from minzheng.people.validation import FieldError, clean_phone

PERM_MANAGE = selectors.PERM_MANAGE
FIELDS = [
    "person",
    "region_code",
    "hukou",
    *FLAG.values(),
    "reasons",
    "dibao",
    "disability_grade",
    "guardian_name",
    "guardian_relation",
    "guardian_phone_masked",
    "opened_on",
    "reviewed_on",
    "review_on",
    "visit_interval_months",
    "next_visit_on",
    "status",
    "ended_on",
    "end_reason",
]
NAME_MAX, RELATION_MAX = 50, 20
REVIEW_MONTHS = 12
# The visit intervals when the VisitRule rows are missing (the seeded defaults).
DEFAULT_INTERVALS: dict[str, int] = {
    Category.ORPHAN: 1,
    Category.DE_FACTO: 1,
    Category.IN_DIFFICULTY: 3,
    Category.LEFT_BEHIND: 3,
    Category.MIGRANT: 6,
}
MIGRANT_REASON = "流动儿童：经办人登记"


@dataclass(frozen=True)
class ParentInput:
    """One parent as the officer enters it; ``person`` when found in the registry."""

    role: str
    status: str
    since: dt.date | None = None
    works_away: bool = False
    can_guard: bool = True
    person: Person | None = None
    name: str = ""


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _authorize(actor: User | None) -> None:
    if actor is None or not actor.has_perm(PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION_MANAGE)


def _in_scope(actor: User, person: Person) -> None:
    if not scope_for(actor).contains(person.region_code):
        raise Http404(core_messages.NOT_FOUND)


def visit_interval(categories: Iterable[str]) -> int:
    """The visit interval of a profile: its most demanding category's (``VisitRule``)."""
    rules = dict(VisitRule.objects.values_list("category", "interval_months"))
    return min((rules.get(c, DEFAULT_INTERVALS[Category(c)]) for c in categories), default=3)


def parents_checked(
    parents: Iterable[ParentInput], *, today: dt.date
) -> tuple[list[ParentInput], dict[str, list[str]]]:
    """The two parents, each checked; a known parent's registry record overrides what was entered
    (a death recorded there, a severe disability certificate)."""
    errors: dict[str, list[str]] = {}
    out: list[ParentInput] = []
    for parent in parents:
        label = ParentRole(parent.role).label if parent.role in ParentRole.values else "父母"
        status, since = parent.status, parent.since
        recorded = selectors.parent_registry_status(person=parent.person, day=today)
        if recorded is not None and status not in (ParentStatus.DEAD, ParentStatus.MISSING):
            status, since = recorded
        if status not in ParentStatus.values:
            errors[f"{parent.role}_status"] = [messages.PARENT_STATUS_INVALID.format(parent=label)]
        elif since is not None and since > today:
            errors[f"{parent.role}_since"] = [messages.PARENT_SINCE_INVALID.format(parent=label)]
        elif since is None and status in TIMED:
            errors[f"{parent.role}_since"] = [messages.PARENT_SINCE_REQUIRED.format(parent=label)]
        out.append(
            ParentInput(
                role=parent.role,
                status=status,
                since=since,
                works_away=parent.works_away,
                can_guard=parent.can_guard,
                person=parent.person,
                name=parent.person.name if parent.person else _text(parent.name)[:NAME_MAX],
            )
        )
    return out, errors


def registry_facts(*, person: Person, hukou: str, parents: list[ParentInput], day: dt.date) -> ChildFacts:
    """The facts the rules read, on ``day``: the registry's and the officer's."""
    return ChildFacts(
        as_of=day,
        birth_date=person.birth_date,
        hukou=hukou,
        disability_grade=selectors.child_disability_grade(person=person, day=day),
        dibao=selectors.child_low_income(person=person, day=day),
        parents=tuple(
            ParentFacts(
                status=p.status,
                since=p.since,
                works_away=p.works_away,
                can_guard=p.can_guard,
                label=ParentRole(p.role).label,
            )
            for p in parents
        ),
    )


def _categories(asked: Iterable[str], verdict: Verdict, errors: dict[str, list[str]]) -> list[str]:
    wanted = [c for c in dict.fromkeys(_text(c) for c in asked) if c]
    if not wanted:
        errors["categories"] = [messages.CATEGORIES_REQUIRED]
    refused = []
    for category in wanted:
        if category not in Category.values:
            refused.append(messages.CATEGORY_UNKNOWN.format(value=category))
        elif category != Category.MIGRANT and category not in verdict.held:
            refused.append(
                messages.CATEGORY_REFUSED.format(
                    label=Category(category).label, reason=verdict.refused.get(category, "")
                )
            )
    if refused:
        errors["categories"] = refused
    return [c for c in Category.values if c in wanted]


def _guardian(name: Any, relation: Any, phone: Any, errors: dict[str, list[str]]) -> tuple[str, str, str]:
    name, relation = _text(name), _text(relation)
    if not name or len(name) > NAME_MAX:
        errors["guardian_name"] = [messages.GUARDIAN_NAME_REQUIRED.format(max=NAME_MAX)]
    if not relation or len(relation) > RELATION_MAX:
        errors["guardian_relation"] = [messages.GUARDIAN_RELATION_REQUIRED.format(max=RELATION_MAX)]
    try:
        clean = clean_phone(phone)
    except FieldError as exc:
        errors["guardian_phone"] = [exc.message]
        clean = ""
    return name, relation, clean


def _apply(profile: ChildProfile, *, categories: list[str], verdict: Verdict, facts: ChildFacts) -> None:
    for category, flag in FLAG.items():
        setattr(profile, flag, category in categories)
    profile.reasons = [verdict.held.get(c, MIGRANT_REASON) for c in categories]
    profile.dibao, profile.disability_grade = facts.dibao, facts.disability_grade


def _parents_write(profile: ChildProfile, parents: list[ParentInput]) -> None:
    profile.parents.all().delete()
    ChildParent.objects.bulk_create(
        [
            ChildParent(
                profile=profile,
                role=p.role,
                person=p.person,
                name=p.name,
                region_code=profile.region_code,
                status=p.status,
                since=p.since,
                works_away=p.works_away,
                can_guard=p.can_guard,
            )
            for p in parents
        ]
    )


def _parents_snapshot(parents: list[ParentInput]) -> list[dict[str, Any]]:
    return [
        {
            "role": p.role,
            "person": p.person.pk if p.person else None,
            "status": p.status,
            "since": p.since.isoformat() if p.since else None,
            "works_away": p.works_away,
            "can_guard": p.can_guard,
        }
        for p in parents
    ]


@transaction.atomic
def profile_create(
    *,
    actor: User,
    person: Person | None,
    hukou: str,
    categories: Iterable[str],
    parents: Iterable[ParentInput],
    guardian_name: str,
    guardian_relation: str,
    guardian_phone: str = "",
    opened_on: dt.date | str | None = None,
    review_on: dt.date | str | None = None,
) -> ChildProfile:
    """Open a profile of a child in the actor's scope (see the module's docstring)."""
    _authorize(actor)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if person is None:
        raise ValidationError({"id_number": [messages.PERSON_REQUIRED]})
    _in_scope(actor, person)
    opened = (
        day_in(
            opened_on,
            key="opened_on",
            message=messages.OPENED_ON_INVALID,
            errors=errors,
            required=False,
            last=today,
        )
        or today
    )
    if person.status == Person.Status.DECEASED:
        errors["id_number"] = [messages.PERSON_DECEASED.format(name=person.name)]
    elif age_on(person.birth_date, opened) >= ADULT_AGE or person.birth_date > opened:
        errors["id_number"] = [messages.PERSON_ADULT.format(name=person.name)]
    else:
        existing = ChildProfile.objects.filter(person=person, status=ChildProfile.Status.ACTIVE).first()
        if existing is not None:
            errors["id_number"] = [messages.PERSON_HAS_PROFILE.format(name=person.name, pk=existing.pk)]
    if len(person.region_code) != 12 or person.region_code.endswith("000"):
        errors["id_number"] = [messages.REGION_NOT_VILLAGE]
    if hukou not in Hukou.values:
        errors["hukou"] = [messages.HUKOU_REQUIRED]
    checked, parent_errors = parents_checked(parents, today=opened)
    errors.update(parent_errors)
    name, relation, phone = _guardian(guardian_name, guardian_relation, guardian_phone, errors)
    review = day_in(
        review_on, key="review_on", message=messages.REVIEW_ON_INVALID, errors=errors, required=False
    ) or date_add_months(opened, REVIEW_MONTHS)
    if review <= opened:
        errors["review_on"] = [messages.REVIEW_ON_INVALID]
    facts = registry_facts(person=person, hukou=hukou, parents=checked, day=opened)
    verdict = categorize(facts) if not errors else Verdict()
    wanted = _categories(categories, verdict, errors) if not errors else []
    if errors:
        raise ValidationError(errors)
    interval = visit_interval(wanted)
    profile = ChildProfile(
        person=person,
        region_code=person.region_code,
        hukou=hukou,
        guardian_name=name,
        guardian_relation=relation,
        opened_on=opened,
        review_on=review,
        visit_interval_months=interval,
        next_visit_on=date_add_months(opened, interval),
        created_by=actor,
    )
    _apply(profile, categories=wanted, verdict=verdict, facts=facts)
    profile.set_guardian_phone(phone)
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"id_number": [messages.PERSON_HAS_PROFILE.format(name=person.name, pk="—")]}
        ) from exc
    _parents_write(profile, checked)
    audit_record(
        actor=actor,
        action="children.profile.created",
        obj=profile,
        after={**snapshot(profile, FIELDS), "parents": _parents_snapshot(checked)},
        object_repr=f"{person.name}（{'、'.join(profile.category_labels)}）",
    )
    return profile


def _active(profile: ChildProfile) -> ChildProfile:
    profile = ChildProfile.objects.select_for_update(of=("self",)).select_related("person").get(pk=profile.pk)
    if profile.status != ChildProfile.Status.ACTIVE:
        raise ValidationError({"status": [messages.NOT_ACTIVE.format(date=profile.ended_on)]})
    return profile


def _allowances_stop(
    *,
    actor: User | None,
    person_id: int,
    programs: Iterable[str],
    stop_month: dt.date,
    on: dt.date,
    reason: str,
) -> int:
    """Terminate the child's live enrollments of the allowance ``programs`` from ``stop_month``."""
    stopped = 0
    for enrollment in Enrollment.objects.filter(
        person_id=person_id, program__code__in=list(programs), status__in=Enrollment.LIVE
    ).order_by("id"):
        enrollment_terminate(actor=actor, enrollment=enrollment, reason=reason, stop_month=stop_month, on=on)
        stopped += 1
    return stopped


@transaction.atomic
def profile_review(
    *,
    actor: User,
    profile: ChildProfile,
    hukou: str,
    categories: Iterable[str],
    parents: Iterable[ParentInput],
    guardian_name: str,
    guardian_relation: str,
    guardian_phone: str | None = None,
    review_on: dt.date | str | None = None,
) -> ChildProfile:
    """Review (复核) a profile today: the facts again, the categories again, the next review date.
    A category no longer held ends its allowance from next month; ``guardian_phone`` None keeps
    the phone on file."""
    _authorize(actor)
    if not selectors.profiles_visible(user=actor).filter(pk=profile.pk).exists():
        raise Http404(core_messages.NOT_FOUND)
    profile = _active(profile)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if hukou not in Hukou.values:
        errors["hukou"] = [messages.HUKOU_REQUIRED]
    # A parent found in the registry before stays linked unless another person is named.
    known = {p.role: p.person for p in profile.parents.select_related("person") if p.person_id}
    parents = [
        replace(p, person=known.get(p.role)) if p.person is None and p.role in known else p for p in parents
    ]
    checked, parent_errors = parents_checked(parents, today=today)
    errors.update(parent_errors)
    name, relation, phone = _guardian(
        guardian_name, guardian_relation, guardian_phone if guardian_phone is not None else "", errors
    )
    review = day_in(
        review_on, key="review_on", message=messages.REVIEW_ON_INVALID, errors=errors, required=False
    ) or date_add_months(today, REVIEW_MONTHS)
    if review <= today:
        errors["review_on"] = [messages.REVIEW_ON_INVALID]
    facts = registry_facts(person=profile.person, hukou=hukou, parents=checked, day=today)
    verdict = categorize(facts) if not errors else Verdict()
    wanted = _categories(categories, verdict, errors) if not errors else []
    if errors:
        raise ValidationError(errors)
    before = snapshot(profile, FIELDS)
    dropped = [PROGRAM_OF[c] for c in PROGRAM_OF if c in profile.categories and c not in wanted]
    profile.hukou, profile.guardian_name, profile.guardian_relation = hukou, name, relation
    if guardian_phone is not None:
        profile.set_guardian_phone(phone)
    _apply(profile, categories=wanted, verdict=verdict, facts=facts)
    profile.reviewed_on, profile.review_on = today, review
    profile.visit_interval_months = visit_interval(wanted)
    profile.next_visit_on = date_add_months(
        profile.last_visited_on or profile.opened_on, profile.visit_interval_months
    )
    profile.save()
    _parents_write(profile, checked)
    stopped = _allowances_stop(
        actor=actor,
        person_id=profile.person_id,
        programs=dropped,
        stop_month=month_add(today.replace(day=1), 1),
        on=today,
        reason=messages.WHY_NOT_CATEGORY.format(label="孤儿或事实无人抚养儿童"),
    )
    audit_record(
        actor=actor,
        action="children.profile.reviewed",
        obj=profile,
        before=before,
        after={
            **snapshot(profile, FIELDS),
            "parents": _parents_snapshot(checked),
            "allowances_stopped": stopped,
        },
        object_repr=f"{profile.person.name}（{'、'.join(profile.category_labels)}）",
    )
    return profile


@transaction.atomic
def profile_end(
    *, actor: User, profile: ChildProfile, reason: str, ended_on: dt.date | str | None = None
) -> ChildProfile:
    """End a profile (turned 18, died, no longer eligible) on ``ended_on`` (today by default). The
    child's living allowances are terminated from the month after."""
    _authorize(actor)
    if not selectors.profiles_visible(user=actor).filter(pk=profile.pk).exists():
        raise Http404(core_messages.NOT_FOUND)
    profile = _active(profile)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if reason not in ChildProfile.EndReason.values:
        errors["end_reason"] = [messages.END_REASON_INVALID]
    day = (
        day_in(
            ended_on,
            key="ended_on",
            message=messages.END_ON_INVALID,
            errors=errors,
            required=False,
            first=profile.opened_on,
            last=today,
        )
        or today
    )
    if errors:
        raise ValidationError(errors)
    before = snapshot(profile, FIELDS)
    profile.status, profile.ended_on, profile.end_reason = ChildProfile.Status.ENDED, day, reason
    profile.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    label = ChildProfile.EndReason(reason).label
    stopped = _allowances_stop(
        actor=actor,
        person_id=profile.person_id,
        programs=PROGRAM_OF.values(),
        stop_month=month_add(day.replace(day=1), 1),
        on=today,
        reason=messages.WHY_ENDED.format(reason=label),
    )
    audit_record(
        actor=actor,
        action="children.profile.ended",
        obj=profile,
        before=before,
        after={**snapshot(profile, FIELDS), "allowances_stopped": stopped},
        object_repr=f"{profile.person.name}：{label}",
    )
    return profile


def eighteenth_birthday(birth_date: dt.date) -> dt.date:
    """The day a child born on ``birth_date`` turns 18 (29 February's on 1 March in a common year)."""
    try:
        return birth_date.replace(year=birth_date.year + ADULT_AGE)
    except ValueError:
        return dt.date(birth_date.year + ADULT_AGE, 3, 1)


@dataclass(frozen=True)
class EndedAt18:
    as_of: dt.date
    profiles: int
    allowances_stopped: int


@transaction.atomic
def profiles_end_at_18(*, as_of: dt.date, actor: User | None = None) -> EndedAt18:
    """End every active profile of a child who is 18 or older on ``as_of``: the end day is the 18th
    birthday (not before the profile was opened), the reason "turned 18"; their living allowances
    are terminated from the month after that day. Set-based: one read, one bulk update, one audit
    entry listing the profiles (on the city). Running it again the same day changes nothing."""
    latest_birth = born_by(as_of, ADULT_AGE)
    rows = list(
        ChildProfile.objects.select_for_update(of=("self",))
        .filter(status=ChildProfile.Status.ACTIVE, person__birth_date__lte=latest_birth)
        .values_list("id", "person_id", "opened_on", "person__birth_date", "region_code")
        .order_by("id")
    )
    if not rows:
        return EndedAt18(as_of=as_of, profiles=0, allowances_stopped=0)
    ends = {pk: max(eighteenth_birthday(birth), opened) for pk, _, opened, birth, _ in rows}
    updates = [
        ChildProfile(
            pk=pk, status=ChildProfile.Status.ENDED, ended_on=day, end_reason=ChildProfile.EndReason.TURNED_18
        )
        for pk, day in ends.items()
    ]
    ChildProfile.objects.bulk_update(updates, ["status", "ended_on", "end_reason"], batch_size=1000)
    stopped = 0
    person_end = {person_id: ends[pk] for pk, person_id, *_ in rows}
    for enrollment in Enrollment.objects.filter(
        person_id__in=list(person_end),
        program__code__in=list(PROGRAM_OF.values()),
        status__in=Enrollment.LIVE,
    ).order_by("id"):
        day = person_end[enrollment.person_id or 0]
        enrollment_terminate(
            actor=actor,
            enrollment=enrollment,
            reason=messages.WHY_ENDED.format(reason=messages.END_TURNED_18),
            stop_month=month_add(day.replace(day=1), 1),
            on=as_of,
        )
        stopped += 1
    city = Region.objects.filter(level="city").order_by("code").first()
    target: Any = city or ChildProfile.objects.get(pk=rows[0][0])
    audit_record(
        actor=actor,
        action="children.profile.aged_out",
        obj=target,
        region_code=city.code if city else rows[0][4],
        after={
            "as_of": as_of.isoformat(),
            "profiles": [pk for pk, *_ in rows],
            "ended_on": {str(pk): day.isoformat() for pk, day in ends.items()},
            "allowances_stopped": stopped,
        },
        object_repr=f"年满18周岁自动终止儿童档案 {len(rows)} 份（{as_of.isoformat()}）",
    )
    return EndedAt18(as_of=as_of, profiles=len(rows), allowances_stopped=stopped)


def parents_from(values: Mapping[str, Any]) -> list[ParentInput]:
    """The two parents of a form's cleaned data (``father_status``, ``mother_since``, …)."""
    return [
        ParentInput(
            role=role,
            status=_text(values.get(f"{role}_status")),
            since=values.get(f"{role}_since"),
            works_away=bool(values.get(f"{role}_works_away")),
            can_guard=not bool(values.get(f"{role}_cannot_guard")),
            person=values.get(f"{role}_person"),
            name=_text(values.get(f"{role}_name")),
        )
        for role in ParentRole.values
    ]


@transaction.atomic
def profile_end_on_death(
    *, person: Person, death_date: dt.date, actor: User | None = None
) -> ChildProfile | None:
    """End the child's active profile when the registry records their death (the domain event
    ``core.events.person_died``; whoever recorded it, no permission of this app needed): reason
    died, on the death day (not before the profile was opened). The engine itself ends the
    allowances the month after (``benefits.enrollments.receivers``). None when there is none."""
    profile = (
        ChildProfile.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(person=person, status=ChildProfile.Status.ACTIVE)
        .first()
    )
    if profile is None:
        return None
    before = snapshot(profile, FIELDS)
    profile.status, profile.end_reason = ChildProfile.Status.ENDED, ChildProfile.EndReason.DIED
    profile.ended_on = max(death_date, profile.opened_on)
    profile.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="children.profile.ended",
        obj=profile,
        before=before,
        after=snapshot(profile, FIELDS),
        object_repr=f"{profile.person.name}：{ChildProfile.EndReason.DIED.label}",
    )
    return profile
