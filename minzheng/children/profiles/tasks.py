"""Background tasks of child profiles: thin wrappers around the services.

``minzheng worker`` runs them; a daily cron line runs ``minzheng children end_at_18`` instead (or
queues this task)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from minzheng.children.profiles.services import profiles_end_at_18


@task()
def end_at_18(on: str = "") -> dict[str, object]:
    """End the profiles of the children who are 18 on ``on`` (YYYY-MM-DD; today when empty)."""
    day = dt.date.fromisoformat(on) if on else timezone.localdate()
    done = profiles_end_at_18(as_of=day)
    return {
        "as_of": day.isoformat(),
        "profiles": done.profiles,
        "allowances_stopped": done.allowances_stopped,
    }
