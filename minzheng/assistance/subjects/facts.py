"""What the person programs read from the records, registered with the engine
(``register_subject_facts``): the economic check of a tekun, disability or elder application
calls the provider with the person and the assessed month, and passes the result to the policy as
``SubjectFacts.extra``. The policies stay pure; this is the one place that reads for them.

- tekun: the dibao standard of the person's region and month (its income test), their valid
  disability certificates;
- temporary aid: nothing from the records (the kind and the need are the officer's);
- disability subsidies: valid certificates and low-income status;
- elder subsidies: low-income status and the ability level (``ability_level``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from minzheng.assistance.ability.selectors import ability_level_in
from minzheng.assistance.disability.selectors import certificates_valid
from minzheng.assistance.low_income.selectors import low_income_codes
from minzheng.benefits.money import month_add
from minzheng.benefits.programs.policy import register_subject_facts
from minzheng.benefits.programs.selectors import program_get, standard_amount
from minzheng.eldercare.assessment.selectors import latest_level
from minzheng.people.models import Person


def dibao_standard(*, region_code: str, month: dt.date) -> Any:
    dibao = program_get(code="dibao")
    return standard_amount(program=dibao, region_code=region_code, month=month) if dibao is not None else None


@register_subject_facts("tekun")
def tekun_facts(*, person: Person, month: dt.date) -> dict[str, Any]:
    return {"dibao_standard": dibao_standard(region_code=person.region_code, month=month),
            "certificates": certificates_valid(person=person, month=month)}


@register_subject_facts("disability_living", "disability_nursing")
def disability_facts(*, person: Person, month: dt.date) -> dict[str, Any]:
    return {"certificates": certificates_valid(person=person, month=month),
            "low_income": low_income_codes(person=person)}


def ability_level(*, person: Person, month: dt.date) -> str:
    """The elder's ability level in ``month``: the level of their latest valid assessment
    (``eldercare.assessment``, GB/T 42195-2022) done by the month's end; only when they have
    none by then, the level recorded by hand (``assistance.ability``, the stand-in), or "".

    The hand-recorded levels are kept as a fallback rather than migrated: they carry no item
    scores, so they cannot become assessments, and they are all that is known of elders assessed
    before the system (or by an outside body that issued a level only). From an elder's first
    valid assessment on, the assessments alone count, even when a hand record is newer: a scored
    assessment is the better evidence, and an officer who doubts it records a new one (复评).
    Counted to the month's end, as the stand-in always was: an assessment made on 20 June gives
    June's level."""
    month_end = month_add(month, 1) - dt.timedelta(days=1)
    return latest_level(person=person, on=month_end) or ability_level_in(person=person, month=month)


@register_subject_facts("elder_living", "elder_service", "elder_nursing")
def elder_facts(*, person: Person, month: dt.date) -> dict[str, Any]:
    return {"low_income": low_income_codes(person=person), "ability_level": ability_level(person=person, month=month)}
