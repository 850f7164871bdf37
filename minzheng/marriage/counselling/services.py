"""Writes on the simple-wedding bases and the marriage and family events, by county officers and
registrars inside their scope. Each checks every field (one Chinese reason per field, nothing
written when one is wrong) and leaves one audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for
from minzheng.facilities.models import Facility
from minzheng.marriage.counselling import messages
from minzheng.marriage.counselling.models import BaseStatus, Event, EventKind, EventParticipant, WeddingBase

PERM_MANAGE = "marriage.manage_counselling"
PERM_VIEW = "marriage.view_counselling"
COUNT_MAX = 100_000
NAMES_MAX = 500
BASE_FIELDS = ["name", "region_code", "address_text", "designated_on", "status", "note"]
EVENT_FIELDS = ["kind", "title", "held_on", "region_code", "facility", "base", "place_text", "organizer", "people",
                "couples", "note"]


def require(actor: User | None, perm: str) -> None:
    if actor is None or not actor.has_perm(perm):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)


def _in_scope(actor: User, obj: Any) -> None:
    if obj is None or not scope_for(actor).contains(obj.region_code):
        raise Http404(core_messages.NOT_FOUND)


def _date(value: Any, key: str, label: str, errors: dict[str, list[str]]) -> dt.date | None:
    if value in (None, ""):
        errors[key] = [messages.DATE_REQUIRED.format(field=label)]
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            errors[key] = [messages.DATE_INVALID.format(field=label)]
            return None
    if value > timezone.localdate():
        errors[key] = [messages.DATE_FUTURE.format(field=label)]
        return None
    return value


def _text(value: Any, key: str, *, required: str | None, too_long: str, max_length: int,
          errors: dict[str, list[str]]) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        errors[key] = [required]
    elif len(text) > max_length:
        errors[key] = [too_long]
    return text


def _region(actor: User, value: Any, errors: dict[str, list[str]]) -> str:
    code = str(value or "").strip()
    if not scope_for(actor).contains(code) or not Region.objects.filter(code=code).exists():
        errors["region_code"] = [messages.REGION_INVALID]
    return code


def _count(value: Any, key: str, label: str, errors: dict[str, list[str]]) -> int:
    try:
        number = int(value if value not in (None, "") else 0)
        if isinstance(value, bool) or not 0 <= number <= COUNT_MAX:
            raise ValueError
    except (TypeError, ValueError):
        errors[key] = [messages.COUNT_INVALID.format(field=label, max=COUNT_MAX)]
        return 0
    return number


# --- simple-wedding bases ----------------------------------------------------------------------


def _base_values(actor: User, errors: dict[str, list[str]], *, name: Any, region_code: Any, designated_on: Any,
                 address_text: Any, status: Any, note: Any) -> dict[str, Any]:
    values = {
        "name": _text(name, "name", required=messages.BASE_NAME_REQUIRED, too_long=messages.BASE_NAME_TOO_LONG,
                      max_length=100, errors=errors),
        "region_code": _region(actor, region_code, errors),
        "designated_on": _date(designated_on, "designated_on", "命名日期", errors),
        "address_text": _text(address_text, "address_text", required=None, too_long=messages.ADDRESS_TOO_LONG,
                              max_length=200, errors=errors),
        "status": str(status or BaseStatus.ACTIVE),
        "note": _text(note, "note", required=None, too_long=messages.NOTE_TOO_LONG, max_length=200, errors=errors),
    }
    if values["status"] not in BaseStatus.values:
        errors["status"] = [messages.STATUS_INVALID]
    return values


@transaction.atomic
def wedding_base_create(*, actor: User, name: str, region_code: str, designated_on: Any, address_text: str = "",
                        status: str = BaseStatus.ACTIVE, note: str = "") -> WeddingBase:
    """Register a simple-wedding base (简约婚礼示范基地) designated in the actor's scope."""
    require(actor, PERM_MANAGE)
    errors: dict[str, list[str]] = {}
    values = _base_values(actor, errors, name=name, region_code=region_code, designated_on=designated_on,
                          address_text=address_text, status=status, note=note)
    if errors:
        raise ValidationError(errors)
    base = WeddingBase.objects.create(**values, created_by=actor)
    audit_record(actor=actor, action="marriage.wedding_base.created", obj=base, after=snapshot(base, BASE_FIELDS))
    return base


@transaction.atomic
def wedding_base_update(*, actor: User, base: WeddingBase, name: str, region_code: str, designated_on: Any,
                        address_text: str = "", status: str = BaseStatus.ACTIVE, note: str = "") -> WeddingBase:
    require(actor, PERM_MANAGE)
    _in_scope(actor, base)
    base = WeddingBase.objects.select_for_update().get(pk=base.pk)
    errors: dict[str, list[str]] = {}
    values = _base_values(actor, errors, name=name, region_code=region_code, designated_on=designated_on,
                          address_text=address_text, status=status, note=note)
    if errors:
        raise ValidationError(errors)
    before = snapshot(base, BASE_FIELDS)
    for key, value in values.items():
        setattr(base, key, value)
    base.save()
    audit_record(actor=actor, action="marriage.wedding_base.updated", obj=base, before=before,
                 after=snapshot(base, BASE_FIELDS))
    return base


# --- events ------------------------------------------------------------------------------------


