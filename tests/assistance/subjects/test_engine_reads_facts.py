"""The engine's economic check runs the assistance policies with the facts the records hold: the
dibao standard for dibian and temporary aid, certificates and low-income status for the disability
subsidies, age (reached on the birthday) and the ability level for the elder subsidies (an elder never
assessed here: the level recorded by hand; assessments are tests/eldercare/assessment/), and what
the officer found (tekun's supporters and self-care, temporary aid's kind and need)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.assistance.ability.services import ability_level_record
from minzheng.benefits.applications import services
from minzheng.benefits.applications.models import EconomicCheck
from minzheng.benefits.applications.services import MemberInput
from minzheng.benefits.enrollments.services import enrollment_create
from minzheng.benefits.models import Program
from minzheng.people.models import Membership, Person
from tests.assistance.factories import certificate_for, person_born
from tests.benefits.factories import household_with
from tests.personas import Personas

D = Decimal
ALL_ABLE = {"eating": True, "dressing": True, "bed_transfer": True, "toileting": True, "indoor_walking": True,
            "bathing": True}


def check_person(officer, code: str, person: Person, *, income: str = "0", month: dt.date = dt.date(2024, 6, 1),
                 **extra) -> EconomicCheck:  # type: ignore[no-untyped-def]
    app = services.application_submit(actor=officer, program=Program.objects.get(code=code), person=person)
    app = services.application_check_start(actor=officer, application=app)
    return services.application_economic_check_record(
        actor=officer, application=app, month=month, subject_extra=extra or None,
        members=[MemberInput(person=person, relationship="self", incomes={"wage": D(income)})])


def enroll_household_in(code: str, person: Person, officer) -> None:  # type: ignore[no-untyped-def]
    household = household_with()
    Membership.objects.create(household=household, person=person, relationship="spouse",
                              region_code=household.region_code)
    enrollment_create(actor=officer, program=Program.objects.get(code=code), household=household,
                      approved_on=dt.date(2024, 1, 10), monthly_amount=D("500.00"), persons=2)


def test_tekun_through_the_engine_pays_the_basic_standard_and_care(personas: Personas) -> None:
    elder, _ = person_born(dt.date(1950, 2, 1))
    check = check_person(personas.aishan_officer, "tekun", elder, income="300",
                         supporters="none", self_care={**ALL_ABLE, "bathing": False})
    assert check.eligible, check.reasons
    assert check.standard == D("1950.00")
    assert check.monthly_amount == D("2550.00")  # 1,950 + the seeded partial-loss care 600


def test_tekun_income_is_tested_against_the_dibao_standard(personas: Personas) -> None:
    elder, _ = person_born(dt.date(1950, 2, 2))
    check = check_person(personas.aishan_officer, "tekun", elder, income="1145.00", supporters="none")
    assert not check.eligible


def test_tekun_reads_a_certificate_for_work_ability(personas: Personas) -> None:
    adult, raw = person_born(dt.date(1980, 2, 3))
    assert not check_person(personas.aishan_officer, "tekun", adult, supporters="unable").eligible
    certificate_for(personas.aishan_officer, adult, raw, kind="mental", grade=3)
    adult2, raw2 = person_born(dt.date(1980, 2, 4))
    certificate_for(personas.aishan_officer, adult2, raw2, kind="mental", grade=3)
    assert check_person(personas.aishan_officer, "tekun", adult2, supporters="unable").eligible


def test_dibian_through_the_engine_uses_the_dibao_standard(personas: Personas) -> None:
    household = household_with("spouse")
    officer = personas.aishan_officer
    app = services.application_submit(actor=officer, program=Program.objects.get(code="dibian"), household=household)
    app = services.application_check_start(actor=officer, application=app)
    members = [MemberInput(person=m.person, relationship=m.relationship, incomes={"wage": D("1500")})
               for m in household.memberships.select_related("person").order_by("id")]
    check = services.application_economic_check_record(actor=officer, application=app, members=members,
                                                       month=dt.date(2024, 6, 1))
    assert check.standard == D("1145.00")
    assert check.eligible and check.monthly_amount == D("0.00")


def test_temporary_aid_through_the_engine_is_capped_at_ten_dibao_standards(personas: Personas) -> None:
    person, _ = person_born(dt.date(1985, 1, 1))
    check = check_person(personas.aishan_officer, "temporary_aid", person, aid_kind="expenditure",
                         aid_need="20000.00")
    assert check.eligible and check.monthly_amount == D("11450.00")


def test_disability_living_needs_the_certificate_and_a_dibao_household(personas: Personas) -> None:
    person, raw = person_born(dt.date(1970, 1, 1))
    certificate_for(personas.aishan_officer, person, raw, kind="physical", grade=3)
    first = check_person(personas.aishan_officer, "disability_living", person)
    assert not first.eligible
    enroll_household_in("dibao", person, personas.wuxing_officer)
    other, other_raw = person_born(dt.date(1970, 1, 2))
    certificate_for(personas.aishan_officer, other, other_raw, kind="physical", grade=3)
    enroll_household_in("dibao", other, personas.wuxing_officer)
    check = check_person(personas.aishan_officer, "disability_living", other)
    assert check.eligible and check.monthly_amount == D("410.00")
    assert check.review_interval_months == 6  # reviewed twice a year


def test_disability_nursing_reads_the_grade(personas: Personas) -> None:
    person, raw = person_born(dt.date(1970, 1, 3))
    certificate_for(personas.aishan_officer, person, raw, kind="physical", grade=1)
    check = check_person(personas.aishan_officer, "disability_nursing", person)
    assert check.eligible and check.monthly_amount == D("300.00")


@pytest.mark.parametrize(("month", "eligible"), [(dt.date(2024, 6, 1), False), (dt.date(2024, 7, 1), True)])
def test_an_elder_is_sixty_from_the_birthday(personas: Personas, month: dt.date, eligible: bool) -> None:
    # Born 1964-06-02: 60 is reached on 2024-06-02, so June, assessed on its first day, is not yet.
    elder, _ = person_born(dt.date(1964, 6, 2))
    enroll_household_in("dibian", elder, personas.wuxing_officer)
    assert check_person(personas.aishan_officer, "elder_living", elder, month=month).eligible is eligible


def test_elder_nursing_reads_the_recorded_level_of_an_elder_never_assessed(personas: Personas) -> None:
    elder, _ = person_born(dt.date(1940, 3, 3))
    enroll_household_in("dibao", elder, personas.wuxing_officer)
    ability_level_record(actor=personas.aishan_officer, person=elder, level="full", assessed_on=dt.date(2024, 5, 1))
    check = check_person(personas.aishan_officer, "elder_nursing", elder)
    assert check.eligible and check.monthly_amount == D("600.00")
