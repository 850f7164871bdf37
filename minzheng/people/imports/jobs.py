"""Import jobs: the services the pages and tasks call, and the reads that pages use."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record
from minzheng.core.dispatch import task_enqueue
from minzheng.core.import_jobs import import_jobs_expire
from minzheng.core.models import ImportJob, User
from minzheng.core.scope import scope_for
from minzheng.core.tabular import Table, TabularError, check_upload, xlsx_bytes
from minzheng.people.imports.checks import Validation, read_people_table, validate_table
from minzheng.people.imports.columns import (
    COLUMNS,
    COMMIT_FAILED,
    JOB_LOST,
    NO_REGION,
    NOT_COMMITTABLE,
    NOTHING_TO_COMMIT,
    ONLY_CREATOR_COMMITS,
    UNEXPECTED_COMMIT,
    UNEXPECTED_VALIDATION,
    max_bytes,
)
from minzheng.people.imports.writes import BatchFailed, CommitCounts, commit_rows
from minzheng.people.services import people_id_numbers_looked_up

logger = logging.getLogger(__name__)


def import_job_create(*, actor: User, data: bytes, filename: str) -> ImportJob:
    """Take an upload, check what can be checked at once (size, type, emptiness), keep it
    encrypted in a new job and queue its validation. Raises ``ValidationError`` on ``file``."""
    if not actor.has_perm("people.import_people"):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)
    if not actor.region_id:
        raise ValidationError({"file": [NO_REGION]})
    try:
        check_upload(data, filename=filename, max_bytes=max_bytes())
    except TabularError as exc:
        raise ValidationError({"file": [exc.message]}) from exc
    import_jobs_expire()  # uploads are when old ones are looked at; no scheduler needed
    with transaction.atomic():
        job = ImportJob(kind=ImportJob.Kind.PEOPLE, created_by=actor, region_code=actor.region_id,
                        filename=filename[-255:])
        job.set_file(data)
        job.save()
        audit_record(actor=actor, action="people.import.uploaded", obj=job, region_code=job.region_code,
                     after={"filename": job.filename, "file_size": job.file_size}, object_repr=job.filename)
        # The database task backend writes the task in this same transaction, so a worker never
        # sees the task without the job (see core.dispatch).
        task_enqueue("minzheng.people.tasks.validate_people_import", str(job.pk))
    return job


def import_job_commit_start(*, actor: User, job: ImportJob) -> ImportJob:
    """Ask for the good rows of a validated job to be written. Claims the job atomically, so a
    double click or two users cannot start it twice."""
    if job.created_by_id != actor.pk:
        raise PermissionDenied(ONLY_CREATOR_COMMITS)
    if not actor.has_perm("people.import_people"):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)
    if job.status == ImportJob.Status.VALIDATED and job.good_rows == 0:
        raise ValidationError(NOTHING_TO_COMMIT)
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALIDATED, good_rows__gt=0).update(
            status=ImportJob.Status.COMMITTING, processed_rows=0, committed_at=timezone.now(), finished_at=None)
        if claimed != 1:
            raise ValidationError(NOT_COMMITTABLE)
        task_enqueue("minzheng.people.tasks.commit_people_import", str(job.pk))
    job.refresh_from_db()
    return job


def _load(job_id: Any) -> tuple[ImportJob, Table]:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    data = job.read_file()
    if not data:
        raise TabularError(JOB_LOST)
    return job, read_people_table(data)


def _progress(job_id: Any) -> Callable[[int], None]:
    def report(n: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=n)

    return report


def _finish(job_id: Any, **values: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(finished_at=timezone.now(), **values)


def _fail(job_id: Any, message: str, *, drop_file: bool = True) -> None:
    values: dict[str, Any] = {"status": ImportJob.Status.FAILED, "error_message": message}
    if drop_file:
        values["file_cipher"] = b""
    _finish(job_id, **values)


def _summary(validation: Validation, **extra: Any) -> dict[str, Any]:
    table = validation.table
    return {"format": table.format, "encoding": table.encoding, "header_row": table.header_row,
            "ignored_columns": table.ignored[:20], "planned": validation.planned, **extra}


def import_job_run_validation(*, job_id: Any) -> str:
    """The validate stage (run by the task). Claims a pending job, validates, stores the
    report. Writes nothing outside the job."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.VALIDATING, started_at=timezone.now())
    if claimed != 1:
        return "skipped"
    try:
        job, table = _load(job_id)
        ImportJob.objects.filter(pk=job_id).update(total_rows=len(table.rows))
        validation = validate_table(table, scope=scope_for(job.created_by), progress=_progress(job_id))
    except TabularError as exc:
        _fail(job_id, exc.message)
        return ImportJob.Status.FAILED
    except Exception:
        logger.exception("import job %s: validation failed", job_id)
        _fail(job_id, UNEXPECTED_VALIDATION)
        raise
    if validation.elsewhere:
        people_id_numbers_looked_up(actor=job.created_by, person_ids=validation.elsewhere, channel="import")
    bad = validation.bad_count
    good = len(validation.rows) - bad
    _finish(job_id, status=ImportJob.Status.VALIDATED, total_rows=len(validation.rows),
            processed_rows=len(validation.rows), good_rows=good, bad_rows=bad, errors=validation.errors,
            summary=_summary(validation),
            # Nothing to commit: the clear-text upload has no further use.
            **({"file_cipher": b""} if good == 0 else {}))
    return ImportJob.Status.VALIDATED


