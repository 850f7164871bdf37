"""``minzheng cemetery_renewals_remind``: the daily job records the reminders of the periods ending
within the notice days once, says how many, and refuses a bad day in Chinese."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from minzheng.funeral.cemetery.models import RenewalReminder
from tests.funeral.cemetery.test_renewals import sold_plots

pytestmark = pytest.mark.django_db


def test_the_job_records_each_due_reminder_once(personas, cemetery) -> None:
    with time_machine.travel(dt.datetime(2005, 3, 1, 9, 0), tick=False):
        sold_plots(personas.wuxing_funeral_registrar, cemetery, 2, dt.date(2005, 2, 1))
    out = io.StringIO()
    call_command("cemetery_renewals_remind", "--as-of", "2024-12-01", "--days", "180", stdout=out)
    assert "新记录续期提醒 2 条" in out.getvalue()
    assert RenewalReminder.objects.count() == 2
    again = io.StringIO()
    call_command("cemetery_renewals_remind", "--as-of", "2024-12-02", "--days", "180", stdout=again)
    assert "新记录续期提醒 0 条" in again.getvalue()
    assert RenewalReminder.objects.count() == 2


def test_a_period_beyond_the_notice_days_gets_no_reminder(personas, cemetery) -> None:
    with time_machine.travel(dt.datetime(2005, 3, 1, 9, 0), tick=False):
        sold_plots(personas.wuxing_funeral_registrar, cemetery, 1, dt.date(2005, 2, 1))
    call_command("cemetery_renewals_remind", "--as-of", "2024-01-01", "--days", "30", stdout=io.StringIO())
    assert not RenewalReminder.objects.exists()


@pytest.mark.parametrize(("args", "reason"), [(["--as-of", "2024-13-01"], "执行日期"), (["--days", "-1"], "提前提醒的天数")])
def test_a_bad_argument_is_refused_in_chinese(args: list[str], reason: str) -> None:
    with pytest.raises(CommandError, match=reason):
        call_command("cemetery_renewals_remind", *args, stdout=io.StringIO())
    assert not RenewalReminder.objects.exists()
