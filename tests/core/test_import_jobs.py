"""Import jobs nobody will finish are failed and their uploads deleted."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from minzheng.core.import_jobs import STUCK, STUCK_HOURS, UNCONFIRMED, UNCONFIRMED_DAYS, import_jobs_expire
from minzheng.core.models import AuditEntry, ImportJob
from minzheng.people import imports

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def job(personas, status: str, *, age: dt.timedelta, finished_age: dt.timedelta | None = None) -> ImportJob:  # type: ignore[no-untyped-def]
    made = ImportJob(kind=ImportJob.Kind.PEOPLE, created_by=personas.aishan_officer, region_code="330502003000",
                     filename="居民.csv", status=status)
    made.set_file("身份证号,姓名\n330502198005170011,张三\n".encode())
    made.save()
    finished = NOW - finished_age if finished_age is not None else None
    ImportJob.objects.filter(pk=made.pk).update(created_at=NOW - age, finished_at=finished)
    return made


def test_unconfirmed_and_stuck_jobs_fail_and_lose_their_files(personas):  # type: ignore[no-untyped-def]
    waiting = job(personas, ImportJob.Status.VALIDATED, age=dt.timedelta(days=9),
                  finished_age=dt.timedelta(days=UNCONFIRMED_DAYS, minutes=1))
    fresh = job(personas, ImportJob.Status.VALIDATED, age=dt.timedelta(days=2), finished_age=dt.timedelta(days=2))
    stuck = job(personas, ImportJob.Status.COMMITTING, age=dt.timedelta(hours=STUCK_HOURS + 1))
    running = job(personas, ImportJob.Status.VALIDATING, age=dt.timedelta(hours=1))
    done = job(personas, ImportJob.Status.DONE, age=dt.timedelta(days=30), finished_age=dt.timedelta(days=30))

    assert import_jobs_expire(now=NOW) == {"unconfirmed": 1, "stuck": 1}

    waiting.refresh_from_db()
    assert waiting.status == ImportJob.Status.FAILED and waiting.read_file() == b""
    assert waiting.error_message == UNCONFIRMED.format(days=UNCONFIRMED_DAYS)
    stuck.refresh_from_db()
    assert stuck.status == ImportJob.Status.FAILED and stuck.read_file() == b""
    assert stuck.error_message == STUCK.format(hours=STUCK_HOURS)
    for kept in (fresh, running, done):
        kept.refresh_from_db()
        assert kept.status != ImportJob.Status.FAILED and kept.read_file()
    assert AuditEntry.objects.filter(action="core.import_job.expired").count() == 2
    assert import_jobs_expire(now=NOW) == {"unconfirmed": 0, "stuck": 0}  # idempotent


def test_an_upload_expires_old_jobs(personas):  # type: ignore[no-untyped-def]
    old = job(personas, ImportJob.Status.VALIDATED, age=dt.timedelta(days=20), finished_age=dt.timedelta(days=20))
    imports.import_job_create(actor=personas.aishan_officer, data="身份证号,姓名\n".encode(), filename="b.csv")
    old.refresh_from_db()
    assert old.status == ImportJob.Status.FAILED and old.read_file() == b""


def test_the_command_reports_counts(personas):  # type: ignore[no-untyped-def]
    job(personas, ImportJob.Status.PENDING, age=dt.timedelta(hours=STUCK_HOURS * 2))
    out = io.StringIO()
    call_command("import_jobs_expire", stdout=out)
    assert out.getvalue().strip() == "已终止：校验后未确认 0 个，后台未完成 1 个。"