def import_job_run_commit(*, job_id: Any) -> str:
    """The commit stage (run by the task) for a job claimed by ``import_job_commit_start``:
    validate again against today's registry, then write the good rows batch by batch."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportJob.Status.COMMITTING:
        return "skipped"
    actor = job.created_by
    counts = CommitCounts()
    try:
        job, table = _load(job_id)
        validation = validate_table(table, scope=scope_for(actor))
        bad = validation.bad_count
        ImportJob.objects.filter(pk=job_id).update(
            good_rows=len(validation.rows) - bad, bad_rows=bad, errors=validation.errors, processed_rows=0)
        commit_rows(validation.rows, actor=actor, job_id=job_id, counts=counts)
    except TabularError as exc:
        _fail(job_id, exc.message)
        return ImportJob.Status.FAILED
    except BatchFailed as exc:
        logger.exception("import job %s: batch %s failed", job_id, exc.number)
        reason = str(exc.cause)[:200]
        with transaction.atomic():
            _fail(job_id, COMMIT_FAILED.format(batch=exc.number, reason=reason))
            ImportJob.objects.filter(pk=job_id).update(**_count_fields(exc.counts))
            audit_record(actor=actor, action="people.import.failed", obj=job, region_code=job.region_code,
                         after={"filename": job.filename, **exc.counts.as_dict(), "failed_batch": exc.number},
                         object_repr=job.filename)
        return ImportJob.Status.FAILED
    except Exception:
        logger.exception("import job %s: commit failed", job_id)
        _fail(job_id, UNEXPECTED_COMMIT)
        raise
    with transaction.atomic():
        _finish(job_id, status=ImportJob.Status.DONE, file_cipher=b"", **_count_fields(counts),
                summary=_summary(validation, **counts.as_dict()))
        audit_record(actor=actor, action="people.import.committed", obj=job, region_code=job.region_code,
                     after={"filename": job.filename, "good_rows": len(validation.rows) - bad, "bad_rows": bad,
                            **counts.as_dict()},
                     object_repr=job.filename)
    return ImportJob.Status.DONE


def _count_fields(counts: CommitCounts) -> dict[str, int]:
    return {"created_count": counts.created, "updated_count": counts.updated, "unchanged_count": counts.unchanged}


# Reads ----------------------------------------------------------------------------------------


def _visible(user: User) -> QuerySet[ImportJob]:
    if not getattr(user, "is_authenticated", False):
        return ImportJob.objects.none()
    visible = Q(created_by=user) | scope_for(user).as_q()
    return ImportJob.objects.filter(visible, kind=ImportJob.Kind.PEOPLE).select_related("created_by")


def import_job_list(*, user: User) -> QuerySet[ImportJob]:
    """People import jobs the user may see: their own, and those uploaded by staff whose region
    lies inside the user's scope. The large columns are left behind."""
    return _visible(user).defer("file_cipher", "errors").order_by("-created_at")


def import_job_get(*, user: User, pk: Any, with_errors: bool = False) -> ImportJob:
    """One visible job, or 404 whether it is missing or merely someone else's."""
    qs = _visible(user).defer("file_cipher") if with_errors else _visible(user).defer("file_cipher", "errors")
    try:
        return qs.get(pk=pk)
    except (ImportJob.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404(core_messages.NOT_FOUND) from exc


REPORT_HEADERS = ("行号", "列", "值", "原因")


def report_xlsx(job: ImportJob) -> bytes:
    """The bad rows of a job as a workbook: 行号, 列, 值 (masked), 原因."""
    return xlsx_bytes(headers=REPORT_HEADERS, rows=job.errors or [], sheet_title="错误明细", widths=(8, 16, 24, 60))


def template_xlsx() -> bytes:
    """The import template: the columns, formatted as text so Excel keeps every digit of an
    ID number, and a sheet that explains them."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "人员"
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = 22
        sheet.column_dimensions[letter].number_format = "@"
        for row in range(2, 1002):
            sheet.cell(row=row, column=index).number_format = "@"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列", "是否必填", "说明"])
    explanations = {
        "id_number": "18位居民身份证号码；请保持“文本”格式，以免 Excel 把它变成科学计数法",
        "name": "姓名",
        "phone": "11位手机号码，可不填",
        "region_code": "居住地村（社区）的12位统计用区划代码，须在您的管辖范围内",
        "address": "住址，可不填",
        "head_id_number": "户主的身份证号；户主本人填自己的身份证号（或留空并在“与户主关系”填“本人”）；不属于任何家庭户则留空",
        "relationship": "本人、配偶、子女、父母、孙子女、兄弟姐妹、其他",
    }
    for column in COLUMNS:
        notes.append([column.header, "必填" if column.required else "选填", explanations[column.key]])
    notes.append([])
    notes.append(["", "", "同一文件重复导入不会重复登记：已登记的人按身份证号匹配，资料相同的记为“无变化”。"])
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

