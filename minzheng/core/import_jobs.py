"""Housekeeping for import jobs of every kind: uploads hold clear ID numbers and phones, so no
upload is kept longer than its job needs it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from minzheng.core.audit import audit_record
from minzheng.core.models import ImportJob

# A checked file waits this long for its uploader to choose "只导入正确的行".
UNCONFIRMED_DAYS = 7
# A job that has not finished this long after it started has lost its worker: the biggest
# allowed import takes minutes.
STUCK_HOURS = 6

UNCONFIRMED = "校验完成后超过{days}天未确认导入，上传的文件已删除；如需导入请重新上传"
STUCK = "后台任务超过{hours}小时未完成，已终止，上传的文件已删除；请重新上传"
RUNNING = (ImportJob.Status.PENDING, ImportJob.Status.VALIDATING, ImportJob.Status.COMMITTING)


def import_jobs_expire(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Fail the jobs nobody will finish and drop their files: checked but never confirmed
    within ``UNCONFIRMED_DAYS``, or still running ``STUCK_HOURS`` after they began. Each is
    audited. Idempotent: a failed job has no file left to drop. Returns the counts."""
    now = now or timezone.now()
    unconfirmed = ImportJob.objects.filter(status=ImportJob.Status.VALIDATED,
                                           finished_at__lt=now - dt.timedelta(days=UNCONFIRMED_DAYS))
    stuck = ImportJob.objects.filter(status__in=RUNNING, created_at__lt=now - dt.timedelta(hours=STUCK_HOURS))
    return {
        "unconfirmed": _fail(unconfirmed, UNCONFIRMED.format(days=UNCONFIRMED_DAYS), now),
        "stuck": _fail(stuck, STUCK.format(hours=STUCK_HOURS), now),
    }


def _fail(jobs: QuerySet[ImportJob], message: str, now: dt.datetime) -> int:
    failed = 0
    for pk in list(jobs.values_list("pk", flat=True)):
        with transaction.atomic():
            # Claimed row by row: a worker may finish a job between the read and this update.
            job = ImportJob.objects.select_for_update().filter(pk=pk, status__in=[*RUNNING,
                                                                                   ImportJob.Status.VALIDATED]).first()
            if job is None:
                continue
            before = {"status": job.status}
            job.status, job.error_message, job.file_cipher, job.finished_at = (
                ImportJob.Status.FAILED, message, b"", now)
            job.save(update_fields=["status", "error_message", "file_cipher", "finished_at"])
            audit_record(actor=None, action="core.import_job.expired", obj=job, region_code=job.region_code,
                         object_repr=job.filename, before=before, after={"status": job.status, "reason": message})
            failed += 1
    return failed
