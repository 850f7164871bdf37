"""Writes on people and households. Each service runs in one transaction, checks its input,
writes one audit entry and returns the object. Invalid input raises ``ValidationError`` keyed by
field, with the Chinese reason, and leaves nothing half-written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from minzheng.core import events, pii
from minzheng.core.audit import access_record, access_record_many, audit_record, snapshot
from minzheng.core.idnumber import IdNumber
from minzheng.core.models import AccessLog, User
from minzheng.core.scope import scope_for
from minzheng.people import messages
from minzheng.people.models import DeathEffect, Household, Membership, Person
from minzheng.people.validation import (
    FieldError,
    clean_address,
    clean_id_number,
    clean_name,
    clean_phone,
    clean_region_code,
    clean_relationship,
)

PERSON_FIELDS = ["name", "gender", "birth_date", "id_number_masked", "phone_masked", "region_code", "address_text",
                 "status", "death_date"]
HOUSEHOLD_FIELDS = ["region_code", "head", "address_text"]
MEMBERSHIP_FIELDS = ["household", "person", "relationship", "region_code"]
REVEALABLE = {"id_number": "身份证号", "phone": "手机号"}


@contextmanager
def field_errors() -> Iterator[None]:
    """Turn a FieldError into the ValidationError that forms and the API both understand."""
    try:
        yield
    except FieldError as exc:
        raise ValidationError({exc.field: [exc.message]}) from exc


def person_create(
    *,
    actor: User,
    id_number: str,
    name: str,
    region_code: str,
    phone: str = "",
    address_text: str = "",
    channel: str = "web",
) -> Person:
    """Register a resident. Gender and birth date come from the ID number.

    An ID number already on record gets one answer, whether that record lies inside the actor's
    scope or not (the city-wide unique number must not tell where someone lives), and the
    look-up is written to the access log. It is checked before the write's transaction, so
    that the log row stays when the refusal rolls the write back."""
    parsed, clean = _person_checked(actor=actor, id_number=id_number, name=name, region_code=region_code,
                                    phone=phone, address_text=address_text, channel=channel)
    return _person_insert(actor=actor, parsed=parsed, clean=clean)


def _person_checked(*, actor: User, id_number: str, name: str, region_code: str, phone: str, address_text: str,
                    channel: str) -> tuple[IdNumber, dict[str, str]]:
    """The cleaned fields of a new resident, or the refusal; a known ID number's look-up is logged
    here, outside any write's transaction."""
    with field_errors():
        parsed = clean_id_number(id_number)
        clean = {
            "name": clean_name(name),
            "phone": clean_phone(phone),
            "region_code": clean_region_code(region_code, scope=scope_for(actor)),
            "address_text": clean_address(address_text),
        }
    existing = Person.objects.filter(id_number_digest__in=pii.digests("id_number", parsed.value)).first()
    if existing is not None:
        person_id_number_looked_up(actor=actor, person=existing, channel=channel)
        raise ValidationError({"id_number": [messages.PERSON_ALREADY_REGISTERED]})
    return parsed, clean


def household_member_register(*, actor: User, household: Household, id_number: str, name: str, relationship: str,
                              phone: str = "", channel: str = "web") -> Person:
    """Register a new resident straight into ``household`` (its region and address text): the
    person and the membership are written together or not at all. A known ID number is refused
    as ``person_create`` refuses it, and its access-log row stays."""
    parsed, clean = _person_checked(actor=actor, id_number=id_number, name=name, region_code=household.region_code,
                                    phone=phone, address_text=household.address_text, channel=channel)
    with transaction.atomic():
        person = _person_insert(actor=actor, parsed=parsed, clean=clean)
        household_member_add(actor=actor, household=household, person=person, relationship=relationship)
    return person


@transaction.atomic
def _person_insert(*, actor: User, parsed: IdNumber, clean: dict[str, str]) -> Person:
    person = Person(
        name=clean["name"],
        gender=parsed.gender,
        birth_date=parsed.birth_date,
        region_code=clean["region_code"],
        address_text=clean["address_text"],
    )
    person.set_id_number(parsed.value)
    person.set_phone(clean["phone"])
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # a concurrent registration of the same ID number
        raise ValidationError({"id_number": [messages.PERSON_ALREADY_REGISTERED]}) from exc
    audit_record(actor=actor, action="people.person.created", obj=person, after=snapshot(person, PERSON_FIELDS))
    return person


