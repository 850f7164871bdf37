"""``minzheng worker`` runs queued imports when the database task backend is in use."""

import pytest
from django.core.management import call_command

from minzheng.core.models import ImportJob
from minzheng.people import imports
from minzheng.people.models import Person
from tests.people.io.helpers import household, xlsx_bytes
from tests.personas import build_personas

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)
def test_worker_validates_then_commits_a_queued_import(settings):
    settings.TASKS = DB_TASKS
    actor = build_personas().aishan_officer
    job = imports.import_job_create(actor=actor, data=xlsx_bytes(household(1, (2, "配偶"))), filename="a.xlsx")
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.PENDING  # queued, not run

    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALIDATED and job.good_rows == 2

    imports.import_job_commit_start(actor=actor, job=job)
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.COMMITTING
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 2
    assert Person.objects.count() == 2
