"""Use periods of plots, counted as docs/DOMAIN.md counts periods ("Counting", Civil Code arts.
200–203): a period starts the day after the event; a period in years ends on the corresponding day
of the last year (a 29 February with no such day in that year ends on 28 February, the month's end,
art. 202); a last day that is a rest day or a statutory holiday moves to the next working day
(``benefits.workdays``; for years chinese-calendar has not published yet, weekends only).

A renewal counts its 20 years from the old end as moved, like the marriage periods that follow on
from a moved end."""

from __future__ import annotations

import datetime as dt

from minzheng.benefits.workdays import is_workday

CYCLE_YEARS = 20


def years_after(day: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def next_workday_from(day: dt.date) -> dt.date:
    while not is_workday(day):
        day += dt.timedelta(days=1)
    return day


def first_period(sold_on: dt.date) -> tuple[dt.date, dt.date]:
    """(start, end) of the first cycle of a plot bought on ``sold_on``."""
    return sold_on + dt.timedelta(days=1), next_workday_from(years_after(sold_on, CYCLE_YEARS))


def next_period(old_end: dt.date) -> tuple[dt.date, dt.date]:
    """(start, end) of the cycle a renewal adds after a period that ended on ``old_end``."""
    return old_end + dt.timedelta(days=1), next_workday_from(years_after(old_end, CYCLE_YEARS))