def person_id_number_looked_up(*, actor: User, person: Person, channel: str = "web") -> None:
    """Log that ``actor`` named ``person``'s ID number (a registration, an import row, a move-in
    request), though nothing of the record was shown."""
    access_record(actor=actor, kind=AccessLog.Kind.LOOKUP, subject=person, field="id_number", channel=channel)


def people_id_numbers_looked_up(*, actor: User, person_ids: Iterable[int], channel: str = "import") -> int:
    """The same, for every person an imported file named (one insert, not a row at a time)."""
    people = Person.objects.filter(pk__in=set(person_ids)).only("id", "name", "region_code").order_by("id")
    rows = [AccessLog(actor=actor, actor_name=actor.get_username(), kind=AccessLog.Kind.LOOKUP,
                      subject_type=Person._meta.label_lower, subject_id=str(p.pk), subject_repr=p.name[:200],
                      field="id_number", region_code=p.region_code, channel=channel) for p in people]
    AccessLog.objects.bulk_create(rows, batch_size=500)
    return len(rows)


@transaction.atomic
def person_update(
    *,
    actor: User,
    person: Person,
    name: str | None = None,
    phone: str | None = None,
    region_code: str | None = None,
    address_text: str | None = None,
) -> Person:
    """Change what may change about a person. The ID number never changes here: a wrong one is
    corrected by registering anew, which leaves a trail."""
    before = snapshot(person, PERSON_FIELDS)
    with field_errors():
        if name is not None:
            person.name = clean_name(name)
        if phone is not None:
            person.set_phone(clean_phone(phone))
        if region_code is not None and region_code != person.region_code:
            person.region_code = clean_region_code(region_code, scope=scope_for(actor))
        if address_text is not None:
            person.address_text = clean_address(address_text)
    person.save()
    after = snapshot(person, PERSON_FIELDS)
    if after != before:
        audit_record(actor=actor, action="people.person.updated", obj=person, before=before, after=after)
    return person


@transaction.atomic
def person_record_death(*, actor: User, person: Person, death_date: dt.date) -> Person:
    """Record a death and tell the apps that pay benefits (``core.events.person_died``)."""
    if person.status == Person.Status.DECEASED:
        raise ValidationError({"death_date": [messages.PERSON_DECEASED]})
    if death_date < person.birth_date:
        raise ValidationError({"death_date": [messages.DEATH_DATE_BEFORE_BIRTH]})
    if death_date > dt.date.today():
        raise ValidationError({"death_date": [messages.DEATH_DATE_IN_FUTURE]})
    before = snapshot(person, PERSON_FIELDS)
    person.status, person.death_date = Person.Status.DECEASED, death_date
    person.save(update_fields=["status", "death_date", "updated_at"])
    audit_record(actor=actor, action="people.person.died", obj=person, before=before,
                 after=snapshot(person, PERSON_FIELDS))
    events.person_died.send(sender=Person, person=person, death_date=death_date, actor=actor)
    return person


