"""Writes of death registration.

- ``death_register``: register a death from a hospital, the police or home. It finds the registry
  person by ID number (entering them when unknown), records the death in the registry
  (``people.services.person_record_death``), whose ``core.events.person_died`` makes every app close
  what the death ends, in this one transaction: benefits, love card, beds, orders, roles, and this
  app's after-death checklist (``funeral.after_death.receivers``). Registering the same death again
  changes nothing and says so; another date for a registered death is refused.
- ``death_registration_revoke``: the correction of a mistaken registration. The person is alive
  again (``people.services.person_death_revoke``), and every app reopens what it can
  (``core.events.person_death_revoked``); what it cannot stays listed on the case page.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from minzheng.core import events, pii
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.masking import mask_phone
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.funeral.deaths import messages
from minzheng.funeral.deaths.models import Cause, DeathRegistration, Source
from minzheng.people.models import Person
from minzheng.people.services import (
    person_create,
    person_death_revoke,
    person_id_number_looked_up,
    person_record_death,
)
from minzheng.people.validation import FieldError, clean_id_number, clean_phone

PERM_REGISTER = "funeral.register_death"
PERM_REVOKE = "funeral.revoke_death"
PERM_VIEW = "funeral.view_deathregistration"

FIELDS = ["region_code", "source", "cause", "death_date", "death_place", "informant_name", "informant_relation",
          "informant_phone_masked", "status", "revoke_reason"]
PLACE_MAX, INFORMANT_MAX, RELATION_MAX, REASON_MAX = 200, 50, 20, 200
# No 0/O or 1/I/L: the family reads the code off a slip of paper or a text message.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


@dataclass(frozen=True)
class DeathRegistered:
    """What ``death_register`` did: the registration in force, whether this call made it, and the
    family's query code (only when it was made: the clear code is never stored)."""

    registration: DeathRegistration
    created: bool
    family_code: str = ""


def family_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def family_code_digest(code: str) -> str:
    """The keyed digest a family's code is found by; spaces, dashes and case do not matter."""
    clean = "".join(ch for ch in str(code or "").upper() if ch.isalnum())
    return pii.digest("funeral_family_code", clean) if clean else ""


