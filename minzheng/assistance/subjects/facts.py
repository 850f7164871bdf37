"""What the person programs read from the records, registered with the engine
(``register_subject_facts``): the economic check of a tekun, disability or elder application
calls the provider with the person and the assessed month, and passes the result to the policy as
``SubjectFacts.extra``. The policies stay pure; this is the one place that reads for them.

- tekun: the dibao standard of the person's region and month (its income test), their valid
  disability certificates;
- temporary aid: nothing from the records (the kind and the need are the officer's);
- disability subsidies: valid certificates and low-income status;
- elder subsidies: low-income status and the recorded ability level (the stand-in).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from minzheng.assistance.ability.selectors import ability_level_in
from minzheng.assistance.disability.selectors import certificates_valid
from minzheng.assistance.low_income.selectors import low_income_codes
from minzheng.benefits.programs.policy import register_subject_facts
from minzheng.benefits.programs.selectors import program_get, standard_amount
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


@register_subject_facts("elder_living", "elder_service", "elder_nursing")
def elder_facts(*, person: Person, month: dt.date) -> dict[str, Any]:
    return {"low_income": low_income_codes(person=person),
            "ability_level": ability_level_in(person=person, month=month)}
