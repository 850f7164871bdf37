"""Recorded ability levels (the stand-in the eldercare assessment replaced, still read for elders
never assessed in the system: tests/eldercare/assessment/test_nursing_facts.py): the latest by the
month's end is the level that month; scope, permission, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.assistance import messages
from minzheng.assistance.ability.selectors import ability_level_in
from minzheng.assistance.ability.services import ability_level_record
from minzheng.core.models import AuditEntry
from tests.assistance.factories import person_born
from tests.personas import Personas


def test_the_latest_level_by_the_months_end_counts(personas: Personas) -> None:
    elder, _ = person_born(dt.date(1950, 1, 1))
    ability_level_record(actor=personas.aishan_officer, person=elder, level="mild", assessed_on=dt.date(2024, 1, 10))
    ability_level_record(actor=personas.aishan_officer, person=elder, level="severe", assessed_on=dt.date(2024, 6, 30))
    assert ability_level_in(person=elder, month=dt.date(2023, 12, 1)) == ""
    assert ability_level_in(person=elder, month=dt.date(2024, 5, 1)) == "mild"
    assert ability_level_in(person=elder, month=dt.date(2024, 6, 1)) == "severe"
    assert AuditEntry.objects.filter(action="assistance.ability_level.recorded").count() == 2


def test_an_unknown_level_and_a_worker_are_refused(personas: Personas) -> None:
    elder, _ = person_born(dt.date(1950, 1, 2))
    with pytest.raises(ValidationError) as caught:
        ability_level_record(actor=personas.aishan_officer, person=elder, level="bad", assessed_on=dt.date(2024, 1, 1))
    assert caught.value.message_dict == {"level": [messages.ABILITY_LEVEL_INVALID]}
    with pytest.raises(PermissionDenied):
        ability_level_record(actor=personas.village_worker, person=elder, level="mild",
                             assessed_on=dt.date(2024, 1, 1))
