"""Reads on recorded ability levels."""

from __future__ import annotations

import datetime as dt

from minzheng.assistance.ability.models import AbilityLevelRecord
from minzheng.benefits.money import month_add
from minzheng.people.models import Person


def ability_level_in(*, person: Person, month: dt.date) -> str:
    """The level of the latest record assessed by the end of ``month``, or "" when none."""
    found = (AbilityLevelRecord.objects.filter(person=person, assessed_on__lt=month_add(month, 1))
             .order_by("-assessed_on", "-id").values_list("level", flat=True).first())
    return found or ""


def ability_levels_of(*, person: Person) -> list[AbilityLevelRecord]:
    """The recorded levels of a person the caller has read through the scope, newest first."""
    return list(AbilityLevelRecord.objects.filter(person=person).order_by("-assessed_on", "-id")[:20])
