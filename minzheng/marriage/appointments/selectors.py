"""Reads on marriage appointments.

The public side sees only what a couple needs to choose: the open offices and, for one office and
kind of business, the slots still free from now on (no names, no counts of who booked). The
registrar's side is scoped to the registrar's county; the desk's list names people, so reading it
writes one access-log row per booking shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone

from minzheng.core.audit import access_record_many
from minzheng.core.models import User
from minzheng.core.scope import get_in_scope, scoped
from minzheng.facilities.models import Facility
from minzheng.marriage.appointments.models import Booking, Business, Slot

PUBLIC_DAYS_AHEAD = 30


def public_offices() -> QuerySet[Facility]:
    return Facility.objects.filter(kind=Facility.Kind.MARRIAGE_OFFICE, status=Facility.Status.OPEN).order_by(
        "region_code", "id"
    )


def public_office_get(office_id: Any) -> Facility | None:
    try:
        return public_offices().filter(pk=int(office_id)).first()
    except (TypeError, ValueError):
        return None


def public_free_slots(*, office: Facility, business: str, days_ahead: int = PUBLIC_DAYS_AHEAD) -> list[Slot]:
    """The office's slots of that business that have not begun and have a place left."""
    now = timezone.localtime()
    today = now.date()
    if business not in Business.values:
        return []
    return list(
        Slot.objects.filter(office=office, business=business, booked__lt=F("capacity"),
                            day__gte=today, day__lte=today + dt.timedelta(days=days_ahead))
        .exclude(day=today, starts_at__lte=now.time())
        .order_by("day", "starts_at")
    )


def booking_of_session(pk: Any) -> Booking | None:
    """The booking this browser has just made (its id kept in the session), for the page with the code."""
    if not pk:
        return None
    return Booking.objects.select_related("slot", "slot__office").filter(pk=pk).first()


def registrar_offices(*, user: User | Any) -> QuerySet[Facility]:
    return scoped(Facility.objects.filter(kind=Facility.Kind.MARRIAGE_OFFICE), user=user).order_by("region_code", "id")


def registrar_office_get(*, user: User | Any, office_id: Any) -> Facility:
    return get_in_scope(Facility.objects.filter(kind=Facility.Kind.MARRIAGE_OFFICE), user=user, pk=office_id)


def slots_of_week(*, user: User | Any, office: Facility, first_day: dt.date, days: int = 7) -> QuerySet[Slot]:
    return scoped(Slot.objects.filter(office=office, day__gte=first_day, day__lt=first_day + dt.timedelta(days=days)),
                  user=user).order_by("day", "starts_at", "business")


def desk_bookings(*, user: User, office: Facility, day: dt.date, channel: str = "web") -> list[Booking]:
    """Who is booked at the office on the day, in slot order (cancelled ones last), each read logged."""
    rows = list(
        scoped(Booking.objects.filter(slot__office=office, slot__day=day), user=user)
        .select_related("slot", "marked_by")
        .order_by("slot__starts_at", "id")
    )
    rows.sort(key=lambda b: (b.status == Booking.Status.CANCELLED, b.slot.starts_at, b.pk))
    access_record_many(actor=user, subjects=rows, channel=channel)
    return rows


def booking_get(*, user: User | Any, pk: Any) -> Booking:
    return get_in_scope(Booking.objects.select_related("slot", "slot__office"), user=user, pk=pk)
