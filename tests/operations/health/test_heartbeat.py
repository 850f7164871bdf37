"""The worker's heartbeat: the row a worker keeps fresh while it runs and marks stopped at a clean exit."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from minzheng.operations.health.heartbeat import Heartbeat
from minzheng.operations.health.models import WorkerHeartbeat
from minzheng.operations.health.services import KEEP_STOPPED, heartbeat_beat, heartbeat_start, heartbeat_stop


@pytest.mark.django_db
def test_a_worker_id_started_again_takes_its_row_over_and_old_rows_are_pruned() -> None:
    now = timezone.now()
    old = heartbeat_start(worker_id="old", hostname="h", pid=1, now=now - KEEP_STOPPED - timedelta(hours=1))
    heartbeat_stop(heartbeat=old, now=now - KEEP_STOPPED - timedelta(hours=1))
    first = heartbeat_start(worker_id="w", hostname="h", pid=2, now=now - timedelta(minutes=5))
    heartbeat_stop(heartbeat=first, now=now - timedelta(minutes=4))

    again = heartbeat_start(worker_id="w", hostname="h", pid=3, now=now)

    assert list(WorkerHeartbeat.objects.values_list("worker_id", "pid", "stopped_at")) == [("w", 3, None)]
    assert again.pk == first.pk and again.started_at == now


@pytest.mark.django_db
def test_a_beat_moves_the_last_beat_and_fails_once_the_row_is_stopped() -> None:
    heartbeat = heartbeat_start(worker_id="w", hostname="h", pid=1, now=timezone.now() - timedelta(minutes=1))
    assert heartbeat_beat(heartbeat=heartbeat)
    assert WorkerHeartbeat.objects.get().last_beat > timezone.now() - timedelta(seconds=5)
    heartbeat_stop(heartbeat=heartbeat)
    assert not heartbeat_beat(heartbeat=heartbeat)


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_beats_while_the_worker_runs_and_marks_it_stopped_on_exit() -> None:
    with Heartbeat(worker_id="beating", interval=0.2):
        first = WorkerHeartbeat.objects.get(worker_id="beating").last_beat
        deadline = time.monotonic() + 10
        while WorkerHeartbeat.objects.get(worker_id="beating").last_beat == first and time.monotonic() < deadline:
            time.sleep(0.05)
        row = WorkerHeartbeat.objects.get(worker_id="beating")
        assert row.last_beat > first and row.stopped_at is None
    assert WorkerHeartbeat.objects.get(worker_id="beating").stopped_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_beats_and_a_batch_run_leaves_its_row_stopped(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "batch-1", verbosity=0)
    row = WorkerHeartbeat.objects.get()
    assert row.worker_id == "batch-1" and row.stopped_at is not None and row.started_at <= row.last_beat
