"""Working days for the deadlines of applications and reviews, from the ``chinesecalendar``
package (imported as ``chinese_calendar``), which knows the statutory holidays and the make-up
working days (调休) of each year the State Council has published.

For a year the package does not know (it raises ``NotImplementedError`` for years before 2004 and
after the last published schedule), a day counts as a working day when it is Monday to Friday.
That is wrong by the holidays of that year, so a deadline computed for such a year is a first
estimate, which upgrading the package corrects.

Counting follows docs/DOMAIN.md ("Counting"): a period starts the day after the event, so a case
received on a Friday has its first working day on the next working day.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar


def is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def workdays_add(start: dt.date, days: int) -> dt.date:
    """The date on which ``days`` working days after ``start`` have passed: the ``days``-th
    working day after ``start`` (``start`` itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day, left = start, days
    while left:
        day += dt.timedelta(days=1)
        if is_workday(day):
            left -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_workday(day)
    return count
