"""Low-income status: an active dibao, dibian or tekun enrollment of the person or their
household; temporary aid counted in person-times."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from minzheng.assistance.low_income.selectors import low_income_codes, temporary_aid_person_times
from minzheng.benefits.applications import services
from minzheng.benefits.applications.services import MemberInput
from minzheng.benefits.enrollments.services import enrollment_create
from minzheng.benefits.models import Application, Program
from minzheng.people.models import Membership
from tests.assistance.factories import person_born
from tests.benefits.factories import household_with
from tests.personas import Personas


def test_a_household_members_and_a_persons_own_enrollments_count(personas: Personas) -> None:
    person, _ = person_born(dt.date(1950, 1, 1))
    assert low_income_codes(person=person) == []
    household = household_with()
    Membership.objects.create(household=household, person=person, relationship="parent",
                              region_code=household.region_code)
    dibao = enrollment_create(actor=personas.wuxing_officer, program=Program.objects.get(code="dibao"),
                              household=household, approved_on=dt.date(2024, 1, 5), monthly_amount=Decimal("100"))
    enrollment_create(actor=personas.wuxing_officer, program=Program.objects.get(code="tekun"), person=person,
                      approved_on=dt.date(2024, 1, 5), monthly_amount=Decimal("1950"))
    assert low_income_codes(person=person) == ["dibao", "tekun"]
    dibao.status = "suspended"
    dibao.save(update_fields=["status"])
    assert low_income_codes(person=person) == ["tekun"]


def test_temporary_aid_is_counted_in_person_times(personas: Personas, monkeypatch) -> None:  # type: ignore[no-untyped-def]

    program = Program.objects.get(code="temporary_aid")
    officer, county = personas.aishan_officer, personas.wuxing_officer
    person, _ = person_born(dt.date(1980, 1, 1))
    for need in ("1000", "2000"):  # the same person helped twice counts twice
        app = services.application_submit(actor=officer, program=program, person=person)
        services.application_check_start(actor=officer, application=app)
        services.application_economic_check_record(
            actor=officer, application=app, members=[MemberInput(person=person, relationship="self")],
            subject_extra={"aid_kind": "emergency", "aid_need": need})
        services.application_notice_start(actor=officer, application=app)
        later = services._today() + dt.timedelta(days=8)
        monkeypatch.setattr(services, "_today", lambda later=later: later)
        services.application_approve(actor=county, application=app)
        monkeypatch.undo()
    year = Application.objects.filter(program=program).first().decided_at.year
    assert temporary_aid_person_times(user=county, year=year) == 2
    assert temporary_aid_person_times(user=personas.anji_officer, year=year) == 0
