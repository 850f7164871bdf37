"""The elder nursing subsidy (elder_nursing, benefits engine) reads the ability level from the
assessments: the latest valid one done by the month's end; a level recorded by hand (the stand-in)
counts only for an elder with no valid assessment by then."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from minzheng.assistance import messages as assistance_messages
from minzheng.assistance.ability.services import ability_level_record
from minzheng.assistance.subjects.facts import ability_level, elder_facts
from minzheng.eldercare.assessment.services import assessment_void
from tests.assistance.subjects.test_engine_reads_facts import check_person, enroll_household_in
from tests.eldercare.factories import assess, elder
from tests.personas import Personas

JUNE = dt.date(2024, 6, 1)


def test_elder_nursing_pays_by_the_latest_assessment(personas: Personas) -> None:
    person, _ = elder()
    enroll_household_in("dibao", person, personas.wuxing_officer)
    assess(personas.aishan_officer, person, total=70, on=dt.date(2024, 1, 10))  # mild: not covered
    assess(personas.aishan_officer, person, total=40, on=dt.date(2024, 5, 10), reason="immediate")  # severe
    check = check_person(personas.aishan_officer, "elder_nursing", person, month=JUNE)
    assert check.eligible, check.reasons
    assert check.monthly_amount == Decimal("400.00")
    assert assistance_messages.ELDER_LEVEL.format(level="重度失能") in check.reasons


def test_a_mild_assessment_is_not_covered(personas: Personas) -> None:
    person, _ = elder()
    enroll_household_in("dibao", person, personas.wuxing_officer)
    assess(personas.aishan_officer, person, total=80, on=dt.date(2024, 5, 10))
    check = check_person(personas.aishan_officer, "elder_nursing", person, month=JUNE)
    assert not check.eligible
    assert assistance_messages.ELDER_LEVEL_NOT_COVERED.format(level="轻度失能") in check.reasons


def test_an_assessment_counts_from_its_own_month(personas: Personas) -> None:
    person, _ = elder()
    assess(personas.aishan_officer, person, total=20, on=dt.date(2024, 6, 30))  # full loss, on June's last day
    assert ability_level(person=person, month=dt.date(2024, 5, 1)) == ""
    assert ability_level(person=person, month=JUNE) == "full"
    assert elder_facts(person=person, month=JUNE)["ability_level"] == "full"


def test_the_assessment_wins_over_a_newer_hand_record(personas: Personas) -> None:
    person, _ = elder()
    enroll_household_in("dibao", person, personas.wuxing_officer)
    assess(personas.aishan_officer, person, total=80, on=dt.date(2024, 3, 1))  # mild
    ability_level_record(actor=personas.aishan_officer, person=person, level="full", assessed_on=dt.date(2024, 5, 20))
    assert ability_level(person=person, month=JUNE) == "mild"
    assert not check_person(personas.aishan_officer, "elder_nursing", person, month=JUNE).eligible


def test_the_hand_record_counts_only_while_there_is_no_valid_assessment(personas: Personas) -> None:
    person, _ = elder()
    ability_level_record(actor=personas.aishan_officer, person=person, level="severe", assessed_on=dt.date(2023, 9, 1))
    assert ability_level(person=person, month=JUNE) == "severe"  # never assessed in the system
    mistaken = assess(personas.aishan_officer, person, total=90, on=dt.date(2024, 4, 2))
    assert ability_level(person=person, month=dt.date(2024, 3, 1)) == "severe"  # before the assessment
    assert ability_level(person=person, month=JUNE) == "intact"
    assessment_void(actor=personas.aishan_officer, assessment=mistaken, reason="评估对象有误")
    assert ability_level(person=person, month=JUNE) == "severe"
