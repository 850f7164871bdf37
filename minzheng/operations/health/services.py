"""Writes of the worker heartbeat.

A heartbeat is the state of a process, not a record about a person or a place: it is written
every half minute by every worker, so it leaves no audit entry (the audit log would grow by
thousands of rows a day that say nothing about anyone's data) and it needs no actor.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from minzheng.operations.health.models import WorkerHeartbeat

# Stopped or silent rows are kept this long, so that /healthz can say when the last worker went
# away, then pruned by the next worker that starts.
KEEP_STOPPED = timedelta(days=7)


def heartbeat_start(*, worker_id: str, hostname: str, pid: int, now: datetime | None = None) -> WorkerHeartbeat:
    """Record that a worker has started, and prune the rows of workers long gone. A worker id used
    again (``--worker-id`` given by a systemd unit) takes its old row over."""
    now = now or timezone.now()
    WorkerHeartbeat.objects.filter(
        Q(stopped_at__lt=now - KEEP_STOPPED) | Q(stopped_at__isnull=True, last_beat__lt=now - KEEP_STOPPED)
    ).delete()
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": hostname[:255], "pid": pid, "started_at": now, "last_beat": now, "stopped_at": None},
    )
    return heartbeat


def heartbeat_beat(*, heartbeat: WorkerHeartbeat, now: datetime | None = None) -> bool:
    """Move the worker's last beat to now. False when its row is gone or marked stopped (somebody
    pruned or stopped it): the caller writes a new one."""
    now = now or timezone.now()
    changed = WorkerHeartbeat.objects.filter(pk=heartbeat.pk, stopped_at__isnull=True).update(last_beat=now)
    heartbeat.last_beat = now
    return changed == 1


def heartbeat_stop(*, heartbeat: WorkerHeartbeat, now: datetime | None = None) -> None:
    """Mark the worker stopped (a clean exit): /healthz then says that no worker runs, at once,
    instead of waiting for the beat to go stale."""
    now = now or timezone.now()
    WorkerHeartbeat.objects.filter(pk=heartbeat.pk).update(stopped_at=now, last_beat=now)
    heartbeat.stopped_at = now
