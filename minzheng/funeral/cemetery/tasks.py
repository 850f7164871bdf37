"""The cemetery's scheduled job, a thin wrapper around the service: run it daily (``minzheng
worker`` runs queued tasks). Idempotent: a second run the same day records nothing."""

from __future__ import annotations

from django_tasks import task

from minzheng.funeral.cemetery import services


@task()
def renewal_reminders_record() -> int:
    """Record a renewal reminder for each use period ending within the notice days."""
    return services.renewal_reminders_record()