def family_code_digests(code: str) -> list[str]:
    """The digests a family's code may be stored under while a field-key rotation runs. The
    code itself is never stored, so a rotation cannot re-index it: a code issued under the old
    key works until MINZHENG_FIELD_KEY_PREVIOUS is removed; then the office issues a new one."""
    clean = "".join(ch for ch in str(code or "").upper() if ch.isalnum())
    return pii.digests("funeral_family_code", clean) if clean else []


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _death_date(value: Any, errors: dict[str, list[str]]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    elif not _text(value):
        errors["death_date"] = [messages.DEATH_DATE_REQUIRED]
        return None
    else:
        try:
            day = dt.date.fromisoformat(_text(value))
        except ValueError:
            errors["death_date"] = [messages.DEATH_DATE_INVALID]
            return None
    if day > timezone.localdate():
        errors["death_date"] = [messages.DEATH_DATE_FUTURE]
        return None
    return day


def _clean(*, source: Any, cause: Any, death_date: Any, death_place: Any, informant_name: Any,
           informant_relation: Any, informant_phone: Any, errors: dict[str, list[str]]) -> dict[str, Any]:
    clean: dict[str, Any] = {"source": _text(source), "cause": _text(cause), "death_place": _text(death_place),
                             "informant_name": _text(informant_name),
                             "informant_relation": _text(informant_relation)}
    if clean["source"] not in Source.values:
        errors["source"] = [messages.SOURCE_INVALID]
    if clean["cause"] not in Cause.values:
        errors["cause"] = [messages.CAUSE_INVALID]
    clean["death_date"] = _death_date(death_date, errors)
    for field, limit, required, too_long in (
        ("death_place", PLACE_MAX, messages.DEATH_PLACE_REQUIRED, messages.DEATH_PLACE_TOO_LONG),
        ("informant_name", INFORMANT_MAX, messages.INFORMANT_NAME_REQUIRED, messages.INFORMANT_NAME_TOO_LONG),
        ("informant_relation", RELATION_MAX, messages.INFORMANT_RELATION_REQUIRED,
         messages.INFORMANT_RELATION_TOO_LONG),
    ):
        if not clean[field]:
            errors[field] = [required]
        elif len(clean[field]) > limit:
            errors[field] = [too_long.format(max=limit)]
    try:
        clean["informant_phone_masked"] = mask_phone(clean_phone(informant_phone))
    except FieldError:
        errors["informant_phone"] = [messages.INFORMANT_PHONE_INVALID]
    return clean


def _person_found(*, actor: User, id_number: Any, name: Any, errors: dict[str, list[str]]) -> tuple[Person | None, str]:
    """The registry person the ID number names (the look-up is access-logged), or None with the
    cleaned number when it names nobody yet."""
    if not _text(id_number):
        errors["id_number"] = [messages.ID_NUMBER_REQUIRED]
        return None, ""
    try:
        parsed = clean_id_number(id_number)
    except FieldError as exc:
        errors["id_number"] = [f"身份证号码：{exc.message}"]
        return None, ""
    person = Person.objects.filter(id_number_digest__in=pii.digests("id_number", parsed.value)).first()
    if person is None:
        return None, parsed.value
    person_id_number_looked_up(actor=actor, person=person)
    if not scope_for(actor).contains(person.region_code):
        errors["id_number"] = [messages.PERSON_OUT_OF_SCOPE]
        return None, parsed.value
    if _text(name) and _text(name) != person.name:
        errors["name"] = [messages.NAME_MISMATCH.format(name=person.name)]
    return person, parsed.value


@transaction.atomic
def death_register(*, actor: User, id_number: str, name: str = "", region_code: str = "", source: str,
                   cause: str, death_date: dt.date | str, death_place: str, informant_name: str,
                   informant_relation: str, informant_phone: str = "") -> DeathRegistered:
    """Register one death, once.

    Guarantees: every bad field answers with its own Chinese message and nothing is written; the
    same person and date again return the registration in force with ``created=False`` and write
    nothing (no row, no audit entry, no effect); another date for a death already registered (or
    already in the registry) is refused with the date on record; otherwise the registration, the
    person's death and every app's closing happen together or not at all."""
    errors: dict[str, list[str]] = {}
    clean = _clean(source=source, cause=cause, death_date=death_date, death_place=death_place,
                   informant_name=informant_name, informant_relation=informant_relation,
                   informant_phone=informant_phone, errors=errors)
    person, number = _person_found(actor=actor, id_number=id_number, name=name, errors=errors)
    day: dt.date | None = clean["death_date"]
    if person is not None and day is not None:
        existing = DeathRegistration.objects.filter(person=person, status=DeathRegistration.Status.REGISTERED).first()
        if existing is not None:
            if existing.death_date == day and not errors:
                return DeathRegistered(registration=existing, created=False)
            if existing.death_date != day:
                errors["death_date"] = [messages.ALREADY_REGISTERED_OTHER_DATE.format(
                    date=existing.death_date.isoformat())]
        elif person.status == Person.Status.DECEASED and person.death_date != day:
            errors["death_date"] = [messages.ALREADY_DECEASED_OTHER_DATE.format(
                date=person.death_date.isoformat() if person.death_date else "—")]
        elif day < person.birth_date:
            errors["death_date"] = [messages.DEATH_DATE_BEFORE_BIRTH.format(birth=person.birth_date.isoformat())]
    if person is None and number and "id_number" not in errors:
        if not _text(name):
            errors["name"] = [messages.NAME_REQUIRED_FOR_NEW]
        if not _text(region_code):
            errors["region_code"] = [messages.REGION_REQUIRED_FOR_NEW]
        if day is not None and number:
            birth = clean_id_number(number).birth_date
            if day < birth:
                errors["death_date"] = [messages.DEATH_DATE_BEFORE_BIRTH.format(birth=birth.isoformat())]
    if errors:
        raise ValidationError(errors)
    assert day is not None
    if person is None:
        # person_create checks the name and the region (inside the actor's scope) with its own messages.
        person = person_create(actor=actor, id_number=number, name=name, region_code=region_code)
    code = family_code_new()
    registration = DeathRegistration(
        person=person, region_code=person.region_code, source=clean["source"], cause=clean["cause"],
        death_date=day, death_place=clean["death_place"], informant_name=clean["informant_name"],
        informant_relation=clean["informant_relation"], informant_phone_masked=clean["informant_phone_masked"],
        family_code_digest=family_code_digest(code), registered_by=actor, registered_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # the same death registered at the same moment by someone else
        raise ValidationError({"id_number": [messages.REGISTERED_BEFORE.format(
            name=person.name, at="刚才")]}) from exc
    audit_record(actor=actor, action="funeral.death.registered", obj=registration,
                 object_repr=f"{person.name} 死亡登记 {day.isoformat()}", after=snapshot(registration, FIELDS))
    if person.status == Person.Status.DECEASED:
        # The registry knew the death already (recorded on the people pages): the apps closed what
        # it ends then. Sending the event again is safe (each receiver acts once) and opens this
        # registration's checklist.
        events.person_died.send(sender=Person, person=person, death_date=day, actor=actor)
    else:
        person_record_death(actor=actor, person=person, death_date=day)
    return DeathRegistered(registration=registration, created=True, family_code=code)


@transaction.atomic
def family_code_renew(*, actor: User, registration: DeathRegistration) -> str:
    """A new query code for the family (the old one stops working): the clear code is shown once."""
    registration = DeathRegistration.objects.select_for_update().get(pk=registration.pk)
    code = family_code_new()
    registration.family_code_digest = family_code_digest(code)
    registration.save(update_fields=["family_code_digest"])
    audit_record(actor=actor, action="funeral.death.family_code_renewed", obj=registration,
                 object_repr=f"{registration.person.name} 家属查询码")
    return code


@transaction.atomic
def death_registration_revoke(*, actor: User, registration: DeathRegistration, reason: str) -> DeathRegistration:
    """Correct a death registered by mistake: the registration is revoked (it stays, with the
    reason), the person is alive again, and each app reopens what the death closed where it still
    can; the rest stays listed for an officer on the case page."""
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": [messages.REVOKE_REASON_REQUIRED]})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [messages.REVOKE_REASON_TOO_LONG.format(max=REASON_MAX)]})
    registration = DeathRegistration.objects.select_for_update().select_related("person").get(pk=registration.pk)
    if not registration.in_force:
        raise ValidationError({"__all__": [messages.ALREADY_REVOKED.format(
            at=timezone.localtime(registration.revoked_at).strftime("%Y-%m-%d %H:%M") if registration.revoked_at
            else "—")]})
    before = snapshot(registration, FIELDS)
    registration.status, registration.revoked_at = DeathRegistration.Status.REVOKED, timezone.now()
    registration.revoked_by, registration.revoke_reason = actor, reason
    registration.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
    audit_record(actor=actor, action="funeral.death.revoked", obj=registration,
                 object_repr=f"{registration.person.name} 死亡登记撤销", before=before,
                 after=snapshot(registration, FIELDS))
    if registration.person.status == Person.Status.DECEASED:
        person_death_revoke(actor=actor, person=registration.person, reason=reason)
    return registration