@transaction.atomic
def person_death_revoke(*, actor: User, person: Person, reason: str) -> Person:
    """Undo a death registered by mistake: the person is alive again, and the apps reopen what the
    death closed (``core.events.person_death_revoked``); what they cannot reopen stays listed."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [messages.REVOKE_REASON_REQUIRED]})
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.status != Person.Status.DECEASED:
        raise ValidationError({"person": [messages.PERSON_NOT_DECEASED]})
    before, death_date = snapshot(person, PERSON_FIELDS), person.death_date
    person.status, person.death_date = Person.Status.ALIVE, None
    person.save(update_fields=["status", "death_date", "updated_at"])
    audit_record(actor=actor, action="people.person.death_revoked", obj=person, before=before,
                 after={**snapshot(person, PERSON_FIELDS), "reason": reason})
    events.person_death_revoked.send(sender=Person, person=person, death_date=death_date, actor=actor)
    return person


def death_effect_record(*, person: Person, app: str, kind: str, label: str, object_id: str | int = "",
                        reopen: str = DeathEffect.Reopen.AUTO, before: dict | None = None) -> DeathEffect:
    """Record one affair a death closed, once (the open record is returned if there is one).

    Called by the ``person_died`` receivers inside the death's transaction; ``before`` keeps what
    the app needs to reopen the affair on a revocation."""
    effect, _ = DeathEffect.objects.get_or_create(
        person=person, app=app, kind=kind, object_id=str(object_id), reopened_at=None,
        defaults={"region_code": person.region_code, "label": label, "reopen": reopen, "before": before or {}},
    )
    return effect


def death_effect_reopened(*, effect: DeathEffect, note: str = "") -> DeathEffect:
    """Mark an affair reopened by its app after a revocation."""
    effect.reopened_at, effect.reopen_note = timezone.now(), note
    effect.save(update_fields=["reopened_at", "reopen_note"])
    return effect


def death_effect_left_for_hand(*, effect: DeathEffect, note: str) -> DeathEffect:
    """An affair its app could not reopen: it stays open, with the reason, for an officer."""
    effect.reopen, effect.reopen_note = DeathEffect.Reopen.MANUAL, note
    effect.save(update_fields=["reopen", "reopen_note"])
    return effect


@transaction.atomic
def person_reveal(*, actor: User, person: Person, field: str, channel: str = "web") -> str:
    """Return one clear value and log who saw it. The caller has checked the permission."""
    if field not in REVEALABLE:
        from minzheng.core import messages as core_messages

        raise ValidationError({"field": [core_messages.REVEAL_FIELD_INVALID.format(fields="、".join(REVEALABLE))]})
    access_record(actor=actor, kind=AccessLog.Kind.REVEAL, subject=person, field=field, channel=channel)
    return person.id_number if field == "id_number" else person.phone


def person_viewed(*, actor: User, person: Person, channel: str = "web") -> None:
    """Log a read of a person's detail page or API record."""
    access_record(actor=actor, kind=AccessLog.Kind.VIEW, subject=person, channel=channel)


def household_viewed(*, actor: User, household: Household, channel: str = "web") -> None:
    """Log a read of a household's page or API record: one row per member it shows. The members
    ``household_get`` prefetched are the ones the page shows, and they are not read again."""
    prefetch_related_objects([household], Prefetch("memberships",
                                                     queryset=Membership.objects.select_related("person").order_by("id")))
    members = [m.person for m in household.memberships.all()]
    access_record_many(actor=actor, subjects=members, channel=channel)


def _locked_membership(person: Person) -> Membership | None:
    return Membership.objects.select_for_update().filter(person=person).select_related("household").first()


@transaction.atomic
def household_create(*, actor: User, head: Person, address_text: str | None = None) -> Household:
    """Open a household with ``head`` as its 本人. The head must not belong to another one."""
    existing = _locked_membership(head)
    if existing is not None:
        raise ValidationError({"head": [messages.ALREADY_IN_HOUSEHOLD.format(head=_head_name(existing.household))]})
    if head.status == Person.Status.DECEASED:
        raise ValidationError({"head": [messages.PERSON_DECEASED]})
    with field_errors():
        address = clean_address(address_text if address_text is not None else head.address_text)
    household = Household.objects.create(region_code=head.region_code, head=head, address_text=address)
    Membership.objects.create(
        household=household, person=head, relationship=Membership.Relationship.SELF, region_code=household.region_code
    )
    audit_record(actor=actor, action="people.household.created", obj=household,
                 after={**snapshot(household, HOUSEHOLD_FIELDS), "head_name": head.name})
    return household


def _head_name(household: Household) -> str:
    return household.head.name if household.head_id and household.head else "无"


@transaction.atomic
def household_member_add(*, actor: User, household: Household, person: Person, relationship: str) -> Membership:
    """Add a person who belongs to no household yet."""
    with field_errors():
        rel = clean_relationship(relationship)
    existing = _locked_membership(person)
    if existing is not None:
        msg = (messages.ALREADY_IN_THIS_HOUSEHOLD if existing.household_id == household.pk
               else messages.ALREADY_IN_HOUSEHOLD.format(head=_head_name(existing.household)))
        raise ValidationError({"person": [msg]})
    if person.status == Person.Status.DECEASED:
        raise ValidationError({"person": [messages.PERSON_DECEASED]})
    membership = Membership.objects.create(
        household=household, person=person, relationship=rel, region_code=household.region_code
    )
    audit_record(actor=actor, action="people.household.member_added", obj=household,
                 after={"person": person.pk, "name": person.name, "relationship": rel})
    return membership


