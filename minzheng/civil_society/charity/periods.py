"""Periods in days, counted as docs/DOMAIN.md counts them ("Counting"): a period of ``n`` days starts
the day after the event, so its last day is the event + ``n``; a last day that is a rest day or a
statutory holiday moves to the next working day (``benefits.workdays``, from chinese-calendar, with
its make-up working days). Only the last day moves."""

from __future__ import annotations

import datetime as dt

from minzheng.benefits.workdays import is_workday


def period_end(event: dt.date, days: int) -> dt.date:
    """The last day of a period of ``days`` days after ``event``, moved off rest days and holidays."""
    day = event + dt.timedelta(days=days)
    while not is_workday(day):
        day += dt.timedelta(days=1)
    return day
