"""Reads of death registrations, each cut to the user's scope (the person's region)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from minzheng.core.models import User
from minzheng.core.scope import get_in_scope, scoped
from minzheng.funeral.deaths.models import DeathRegistration


def registration_list(*, user: User, q: str = "", source: str = "", status: str = "",
                      month: dt.date | None = None) -> QuerySet[DeathRegistration]:
    """The registrations in the user's scope, newest death first; ``q`` matches the name."""
    rows = scoped(DeathRegistration.objects.select_related("person", "registered_by"), user=user)
    if q:
        rows = rows.filter(person__name__contains=q)
    if source:
        rows = rows.filter(source=source)
    if status:
        rows = rows.filter(status=status)
    if month is not None:
        rows = rows.filter(death_date__year=month.year, death_date__month=month.month)
    return rows.order_by("-death_date", "-id")


def registration_get(*, user: User, pk: int | str) -> DeathRegistration:
    """One registration in the user's scope, or 404."""
    return get_in_scope(DeathRegistration.objects.select_related("person", "registered_by", "revoked_by"),
                        user=user, pk=pk)


def registration_in_force_of(*, person_id: int) -> DeathRegistration | None:
    """The registration in force of a person (the after-death receivers' look-up; no user: the
    event's sender already acted in scope)."""
    return DeathRegistration.objects.filter(person_id=person_id, status=DeathRegistration.Status.REGISTERED).first()
