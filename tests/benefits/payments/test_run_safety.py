"""A run cannot pay twice: two starts at once make one run, and a worker killed between batches
resumes where it stopped, with no line lost and none doubled. Both run on SQLite and PostgreSQL
(on SQLite, whose writers take turns, the two starts run one after the other)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.db.models import Count

from minzheng.benefits.models import PaymentLine, PaymentRun
from minzheng.benefits.payments import services
from minzheng.core.models import AuditEntry
from tests.benefits.payments.conftest import enroll


class Killed(Exception):
    """The worker dies here."""


def _no_doubles() -> bool:
    return not PaymentLine.objects.values("enrollment_id", "period").annotate(n=Count("id")).filter(n__gt=1).exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_starts_produce_one_run_and_one_line_per_enrollment(regions, dibao) -> None:
    enrollments = [enroll(dibao) for _ in range(30)]
    barrier = threading.Barrier(2) if connection.vendor == "postgresql" else None
    runs: list[int] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            if barrier is not None:
                barrier.wait(timeout=10)
            run = services.payment_run_start(actor=None, program_code="dibao", period="2025-01", region_prefix="3305",
                                             batch_size=4)
            runs.append(run.pk)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    if barrier is not None:
        threads = [threading.Thread(target=start) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    else:
        start()
        start()
    assert not errors, errors
    assert len(runs) == 2 and len(set(runs)) == 1
    assert PaymentRun.objects.count() == 1
    assert AuditEntry.objects.filter(action="benefits.payment_run.created").count() == 1
    assert PaymentLine.objects.count() == len(enrollments) and _no_doubles()
    run = PaymentRun.objects.get()
    if run.status == PaymentRun.Status.COMPUTING:
        # The second start found the first computing and left it alone; it finishes on its own.
        run = services.payment_run_start(actor=None, program_code="dibao", period="2025-01", region_prefix="3305")
    assert run.status == PaymentRun.Status.COMPUTED and run.line_count == len(enrollments)


@pytest.mark.django_db(transaction=True)
def test_a_run_killed_between_batches_resumes_with_no_line_lost_or_doubled(regions, dibao) -> None:
    enrollments = [enroll(dibao, amount=f"{100 + n}.00") for n in range(23)]

    def die_after_two(done: int, total: int) -> None:
        if done == 2:
            raise Killed

    with pytest.raises(Killed):
        services.payment_run_start(actor=None, program_code="dibao", period="2025-01", region_prefix="3305",
                                   batch_size=5, on_batch=die_after_two)
    run = PaymentRun.objects.get()
    assert run.status == PaymentRun.Status.COMPUTING
    assert (run.batches_done, run.batches_total) == (2, 5)
    assert PaymentLine.objects.count() == 10 and run.cursor == enrollments[9].pk
    assert run.worker == ""  # released: a restart need not wait for the claim to go stale

    seen: list[tuple[int, int]] = []
    run = services.payment_run_start(actor=None, program_code="dibao", period="2025-01", region_prefix="3305",
                                     batch_size=5, on_batch=lambda done, total: seen.append((done, total)))
    assert seen == [(3, 5), (4, 5), (5, 5)]  # only the batches not done before
    assert run.status == PaymentRun.Status.COMPUTED
    assert PaymentLine.objects.count() == run.line_count == 23 and _no_doubles()
    assert set(PaymentLine.objects.values_list("enrollment_id", flat=True)) == {e.pk for e in enrollments}
    assert run.total_amount == sum(e.monthly_amount for e in enrollments)


@pytest.mark.django_db(transaction=True)
def test_a_run_held_by_a_live_worker_is_left_alone_and_taken_over_once_stale(regions, dibao) -> None:
    from datetime import timedelta

    from django.utils import timezone

    enroll(dibao)
    run = PaymentRun.objects.create(program=dibao, period="2025-01-01", region_prefix="3305",
                                    region_code="330500000000", worker="other", heartbeat=timezone.now())
    again = services.payment_run_start(actor=None, program_code="dibao", period="2025-01", region_prefix="3305")
    assert again.pk == run.pk and again.status == PaymentRun.Status.COMPUTING and PaymentLine.objects.count() == 0
    PaymentRun.objects.filter(pk=run.pk).update(heartbeat=timezone.now() - timedelta(minutes=5))
    again = services.payment_run_start(actor=None, program_code="dibao", period="2025-01", region_prefix="3305")
    assert again.status == PaymentRun.Status.COMPUTED and PaymentLine.objects.count() == 1
