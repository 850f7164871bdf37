"""Background tasks of payment runs: thin wrappers around the services.

``minzheng worker`` runs them; under pytest the immediate backend runs them inline."""

from __future__ import annotations

from django_tasks import task

from minzheng.benefits.payments import services


@task()
def compute_payment_run(run_id: int) -> bool:
    """Compute (or resume) a payment run started from the page."""
    return services.payment_run_compute(run_id=run_id)