def _names(raw: Any, errors: dict[str, list[str]]) -> list[str]:
    lines = raw if isinstance(raw, (list, tuple)) else str(raw or "").splitlines()
    names = [" ".join(str(n).split()) for n in lines]
    names = [n for n in names if n]
    if len(names) > NAMES_MAX:
        errors["participant_names"] = [messages.NAMES_TOO_MANY.format(max=NAMES_MAX)]
    for line, name in enumerate(names, start=1):
        if len(name) > 50:
            errors["participant_names"] = [messages.NAME_TOO_LONG.format(line=line, name=name[:10] + "…")]
            break
    return names


def _event_values(actor: User, errors: dict[str, list[str]], *, kind: Any, title: Any, held_on: Any,
                  region_code: Any, facility: Facility | None, base: WeddingBase | None, place_text: Any,
                  organizer: Any, people: Any, couples: Any, note: Any) -> dict[str, Any]:
    if kind not in EventKind.values:
        errors["kind"] = [messages.KIND_INVALID]
    scope = scope_for(actor)
    if facility is not None and not scope.contains(facility.region_code):
        errors["facility"] = [messages.FACILITY_INVALID]
    if base is not None and (not scope.contains(base.region_code) or base.status != BaseStatus.ACTIVE):
        errors["base"] = [messages.BASE_INVALID]
    place = _text(place_text, "place_text", required=None, too_long=messages.PLACE_TOO_LONG, max_length=200,
                  errors=errors)
    if facility is None and base is None and not place and "place_text" not in errors:
        errors["place_text"] = [messages.PLACE_REQUIRED]
    values = {
        "kind": kind,
        "title": _text(title, "title", required=messages.TITLE_REQUIRED, too_long=messages.TITLE_TOO_LONG,
                       max_length=100, errors=errors),
        "held_on": _date(held_on, "held_on", "活动日期", errors),
        "region_code": _region(actor, region_code, errors),
        "facility": facility, "base": base, "place_text": place,
        "organizer": _text(organizer, "organizer", required=messages.ORGANIZER_REQUIRED,
                           too_long=messages.ORGANIZER_TOO_LONG, max_length=100, errors=errors),
        "people": _count(people, "people", "参与人数", errors),
        "couples": _count(couples, "couples", "参与新人（对）", errors),
        "note": _text(note, "note", required=None, too_long=messages.NOTE_TOO_LONG, max_length=200, errors=errors),
    }
    if "people" not in errors and "couples" not in errors:
        if values["people"] == 0 and values["couples"] == 0:
            errors["people"] = [messages.NOBODY]
        elif values["people"] and values["couples"] * 2 > values["people"]:
            errors["couples"] = [messages.COUPLES_TOO_MANY.format(
                couples=values["couples"], people=values["couples"] * 2, total=values["people"])]
    return values


def _participants_write(event: Event, names: list[str]) -> None:
    event.participants.all().delete()
    EventParticipant.objects.bulk_create(
        [EventParticipant(event=event, region_code=event.region_code, name=name) for name in names])


def _check_names(names: list[str], values: dict[str, Any], errors: dict[str, list[str]]) -> None:
    headcount = values["people"] or values["couples"] * 2
    if names and "participant_names" not in errors and len(names) > headcount:
        errors["participant_names"] = [messages.NAMES_MORE_THAN_PEOPLE.format(names=len(names), people=headcount)]


@transaction.atomic
def event_create(*, actor: User, kind: str, title: str, held_on: Any, region_code: str, organizer: str,
                 facility: Facility | None = None, base: WeddingBase | None = None, place_text: str = "",
                 people: Any = 0, couples: Any = 0, note: str = "", participant_names: Any = "") -> Event:
    """Record a held event: a collective ceremony, a matchmaking or a counselling event. People
    and couples are counted; naming the participants is optional and never more than counted."""
    require(actor, PERM_MANAGE)
    errors: dict[str, list[str]] = {}
    values = _event_values(actor, errors, kind=kind, title=title, held_on=held_on, region_code=region_code,
                           facility=facility, base=base, place_text=place_text, organizer=organizer, people=people,
                           couples=couples, note=note)
    names = _names(participant_names, errors)
    _check_names(names, values, errors)
    if errors:
        raise ValidationError(errors)
    event = Event.objects.create(**values, created_by=actor)
    _participants_write(event, names)
    audit_record(actor=actor, action="marriage.event.created", obj=event,
                 after={**snapshot(event, EVENT_FIELDS), "named_participants": len(names)})
    return event


@transaction.atomic
def event_update(*, actor: User, event: Event, kind: str, title: str, held_on: Any, region_code: str,
                 organizer: str, facility: Facility | None = None, base: WeddingBase | None = None,
                 place_text: str = "", people: Any = 0, couples: Any = 0, note: str = "",
                 participant_names: Any = "") -> Event:
    require(actor, PERM_MANAGE)
    _in_scope(actor, event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    errors: dict[str, list[str]] = {}
    values = _event_values(actor, errors, kind=kind, title=title, held_on=held_on, region_code=region_code,
                           facility=facility, base=base, place_text=place_text, organizer=organizer, people=people,
                           couples=couples, note=note)
    names = _names(participant_names, errors)
    _check_names(names, values, errors)
    if errors:
        raise ValidationError(errors)
    before = {**snapshot(event, EVENT_FIELDS), "named_participants": event.participants.count()}
    for key, value in values.items():
        setattr(event, key, value)
    event.save()
    _participants_write(event, names)
    audit_record(actor=actor, action="marriage.event.updated", obj=event, before=before,
                 after={**snapshot(event, EVENT_FIELDS), "named_participants": len(names)})
    return event
