"""Elders and their assessments, recorded through the real service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from minzheng.core.models import User
from minzheng.eldercare.assessment.models import Assessment
from minzheng.eldercare.assessment.scoring import ITEMS
from minzheng.eldercare.assessment.services import assessment_record
from minzheng.people.models import Person
from tests.assistance.factories import person_born
from tests.personas import MY_VILLAGE


def elder(birth: dt.date = dt.date(1940, 3, 1), *, region_code: str = MY_VILLAGE) -> tuple[Person, str]:
    """A person aged 60 or over (by default) and their raw ID number."""
    return person_born(birth, region_code=region_code)


def scores_totalling(total: int) -> list[int]:
    """26 allowed scores, in the standard's order, that add up to ``total``: each item as high as
    it goes, from the first, until the total is reached."""
    left, out = total, []
    for item in ITEMS:
        take = min(item.max, left)
        out.append(take)
        left -= take
    assert left == 0, total
    return out


def assess(actor: User, person: Person, *, total: int = 50, on: dt.date = dt.date(2024, 5, 10),
           reason: str = "first", **facts: Any) -> Assessment:
    return assessment_record(actor=actor, person=person, scores=scores_totalling(total), reason=reason,
                             assessed_on=on, **facts)
