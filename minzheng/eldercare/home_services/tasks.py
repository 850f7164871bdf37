"""Background tasks of home services: thin wrappers around the supervision.

``minzheng worker`` runs them; under pytest the immediate backend runs them inline. The monthly
run is queued (or run by ``minzheng home_services supervise``) on the 1st for the month before."""

from __future__ import annotations

from django_tasks import task

from minzheng.benefits.money import parse_month
from minzheng.core.models import User
from minzheng.eldercare.home_services import supervision


@task()
def home_service_supervision(
    period: str, region_prefix: str = "3305", actor_id: int | None = None
) -> dict[str, object]:
    """Run the supervision over ``period`` (``YYYY-MM``) and ``region_prefix``."""
    actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
    run = supervision.supervision_run(period=parse_month(period), region_prefix=region_prefix, actor=actor)
    return {"run": run.pk, "orders": run.orders, "findings": run.findings, "counts": run.counts}
