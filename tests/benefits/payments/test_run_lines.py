"""What a run pays: one line per payable enrollment and month, computed in bulk, never twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Sum

from minzheng.benefits.enrollments import services as enrollment_services
from minzheng.benefits.models import Enrollment, PaymentLine, PaymentRun
from minzheng.benefits.payments import services
from minzheng.benefits.programs.services import standard_add
from minzheng.core.models import AuditEntry
from tests.benefits.factories import deceased
from tests.benefits.payments.conftest import enroll

JAN = dt.date(2025, 1, 1)


def start(actor=None, period="2025-01", region="3305", **kwargs):  # type: ignore[no-untyped-def]
    return services.payment_run_start(actor=actor, program_code=kwargs.pop("program", "dibao"), period=period,
                                      region_prefix=region, **kwargs)


def test_a_run_writes_one_line_per_active_enrollment_and_its_total_is_the_sum_of_its_lines(regions, dibao) -> None:
    for amount in ("1145.00", "2435.00", "0.01", "812.37"):
        enroll(dibao, amount=amount)
    run = start(batch_size=3)
    assert run.status == PaymentRun.Status.COMPUTED
    lines = PaymentLine.objects.filter(run=run)
    assert lines.count() == run.line_count == 4
    assert sum(line.amount for line in lines) == run.total_amount == Decimal("4392.38")
    assert lines.aggregate(total=Sum("amount"))["total"] == run.total_amount
    assert {line.period for line in lines} == {JAN} and {line.kind for line in lines} == {"regular"}
    assert AuditEntry.objects.filter(action="benefits.payment_run.created", object_id=str(run.pk)).count() == 1


def test_a_second_run_adds_nothing(regions, dibao) -> None:
    for _ in range(3):
        enroll(dibao)
    first = start(batch_size=2)
    again = start(batch_size=2)
    assert again.pk == first.pk
    assert PaymentRun.objects.count() == 1
    assert PaymentLine.objects.count() == 3


def test_the_database_refuses_a_second_line_for_the_same_enrollment_and_month(regions, dibao) -> None:
    enrollment = enroll(dibao)
    run = start()
    line = PaymentLine.objects.get(run=run)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentLine.objects.create(run=run, program=dibao, enrollment=enrollment, period=JAN,
                                   region_code=line.region_code, amount=Decimal("1"), created_at=line.created_at)


def test_the_database_refuses_a_negative_amount(regions, dibao) -> None:
    enrollment = enroll(dibao)
    run = start()
    line = PaymentLine.objects.get(run=run)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentLine.objects.create(run=run, program=dibao, enrollment=enrollment, period=dt.date(2025, 2, 1),
                                   region_code=line.region_code, amount=Decimal("-0.01"), created_at=line.created_at)


def test_suspended_not_yet_started_and_other_programs_get_no_line(regions, dibao, tekun) -> None:
    paid = enroll(dibao)
    enroll(dibao, status=Enrollment.Status.SUSPENDED)
    enroll(dibao, approved_on=dt.date(2025, 1, 3))  # starts 2025-02
    enroll(tekun, amount="1950.00")
    run = start()
    assert list(PaymentLine.objects.filter(run=run).values_list("enrollment_id", flat=True)) == [paid.pk]


def test_no_line_for_a_month_after_termination_or_death(regions, dibao, tekun) -> None:
    ended = enroll(dibao)
    enrollment_services.enrollment_terminate(actor=None, enrollment=ended, reason="收入超标",
                                             stop_month=dt.date(2025, 1, 1), on=dt.date(2024, 12, 20))
    still_december = enroll(dibao)
    enrollment_services.enrollment_terminate(actor=None, enrollment=still_december, reason="迁出",
                                             stop_month=dt.date(2025, 2, 1), on=dt.date(2025, 1, 10))
    died_in_january = enroll(tekun, amount="1950.00")
    died_in_december = enroll(tekun, amount="1950.00")
    # Deaths recorded on the person only: the run itself refuses months after the death.
    deceased(died_in_january.person, on=dt.date(2025, 1, 31))
    deceased(died_in_december.person, on=dt.date(2024, 12, 31))
    paid = set(PaymentLine.objects.filter(run=start()).values_list("enrollment_id", flat=True))
    assert paid == {still_december.pk}
    paid_tekun = set(PaymentLine.objects.filter(run=start(program="tekun")).values_list("enrollment_id", flat=True))
    assert paid_tekun == {died_in_january.pk}


def test_a_new_standard_from_2025_01_changes_the_amounts_by_the_change_times_the_persons(
        regions, dibao, city_admin_user) -> None:
    household = enroll(dibao, amount="1000.00", persons=3)  # set against 1,145 in 2024-11
    person_program = enroll(dibao, amount="300.00", persons=1)
    standard_add(actor=city_admin_user, program=dibao, region_prefix="3305", effective_from=JAN, amount="1200.00")
    december = start(period="2024-12")
    january = start(period="2025-01")
    amounts = dict(PaymentLine.objects.filter(run=january).values_list("enrollment_id", "amount"))
    assert amounts == {household.pk: Decimal("1165.00"), person_program.pk: Decimal("355.00")}
    assert set(PaymentLine.objects.filter(run=december).values_list("amount", flat=True)) == {
        Decimal("1000.00"), Decimal("300.00")}
    assert set(PaymentLine.objects.filter(run=january).values_list("standard", flat=True)) == {Decimal("1200.00")}


def test_an_amount_changed_by_a_review_after_the_new_standard_is_not_raised_again(
        regions, dibao, city_admin_user, aishan_officer) -> None:
    enrollment = enroll(dibao, amount="1000.00", persons=2)
    standard_add(actor=city_admin_user, program=dibao, region_prefix="3305", effective_from=JAN, amount="1200.00")
    enrollment_services.review_record(actor=aishan_officer, enrollment=enrollment, outcome="change_amount",
                                      monthly_amount=Decimal("1400.00"), done_on=dt.date(2025, 1, 15))
    line = PaymentLine.objects.get(run=start(period="2025-02"), kind="regular")
    assert line.amount == Decimal("1400.00")


def test_a_lowered_standard_never_makes_an_amount_negative(regions, dibao, city_admin_user) -> None:
    enroll(dibao, amount="50.00", persons=3)
    standard_add(actor=city_admin_user, program=dibao, region_prefix="3305", effective_from=JAN, amount="1000.00")
    line = PaymentLine.objects.get(run=start())
    assert line.amount == Decimal("0.00")


def test_back_pay_for_the_months_an_approval_entered_late_missed(regions, dibao) -> None:
    on_time = enroll(dibao, amount="600.00")
    start(period="2024-12")
    start(period="2025-01")
    # Approved on 2024-11-20 but recorded only now, after the December and January runs.
    late = enroll(dibao, amount="700.00")
    run = start(period="2025-02")
    lines = {(line.enrollment_id, line.period): (line.kind, line.amount) for line in PaymentLine.objects.filter(run=run)}
    assert lines == {
        (on_time.pk, dt.date(2025, 2, 1)): ("regular", Decimal("600.00")),
        (late.pk, dt.date(2025, 2, 1)): ("regular", Decimal("700.00")),
        (late.pk, dt.date(2024, 12, 1)): ("backpay", Decimal("700.00")),
        (late.pk, dt.date(2025, 1, 1)): ("backpay", Decimal("700.00")),
    }
    assert run.backpay_count == 2 and run.total_amount == Decimal("2700.00")
    assert start(period="2025-02").line_count == 4  # and again: nothing more


def test_months_suspended_while_runs_were_made_are_not_back_paid(regions, dibao) -> None:
    enrollment = enroll(dibao)
    start(period="2024-12")
    enrollment_services.enrollment_suspend(actor=None, enrollment=enrollment, reason="外出务工")
    start(period="2025-01")
    enrollment_services.enrollment_resume(actor=None, enrollment=enrollment, reason="返乡")
    run = start(period="2025-02")
    assert list(PaymentLine.objects.filter(enrollment=enrollment).order_by("period").values_list("period", "kind")) == [
        (dt.date(2024, 12, 1), "regular"), (dt.date(2025, 2, 1), "regular")]
    assert run.backpay_count == 0


def test_a_county_run_pays_only_its_county(regions, dibao) -> None:
    wuxing = enroll(dibao, region_code="330502003001")
    enroll(dibao, region_code="330523001001")
    run = start(region="330502")
    assert list(PaymentLine.objects.filter(run=run).values_list("enrollment_id", flat=True)) == [wuxing.pk]
    city = start(region="3305")
    assert city.line_count == 1  # the Wuxing line exists already: not paid twice
