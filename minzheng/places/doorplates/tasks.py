"""Background tasks of the doorplates area: thin wrappers around services.

``minzheng worker`` runs them; under pytest the immediate backend runs them inline. Arguments
are plain strings, because the database backend stores them as JSON.
"""

from __future__ import annotations

from django_tasks import task

from minzheng.places.doorplates import services as services_doorplates


@task()
def run_doorplate_batch(batch_id: str) -> str:
    """Install plates on every active address of the batch's village that has none."""
    return services_doorplates.doorplate_batch_run(batch_id=batch_id)
