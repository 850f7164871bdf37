"""Working days from chinese_calendar: holidays and make-up working days count as the State
Council set them; years the package does not know fall back to Monday to Friday."""

from __future__ import annotations

import datetime as dt

from minzheng.benefits.workdays import is_workday, workdays_add, workdays_between


def test_the_national_day_week_is_skipped() -> None:
    # 2024-09-30 is a Monday; 1–7 October are the holiday; the 8th is the first working day.
    assert workdays_add(dt.date(2024, 9, 30), 1) == dt.date(2024, 10, 8)
    # Refusal notice within 3 working days of a decision on 30 September: 8, 9, 10 October.
    assert workdays_add(dt.date(2024, 9, 30), 3) == dt.date(2024, 10, 10)


def test_a_make_up_saturday_counts_as_a_working_day() -> None:
    assert is_workday(dt.date(2024, 10, 12))  # Saturday, 调休 for the National Day
    assert not is_workday(dt.date(2024, 10, 13))
    assert workdays_add(dt.date(2024, 10, 11), 1) == dt.date(2024, 10, 12)


def test_25_working_days_over_the_spring_festival() -> None:
    # Received 2024-02-01: the 2024 Spring Festival (10–17 February) and its make-up days
    # (4 and 18 February, Sundays) are both honoured.
    assert workdays_add(dt.date(2024, 2, 1), 25) == dt.date(2024, 3, 12)
    assert workdays_between(dt.date(2024, 2, 1), dt.date(2024, 3, 12)) == 25


def test_an_unknown_year_falls_back_to_monday_to_friday() -> None:
    # 2040-01-05 is a Thursday; the package knows no 2040 holidays.
    assert workdays_add(dt.date(2040, 1, 5), 2) == dt.date(2040, 1, 9)
    assert not is_workday(dt.date(2040, 1, 7))


def test_an_application_received_before_the_national_day_is_due_after_it(personas, dibao) -> None:
    from minzheng.benefits.applications.services import application_submit
    from tests.benefits.factories import household_with

    app = application_submit(actor=personas.aishan_officer, program=dibao, household=household_with(),
                             submitted_on=dt.date(2024, 9, 27))
    # 27 Sept (Fri) → 29 Sept (Sun, make-up) 1, 30 Sept 2, 8–12 Oct 3–7 (the 12th a make-up Saturday)...
    assert app.due_on == workdays_add(dt.date(2024, 9, 27), 25) == dt.date(2024, 11, 6)
    assert app.limit_on == dt.date(2024, 11, 27)
