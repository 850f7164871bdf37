"""Background tasks for standard addresses: thin wrappers around the services.

``minzheng worker`` runs them; under pytest the immediate backend runs them inline. Arguments
are plain strings and numbers, because the database backend stores them as JSON.
"""

from __future__ import annotations

from django_tasks import task

from minzheng.core.models import User
from minzheng.places.addresses import imports, quality


@task()
def import_addresses(job_id: str) -> str:
    """Validate an uploaded address file and write its good rows (see ``imports``)."""
    return imports.address_import_run(job_id=job_id)


@task()
def commit_address_import(job_id: str) -> str:
    """Write the good rows of a job that stopped at 校验完成."""
    return imports.address_import_run_commit(job_id=job_id)


@task()
def check_address_quality(county_code: str = "", actor_id: int | None = None) -> dict[str, str]:
    """Run the data-quality check for one county, or for every county when none is given."""
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    counties = [county_code] if county_code else None
    return {run.region_code: str(run.score) for run in quality.quality_check_all(actor=actor, counties=counties)}