@transaction.atomic
def household_member_update(*, actor: User, membership: Membership, relationship: str) -> Membership:
    """Change a member's relationship to the head (the head's own 本人 is not editable here)."""
    if membership.relationship == Membership.Relationship.SELF:
        raise ValidationError({"relationship": [messages.RELATIONSHIP_SELF_TAKEN]})
    with field_errors():
        rel = clean_relationship(relationship)
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.relationship = rel
    membership.save(update_fields=["relationship"])
    audit_record(actor=actor, action="people.household.member_updated", obj=membership.household,
                 before=before, after=snapshot(membership, MEMBERSHIP_FIELDS))
    return membership


@transaction.atomic
def household_member_move(*, actor: User, person: Person, to_household: Household, relationship: str) -> Membership:
    """Move a member from their household to another, in one step, so they are never in two
    households and never in none. The head of a household with other members cannot move."""
    with field_errors():
        rel = clean_relationship(relationship)
    membership = _locked_membership(person)
    if membership is None:
        raise ValidationError({"person": [messages.NOT_IN_HOUSEHOLD]})
    from_household = membership.household
    if from_household.pk == to_household.pk:
        raise ValidationError({"to_household": [messages.SAME_HOUSEHOLD]})
    if membership.relationship == Membership.Relationship.SELF:
        if from_household.memberships.exclude(pk=membership.pk).exists():
            raise ValidationError({"person": [messages.HEAD_CANNOT_MOVE]})
        from_household.head = None
        from_household.save(update_fields=["head", "updated_at"])
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.household, membership.relationship = to_household, rel
    membership.region_code = to_household.region_code
    membership.save(update_fields=["household", "relationship", "region_code"])
    audit_record(
        actor=actor,
        action="people.household.member_moved",
        obj=person,
        before=before,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
        region_code=to_household.region_code,
    )
    events.household_member_moved.send(
        sender=Membership, person=person, from_household=from_household, to_household=to_household, actor=actor
    )
    return membership


@transaction.atomic
def household_member_remove(*, actor: User, membership: Membership) -> None:
    """Take a member out of their household (a move away from the city, say). Not the head."""
    if membership.relationship == Membership.Relationship.SELF:
        raise ValidationError({"person": [messages.HEAD_CANNOT_MOVE]})
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    household = membership.household
    membership.delete()
    audit_record(actor=actor, action="people.household.member_removed", obj=household, before=before)


@transaction.atomic
def household_member_leave(*, actor: User, person: Person) -> Household | None:
    """``person`` leaves their household because they move out of its region (an accepted
    迁入申请 elsewhere). A member simply leaves; a head who is the only member leaves the
    household empty and without a head, as a lone head's move does; a head with other members
    cannot leave. Returns the household left, or None if there was none."""
    membership = _locked_membership(person)
    if membership is None:
        return None
    household = membership.household
    if membership.relationship == Membership.Relationship.SELF:
        if household.memberships.exclude(pk=membership.pk).exists():
            raise ValidationError({"person": [messages.HEAD_CANNOT_MOVE]})
        household.head = None
        household.save(update_fields=["head", "updated_at"])
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.delete()
    audit_record(actor=actor, action="people.household.member_left", obj=household, before=before,
                 after={"person": person.pk, "name": person.name})
    return household


@transaction.atomic
def household_head_change(*, actor: User, household: Household, new_head: Person, old_head_relationship: str) -> Household:
    """Make another member the head; the old head takes ``old_head_relationship``."""
    with field_errors():
        rel = clean_relationship(old_head_relationship)
    members = {m.person_id: m for m in Membership.objects.select_for_update().filter(household=household)}
    new = members.get(new_head.pk)
    if new is None:
        raise ValidationError({"head": [messages.HEAD_NOT_MEMBER]})
    if new.relationship == Membership.Relationship.SELF:
        return household
    before = snapshot(household, HOUSEHOLD_FIELDS)
    old = next((m for m in members.values() if m.relationship == Membership.Relationship.SELF), None)
    if old is not None:
        old.relationship = rel
        old.save(update_fields=["relationship"])
    new.relationship = Membership.Relationship.SELF
    new.save(update_fields=["relationship"])
    household.head = new_head
    household.save(update_fields=["head", "updated_at"])
    audit_record(actor=actor, action="people.household.head_changed", obj=household, before=before,
                 after=snapshot(household, HOUSEHOLD_FIELDS))
    return household
