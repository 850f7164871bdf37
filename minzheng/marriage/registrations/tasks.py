"""Background tasks of the registry of marriages: thin wrappers over services, for a scheduler
(cron running ``minzheng marriage_divorces_lapse`` daily does the same)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from minzheng.marriage.registrations.services import divorces_lapse


@task()
def divorces_lapse_daily(as_of: str = "") -> dict[str, object]:
    """Mark the divorces whose window to appear has ended as deemed withdrawn; idempotent."""
    day = dt.date.fromisoformat(as_of) if as_of else None
    return {"lapsed": divorces_lapse(as_of=day)}
