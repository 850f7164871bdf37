"""Background tasks of the people app: thin wrappers around services (see ``imports``).

``minzheng worker`` runs them; under pytest the immediate backend runs them inline. Arguments
are plain strings, because the database backend stores them as JSON.
"""

from __future__ import annotations

from django_tasks import task

from minzheng.people import imports


@task()
def validate_people_import(job_id: str) -> str:
    """Check every row of an uploaded file; writes nothing but the job and its report."""
    return imports.import_job_run_validation(job_id=job_id)


@task()
def commit_people_import(job_id: str) -> str:
    """Write the good rows of a validated job, batch by batch."""
    return imports.import_job_run_commit(job_id=job_id)
