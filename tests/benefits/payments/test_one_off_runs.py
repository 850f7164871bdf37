"""A one-off program (temporary aid) is paid by the program's monthly run: its approval leaves a
one-month enrollment, which the next month's run pays once and no later run pays again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.benefits.applications import services as applications
from minzheng.benefits.applications.services import MemberInput
from minzheng.benefits.models import Application, Enrollment, PaymentLine, Program
from minzheng.benefits.money import month_add, month_start
from minzheng.benefits.payments import services
from tests.assistance.factories import person_born
from tests.personas import Personas


def aid_approved(personas: Personas, monkeypatch: pytest.MonkeyPatch, person, need: str) -> Application:  # type: ignore[no-untyped-def]
    officer = personas.aishan_officer
    app = applications.application_submit(actor=officer, program=Program.objects.get(code="temporary_aid"),
                                          person=person, reason="突发重病，医疗支出过大")
    applications.application_check_start(actor=officer, application=app)
    applications.application_economic_check_record(
        actor=officer, application=app, members=[MemberInput(person=person, relationship="self")],
        subject_extra={"aid_kind": "expenditure", "aid_need": need})
    applications.application_notice_start(actor=officer, application=app)
    later = applications._today() + dt.timedelta(days=8)  # the 7-day notice has ended
    monkeypatch.setattr(applications, "_today", lambda: later)
    try:
        return applications.application_approve(actor=personas.wuxing_officer, application=app)
    finally:
        monkeypatch.undo()


def test_temporary_aid_is_paid_once_by_the_month_after_approval(regions, dibao, personas, monkeypatch) -> None:
    person, _ = person_born(dt.date(1975, 3, 1))
    app = aid_approved(personas, monkeypatch, person, "3000")
    assert app.status == Application.Status.APPROVED
    enrollment = app.enrollment
    first = month_add(month_start(enrollment.approved_on), 1)
    assert (enrollment.start_month, enrollment.stop_month) == (first, month_add(first, 1))
    assert enrollment.status == Enrollment.Status.TERMINATED and enrollment.monthly_amount == Decimal("3000.00")

    run = services.payment_run_start(actor=personas.city_admin, program_code="temporary_aid", period=first)
    lines = list(PaymentLine.objects.filter(run=run).values_list("enrollment_id", "amount", "payee_id"))
    assert lines == [(enrollment.pk, Decimal("3000.00"), person.pk)]
    later = services.payment_run_start(actor=personas.city_admin, program_code="temporary_aid",
                                       period=month_add(first, 1))
    assert PaymentLine.objects.filter(run=later).count() == 0
    assert services.payment_run_start(actor=personas.city_admin, program_code="temporary_aid",
                                      period=first).line_count == 1


def test_a_person_helped_twice_has_two_one_month_enrollments(regions, dibao, personas, monkeypatch) -> None:
    person, _ = person_born(dt.date(1975, 3, 1))
    aid_approved(personas, monkeypatch, person, "1000")
    aid_approved(personas, monkeypatch, person, "20000")  # capped at 10 × the dibao standard
    amounts = sorted(Enrollment.objects.filter(person=person).values_list("monthly_amount", flat=True))
    assert amounts == [Decimal("1000.00"), Decimal("11450.00")]
