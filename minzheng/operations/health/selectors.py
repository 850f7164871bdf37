"""Reads of the worker heartbeat. Workers belong to no place, so there is no scope to apply: what is
read here is only whether some worker is alive, never anything about a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from minzheng.operations.health.models import WorkerHeartbeat


@dataclass(frozen=True)
class WorkerState:
    """What /healthz needs to know about the workers: how many beat recently, and the last beat seen."""

    alive: int
    last_beat: datetime | None
    last_stopped_at: datetime | None


def worker_state(*, stale_after: timedelta, now: datetime | None = None) -> WorkerState:
    """The workers that beat within ``stale_after`` and have not stopped count as alive; the newest
    row tells when the last one was heard of, alive or not."""
    now = now or timezone.now()
    alive = WorkerHeartbeat.objects.filter(stopped_at__isnull=True, last_beat__gte=now - stale_after).count()
    newest = WorkerHeartbeat.objects.order_by("-last_beat").values("last_beat", "stopped_at").first()
    return WorkerState(
        alive=alive,
        last_beat=newest["last_beat"] if newest else None,
        last_stopped_at=newest["stopped_at"] if newest else None,
    )
