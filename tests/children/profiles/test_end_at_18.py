"""Turning 18 ends child status (``profiles_end_at_18``, its task and the daily command): on the
18th birthday, not the day before; 29 February's on 1 March in a common year; the allowances stop
from the month after; one audit entry; a second run changes nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from minzheng.benefits.enrollments.models import Enrollment
from minzheng.benefits.enrollments.services import enrollment_create
from minzheng.benefits.programs.models import Program
from minzheng.children.profiles.models import ChildProfile
from minzheng.children.profiles.services import eighteenth_birthday, profiles_end_at_18
from minzheng.children.profiles.tasks import end_at_18
from minzheng.core.models import AuditEntry
from tests.assistance.factories import person_born
from tests.children.conftest import MakeProfile
from tests.personas import Personas

pytestmark = pytest.mark.django_db
OPENED = dt.date(2024, 1, 10)


def test_the_18th_birthday_of_29_february_is_1_march_in_a_common_year() -> None:
    assert eighteenth_birthday(dt.date(2008, 2, 29)) == dt.date(2026, 3, 1)
    assert eighteenth_birthday(dt.date(2006, 2, 28)) == dt.date(2024, 2, 28)


def test_a_profile_ends_on_the_18th_birthday_and_not_the_day_before(
    personas: Personas, make_profile: MakeProfile
) -> None:
    profile = make_profile(personas.aishan_officer, person_born(dt.date(2007, 6, 15))[0], opened_on=OPENED)
    assert profiles_end_at_18(as_of=dt.date(2025, 6, 14)).profiles == 0
    profile.refresh_from_db()
    assert profile.status == "active"
    done = profiles_end_at_18(as_of=dt.date(2025, 6, 15))
    assert done.profiles == 1
    profile.refresh_from_db()
    assert (profile.status, profile.ended_on, profile.end_reason) == (
        "ended",
        dt.date(2025, 6, 15),
        "turned_18",
    )


def test_born_on_29_february_ends_on_1_march(personas: Personas, make_profile: MakeProfile) -> None:
    profile = make_profile(personas.aishan_officer, person_born(dt.date(2008, 2, 29))[0], opened_on=OPENED)
    assert profiles_end_at_18(as_of=dt.date(2026, 2, 28)).profiles == 0
    assert profiles_end_at_18(as_of=dt.date(2026, 3, 1)).profiles == 1
    profile.refresh_from_db()
    assert profile.ended_on == dt.date(2026, 3, 1)


def test_a_late_run_ends_on_the_birthday_and_stops_the_allowance_from_the_month_after(
    personas: Personas, make_profile: MakeProfile
) -> None:
    profile = make_profile(personas.aishan_officer, person_born(dt.date(2007, 6, 15))[0], opened_on=OPENED)
    enrollment = enrollment_create(
        actor=None,
        program=Program.objects.get(code="orphan_living"),
        person=profile.person,
        approved_on=dt.date(2024, 1, 20),
        monthly_amount=2100,
    )
    done = profiles_end_at_18(as_of=dt.date(2025, 9, 1))
    assert (done.profiles, done.allowances_stopped) == (1, 1)
    profile.refresh_from_db()
    enrollment.refresh_from_db()
    assert profile.ended_on == dt.date(2025, 6, 15)
    assert enrollment.status == Enrollment.Status.TERMINATED and enrollment.stop_month == dt.date(2025, 7, 1)


def test_the_job_is_one_audit_entry_and_changes_nothing_the_second_time(
    personas: Personas, make_profile: MakeProfile
) -> None:
    for born in (dt.date(2006, 3, 1), dt.date(2006, 4, 1), dt.date(2010, 1, 1)):
        make_profile(personas.aishan_officer, person_born(born)[0], opened_on=OPENED)
    assert profiles_end_at_18(as_of=dt.date(2024, 12, 31)).profiles == 2
    assert profiles_end_at_18(as_of=dt.date(2024, 12, 31)).profiles == 0
    entry = AuditEntry.objects.get(action="children.profile.aged_out")
    assert len(entry.after["profiles"]) == 2
    assert ChildProfile.objects.filter(status="active").count() == 1


def test_the_command_and_the_task_run_the_job(personas: Personas, make_profile: MakeProfile) -> None:
    make_profile(personas.aishan_officer, person_born(dt.date(2006, 3, 1))[0], opened_on=OPENED)
    make_profile(personas.aishan_officer, person_born(dt.date(2006, 5, 1))[0], opened_on=OPENED)
    out = StringIO()
    call_command("children", "end_at_18", "--on", "2024-04-01", stdout=out)
    assert "终止儿童档案 1 份" in out.getvalue()
    result = end_at_18.enqueue("2024-06-01")
    assert result.return_value["profiles"] == 1


def test_the_command_refuses_a_bad_date() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("children", "end_at_18", "--on", "2024-13-01")
