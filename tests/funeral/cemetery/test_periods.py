"""Use periods are counted as docs/DOMAIN.md counts periods: from the day after the event, to the
corresponding day 20 years on (28 February for a 29 February), a last day on a rest day or a
holiday moved to the next working day."""

from __future__ import annotations

import datetime as dt

from minzheng.funeral.cemetery import periods


def test_a_period_starts_the_day_after_the_sale_and_ends_on_the_corresponding_day() -> None:
    # 2024-03-15 + 20 years = 2044-03-15, a Tuesday.
    assert periods.first_period(dt.date(2024, 3, 15)) == (dt.date(2024, 3, 16), dt.date(2044, 3, 15))


def test_a_last_day_on_a_weekend_moves_to_the_monday() -> None:
    # 2044-03-19 is a Saturday.
    assert periods.first_period(dt.date(2024, 3, 19))[1] == dt.date(2044, 3, 21)


def test_a_29_february_ends_on_the_28th_in_a_common_year() -> None:
    assert periods.years_after(dt.date(2024, 2, 29), 21) == dt.date(2045, 2, 28)
    assert periods.years_after(dt.date(2024, 2, 29), 20) == dt.date(2044, 2, 29)


def test_a_renewal_adds_twenty_years_from_the_old_end() -> None:
    start, end = periods.next_period(dt.date(2044, 3, 15))
    assert start == dt.date(2044, 3, 16) and end == dt.date(2064, 3, 17)  # 2064-03-15 is a Saturday
