"""The divorce-by-agreement timeline (Civil Code art. 1077; docs/DOMAIN.md, "Counting"): a
period in days starts the day after its event, and only its last day moves, to the next working
day, when it falls on a rest day or a statutory holiday (chinese-calendar knows the make-up
working days). The 30 days to come in start the day after the cooling-off ends, as moved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minzheng.benefits.workdays import is_workday

COOLING_OFF_DAYS = 30
APPEAR_DAYS = 30


@dataclass(frozen=True)
class Timeline:
    applied_on: dt.date
    cooling_off_ends: dt.date  # the last day on which either party may withdraw
    appear_by: dt.date  # the last day on which both may come in for the certificate


def period_end(event_day: dt.date, days: int) -> dt.date:
    """The last day of a period of ``days`` days after ``event_day``, moved to a working day."""
    last = event_day + dt.timedelta(days=days)
    while not is_workday(last):
        last += dt.timedelta(days=1)
    return last


def divorce_timeline(applied_on: dt.date) -> Timeline:
    cooling = period_end(applied_on, COOLING_OFF_DAYS)
    return Timeline(applied_on=applied_on, cooling_off_ends=cooling, appear_by=period_end(cooling, APPEAR_DAYS))
