"""``minzheng credit_lists_apply``: the lists' rules as of a day, twice without a second change, and
a bad day refused."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from minzheng.civil_society.credit.models import CreditEntry

pytestmark = pytest.mark.django_db


def test_the_command_applies_the_rules_once(org):
    out = StringIO()
    call_command("credit_lists_apply", "--as-of", "2024-06-01", stdout=out)
    assert "逾期年报列入活动异常名录 1 家" in out.getvalue()
    call_command("credit_lists_apply", "--as-of", "2024-06-01", stdout=StringIO())
    assert CreditEntry.objects.filter(entered_on=dt.date(2024, 6, 1)).count() == 1


def test_a_bad_day_is_refused():
    with pytest.raises(CommandError):
        call_command("credit_lists_apply", "--as-of", "2024-02-30")
