"""The divorce timeline (``marriage.rules.timeline``): 30 days from the day after the application,
the last day moved to the next working day; the 30 days to appear start after the moved end."""

from __future__ import annotations

import datetime as dt

from minzheng.marriage.rules.timeline import divorce_timeline, period_end

D = dt.date


def test_the_domain_example_application_on_2_june_2025() -> None:
    t = divorce_timeline(D(2025, 6, 2))
    assert (t.cooling_off_ends, t.appear_by) == (D(2025, 7, 2), D(2025, 8, 1))


def test_a_cooling_off_ending_on_a_sunday_moves_to_monday_and_the_window_counts_from_there() -> None:
    # 2025-06-06 + 30 = 2025-07-06, a Sunday → Monday 2025-07-07; + 30 = 2025-08-06, a Wednesday.
    t = divorce_timeline(D(2025, 6, 6))
    assert t.cooling_off_ends == D(2025, 7, 7)
    assert t.appear_by == D(2025, 8, 6)


def test_a_last_day_in_the_national_day_holiday_moves_past_it() -> None:
    # 2025-09-01 + 30 = 2025-10-01: the National Day holiday runs to 10-08, so 10-09.
    assert period_end(D(2025, 9, 1), 30) == D(2025, 10, 9)


def test_a_make_up_working_saturday_is_a_working_day() -> None:
    # 2025-09-28 is a Sunday worked in exchange for the National Day holiday (调休).
    assert period_end(D(2025, 8, 29), 30) == D(2025, 9, 28)


def test_only_the_last_day_moves() -> None:
    # Holidays inside the period do not lengthen it: 2025-01-20 + 30 = 2025-02-19, a Wednesday,
    # although the Spring Festival holiday lies in between.
    assert period_end(D(2025, 1, 20), 30) == D(2025, 2, 19)
