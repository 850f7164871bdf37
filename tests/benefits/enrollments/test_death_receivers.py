"""What a death does to benefits (身后一件事): enrollments end the month after, so no payment line is
made for a later month; open applications close; each affair is recorded once; a revocation puts
them back, and months already in a payment run stay listed for an officer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.benefits.applications.models import Application, TimelineEntry
from minzheng.benefits.applications.services import application_submit
from minzheng.benefits.models import Enrollment, Program
from minzheng.benefits.payments import services as payments
from minzheng.benefits.payments.models import PaymentLine
from minzheng.people.models import DeathEffect
from minzheng.people.services import person_death_revoke, person_record_death
from tests.benefits.factories import household_with
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, Personas

DIED = dt.date(2025, 3, 10)


def _alone_on_dibao(dibao: Program) -> Enrollment:
    household = household_with(region_code=MY_VILLAGE)
    return Enrollment.objects.create(program=dibao, household=household, region_code=MY_VILLAGE,
                                     approved_on=dt.date(2024, 11, 20), start_month=dt.date(2024, 12, 1),
                                     monthly_amount=Decimal("1145.00"), persons=1)


def _lines(period: str, enrollment: Enrollment) -> int:
    run = payments.payment_run_start(actor=None, program_code="dibao", period=period, region_prefix="3305")
    return PaymentLine.objects.filter(run=run, enrollment=enrollment).count()


def test_a_death_ends_the_enrollment_from_the_next_month_and_no_later_month_is_paid(
        personas: Personas, dibao: Program) -> None:
    enrollment = _alone_on_dibao(dibao)
    person = enrollment.household.head
    person_record_death(actor=personas.wuxing_funeral_registrar, person=person, death_date=DIED)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.TERMINATED and enrollment.stop_month == dt.date(2025, 4, 1)
    assert _lines("2025-03", enrollment) == 1
    assert _lines("2025-04", enrollment) == 0
    effect = DeathEffect.objects.get(person=person, app="benefits", kind="enrollment_terminated")
    assert effect.object_id == str(enrollment.pk) and "2025年04月起停发" in effect.label
    assert effect.before["status"] == "active" and effect.before["stop_month"] is None


def test_the_event_sent_again_records_nothing_new(personas: Personas, dibao: Program) -> None:
    from minzheng.core import events

    enrollment = _alone_on_dibao(dibao)
    person = enrollment.household.head
    person_record_death(actor=personas.wuxing_funeral_registrar, person=person, death_date=DIED)
    before = DeathEffect.objects.count()
    events.person_died.send(sender=type(person), person=person, death_date=DIED, actor=None)
    assert DeathEffect.objects.count() == before


def test_a_member_of_a_household_with_others_alive_leaves_the_household_enrollment_running(
        personas: Personas, dibao: Program) -> None:
    household = household_with("spouse", region_code=MY_VILLAGE)
    enrollment = Enrollment.objects.create(program=dibao, household=household, region_code=MY_VILLAGE,
                                           approved_on=dt.date(2024, 11, 20), start_month=dt.date(2024, 12, 1),
                                           monthly_amount=Decimal("1800.00"), persons=2)
    person_record_death(actor=None, person=household.head, death_date=DIED)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE
    assert not DeathEffect.objects.filter(kind="enrollment_terminated").exists()


def test_an_open_application_is_closed_with_the_reason_and_reopened_on_revocation(
        personas: Personas, dibao: Program) -> None:
    household = household_with(region_code=MY_VILLAGE)
    application = application_submit(actor=personas.aishan_officer, program=dibao, household=household,
                                     reason="因病致贫")
    person_record_death(actor=personas.wuxing_funeral_registrar, person=household.head, death_date=DIED)
    application.refresh_from_db()
    assert application.status == Application.Status.CLOSED
    step = TimelineEntry.objects.filter(application=application).order_by("-id").first()
    assert step.action == "closed_on_death" and "对象死亡（2025-03-10）" in step.note
    effect = DeathEffect.objects.get(kind="application_closed")
    person_death_revoke(actor=personas.wuxing_officer, person=household.head, reason="误报")
    application.refresh_from_db()
    effect.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert effect.reopened_at is not None


def test_a_revocation_restores_the_enrollment_as_it_was(personas: Personas, dibao: Program) -> None:
    enrollment = _alone_on_dibao(dibao)
    person = enrollment.household.head
    person_record_death(actor=None, person=person, death_date=DIED)
    person_death_revoke(actor=personas.wuxing_officer, person=person, reason="误报")
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE and enrollment.stop_month is None
    assert enrollment.terminated_on is None and enrollment.status_reason == ""
    effect = DeathEffect.objects.get(kind="enrollment_terminated")
    assert effect.reopened_at is not None and effect.reopen == "auto"


def test_months_already_run_without_the_person_are_left_for_an_officer(personas: Personas, dibao: Program) -> None:
    enrollment = _alone_on_dibao(dibao)
    person = enrollment.household.head
    person_record_death(actor=None, person=person, death_date=DIED)
    assert _lines("2025-04", enrollment) == 0
    person_death_revoke(actor=personas.wuxing_officer, person=person, reason="误报")
    enrollment.refresh_from_db()
    effect = DeathEffect.objects.get(kind="enrollment_terminated")
    assert enrollment.status == Enrollment.Status.ACTIVE
    assert effect.reopened_at is None and effect.reopen == "manual"
    assert "2025年04月" in effect.reopen_note and "补发" in effect.reopen_note


def test_a_person_enrollment_ends_for_its_own_beneficiary(personas: Personas) -> None:
    tekun = Program.objects.get(code="tekun")
    person = PersonFactory(region_code=MY_VILLAGE)
    enrollment = Enrollment.objects.create(program=tekun, person=person, region_code=MY_VILLAGE,
                                           approved_on=dt.date(2024, 11, 20), start_month=dt.date(2024, 12, 1),
                                           monthly_amount=Decimal("1950.00"))
    person_record_death(actor=None, person=person, death_date=DIED)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.TERMINATED and enrollment.stop_month == dt.date(2025, 4, 1)


pytestmark = pytest.mark.django_db
