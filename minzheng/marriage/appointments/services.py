"""Writes on marriage appointments.

- ``slots_batch_create``: a registrar opens an office's slots for a run of working days (a week by
  default), several start times a day; slots that already exist are left as they are, so running
  it twice adds nothing.
- ``booking_create``: the couple books on the public page (no login). The slot row is locked and
  its count raised by a conditional update that cannot pass the capacity, so two couples racing
  for the last place cannot both get it. ID numbers are checked (GB 11643) and stored only sealed.
- ``booking_cancel``: the couple cancels with the confirmation code and either ID number.
- ``booking_mark``: the registrar at the desk marks a booking arrived or no-show.

Each write leaves one audit entry; none writes a clear ID number anywhere (the audit keeps the
masked forms)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from minzheng.benefits.workdays import is_workday
from minzheng.core import messages as core_messages
from minzheng.core import pii
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.idnumber import IdNumberError, parse_id_number
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.facilities.models import Facility
from minzheng.marriage.appointments import messages
from minzheng.marriage.appointments.models import Booking, BookingStatus, Business, Slot

PERM_KEEP = "marriage.keep_appointments"
# Unambiguous on a phone screen and read aloud: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 8
NAME_MAX = 50
CAPACITY_MAX = 50
DAYS_MAX = 31
AHEAD_MAX_DAYS = 90
BOOKING_FIELDS = ["slot", "status", "first_name", "first_id_masked", "second_name", "second_id_masked"]


def require(actor: User | None, perm: str) -> None:
    if actor is None or not actor.has_perm(perm):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)


def slot_starts(slot: Slot) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(slot.day, slot.starts_at))


def code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_normalize(raw: Any) -> str:
    return "".join(str(raw or "").split()).upper()


# --- slots -------------------------------------------------------------------------------------


def _office(actor: User, office: Facility | None, errors: dict[str, list[str]]) -> Facility | None:
    if office is None:
        errors["office"] = [messages.OFFICE_REQUIRED]
        return None
    if office.kind != Facility.Kind.MARRIAGE_OFFICE or not scope_for(actor).contains(office.region_code):
        errors["office"] = [messages.OFFICE_INVALID]
        return None
    return office


def _times(raw: Iterable[Any] | str, length: int, errors: dict[str, list[str]]) -> list[tuple[dt.time, dt.time]]:
    items = raw.replace("，", ",").replace(" ", ",").split(",") if isinstance(raw, str) else list(raw)
    out: dict[dt.time, dt.time] = {}
    for item in items:
        if isinstance(item, dt.time):
            start = item
        else:
            text = str(item or "").strip()
            if not text:
                continue
            try:
                start = dt.time.fromisoformat(text if len(text) > 2 else f"{int(text):02d}:00")
            except ValueError:
                errors["times"] = [messages.TIME_INVALID.format(value=text)]
                return []
        end_minutes = start.hour * 60 + start.minute + length
        if end_minutes >= 24 * 60:
            errors["times"] = [messages.TIME_OVERRUN.format(value=f"{start:%H:%M}")]
            return []
        out[start.replace(second=0, microsecond=0)] = dt.time(end_minutes // 60, end_minutes % 60)
    if not out:
        errors["times"] = [messages.TIMES_REQUIRED]
    return sorted(out.items())


def _int_between(value: Any, low: int, high: int) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    if isinstance(value, bool) or not low <= number <= high:
        return None
    return number


@dataclass(frozen=True)
class SlotsMade:
    created: int
    existing: int


@transaction.atomic
def slots_batch_create(
    *,
    actor: User,
    office: Facility | None,
    first_day: dt.date | str | None,
    days: int = 7,
    times: Iterable[Any] | str,
    length_minutes: int = 30,
    business: str = Business.MARRIAGE,
    capacity: int,
) -> SlotsMade:
    """The office's slots on every working day (statutory holidays skipped, make-up working days
    included) from ``first_day`` for ``days`` days, at each start time; existing ones are kept."""
    require(actor, PERM_KEEP)
    errors: dict[str, list[str]] = {}
    office = _office(actor, office, errors)
    today = timezone.localdate()
    start: dt.date | None = None
    if first_day in (None, ""):
        errors["first_day"] = [messages.FIRST_DAY_REQUIRED]
    else:
        try:
            start = first_day if isinstance(first_day, dt.date) else dt.date.fromisoformat(str(first_day).strip())
        except ValueError:
            errors["first_day"] = [messages.FIRST_DAY_INVALID]
        else:
            if start < today:
                errors["first_day"] = [messages.FIRST_DAY_PAST]
            elif start > today + dt.timedelta(days=AHEAD_MAX_DAYS):
                errors["first_day"] = [messages.FIRST_DAY_TOO_FAR.format(days=AHEAD_MAX_DAYS)]
    span = _int_between(days, 1, DAYS_MAX)
    if span is None:
        errors["days"] = [messages.DAYS_INVALID.format(max=DAYS_MAX)]
    length = _int_between(length_minutes, 10, 240)
    if length is None:
        errors["length_minutes"] = [messages.LENGTH_INVALID]
    hours = _times(times, length or 30, errors)
    if business not in Business.values:
        errors["business"] = [messages.BUSINESS_INVALID]
    seats = _int_between(capacity, 1, CAPACITY_MAX)
    if seats is None:
        errors["capacity"] = [messages.CAPACITY_INVALID.format(max=CAPACITY_MAX)]
    if errors:
        raise ValidationError(errors)
    assert office is not None and start is not None and span is not None and seats is not None
    wanted = [
        (start + dt.timedelta(days=n), begins, ends)
        for n in range(span)
        if is_workday(start + dt.timedelta(days=n))
        for begins, ends in hours
    ]
    existing = set(
        Slot.objects.filter(office=office, business=business, day__gte=start, day__lt=start + dt.timedelta(days=span))
        .values_list("day", "starts_at")
    )
    new = [
        Slot(office=office, region_code=office.region_code, day=day, starts_at=begins, ends_at=ends,
             business=business, capacity=seats, created_by=actor)
        for day, begins, ends in wanted
        if (day, begins) not in existing
    ]
    if not new:
        raise ValidationError({"first_day": [messages.NOTHING_NEW]})
    # ignore_conflicts: a colleague opening the same week at the same moment is not an error.
    Slot.objects.bulk_create(new, ignore_conflicts=True)
    audit_record(
        actor=actor,
        action="marriage.slots.created",
        obj=office,
        after={"first_day": start.isoformat(), "days": span, "business": business, "capacity": seats,
               "times": [f"{b:%H:%M}" for b, _ in hours], "created": len(new)},
        object_repr=f"{office.name} 预约时段",
    )
    return SlotsMade(created=len(new), existing=len(wanted) - len(new))


# --- bookings ----------------------------------------------------------------------------------


def _name(raw: Any, key: str, label: str, errors: dict[str, list[str]]) -> str:
    name = " ".join(str(raw or "").split())
    if not name:
        errors[key] = [messages.NAME_REQUIRED.format(field=label)]
    elif len(name) > NAME_MAX:
        errors[key] = [messages.NAME_TOO_LONG.format(field=label, max=NAME_MAX)]
    return name


def _id_number(raw: Any, key: str, label: str, errors: dict[str, list[str]]) -> str:
    try:
        return parse_id_number(str(raw or ""), today=timezone.localdate()).value
    except IdNumberError as exc:
        errors[key] = [messages.ID_NUMBER_BAD.format(field=label, reason=exc)]
        return ""


@transaction.atomic
def booking_create(
    *,
    slot_id: Any,
    first_name: str,
    first_id_number: str,
    second_name: str = "",
    second_id_number: str = "",
) -> Booking:
    """A couple's booking of one place in a slot, with its confirmation code. Nothing is written
    when a field is wrong, the slot has begun or is full."""
    errors: dict[str, list[str]] = {}
    first = _name(first_name, "first_name", "甲方姓名", errors)
    first_id = _id_number(first_id_number, "first_id_number", "甲方身份证号", errors)
    second_given = bool(str(second_name or "").strip() or str(second_id_number or "").strip())
    slot: Slot | None = None
    try:
        slot_pk = int(slot_id)
    except (TypeError, ValueError):
        errors["slot"] = [messages.SLOT_REQUIRED if slot_id in (None, "") else messages.SLOT_UNKNOWN]
    else:
        # The lock: a second couple wanting this slot waits here until this booking commits.
        slot = (Slot.objects.select_for_update().select_related("office")
                .filter(pk=slot_pk, office__kind=Facility.Kind.MARRIAGE_OFFICE,
                        office__status=Facility.Status.OPEN).first())
        if slot is None:
            errors["slot"] = [messages.SLOT_UNKNOWN]
    needs_both = slot is None or slot.business != Business.REPLACEMENT
    second = second_id = ""
    if second_given or needs_both:
        second = _name(second_name, "second_name", "乙方姓名", errors)
        second_id = _id_number(second_id_number, "second_id_number", "乙方身份证号", errors)
        if first_id and second_id and first_id == second_id:
            errors["second_id_number"] = [messages.ID_NUMBERS_SAME]
    if slot is not None and "slot" not in errors:
        if slot_starts(slot) <= timezone.now():
            errors["slot"] = [messages.SLOT_PAST]
        elif slot.booked >= slot.capacity:
            errors["slot"] = [messages.SLOT_FULL]
    if errors:
        raise ValidationError(errors)
    assert slot is not None
    # Conditional: even without the row lock (SQLite has none), the count cannot pass the capacity.
    if not Slot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1):
        raise ValidationError({"slot": [messages.SLOT_FULL]})
    first_sealed, second_sealed = pii.seal("id_number", first_id), pii.seal("id_number", second_id)
    for _ in range(5):
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    slot=slot, region_code=slot.region_code, code=code_new(),
                    first_name=first, first_id_cipher=first_sealed.cipher, first_id_digest=first_sealed.digest,
                    first_id_masked=first_sealed.masked,
                    second_name=second, second_id_cipher=second_sealed.cipher, second_id_digest=second_sealed.digest,
                    second_id_masked=second_sealed.masked,
                )
            break
        except IntegrityError:  # the one-in-a-trillion code already taken: draw again
            continue
    else:  # pragma: no cover
        raise RuntimeError("no free confirmation code after 5 draws")
    audit_record(actor=None, action="marriage.booking.created", obj=booking,
                 after=snapshot(booking, BOOKING_FIELDS), object_repr=f"婚姻登记预约（{slot}）")
    return booking


@transaction.atomic
def booking_cancel(*, code: str, id_number: str) -> Booking:
    """The couple's cancellation: the code and either party's ID number must match one booking.
    A wrong pair gets one answer whichever half was wrong, so the page confirms nothing."""
    errors: dict[str, list[str]] = {}
    wanted = code_normalize(code)
    if not wanted:
        errors["code"] = [messages.CANCEL_CODE_REQUIRED]
    number = _id_number(id_number, "id_number", "身份证号", errors)
    if errors:
        raise ValidationError(errors)
    digests = set(pii.digests("id_number", number))  # under the old key too, during a key rotation
    booking = Booking.objects.filter(code=wanted).select_related("slot").first()
    if booking is None or not digests & {booking.first_id_digest, booking.second_id_digest}:
        raise ValidationError({"code": [messages.CANCEL_NOT_FOUND]})
    slot = Slot.objects.select_for_update().get(pk=booking.slot_id)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError({"code": [messages.CANCEL_NOT_ACTIVE.format(status=booking.get_status_display())]})
    if slot_starts(slot) <= timezone.now():
        raise ValidationError({"code": [messages.CANCEL_PAST]})
    before = snapshot(booking, BOOKING_FIELDS)
    booking.status, booking.cancelled_at = BookingStatus.CANCELLED, timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    Slot.objects.filter(pk=slot.pk, booked__gt=0).update(booked=F("booked") - 1)
    audit_record(actor=None, action="marriage.booking.cancelled", obj=booking, before=before,
                 after=snapshot(booking, BOOKING_FIELDS), object_repr=f"婚姻登记预约（{slot}）")
    return booking


@transaction.atomic
def booking_mark(*, actor: User, booking: Booking, status: str) -> Booking:
    """The desk's record of whether the couple came: on or after the slot's day, once."""
    require(actor, PERM_KEEP)
    if booking is None or not scope_for(actor).contains(booking.region_code):
        raise Http404(core_messages.NOT_FOUND)
    booking = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    if status not in (BookingStatus.ARRIVED, BookingStatus.NO_SHOW):
        raise ValidationError({"status": [messages.MARK_INVALID]})
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError({"status": [messages.MARK_NOT_ACTIVE.format(status=booking.get_status_display())]})
    if booking.slot.day > timezone.localdate():
        raise ValidationError({"status": [messages.MARK_TOO_EARLY.format(day=f"{booking.slot.day:%Y-%m-%d}")]})
    before = snapshot(booking, BOOKING_FIELDS)
    booking.status, booking.marked_at, booking.marked_by = status, timezone.now(), actor
    booking.save(update_fields=["status", "marked_at", "marked_by"])
    audit_record(actor=actor, action=f"marriage.booking.{status}", obj=booking, before=before,
                 after=snapshot(booking, BOOKING_FIELDS))
    return booking
