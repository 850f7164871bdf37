"""Each person's marital status as the registry of marriages knows it, and its history: every
change goes through ``status_set``, which writes the history row beside it. No row means the
registry never saw the person married: unmarried."""

from __future__ import annotations

import datetime as dt

from minzheng.marriage.registrations.models import MaritalState, MaritalStatus, MaritalStatusChange, Marriage
from minzheng.people.models import Person


def status_of(person: Person, *, lock: bool = False) -> MaritalStatus | None:
    qs = MaritalStatus.objects.select_for_update() if lock else MaritalStatus.objects
    return qs.filter(person=person).first()


def state_of(person: Person) -> str:
    row = status_of(person)
    return row.status if row is not None else MaritalState.UNMARRIED


def status_set(
    *,
    person: Person,
    status: str,
    on: dt.date,
    cause: str,
    region_code: str,
    spouse: Person | None = None,
    marriage: Marriage | None = None,
    since: dt.date | None = None,
) -> MaritalStatus:
    """Set the status from ``on`` (or, restoring an earlier state, ``since``), with its history row."""
    row = status_of(person, lock=True)
    before = row.status if row is not None else MaritalState.UNMARRIED
    if row is None:
        row = MaritalStatus(person=person)
    row.status, row.spouse, row.marriage, row.since, row.region_code = status, spouse, marriage, since or on, region_code
    row.save()
    MaritalStatusChange.objects.create(
        person=person, region_code=region_code, before=before, after=status, changed_on=on, cause=cause,
        marriage=marriage,
    )
    return row
