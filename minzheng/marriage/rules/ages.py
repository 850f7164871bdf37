"""Ages as the marriage rules count them (docs/DOMAIN.md, "Counting"): an age is reached on the
birthday itself, and someone born on 29 February reaches it on 1 March in a common year."""

from __future__ import annotations

import datetime as dt


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Full years on ``day``. Comparing (month, day) pairs gives the 29 February rule for free:
    in a common year (2, 28) is still before (2, 29), and (3, 1) is after it."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_reached_on(birth_date: dt.date, years: int) -> dt.date:
    """The first day on which someone born on ``birth_date`` is ``years`` old."""
    year = birth_date.year + years
    try:
        return birth_date.replace(year=year)
    except ValueError:  # 29 February in a common year
        return dt.date(year, 3, 1)
